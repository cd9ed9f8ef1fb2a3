/**
 * The small inventory a change event needs: the changed bucket(s) ("seeds") and every bucket whose
 * verdict depends on them, read with the live collector's own readers (src/sources/aws: ListBuckets,
 * HeadBucket probes, GetBucketLogging, the six target-health reads, ListTrails / DescribeTrails /
 * GetTrailStatus) in the rule's account, so the same pure rule gives the same verdict a full scan
 * would for those buckets.
 *
 * What a bucket's verdict depends on (DESIGN 4.1/4.2): its own existence, Region, owner and logging
 * configuration; its log target's existence, Region, owner and — when they share account and Region —
 * the target's policy, ACL, ownership, encryption, Object Lock and Requester Pays; the account's bucket
 * list (who owns what); for the CloudTrail rule, the trails that name it; for the general rule, whether
 * any bucket of the account logs into it (a log destination is NOT_APPLICABLE). So:
 *
 *   calls = ListBuckets (1 page per 1,000 buckets)
 *         + CloudTrail rule: ListTrails + DescribeTrails per home Region + GetTrailStatus per trail
 *         + GetBucketLogging for each bucket that can be affected — CloudTrail rule: the trail buckets
 *           and the seeds; general rule: every bucket of the account (whether a bucket is a log
 *           destination depends on all of them)
 *         + HeadBucket for a referenced bucket the account does not own
 *         + 6 health reads per distinct target of an affected bucket in its account and Region.
 */
import type { AccountClients } from '../../aws/clients.js';
import { toReadError } from '../../aws/errors.js';
import { mapTrail, unreadableTrail } from '../../aws/map.js';
import type { Account, Bucket, Inventory, Partition, Trail } from '../../inventory/model.js';
import { emptyInventory } from '../../inventory/model.js';
import { errorValue, isErrorValue, type Read } from '../../inventory/read.js';
import {
  listBuckets,
  type OwnedBucket,
  probeBucket,
  readLogging,
  readTargetHealth,
  readUnownedBucket,
} from '../../sources/aws/buckets.js';
import { groupByHomeRegion, targetsNeedingHealth } from '../../sources/aws/plan.js';
import { describeTrails, type ListedTrail, listTrails, trailStatus } from '../../sources/aws/trails.js';

export interface ScopeRequest {
  account: string;
  partition: Partition;
  /** Region of the listings and of probes of buckets whose Region is unknown. */
  region: string;
  /** Read the trails (the CloudTrail rule). */
  trails: boolean;
  /** Read the logging configuration of every bucket of the account (the general rule). */
  allBuckets: boolean;
  /** Changed buckets. */
  seeds: ReadonlySet<string>;
  /**
   * A changed trail (ARN or name): its current bucket joins the seeds; when none is known (a deleted
   * trail, and no bucket in its configuration item), every trail bucket does.
   */
  changedTrail?: { arn: string | null; id: string };
}

export interface ScopedInventory {
  inventory: Inventory;
  /** The buckets to post evaluations for: the seeds and the buckets whose verdict depends on them. */
  affected: string[];
}

function targetOf(bucket: Bucket): string | undefined {
  const logging = bucket.logging;
  if (!logging || isErrorValue(logging) || isErrorValue(logging.targetBucket)) return undefined;
  return logging.targetBucket;
}

async function readTrails(
  clients: AccountClients,
  region: string,
  inventory: Inventory,
): Promise<Read<Trail[]>> {
  const listed = await listTrails(clients, region);
  if (isErrorValue(listed)) return listed;
  const trails: Trail[] = [];
  await Promise.all(
    [...groupByHomeRegion(listed)].map(async ([home, group]) => {
      const statuses = new Map(group.map((t) => [t.arn, trailStatus(clients, home, t.arn)]));
      let described: Awaited<ReturnType<typeof describeTrails>>;
      try {
        described = await describeTrails(
          clients,
          home,
          group.map((t) => t.arn),
        );
      } catch (error) {
        const failure = { error: toReadError(error) };
        inventory.errors.push({
          operation: 'DescribeTrails',
          region: home,
          code: failure.error.code,
          message: failure.error.message,
        });
        for (const t of group) trails.push(unreadableTrail(t, failure));
        await Promise.all(statuses.values());
        return;
      }
      for (const t of group) {
        const found = described.get(t.arn);
        const status = await statuses.get(t.arn);
        if (!found) {
          trails.push(
            unreadableTrail(
              t,
              errorValue('TrailNotFoundException', 'DescribeTrails did not return this trail'),
            ),
          );
          continue;
        }
        const trail = mapTrail(found, t);
        if (status !== undefined) trail.isLogging = status;
        trails.push(trail);
      }
    }),
  );
  return trails.sort((a, b) => a.arn.localeCompare(b.arn));
}

