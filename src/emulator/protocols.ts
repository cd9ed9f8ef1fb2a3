/**
 * The AWS wire protocols the emulator speaks (AWS-WIRE-NOTES §1.1, §1.2): how each names the operation
 * of a request and reads its input, and its error envelope with the usual words for the common
 * conditions (missing or unknown credentials, denial, throttling, server errors). A service's table
 * (table.ts) names its protocol and overrides the words that differ.
 */
import { type EmuRequest, ec2Error, jsonError, queryError, restJsonError, s3Error } from './reply.js';
import { routeS3, type S3Route } from './services/s3/route.js';
import type { ErrorWords, ServiceErrors, WireProtocol } from './table.js';

export type JsonInput = Record<string, unknown>;

const INVALID_TOKEN = 'The security token included in the request is invalid.';
const UNAVAILABLE = 'Service is unavailable. Try again later.';

function parseJsonObject(body: Buffer): JsonInput | undefined {
  const text = body.toString('utf8').trim();
  try {
    const v: unknown = text === '' ? {} : JSON.parse(text);
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as JsonInput) : undefined;
  } catch {
    return undefined;
  }
}

const AMZN_IDS = (req: EmuRequest): Record<string, string> => ({ 'x-amzn-requestid': req.requestId });
const SERIALIZATION: ErrorWords = {
  status: 400,
  code: 'SerializationException',
  message: 'Start of structure or map found where not expected.',
};
const JSON_UNKNOWN_OPERATION = (status: number) => (operation: string) => ({
  status,
  code: 'UnknownOperationException',
  message: `Operation ${operation} is not supported by the emulator.`,
});
const QUERY_UNKNOWN_OPERATION = (operation: string) => ({
  status: 400,
  code: 'InvalidAction',
  message: `The action ${operation} is not valid for this web service.`,
});

/**
 * S3 REST-XML: operation from method, bucket and sub-resource; `<Error>` root; HEAD answers without a
 * body. What the router names but no row serves (objects, other sub-resources) is NotImplemented.
 */
export const restXml: WireProtocol<S3Route> = {
  name: 'rest-xml',
  read: (req) => {
    const route = routeS3(req);
    return { operation: route.operation, input: route };
  },
  envelope: (req, e, message) => s3Error(req, e.status, e.code, message),
  errors: {
    missingAuth: { status: 403, code: 'AccessDenied', message: 'Access Denied' },
    unknownKey: {
      status: 403,
      code: 'InvalidAccessKeyId',
      message: 'The AWS Access Key Id you provided does not exist in our records.',
    },
    badToken: {
      status: 400,
      code: 'InvalidToken',
      message: 'The provided token is malformed or otherwise invalid.',
    },
    accessDenied: { status: 403, code: 'AccessDenied', message: 'Access Denied' },
    throttle: { status: 503, code: 'SlowDown', message: 'Please reduce your request rate.' },
    server500: {
      status: 500,
      code: 'InternalError',
      message: 'We encountered an internal error. Please try again.',
    },
    server503: { status: 503, code: 'ServiceUnavailable', message: 'Please reduce your request rate.' },
  },
  unknownOperation: () => ({
    status: 501,
    code: 'NotImplemented',
    message: 'A header you provided implies functionality that is not implemented',
  }),
  malformed: { status: 400, code: 'MalformedXML', message: 'The XML you provided was not well-formed.' },
  ids: (req) => ({ 'x-amz-request-id': req.requestId, 'x-amz-id-2': req.hostId }),
};

/** The words every JSON 1.1 service uses unless it says otherwise. */
const JSON_ERRORS: ServiceErrors = {
  missingAuth: {
    status: 403,
    code: 'MissingAuthenticationTokenException',
    message: 'Missing Authentication Token',
  },
  unknownKey: { status: 400, code: 'UnrecognizedClientException', message: INVALID_TOKEN },
  badToken: { status: 400, code: 'UnrecognizedClientException', message: INVALID_TOKEN },
  accessDenied: {
    status: 403,
    code: 'AccessDeniedException',
    message: 'You do not have sufficient access to perform this action.',
  },
  throttle: { status: 400, code: 'ThrottlingException', message: 'Rate exceeded' },
  server500: {
    status: 500,
    code: 'InternalFailure',
    message: 'The request processing has failed because of an unknown error.',
  },
  server503: { status: 503, code: 'ServiceUnavailable', message: UNAVAILABLE },
};

/**
 * AWS JSON 1.1: `POST /` with `X-Amz-Target: <prefix>.<Operation>` (`target` captures the operation);
 * `__type` names the error.
 */
