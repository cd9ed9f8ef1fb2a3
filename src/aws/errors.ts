/**
 * AWS SDK v3 errors → trailguard error values. The SDK names errors from the wire (`err.name`, see
 * AWS-WIRE-NOTES 1.2): key on the name, never on the status code, except for HeadBucket whose errors
 * have no body (404 → `NotFound`, everything else → `Unknown`).
 */
import { CredentialsError } from '../errors.js';
import type { ReadError } from '../inventory/read.js';

interface SdkErrorShape {
  name?: string;
  message?: string;
  $metadata?: { httpStatusCode?: number };
  $response?: { statusCode?: number; headers?: Record<string, string | undefined> };
  code?: string;
}

function shape(error: unknown): SdkErrorShape {
  return error !== null && typeof error === 'object' ? (error as SdkErrorShape) : {};
}

export function httpStatus(error: unknown): number | undefined {
  const e = shape(error);
  return e.$metadata?.httpStatusCode ?? e.$response?.statusCode;
}

/** A response header of a failed call (lower-case name), e.g. `x-amz-bucket-region` of a HeadBucket 403/301. */
export function errorHeader(error: unknown, name: string): string | undefined {
  const headers = shape(error).$response?.headers;
  if (!headers) return undefined;
  return headers[name] ?? headers[name.toLowerCase()];
}

/** One line, without anything that could be a secret (AWS messages name ARNs, never keys). */
function cleanMessage(message: string | undefined): string {
  const line = (message ?? '').split('\n')[0]?.trim() ?? '';
  return line === '' || line === 'UnknownError' ? '' : line;
}

/** The error value for a failed read. Socket errors keep their errno code (ECONNRESET…). */
export function toReadError(error: unknown): ReadError {
  const e = shape(error);
  let code = e.name && e.name !== 'Error' ? e.name : (e.code ?? 'Error');
  if (code === 'Unknown' || code === 'NotFound') code = statusCode(httpStatus(error)) ?? code;
  const message = cleanMessage(e.message) || `${code} (HTTP ${httpStatus(error) ?? 'no response'})`;
  return { code, message };
}

/** Bodyless S3 errors (HeadBucket) carry only a status: name them like the S3 error codes. */
function statusCode(status: number | undefined): string | undefined {
  switch (status) {
    case 404:
      return 'NoSuchBucket';
    case 403:
      return 'AccessDenied';
    case 301:
      return 'PermanentRedirect';
    case 400:
      return 'BadRequest';
    default:
      return undefined;
  }
}

/** Errors that mean the credentials themselves are missing or unusable: the whole scan cannot run. */
const CREDENTIAL_ERROR_NAMES = new Set([
  'CredentialsProviderError',
  'InvalidClientTokenId',
  'SignatureDoesNotMatch',
  'ExpiredToken',
  'ExpiredTokenException',
  'UnrecognizedClientException',
  'InvalidAccessKeyId',
  'AuthFailure',
  'TokenProviderError',
]);

export function isCredentialFailure(error: unknown): boolean {
  const name = shape(error).name ?? '';
  return CREDENTIAL_ERROR_NAMES.has(name) || /could not load credentials/i.test(shape(error).message ?? '');
}

/** The one-line CredentialsError for a failed first call (GetCallerIdentity). */
export function credentialsErrorFrom(error: unknown, profile?: string): CredentialsError {
  const name = shape(error).name ?? 'Error';
  if (name === 'CredentialsProviderError' || /could not load credentials/i.test(shape(error).message ?? '')) {
    return new CredentialsError(
      profile
        ? `no AWS credentials for profile "${profile}": check ~/.aws/config, run \`aws sso login --profile ${profile}\` if it uses SSO, or set AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY`
        : 'no AWS credentials found: set AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY (and AWS_SESSION_TOKEN), use --profile NAME (after `aws configure` or `aws sso login`), or run where a container or instance role is available',
    );
  }
  return new CredentialsError(
    `AWS rejected the credentials (${name}): refresh them (for SSO: \`aws sso login\`) or choose another --profile`,
  );
}
