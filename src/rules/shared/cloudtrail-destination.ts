/**
 * A bucket whose policy lets CloudTrail write log files is a CloudTrail bucket even when no scanned trail
 * names it: the usual log-archive set-up deploys the bucket (with its CloudTrail policy) in one stack or
 * account and the trail in another. The CloudTrail user guide's "Amazon S3 bucket policy for CloudTrail"
 * requires exactly such a statement: Allow, Service `cloudtrail.amazonaws.com`, `s3:PutObject`.
 * Only a policy that was actually read counts (an absent or unreadable policy proves nothing).
 */
import type { Bucket, PolicyDocument } from '../../inventory/model.js';
import { isErrorValue } from '../../inventory/read.js';
import { wildcardMatch } from './wildcard.js';

export const CLOUDTRAIL_SERVICE = 'cloudtrail.amazonaws.com';

function asList(value: unknown): unknown[] {
  return Array.isArray(value) ? value : value === undefined ? [] : [value];
}

function namesCloudTrail(principal: unknown): boolean {
  if (principal === null || typeof principal !== 'object') return false;
  return asList((principal as { Service?: unknown }).Service).some(
    (service) => typeof service === 'string' && service.toLowerCase() === CLOUDTRAIL_SERVICE,
  );
}

function allowsPutObject(action: unknown): boolean {
  return asList(action).some(
    (pattern) => typeof pattern === 'string' && wildcardMatch(pattern, 's3:PutObject', { ignoreCase: true }),
  );
}

/** The Sid (or index) of the first statement letting CloudTrail put objects, or null. */
export function cloudTrailGrant(policy: PolicyDocument): string | null {
  const statements = asList(policy.Statement);
  for (const [i, statement] of statements.entries()) {
    if (statement === null || typeof statement !== 'object') continue;
    const s = statement as Record<string, unknown>;
    if (s.Effect !== 'Allow' || !namesCloudTrail(s.Principal) || !allowsPutObject(s.Action)) continue;
    return typeof s.Sid === 'string' && s.Sid !== '' ? s.Sid : `Statement[${i}]`;
  }
  return null;
}

/** The statement that marks this bucket as a CloudTrail destination, when its policy was read and has one. */
export function cloudTrailDestinationBy(bucket: Bucket): string | null {
  if (bucket.exists === false || bucket.policy === undefined || bucket.policy === null) return null;
  if (isErrorValue(bucket.policy)) return null;
  return cloudTrailGrant(bucket.policy);
}