export function json11(target: RegExp): WireProtocol<JsonInput> {
  return {
    name: 'json-1.1',
    read: (req) => {
      const header = String(req.headers['x-amz-target'] ?? '');
      return { operation: target.exec(header)?.[1] ?? header, input: parseJsonObject(req.body) };
    },
    envelope: (_req, e, message) => jsonError(e.status, e.code, message),
    errors: JSON_ERRORS,
    unknownOperation: JSON_UNKNOWN_OPERATION(400),
    malformed: SERIALIZATION,
    ids: AMZN_IDS,
  };
}

/**
 * restJson1: the operation is the row bound to the request's path (`route: 'path'`, the Account API)
 * or method and path (`'method+path'`, Security Hub); an unbound one is named by that key without its
 * leading slash. The `x-amzn-ErrorType` header names the error.
 */
export function restJson(route: 'path' | 'method+path'): WireProtocol<JsonInput> {
  const keyOf = (method: string, path: string) => (route === 'path' ? path : `${method} ${path}`);
  return {
    name: 'rest-json',
    read: (req, routes) => {
      const key = keyOf(req.method, req.path);
      return { operation: routes.get(key) ?? key.replace(/^\//, ''), input: parseJsonObject(req.body) };
    },
    routeKey: (http) => {
      const [method = '', path = ''] = http.split(' ');
      return keyOf(method, path);
    },
    envelope: (_req, e, message) =>
      restJsonError(e.status, e.code, message, e.codeInBody ? { Code: e.code } : {}),
    errors: {
      ...JSON_ERRORS,
      unknownKey: { status: 403, code: 'UnrecognizedClientException', message: INVALID_TOKEN },
      badToken: { status: 403, code: 'UnrecognizedClientException', message: INVALID_TOKEN },
      accessDenied: { status: 403, code: 'AccessDeniedException', message: 'Access denied' },
      throttle: { status: 429, code: 'TooManyRequestsException', message: 'Rate exceeded' },
      server500: { status: 500, code: 'InternalServerException', message: 'An internal error occurred.' },
      server503: { status: 503, code: 'ServiceUnavailableException', message: UNAVAILABLE },
    },
    // restJson1 services answer an unknown path with UnknownOperationException (404 on API Gateway-
    // style front ends); the client keys on the name.
    unknownOperation: JSON_UNKNOWN_OPERATION(404),
    malformed: SERIALIZATION,
    ids: AMZN_IDS,
  };
}

function readForm(req: EmuRequest): { operation: string; input: URLSearchParams } {
  const form = new URLSearchParams(req.body.toString('utf8'));
  return { operation: form.get('Action') ?? '', input: form };
}

/** AWS Query (STS): form body `Action=<Operation>`; `<ErrorResponse><Error><Type>`. */
export const awsQuery: WireProtocol<URLSearchParams> = {
  name: 'query',
  read: readForm,
  envelope: (req, e, message) => queryError(req, e.status, e.code, message),
  errors: {
    missingAuth: {
      status: 403,
      code: 'MissingAuthenticationToken',
      message: 'Request is missing Authentication Token',
    },
    unknownKey: { status: 403, code: 'InvalidClientTokenId', message: INVALID_TOKEN },
    badToken: { status: 403, code: 'InvalidClientTokenId', message: INVALID_TOKEN },
    accessDenied: { status: 403, code: 'AccessDenied', message: 'Access denied' },
    throttle: { status: 400, code: 'Throttling', message: 'Rate exceeded' },
    server500: { status: 500, code: 'InternalFailure', message: 'An internal error occurred.' },
    server503: { status: 503, code: 'ServiceUnavailable', message: UNAVAILABLE },
  },
  unknownOperation: QUERY_UNKNOWN_OPERATION,
  malformed: SERIALIZATION,
  ids: AMZN_IDS,
};

/** EC2 Query: form body `Action=<Operation>`; `<Response><Errors><Error>`. */
export const ec2Query: WireProtocol<URLSearchParams> = {
  name: 'ec2-query',
  read: readForm,
  envelope: (req, e, message) => ec2Error(req, e.status, e.code, message),
  errors: {
    missingAuth: {
      status: 401,
      code: 'MissingAuthenticationToken',
      message: 'Request is missing Authentication Token',
    },
    unknownKey: {
      status: 401,
      code: 'AuthFailure',
      message: 'AWS was not able to validate the provided access credentials',
    },
    badToken: {
      status: 401,
      code: 'AuthFailure',
      message: 'AWS was not able to validate the provided access credentials',
    },
    accessDenied: {
      status: 403,
      code: 'UnauthorizedOperation',
      message: 'You are not authorized to perform this operation.',
    },
    throttle: { status: 503, code: 'RequestLimitExceeded', message: 'Request limit exceeded.' },
    server500: { status: 500, code: 'InternalError', message: 'An internal error has occurred.' },
    server503: {
      status: 503,
      code: 'Unavailable',
      message: 'The server is overloaded and can\u2019t handle the request.',
    },
  },
  unknownOperation: QUERY_UNKNOWN_OPERATION,
  malformed: SERIALIZATION,
  ids: AMZN_IDS,
};
