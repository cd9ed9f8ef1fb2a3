/**
 * A bucket whose policy lets CloudTrail write log files is a CloudTrail bucket even when no scanned trail
 * names it: the usual log-archive set-up deploys the bucket (with its CloudTrail policy) in one stack or
 * account and the trail in another (an organization trail made by a custom resource, or in the management
 * account). The CloudTrail user guide's "Amazon S3 bucket policy for CloudTrail" requires exactly such a
 * statement: Allow, Service `cloudtrail.amazonaws.com`, `s3:PutObject` on the bucket's objects.
 *
 * Recognition does not depend on the statement's conditions (`aws:SourceArn`, `s3:x-amz-acl`) nor on the
 * parts of its object ARNs that are only known at deploy time (`AWSLogs/${OrgId}/*`): an IaC policy that
 * could not be resolved is read from its partial document (`error.partial`, see inventory/read.ts), where
 * each unknown string part is `${?}`. Effect, principal and action must be known literally. Applies to
 * every source, live and snapshot included (the choice is explained in docs/notes/rules.md).
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

/**
 * Object keys of a bucket: `arn:PARTITION:s3:::BUCKET/KEY…` (a bucket policy can only name its own bucket,
 * S3 rejects others), or `*`. Unknown parts (`${?}`, `${AWS::AccountId}`) may stand anywhere after the
 * slash; the bucket ARN alone (no slash) grants nothing to PutObject.
 */
function onObjects(resource: unknown): boolean {
  return asList(resource).some(
    (r) => typeof r === 'string' && (r === '*' || /^arn:[^:]*:s3:::[^/]*\/./.test(r)),
  );
}

export interface CloudTrailGrant {
  /** The statement's Sid, or `Statement[i]`. */
  statement: string;
  /** True when it was read from a policy that could not be fully resolved (IaC `error.partial`). */
  partiallyResolved: boolean;
}

/** The Sid (or index) of the first statement letting CloudTrail put objects, or null. */
export function cloudTrailGrant(policy: PolicyDocument): string | null {
  const statements = asList(policy.Statement);
  for (const [i, statement] of statements.entries()) {
    if (statement === null || typeof statement !== 'object') continue;
    const s = statement as Record<string, unknown>;
    if (s.Effect !== 'Allow' || !namesCloudTrail(s.Principal) || !allowsPutObject(s.Action)) continue;
    if (!onObjects(s.Resource)) continue;
    return typeof s.Sid === 'string' && s.Sid !== '' ? s.Sid : `Statement[${i}]`;
  }
  return null;
}

/** The statement that marks this bucket as a CloudTrail destination, when its policy (or what could be resolved of it) has one. */
export function cloudTrailDestination(bucket: Bucket): CloudTrailGrant | null {
  const policy = bucket.policy;
  if (bucket.exists === false || policy === undefined || policy === null) return null;
  if (isErrorValue(policy)) {
    const partial = policy.error.partial;
    const statement = partial ? cloudTrailGrant(partial) : null;
    return statement === null ? null : { statement, partiallyResolved: true };
  }
  const statement = cloudTrailGrant(policy);
  return statement === null ? null : { statement, partiallyResolved: false };
}

/** The statement (Sid or index) that marks this bucket as a CloudTrail destination, or null. */
export function cloudTrailDestinationBy(bucket: Bucket): string | null {
  const grant = cloudTrailDestination(bucket);
  if (grant === null) return null;
  return grant.partiallyResolved
    ? `${grant.statement}, in a policy with values known only at deploy time`
    : grant.statement;
}
