/**
 * What a handler answers, and the error envelope of each AWS protocol (AWS-WIRE-NOTES §1.2, §2.2,
 * §4.1, §5.3, §7): S3 `<Error>` root, JSON `__type`, STS `<ErrorResponse><Error><Type>`, EC2
 * `<Response><Errors><Error>`.
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

/** The error a service answers for a common condition, in that service's own words and envelope. */
export function commonError(
  req: EmuRequest,
  condition: 'accessDenied' | 'throttle' | 'server500' | 'server503' | 'unknownKey' | 'badToken',
  message?: string,
): Reply {
  const m = message;
  switch (req.service) {
    case 's3':
      switch (condition) {
        case 'accessDenied':
          return s3Error(req, 403, 'AccessDenied', m ?? 'Access Denied');
        case 'throttle':
          return s3Error(req, 503, 'SlowDown', 'Please reduce your request rate.');
        case 'server500':
          return s3Error(req, 500, 'InternalError', 'We encountered an internal error. Please try again.');
        case 'server503':
          return s3Error(req, 503, 'ServiceUnavailable', 'Please reduce your request rate.');
        case 'unknownKey':
          return s3Error(
            req,
            403,
            'InvalidAccessKeyId',
            'The AWS Access Key Id you provided does not exist in our records.',
          );
        case 'badToken':
          return s3Error(req, 400, 'InvalidToken', 'The provided token is malformed or otherwise invalid.');
      }
      break;
    case 'cloudtrail':
    case 'organizations':
    case 'config':
      switch (condition) {
        case 'accessDenied':
          return jsonError(
            403,
            'AccessDeniedException',
            m ?? 'You do not have sufficient access to perform this action.',
          );
        case 'throttle':
          return req.service === 'organizations'
            ? jsonError(
                400,
                'TooManyRequestsException',
                'AWS Organizations can\u2019t complete your request because another request is already in progress. Try again later.',
              )
            : jsonError(400, 'ThrottlingException', 'Rate exceeded');
        case 'server500':
          return jsonError(
            500,
            req.service === 'organizations' ? 'ServiceException' : 'InternalFailure',
            'The request processing has failed because of an unknown error.',
          );
        case 'server503':
          return jsonError(503, 'ServiceUnavailable', 'Service is unavailable. Try again later.');
        case 'unknownKey':
        case 'badToken':
          return jsonError(
            400,
            'UnrecognizedClientException',
            'The security token included in the request is invalid.',
          );
      }
      break;
    case 'sts':
      switch (condition) {
        case 'accessDenied':
          return queryError(req, 403, 'AccessDenied', m ?? 'Access denied');
        case 'throttle':
          return queryError(req, 400, 'Throttling', 'Rate exceeded');
        case 'server500':
          return queryError(req, 500, 'InternalFailure', 'An internal error occurred.');
        case 'server503':
          return queryError(req, 503, 'ServiceUnavailable', 'Service is unavailable. Try again later.');
        case 'unknownKey':
        case 'badToken':
          return queryError(
            req,
            403,
            'InvalidClientTokenId',
            'The security token included in the request is invalid.',
          );
      }
      break;
    case 'account':
      switch (condition) {
        case 'accessDenied':
          return restJsonError(403, 'AccessDeniedException', m ?? 'Access denied');
        case 'throttle':
          return restJsonError(429, 'TooManyRequestsException', 'Rate exceeded');
        case 'server500':
          return restJsonError(500, 'InternalServerException', 'An internal error occurred.');
        case 'server503':
          return restJsonError(
            503,
            'ServiceUnavailableException',
            'Service is unavailable. Try again later.',
          );
        case 'unknownKey':
        case 'badToken':
          return restJsonError(
            403,
            'UnrecognizedClientException',
            'The security token included in the request is invalid.',
          );
      }
      break;
    case 'securityhub':
      // restJson1 with Security Hub's own error names (API Reference, "Common Errors" and the operation's).
      switch (condition) {
        case 'accessDenied':
          return restJsonError(403, 'AccessDeniedException', m ?? 'Access denied', {
            Code: 'AccessDeniedException',
          });
        case 'throttle':
          return restJsonError(429, 'LimitExceededException', 'Rate exceeded', {
            Code: 'LimitExceededException',
          });
        case 'server500':
          return restJsonError(500, 'InternalException', 'Internal service failure', {
            Code: 'InternalException',
          });
        case 'server503':
          return restJsonError(
            503,
            'ServiceUnavailableException',
            'Service is unavailable. Try again later.',
          );
        case 'unknownKey':
        case 'badToken':
          return restJsonError(
            403,
            'UnrecognizedClientException',
            'The security token included in the request is invalid.',
          );
      }
      break;
    case 'ec2':
      switch (condition) {
        case 'accessDenied':
          return ec2Error(
            req,
            403,
            'UnauthorizedOperation',
            m ?? 'You are not authorized to perform this operation.',
          );
        case 'throttle':
          return ec2Error(req, 503, 'RequestLimitExceeded', 'Request limit exceeded.');
        case 'server500':
          return ec2Error(req, 500, 'InternalError', 'An internal error has occurred.');
        case 'server503':
          return ec2Error(
            req,
            503,
            'Unavailable',
            'The server is overloaded and can\u2019t handle the request.',
          );
        case 'unknownKey':
        case 'badToken':
          return ec2Error(
            req,
            401,
            'AuthFailure',
            'AWS was not able to validate the provided access credentials',
          );
      }
      break;
  }
  throw new Error(`unreachable: ${req.service} ${condition}`);
}

/** "User: arn:… is not authorized to perform: s3:X on resource: … because no identity-based policy allows the s3:X action" */
export function notAuthorizedMessage(callerArn: string, action: string, resource?: string): string {
  const on = resource ? ` on resource: ${resource}` : '';
  return `User: ${callerArn} is not authorized to perform: ${action}${on} because no identity-based policy allows the ${action} action`;
}
