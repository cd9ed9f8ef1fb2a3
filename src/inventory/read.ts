/**
 * `Read<T>`: a value that a source tried to read, or the error it got instead.
 *
 * "Could not read" is never `undefined` and never a default: it is `{ error: { code, message } }`
 * in place of the value (DESIGN section 3). A field that is *absent* was not collected at all.
 */

export interface ReadError {
  /** AWS error name (`AccessDenied`, `NoSuchBucket`, `ThrottlingException`…) or a trailguard code (`UNRESOLVED`). */
  code: string;
  message: string;
  /**
   * Bucket policies from IaC only: the document as far as it could be resolved (each unknown string part
   * written `${?}`, other unknown values as error values). Never evaluated as a policy; it only lets the
   * rules recognise a CloudTrail bucket policy statement (rules/shared/cloudtrail-destination.ts) when
   * parameters or conditions of the policy cannot be resolved.
   */
  partial?: Record<string, unknown>;
}

export interface ErrorValue {
  error: ReadError;
}

export type Read<T> = T | ErrorValue;

/** Error codes that mean "not allowed", across protocols (S3/STS, JSON services, EC2, Organizations). */
export const ACCESS_DENIED_CODES: ReadonlySet<string> = new Set([
  'AccessDenied',
  'AccessDeniedException',
  'UnauthorizedOperation',
  'AccessDeniedForDependencyException',
  'AllAccessDisabled',
  'MethodNotAllowed',
]);

/** Trailguard's own code for an IaC value that cannot be resolved statically (data source, computed name…). */
export const UNRESOLVED = 'UNRESOLVED';

/**
 * Trailguard's code for an IaC logging target that is known to point at nothing: `null`, or an index/key
 * that does not exist (`aws_s3_bucket.logs[0].id` with `count = 0`). Rules report TARGET_BUCKET_MISSING.
 */
export const NO_TARGET = 'NO_TARGET';

export function isErrorValue(value: unknown): value is ErrorValue {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const keys = Object.keys(value);
  if (keys.length !== 1 || keys[0] !== 'error') return false;
  const error = (value as { error: unknown }).error;
  return error !== null && typeof error === 'object' && typeof (error as ReadError).code === 'string';
}

export function errorValue(code: string, message: string): ErrorValue {
  return { error: { code, message } };
}
