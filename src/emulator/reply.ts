/**
 * What a handler answers, and the error envelope of each AWS protocol (AWS-WIRE-NOTES §1.2, §2.2,
 * §4.1, §5.3, §7): S3 `<Error>` root, JSON `__type`, STS `<ErrorResponse><Error><Type>`, EC2
 * `<Response><Errors><Error>`. Which words a service uses for which condition is in its table
 * (protocols.ts, services/*).
 */
import type { IncomingHttpHeaders } from 'node:http';

export type Reply =
  | { status: number; headers?: Record<string, string>; body?: string }
  /** reset: destroy the socket; hang: never answer (client timeouts). */
  | { drop: 'reset' | 'hang' };

export type Service =
  | 's3'
  | 'cloudtrail'
  | 'organizations'
  | 'sts'
  | 'ec2'
  | 'account'
  | 'config'
  | 'securityhub';

export interface EmuRequest {
  method: string;
  /** Decoded URL path without the query. */
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  body: Buffer;
  /** Host header without the port. */
  host: string;
  requestId: string;
  hostId: string;
  service: Service;
  /** Region of the SigV4 credential scope (the Region the client signed for). */
  region: string;
}

const XML_DECL = '<?xml version="1.0" encoding="UTF-8"?>\n';
export const S3_NS = 'http://s3.amazonaws.com/doc/2006-03-01/';

export function xmlEscape(s: string): string {
  return s.replace(/[<>&"']/g, (c) =>
    c === '<' ? '&lt;' : c === '>' ? '&gt;' : c === '&' ? '&amp;' : c === '"' ? '&quot;' : '&apos;',
  );
}

/** `<Name>value</Name>` with the value escaped. */
export function el(name: string, value: string | number | boolean): string {
  return `<${name}>${xmlEscape(String(value))}</${name}>`;
}

export function xmlOk(body: string, status = 200, headers: Record<string, string> = {}): Reply {
  return { status, headers: { 'content-type': 'application/xml', ...headers }, body: XML_DECL + body };
}

export function jsonOk(value: unknown): Reply {
  return {
    status: 200,
    headers: { 'content-type': 'application/x-amz-json-1.1' },
    body: JSON.stringify(value),
  };
}

export function s3Error(
  req: EmuRequest,
  status: number,
  code: string,
  message: string,
  extra: Record<string, string> = {},
  headers: Record<string, string> = {},
): Reply {
  // HEAD responses never carry a body; the SDK names them by status only (NotFound / Unknown).
  if (req.method === 'HEAD') return { status, headers };
  const extras = Object.entries(extra)
    .map(([k, v]) => el(k, v))
    .join('');
  const body = `<Error>${el('Code', code)}${el('Message', message)}${extras}${el('RequestId', req.requestId)}${el('HostId', req.hostId)}</Error>`;
  return { status, headers: { 'content-type': 'application/xml', ...headers }, body: XML_DECL + body };
}

export function jsonError(status: number, type: string, message: string): Reply {
  return {
    status,
    headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-errortype': type },
    body: JSON.stringify({ __type: type, message }),
  };
}

/**
 * restJson1 error (Account API): the SDK takes the name from the `x-amzn-ErrorType` header first,
 * then the body's `code` / `__type` (AWS-WIRE-NOTES §7); the body is plain `application/json`.
 */
export function restJsonError(
  status: number,
  type: string,
  message: string,
  extra: Record<string, unknown> = {},
): Reply {
  return {
    status,
    headers: { 'content-type': 'application/json', 'x-amzn-errortype': type },
    body: JSON.stringify({ message, ...extra }),
  };
}

export function restJsonOk(value: unknown): Reply {
  return { status: 200, headers: { 'content-type': 'application/json' }, body: JSON.stringify(value) };
}

export function queryError(
  req: EmuRequest,
  status: number,
  code: string,
  message: string,
  type: 'Sender' | 'Receiver' = status >= 500 ? 'Receiver' : 'Sender',
): Reply {
  const body = `<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><Error>${el('Type', type)}${el('Code', code)}${el('Message', message)}</Error>${el('RequestId', req.requestId)}</ErrorResponse>`;
  return { status, headers: { 'content-type': 'text/xml' }, body: XML_DECL + body };
}

export function ec2Error(req: EmuRequest, status: number, code: string, message: string): Reply {
  const body = `<Response><Errors><Error>${el('Code', code)}${el('Message', message)}</Error></Errors>${el('RequestID', req.requestId)}</Response>`;
  return { status, headers: { 'content-type': 'text/xml' }, body: XML_DECL + body };
}
