/**
 * Failed lean calls become errors shaped like the SDK's (AWS-WIRE-NOTES 1.2): the same `name`
 * (from the body or header, sanitised), `message`, `$metadata.httpStatusCode` and `$response`
 * (status + headers, where a HeadBucket's `x-amz-bucket-region` is read). So the collector's error
 * mapping (aws/errors.ts) and the SDK's retry classification treat both paths alike.
 */
import type { IncomingHttpHeaders } from 'node:http';
import { parseXml } from './xml.js';

export class LeanServiceError extends Error {
  readonly $fault: 'client' | 'server';
  readonly $metadata: {
    httpStatusCode: number;
    requestId?: string;
    attempts?: number;
    totalRetryDelay?: number;
  };
  readonly $response: { statusCode: number; headers: Record<string, string | undefined> };

  constructor(name: string, message: string, status: number, headers: IncomingHttpHeaders) {
    super(message);
    this.name = name;
    this.$fault = status >= 500 ? 'server' : 'client';
    const requestId = first(headers['x-amzn-requestid'] ?? headers['x-amz-request-id']);
    this.$metadata = { httpStatusCode: status, ...(requestId ? { requestId } : {}) };
    this.$response = { statusCode: status, headers: flatHeaders(headers) };
  }
}

function first(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

function flatHeaders(headers: IncomingHttpHeaders): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  for (const [key, value] of Object.entries(headers))
    out[key] = Array.isArray(value) ? value.join(', ') : value;
  return out;
}

/** The SDK's `sanitizeErrorCode`: text before the first `,` or `:`, then after `#`. */
export function sanitizeErrorCode(raw: string): string {
  let code = raw;
  const cut = code.search(/[,:]/);
  if (cut >= 0) code = code.slice(0, cut);
  const hash = code.lastIndexOf('#');
  return hash >= 0 ? code.slice(hash + 1) : code;
}

/** A body the protocol cannot parse: the SDK surfaces the parser's error with the HTTP status set. */
function unparsable(error: unknown, status: number, headers: IncomingHttpHeaders): Error {
  const cause = error instanceof Error ? error : new Error(String(error));
  return Object.assign(cause, {
    $metadata: { httpStatusCode: status },
    $response: { statusCode: status, headers: flatHeaders(headers) },
  });
}

/** restXml (S3): `<Error><Code>` (or `<ErrorResponse><Error>`); no code: 404 → NotFound, else Unknown. */
export function s3Error(status: number, headers: IncomingHttpHeaders, body: Buffer): Error {
  let code: string | undefined;
  let message: string | undefined;
  if (body.length > 0) {
    let parsed: Record<string, unknown>;
    try {
      parsed = parseXml(body.toString('utf8'));
    } catch (error) {
      return unparsable(error, status, headers);
    }
    const envelope = (parsed.Error ?? (parsed.ErrorResponse as Record<string, unknown> | undefined)?.Error) as
      | Record<string, unknown>
      | undefined;
    if (envelope && typeof envelope.Code === 'string') code = envelope.Code;
    if (envelope && typeof envelope.Message === 'string') message = envelope.Message;
  }
  if (code === undefined)
    return new LeanServiceError(
      status === 404 ? 'NotFound' : 'Unknown',
      message ?? 'UnknownError',
      status,
      headers,
    );
  return new LeanServiceError(sanitizeErrorCode(code), message ?? 'UnknownError', status, headers);
}

/** Where a JSON protocol's error name is looked for, in order (the SDK's `loadErrorCode`). */
type ErrorCodeSource = 'type' | 'code' | 'header';
/** awsJson1_1 (CloudTrail): body `__type`, then body `code`, then header `x-amzn-errortype`. */
const JSON_RPC_ORDER: readonly ErrorCodeSource[] = ['type', 'code', 'header'];
/** restJson1 (Account): header `x-amzn-errortype`, then body `code`, then body `__type`. */
const REST_JSON_ORDER: readonly ErrorCodeSource[] = ['header', 'code', 'type'];

/** awsJson1_1: body `__type`, then body `code`, then header `x-amzn-errortype`; else Unknown. */
export function jsonError(status: number, headers: IncomingHttpHeaders, body: Buffer): Error {
  return jsonProtocolError(status, headers, body, JSON_RPC_ORDER);
}

/** restJson1: header `x-amzn-errortype`, then body `code`, then body `__type`; else Unknown. */
export function restJsonError(status: number, headers: IncomingHttpHeaders, body: Buffer): Error {
  return jsonProtocolError(status, headers, body, REST_JSON_ORDER);
}

function jsonProtocolError(
  status: number,
  headers: IncomingHttpHeaders,
  body: Buffer,
  order: readonly ErrorCodeSource[],
): Error {
  let parsed: Record<string, unknown> = {};
  if (body.length > 0) {
    try {
      const value: unknown = JSON.parse(body.toString('utf8'));
      if (value && typeof value === 'object') parsed = value as Record<string, unknown>;
    } catch (error) {
      return unparsable(error, status, headers);
    }
  }
  const codeKey = Object.keys(parsed).find((k) => k.toLowerCase() === 'code');
  const from: Record<ErrorCodeSource, () => string | undefined> = {
    type: () => (typeof parsed.__type === 'string' && parsed.__type) || undefined,
    code: () => (codeKey && typeof parsed[codeKey] === 'string' && (parsed[codeKey] as string)) || undefined,
    header: () => first(headers['x-amzn-errortype']),
  };
  let raw: string | undefined;
  for (const source of order) {
    raw = from[source]();
    if (raw) break;
  }
  const message =
    (typeof parsed.message === 'string' && parsed.message) ||
    (typeof parsed.Message === 'string' && parsed.Message) ||
    'UnknownError';
  return new LeanServiceError(raw ? sanitizeErrorCode(raw) : 'Unknown', message, status, headers);
}
