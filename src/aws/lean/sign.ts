/**
 * SigV4 for the lean client through aws4 (chosen by measurement, docs/notes/live.md): synchronous,
 * the credentials passed per request, and derived signing keys cached per secret/day/Region/service.
 * Checked against the SDK's own signer (@smithy/signature-v4) in test/aws/lean-sign.test.ts.
 */
import type { AwsCredentialIdentity } from '@smithy/types';
import aws4 from 'aws4';

export interface SignInput {
  service: string;
  region: string;
  /** Host header value (hostname[:port]). */
  host: string;
  method: string;
  /** Path and query, encoded. */
  path: string;
  headers: Record<string, string>;
  body?: string;
  /** Signing time (tests); default now. */
  date?: Date;
}

/** The request headers with `Authorization`, `X-Amz-Date` (and the session token) added. */
export function signHeaders(identity: AwsCredentialIdentity, input: SignInput): Record<string, string> {
  const headers = { ...input.headers };
  if (input.date) headers['X-Amz-Date'] = input.date.toISOString().replace(/[:-]|\.\d{3}/g, '');
  const request = {
    host: input.host,
    path: input.path,
    method: input.method,
    service: input.service,
    region: input.region,
    headers,
    ...(input.body !== undefined ? { body: input.body } : {}),
  };
  aws4.sign(request, {
    accessKeyId: identity.accessKeyId,
    secretAccessKey: identity.secretAccessKey,
    ...(identity.sessionToken ? { sessionToken: identity.sessionToken } : {}),
  });
  return request.headers as Record<string, string>;
}
