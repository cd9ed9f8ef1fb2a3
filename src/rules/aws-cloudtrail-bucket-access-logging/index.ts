/**
 * aws-cloudtrail-bucket-access-logging — DESIGN 4.1: one finding per distinct CloudTrail bucket (trails
 * deduplicated by ARN, so shadow copies of multi-Region and organization trails count once), plus one
 * per account whose trails could not be listed or that has none.
 */
import type { Rule } from '../../engine/types.js';
import type { Account, Bucket, Trail } from '../../inventory/model.js';
import { isErrorValue } from '../../inventory/read.js';
import { roleNotAssumable } from '../shared/account-findings.js';
import { cloudTrailDestinationBy } from '../shared/cloudtrail-destination.js';
import {
  buildIndex,
  type InventoryIndex,
  isScanned,
  listingErrorsOf,
  resolveByName,
} from '../shared/inventory-index.js';
import { evaluateBucketLogging } from '../shared/logging-verdict.js';
import { accountRef, bucketNameRef, bucketRef, describeBucket, trailRef } from '../shared/refs.js';
import { meta } from './meta.js';
import type { Draft } from './reasons.js';

export const cloudtrailBucketAccessLogging: Rule = {
  meta,
  evaluate(inventory) {
    const index = buildIndex(inventory);
    const trails = dedupeTrails(inventory.trails);
    const groups = groupByBucket(index, trails);
    return [
      ...inventory.accounts.flatMap((account) => accountFinding(index, account)),
      ...trails.filter((t) => isErrorValue(t.bucket)).map((t) => unresolvedBucket(t)),
      ...[...groups].map(([target, users]) => bucketFinding(index, target, users)),
      ...policyOnlyDestinations(index, groups).map(([bucket, sid]) => bucketFinding(index, bucket, [], sid)),
    ];
  },
};

/** Shadow copies (the same trail listed in every Region) share the ARN: keep the first. */
function dedupeTrails(trails: Trail[]): Trail[] {
  const byArn = new Map<string, Trail>();
  for (const trail of trails) if (!byArn.has(trail.arn)) byArn.set(trail.arn, trail);
  return [...byArn.values()];
}

/**
 * Trails by the bucket they write to: a bucket record, or the name when no record has it. A name that
 * several IaC declarations share maps to every declaration left after scoping (see resolveByName), so
 * each declared bucket gets its own finding.
 */
function groupByBucket(index: InventoryIndex, trails: Trail[]): Map<Bucket | string, Trail[]> {
  const groups = new Map<Bucket | string, Trail[]>();
  for (const trail of trails) {
    if (isErrorValue(trail.bucket)) continue;
    const found = resolveByName(index, trail.bucket, trail.location);
    for (const key of found.length > 0 ? found : [trail.bucket]) {
      const list = groups.get(key);
      if (list) list.push(trail);
      else groups.set(key, [trail]);
    }
  }
  return groups;
}

/**
 * Buckets no scanned trail names whose (read) policy lets CloudTrail write: a log-archive bucket whose trail
 * lives in another stack or account. They are CloudTrail buckets too (see cloudtrail-destination.ts).
 */
function policyOnlyDestinations(
  index: InventoryIndex,
  groups: Map<Bucket | string, Trail[]>,
): [Bucket, string][] {
  const found: [Bucket, string][] = [];
  for (const bucket of index.buckets) {
    if (groups.has(bucket)) continue;
    const sid = cloudTrailDestinationBy(bucket);
    if (sid !== null) found.push([bucket, sid]);
  }
  return found;
}

function accountFinding(index: InventoryIndex, account: Account): Draft[] {
  const base = { warnings: [], resource: accountRef(index.inventory, account), related: [] };
  const notAssumable = roleNotAssumable(index, account, 'trails');
  if (notAssumable) return [notAssumable];
  if (account.accessError) {
    const { code, message } = account.accessError;
    return [
      {
        ...base,
        status: 'UNDETERMINED',
        reason: 'TRAILS_UNREADABLE',
        message: `The trails of account ${account.id} could not be listed (${code}: ${message}).`,
        evidence: { scanned: account.scanned, accessError: account.accessError },
      },
    ];
  }
  if (!account.scanned) return [];
  if (account.trails !== undefined && isErrorValue(account.trails)) {
    const { code, message } = account.trails.error;
    return [
      {
        ...base,
        status: 'UNDETERMINED',
        reason: 'TRAILS_UNREADABLE',
        message: `The trails of account ${account.id} could not be listed (${code}: ${message}).`,
        evidence: { trails: account.trails },
      },
    ];
  }
  // A listing that failed may be recorded only in `errors` (a snapshot from another tool, DESIGN 3):
  // then "no trail seen" is not "no trail".
  const failed = listingErrorsOf(index, account.id, 'trails');
  const first = failed[0];
  if (first) {
    return [
      {
        ...base,
        status: 'UNDETERMINED',
        reason: 'TRAILS_UNREADABLE',
        message: `The trails of account ${account.id} could not be read: ${first.operation}${first.region ? ` in ${first.region}` : ''} failed (${first.code}: ${first.message})${failed.length > 1 ? ` and ${failed.length - 1} more trail read(s) failed` : ''}.`,
        evidence: { errors: failed.map((e) => ({ ...e })) },
      },
    ];
  }
  const visible = account.trails?.length ?? index.trailCount.get(account.id) ?? 0;
  if (visible > 0) return [];
  return [
    {
      ...base,
      status: 'NOT_APPLICABLE',
      reason: 'NO_TRAILS',
      message: `Account ${account.id} has no CloudTrail trail, so there is no trail bucket to check.`,
      evidence: { trails: [] },
    },
  ];
}

