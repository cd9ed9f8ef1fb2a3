/**
 * Who signed a request and for which Region/service, read from SigV4 without verifying the
 * signature (the emulator trusts the access key id; it is a test double, not a security boundary).
 */
import type { IncomingHttpHeaders } from 'node:http';

export interface SigV4Scope {
  accessKeyId: string;
  region: string;
  service: string;
  sessionToken: string | undefined;
}

const CREDENTIAL = /Credential=([^/,\s]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request/;

/** From `Authorization: AWS4-HMAC-SHA256 Credential=AKID/date/REGION/SERVICE/aws4_request, …` or a presigned URL. */
export function readScope(headers: IncomingHttpHeaders, query: URLSearchParams): SigV4Scope | undefined {
  const auth = headers.authorization;
  const token = header(headers, 'x-amz-security-token') ?? query.get('X-Amz-Security-Token') ?? undefined;
  const fromHeader = typeof auth === 'string' ? CREDENTIAL.exec(auth) : null;
  if (fromHeader) return scope(fromHeader, token);
  const presigned = query.get('X-Amz-Credential');
  if (presigned) {
    const m = CREDENTIAL.exec(`Credential=${presigned}`);
    if (m) return scope(m, token);
  }
  return undefined;
}

function scope(m: RegExpExecArray, sessionToken: string | undefined): SigV4Scope {
  return { accessKeyId: m[1] ?? '', region: m[3] ?? '', service: m[4] ?? '', sessionToken };
}

export function header(headers: IncomingHttpHeaders, name: string): string | undefined {
  const v = headers[name];
  return Array.isArray(v) ? v[0] : v;
}
