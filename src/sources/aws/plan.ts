/**
 * The minimal API plan of a live scan (DESIGN 5.1; a performance requirement, tested by exact
 * per-operation call counts in test/live/api-plan.test.ts).
 *
 * Once per scan (caller's credentials, in the start Region):
 *   - sts:GetCallerIdentity — who the caller is; its ARN gives the partition.
 *   - org mode only: paginated organizations:ListAccounts (organizations:DescribeOrganization only
 *     when a page failed, to say why: not in an organization, or not the management account).
 * Once per account (except the caller's own account, which uses the caller's credentials):
 *   - sts:AssumeRole — in org mode, or for a --role-arn account.
 * Per scanned account:
 *   - ec2:DescribeRegions — the enabled Regions (∩ --regions: the Regions whose buckets are read).
 *   - cloudtrail:ListTrails, paginated, in the start Region only: it returns every trail the account
 *     sees with its HomeRegion, so no per-Region listing is needed.
 *   - cloudtrail:DescribeTrails with trailNameList = the ARNs, once per home Region that has trails
 *     this account reads (below); never in Regions without trails.
 *   - cloudtrail:GetTrailStatus once per trail, in its home Region, by ARN.
 *   - s3:ListBuckets, paginated with max-buckets so each bucket's Region comes back; s3:HeadBucket only
 *     for a bucket whose Region was not returned.
 *   - s3:GetBucketLogging once per bucket of the account in a scanned Region, in the bucket's Region
 *     (the general rule covers every bucket).
 *   - the six target-health reads (GetBucketPolicy, GetBucketAcl, GetBucketOwnershipControls,
 *     GetObjectLockConfiguration, GetBucketEncryption, GetBucketRequestPayment) once per distinct log
 *     target that is in the same account and Region as at least one of its sources. For any other
 *     target the rule already decides (TARGET_OTHER_REGION / TARGET_OTHER_ACCOUNT) without them.
 * Trails are read once per scan, however many accounts list them: an organization trail is described
 * and its status read by its owner (the management account) when that account is scanned, otherwise
 * (after every account) by the first account that listed it.
 * After every account (the referenced buckets no scanned account owns, once each):
 *   - s3:HeadBucket on each trail bucket / log target that no scanned account's ListBuckets returned:
 *     404 = missing, 403 = exists in another account (not in scope), 200 = readable, then
 *     s3:GetBucketLogging in its Region.
 *   - a trail bucket owned by a scanned account but outside the scanned Regions: its logging (and
 *     health if it is a same-account same-Region target) is read in its owner account.
 * So each distinct bucket is read once, in its owner's account when the owner is scanned, whatever
 * number of trails, Regions or accounts reference it.
 *
 * Scheduling (what keeps the wall time near latency × the longest dependent chain, or × calls / limit):
 *   - accounts start as ListAccounts pages arrive;
 *   - within an account, trail reads start when ListTrails answers and bucket reads when ListBuckets
 *     and DescribeRegions have; a target's health reads start once the target and one of its
 *     same-Region sources are read, not after every bucket of the account;
 *   - an account reads only the trails it owns in phase 1 (a member never waits to learn whether the
 *     management account is in the scan); trails no owner read are read by their first lister later;
 *   - limits: per account and service (--concurrency), and per service across the scan, granted to
 *     the oldest open account first so accounts finish one after another (scan-limits.ts).
 */
import type { Bucket, Trail } from '../../inventory/model.js';
import { isErrorValue } from '../../inventory/read.js';
import type { ListedTrail } from './trails.js';

export function groupByHomeRegion(trails: readonly ListedTrail[]): Map<string, ListedTrail[]> {
  const groups = new Map<string, ListedTrail[]>();
  for (const trail of trails) {
    const group = groups.get(trail.homeRegion);
    if (group) group.push(trail);
    else groups.set(trail.homeRegion, [trail]);
  }
  return groups;
}

/**
 * Which account reads a trail: its owner (from the ARN) when the owner is in the scan, else the
 * account that listed it.
 */
export function trailReader(
  owner: string | null,
  listingAccount: string,
  scanSet: ReadonlySet<string>,
): string {
  return owner !== null && scanSet.has(owner) ? owner : listingAccount;
}

export interface Placement {
  account: string;
  region: string | undefined;
}

/**
 * Log targets whose delivery health must be read: those in the same account and Region as some
 * source (otherwise TARGET_OTHER_ACCOUNT / TARGET_OTHER_REGION decides without them).
 */
export function targetsNeedingHealth(
  sources: readonly Pick<Bucket, 'name' | 'account' | 'region' | 'logging'>[],
  placementOf: (name: string) => Placement | undefined,
): Set<string> {
  const targets = new Set<string>();
  for (const source of sources) {
    const logging = source.logging;
    if (!logging || isErrorValue(logging) || isErrorValue(logging.targetBucket)) continue;
    const target = placementOf(logging.targetBucket);
    if (!target || target.account !== source.account) continue;
    if (typeof source.region === 'string' && target.region === source.region)
      targets.add(logging.targetBucket);
  }
  return targets;
}

/** Buckets the rules need that are not read yet: trail buckets and log targets. Name → an account that references it. */
export function unreadReferences(
  trails: Iterable<Trail & { readerAccount?: string }>,
  buckets: Iterable<Bucket>,
  isRead: (name: string) => boolean,
  trailReaderOf: (trail: Trail) => string | undefined,
): Map<string, string | undefined> {
  const refs = new Map<string, string | undefined>();
  for (const trail of trails) {
    if (isErrorValue(trail.bucket) || isRead(trail.bucket) || refs.has(trail.bucket)) continue;
    refs.set(trail.bucket, trailReaderOf(trail));
  }
  for (const bucket of buckets) {
    const logging = bucket.logging;
    if (!logging || isErrorValue(logging) || isErrorValue(logging.targetBucket)) continue;
    const target = logging.targetBucket;
    if (isRead(target) || refs.has(target)) continue;
    refs.set(target, bucket.account ?? undefined);
  }
  return refs;
}