function unresolvedBucket(trail: Trail): Draft {
  const error = isErrorValue(trail.bucket) ? trail.bucket.error : { code: 'UNRESOLVED', message: '' };
  const where = trail.location ? ` (${trail.location.file}:${trail.location.line})` : '';
  return {
    status: 'UNDETERMINED',
    reason: 'TRAIL_BUCKET_UNRESOLVED',
    warnings: [],
    message: `The S3 bucket of trail ${trail.name}${where} cannot be resolved statically (${error.message || error.code}).`,
    resource: trailRef(trail),
    related: [],
    evidence: { bucket: trail.bucket },
  };
}

function bucketFinding(
  index: InventoryIndex,
  target: Bucket | string,
  trails: Trail[],
  /** Set when no scanned trail names the bucket and its policy's CloudTrail statement identified it. */
  policyStatement?: string,
): Draft {
  const related = trails.map(trailRef);
  const trailEvidence = trails.map((t) => ({ arn: t.arn, isLogging: t.isLogging ?? 'not collected' }));
  const bucket = typeof target === 'string' ? undefined : target;
  const name = typeof target === 'string' ? target : target.name;
  const receives =
    policyStatement === undefined
      ? `which receives trail ${trails.map((t) => t.name).join(', ')}`
      : `whose bucket policy (statement ${policyStatement}) lets CloudTrail write to it`;
  if (!bucket || outOfScope(index, bucket)) {
    const owner = bucket?.account ? `account ${bucket.account}` : 'an account outside the scan';
    const why = bucket?.logging && isErrorValue(bucket.logging) ? ` (${bucket.logging.error.code})` : '';
    const iac = trails.some((t) => t.location) ? ', or include the code that declares it' : '';
    return {
      status: 'UNDETERMINED',
      reason: 'BUCKET_NOT_IN_SCOPE',
      warnings: [],
      message: `Bucket ${name}, ${receives}, belongs to ${owner} and its logging could not be read${why}; bring it into scope by scanning the owner account (--org --role-name NAME, or --role-arn ACCOUNT=ARN)${iac}.`,
      resource: bucket ? bucketRef(index.inventory, bucket) : bucketNameRef(index.inventory, name),
      related,
      evidence: { trails: trailEvidence, inInventory: bucket !== undefined, owner: bucket?.account ?? null },
    };
  }
  const resource = bucketRef(index.inventory, bucket);
  if (bucket.exists === false) {
    return {
      status: 'NON_COMPLIANT',
      reason: 'TRAIL_BUCKET_MISSING',
      warnings: [],
      message: `Bucket ${describeBucket(bucket)}, ${receives}, does not exist.`,
      resource,
      related,
      evidence: { trails: trailEvidence, exists: false },
    };
  }
  const verdict = evaluateBucketLogging(index, bucket);
  const warnings: Draft['warnings'] = [...verdict.warnings];
  if (verdict.status === 'COMPLIANT' && trails.some((t) => t.isLogging === false))
    warnings.push('TRAIL_NOT_LOGGING');
  return {
    ...verdict,
    warnings,
    resource,
    related,
    evidence: {
      trails: trailEvidence,
      ...(policyStatement === undefined ? {} : { identifiedBy: { bucketPolicyStatement: policyStatement } }),
      ...verdict.evidence,
    },
  };
}

/**
 * Row 3: the owner is unknown or not scanned, and the logging configuration could not be read. A bucket
 * proven missing (NoSuchBucket) is row 4 instead; an IaC bucket (declared in the code) is always in scope.
 */
function outOfScope(index: InventoryIndex, bucket: Bucket): boolean {
  if (bucket.exists === false || bucket.location) return false;
  if (isScanned(index, bucket.account)) return false;
  return bucket.logging === undefined || isErrorValue(bucket.logging);
}