function matchesTrail(trail: Trail | ListedTrail, changed: { arn: string | null; id: string }): boolean {
  return trail.arn === changed.arn || trail.arn === changed.id || trail.name === changed.id;
}

export async function collectScoped(
  clients: AccountClients,
  request: ScopeRequest,
): Promise<ScopedInventory> {
  const { account: id, region } = request;
  const inventory = emptyInventory(request.partition, new Date().toISOString());
  const [owned, trails] = await Promise.all([
    listBuckets(clients, region),
    request.trails ? readTrails(clients, region, inventory) : Promise.resolve(undefined),
  ]);
  const account: Account = {
    id,
    scanned: true,
    buckets: isErrorValue(owned) ? owned : owned.map((b) => b.name),
  };
  if (trails !== undefined) account.trails = isErrorValue(trails) ? trails : trails.map((t) => t.arn);
  inventory.accounts.push(account);
  const trailList = trails && !isErrorValue(trails) ? trails : [];
  inventory.trails = trailList;
  const ownedByName = new Map<string, OwnedBucket>(isErrorValue(owned) ? [] : owned.map((b) => [b.name, b]));

  const trailBuckets = new Set<string>();
  for (const t of trailList) if (!isErrorValue(t.bucket)) trailBuckets.add(t.bucket);
  const seeds = new Set(request.seeds);
  if (request.changedTrail) {
    const changed = request.changedTrail;
    for (const t of trailList) if (matchesTrail(t, changed) && !isErrorValue(t.bucket)) seeds.add(t.bucket);
    // A deleted trail whose configuration item names no bucket: which bucket it wrote to is unknown,
    // so every trail bucket is re-evaluated (its old bucket's result clears on the next scheduled run).
    if (seeds.size === 0) for (const name of trailBuckets) seeds.add(name);
  }

  const buckets = new Map<string, Promise<Bucket>>();
  const read = (name: string): Promise<Bucket> => {
    let pending = buckets.get(name);
    if (!pending) {
      pending = readOne(clients, id, name, ownedByName.get(name), region);
      buckets.set(name, pending);
    }
    return pending;
  };
  // Everything whose logging decides whether it depends on a seed (or is a seed).
  const candidates = new Set<string>([...seeds, ...trailBuckets]);
  if (request.allBuckets) for (const name of ownedByName.keys()) candidates.add(name);
  const read1 = await Promise.all([...candidates].map(read));
  const affected = read1.filter((b) => seeds.has(b.name) || seeds.has(targetOf(b) ?? '\u0000'));
  // Their targets: existence, Region and owner (read like any other bucket), then the health of the
  // ones in the same account and Region as an affected source.
  const targets = await Promise.all(
    [...new Set(affected.map(targetOf).filter((t): t is string => t !== undefined))].map(read),
  );
  const placed = new Map([...read1, ...targets].map((b) => [b.name, b]));
  const healthFor = targetsNeedingHealth(affected, (name) => {
    const b = placed.get(name);
    if (!b || b.account === null) return undefined;
    return { account: b.account, region: typeof b.region === 'string' ? b.region : undefined };
  });
  await Promise.all(
    [...healthFor].map(async (name) => {
      const target = placed.get(name);
      if (target?.exists !== true || typeof target.region !== 'string') return;
      Object.assign(target, await readTargetHealth(clients, name, target.region));
    }),
  );
  inventory.buckets = [...placed.values()].sort((a, b) => a.name.localeCompare(b.name));
  return { inventory, affected: [...new Set([...seeds, ...affected.map((b) => b.name)])].sort() };
}

/**
 * One bucket, as the collector reads it: a bucket the account owns by its logging configuration in its
 * Region (HeadBucket first when ListBuckets gave no Region); any other by a HeadBucket probe (404
 * missing, 403 another account's, 200 readable: then its logging too).
 */
async function readOne(
  clients: AccountClients,
  account: string,
  name: string,
  owned: OwnedBucket | undefined,
  startRegion: string,
): Promise<Bucket> {
  if (owned) {
    let region: Read<string> | undefined = owned.region;
    if (region === undefined) {
      const probe = await probeBucket(clients, name, startRegion);
      region = probe.region ?? probe.error ?? errorValue('Unknown', 'bucket Region not returned');
      if (probe.exists === false) return { name, account, region, exists: false };
    }
    const logging = await readLogging(clients, name, typeof region === 'string' ? region : startRegion);
    return { name, account, region, exists: !logging.missing, logging: logging.logging };
  }
  return readUnownedBucket(clients, name, startRegion);
}
