import { describe, expect, it } from 'vitest';
import { CredentialsError } from '../errors.js';
import { credentialsErrorFrom, errorHeader, isCredentialFailure, toReadError } from './errors.js';

function sdkError(name: string, status: number, message = '', headers: Record<string, string> = {}) {
  return Object.assign(new Error(message), {
    name,
    $metadata: { httpStatusCode: status },
    $response: { statusCode: status, headers },
  });
}

describe('AWS errors → error values', () => {
  it('keys on the SDK error name', () => {
    expect(toReadError(sdkError('AccessDenied', 403, 'Access Denied'))).toEqual({
      code: 'AccessDenied',
      message: 'Access Denied',
    });
    expect(toReadError(sdkError('ThrottlingException', 400, 'Rate exceeded')).code).toBe(
      'ThrottlingException',
    );
  });

  it('names bodyless HeadBucket errors by their status (AWS-WIRE-NOTES 2.7)', () => {
    expect(toReadError(sdkError('NotFound', 404, 'UnknownError')).code).toBe('NoSuchBucket');
    expect(toReadError(sdkError('Unknown', 403, 'UnknownError'))).toEqual({
      code: 'AccessDenied',
      message: 'AccessDenied (HTTP 403)',
    });
    expect(
      errorHeader(
        sdkError('Unknown', 301, '', { 'x-amz-bucket-region': 'eu-west-1' }),
        'x-amz-bucket-region',
      ),
    ).toBe('eu-west-1');
  });

  it('socket errors keep their code', () => {
    expect(toReadError(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' })).code).toBe(
      'ECONNRESET',
    );
  });

  it('missing or rejected credentials become one-line CredentialsErrors without secrets', () => {
    const missing = Object.assign(new Error('Could not load credentials from any providers'), {
      name: 'CredentialsProviderError',
    });
    expect(isCredentialFailure(missing)).toBe(true);
    const error = credentialsErrorFrom(missing);
    expect(error).toBeInstanceOf(CredentialsError);
    expect(error.message).toMatch(/AWS_ACCESS_KEY_ID.*--profile/);
    expect(error.message).not.toContain('\n');
    expect(credentialsErrorFrom(missing, 'dev').message).toContain('aws sso login --profile dev');
    expect(credentialsErrorFrom(sdkError('InvalidClientTokenId', 403, 'bad')).message).toContain('rejected');
    expect(isCredentialFailure(sdkError('AccessDenied', 403))).toBe(false);
  });
});
