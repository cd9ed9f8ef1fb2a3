/**
 * The collector's state for one live scan: per-account collection (phase 1, accounts concurrently)
 * and the completion of everything the rules need that no single account could decide (phase 2).
 * The plan it follows is written down in plan.ts. Only the Inventory and a few names per bucket are
 * kept; SDK clients of an account are released when its phase 1 ends.
 */

import { toReadError } from '../../aws/errors.js';
import { mapTrail, unreadableTrail } from '../../aws/map.js';
import type { Account, Bucket, Inventory, Trail } from '../../inventory/model.js';
import { type ErrorValue, errorValue, isErrorValue, type Read } from '../../inventory/read.js';
import {
  listBuckets,
  type OwnedBucket,
  probeBucket,
  readLogging,
  readTargetHealth,
  readUnownedBucket,
} from './buckets.js';
import type { AccountClients } from './clients.js';
import { enabledRegions } from './discovery.js';
import { accountOfArn } from './partition.js';
import { groupByHomeRegion, targetsNeedingHealth, trailReader, unreadReferences } from './plan.js';
import { describeTrails, type ListedTrail, listTrails, trailStatus } from './trails.js';
import { markUnlistedTargets } from './unlisted-targets.js';

export interface CollectorContext {
  inventory: Inventory;
  /** Region of ListTrails, ListBuckets, DescribeRegions (fallback) and of probes of unplaced buckets. */
  startRegion: string;
  /** --regions, when given. */
  regionFilter?: readonly string[];
}

/** Phase 2 repeats while reading buckets reveals new references (a read target names another target). */
const MAX_REFERENCE_ROUNDS = 3;

export class Collector {
  private readonly owners = new Map<string, { account: string; region?: string }>();
  private readonly buckets = new Map<string, Bucket>();
  private readonly trails = new Map<string, Trail>();
  private readonly trailReaders = new Map<string, string>();
  private readonly listers = new Map<string, { account: string; listed: ListedTrail }>();
  private readonly clientsByAccount = new Map<string, AccountClients>();
  /** Accounts whose phase 1 ran (their own trails are read by them). */
  private readonly collected = new Set<string>();
  /** Targets whose health was read (or is being read): once per distinct target. */
  private readonly healthRead = new Set<string>();

  constructor(private readonly ctx: CollectorContext) {}

  /** An account that could not be scanned (AssumeRole failed…): the rule says TRAILS_UNREADABLE. */
  addUnscanned(id: string, name: string | null, accessError: ErrorValue): void {
    this.ctx.inventory.accounts.push({
      id,
      ...(name ? { name } : {}),
      scanned: false,
      accessError: accessError.error,
    });
  }

  /**
   * Phase 1: everything one account can read by itself. ListTrails, ListBuckets and ListRegions start
   * at once, before the account id is known when it is given as a promise (the caller's own account:
   * GetCallerIdentity runs alongside, it feeds none of these calls). Trail reads start as soon as
   * ListTrails answers; each ListBuckets page's bucket reads start as soon as that page and the
   * Region list are in, without waiting for the next page or for the trail side.
   */
  async collectAccount(
    accountId: string | Promise<string>,
    name: string | null,
    clients: AccountClients,
  ): Promise<void> {
    const idReady = Promise.resolve(accountId);
    const { startRegion } = this.ctx;
    const listedTrails = listTrails(clients, startRegion);
    const regions = enabledRegions(clients, startRegion, this.ctx.inventory.partition);
    const scanned = regions.then(({ regions: enabled }) => this.scannedRegions(enabled));
    const reads = new Map<string, Promise<Bucket | undefined>>();
    const pageWork: Promise<void>[] = [];
    let listingDone = () => {};
    const listed = new Promise<void>((resolve) => {
      listingDone = resolve;
    });
    const owned = listBuckets(clients, startRegion, (page) => {
      pageWork.push(idReady.then((id) => this.readBucketPage(id, clients, page, reads, scanned, listed)));
    });
    let id: string;
    try {
      id = await idReady;
    } catch (error) {
      // No account id (the caller's identity failed): let the started reads settle, then fail.
      listingDone();
      await Promise.allSettled([listedTrails, regions, owned, ...pageWork]);
      throw error;
    }
    this.clientsByAccount.set(id, clients);
    this.collected.add(id);
    const account: Account = { id, ...(name ? { name } : {}), scanned: true };
    this.ctx.inventory.accounts.push(account);
    const trails = listedTrails.then(async (listedList) => {
      account.trails = isErrorValue(listedList) ? listedList : listedList.map((t) => t.arn);
      if (!isErrorValue(listedList)) await this.readListedTrails(id, clients, listedList);
    });
    const buckets = Promise.all([regions, owned]).then(async ([{ operation, regions: enabled }, list]) => {
      if (isErrorValue(enabled)) this.addError(operation, id, startRegion, enabled);
      account.buckets = isErrorValue(list) ? list : list.map((b) => b.name);
      listingDone();
      // Every page's work was queued as the page arrived (before the listing resolved).
      await Promise.all(pageWork);
    });
    await Promise.all([trails, buckets]);
    clients.release();
  }

  /**
   * One ListBuckets page: its buckets are the account's (owners), each one's logging is read in its
   * Region, and a log target's health is read as soon as one of its same-Region sources and the
   * target itself have been read — a target on a later page is waited for until the listing ends.
   */
  private async readBucketPage(
    id: string,
    clients: AccountClients,
    page: OwnedBucket[],
    reads: Map<string, Promise<Bucket | undefined>>,
    scanned: Promise<Set<string> | null>,
    listed: Promise<void>,
  ): Promise<void> {
    for (const b of page) this.owners.set(b.name, { account: id, ...(b.region ? { region: b.region } : {}) });
    const started = page.map((b) => {
      const read = scanned.then((regions) => this.readBucket(id, clients, b.name, b.region, regions));
      reads.set(b.name, read);
      return read;
    });
    await Promise.all(
      started.map(async (read) => {
        const source = await read;
        const target = source && targetOf(source);
        if (!source || target === undefined) return;
        // The target's own read gives its Region when ListBuckets did not, and whether it exists.
        if (!reads.has(target)) await listed;
        await reads.get(target);
        // readHealth reads each target once, however many sources reach this point.
        for (const targetName of this.healthTargets([source], id)) await this.readHealth(clients, targetName);
      }),
    );
  }

  private scannedRegions(enabled: Read<string[]>): Set<string> | null {
    const filter = this.ctx.regionFilter;
    if (isErrorValue(enabled)) return filter ? new Set(filter) : null;
    return new Set(filter ? enabled.filter((r) => filter.includes(r)) : enabled);
  }

  /**
   * The trails this account owns (or whose owner the ARN does not tell). A trail another account owns
   * (an organization trail seen by a member) is left to its owner, which lists it too when it is in
   * the scan; phase 2 reads the ones no owner read, through the first account that listed them. So
   * an account never waits for the whole list of accounts to know who reads what.
   */
  private async readListedTrails(id: string, clients: AccountClients, listed: ListedTrail[]): Promise<void> {
    const mine: ListedTrail[] = [];
    for (const trail of listed) {
      if (!this.listers.has(trail.arn)) this.listers.set(trail.arn, { account: id, listed: trail });
      const owner = accountOfArn(trail.arn);
      if ((owner !== null && owner !== id) || this.trailReaders.has(trail.arn)) continue;
      this.trailReaders.set(trail.arn, id);
      mine.push(trail);
    }
    await this.describeAndStatus(id, clients, mine);
  }

  /**
   * DescribeTrails (per home Region, by ARN) and GetTrailStatus (per trail: it needs only the ARN and
   * home Region that ListTrails gave) run at the same time. A status read for a trail that could not
   * be described is dropped with it.
   */
  private async describeAndStatus(id: string, clients: AccountClients, trails: ListedTrail[]): Promise<void> {
    await Promise.all(
      [...groupByHomeRegion(trails)].map(async ([region, group]) => {
        const statuses = new Map(group.map((t) => [t.arn, trailStatus(clients, region, t.arn)]));
        let described: Map<string, import('@aws-sdk/client-cloudtrail').Trail>;
        try {
          described = await describeTrails(
            clients,
            region,
            group.map((t) => t.arn),
          );
        } catch (error) {
          const failure = { error: toReadError(error) };
          this.addError('DescribeTrails', id, region, failure);
          for (const listed of group) this.trails.set(listed.arn, unreadableTrail(listed, failure));
          await Promise.all(statuses.values());
          return;
        }
        await Promise.all(
          group.map(async (listed) => {
            const found = described.get(listed.arn);
            const status = statuses.get(listed.arn) as Promise<Read<boolean>>;
            if (!found) {
              await status;
              this.trails.set(
                listed.arn,
                unreadableTrail(
                  listed,
                  errorValue('TrailNotFoundException', 'DescribeTrails did not return this trail'),
                ),
              );
              return;
            }
            const trail = mapTrail(found, listed);
            trail.isLogging = await status;
            this.trails.set(trail.arn, trail);
          }),
        );
      }),
    );
  }

  /** Reads one owned bucket's placement and logging; undefined when its Region is not scanned. */
  private async readBucket(
    id: string,
    clients: AccountClients,
    name: string,
    listedRegion: string | undefined,
    scanned: Set<string> | null,
  ): Promise<Bucket | undefined> {
    let region: Read<string> | undefined = listedRegion;
    if (region === undefined) {
      // ListBuckets did not return BucketRegion: one HeadBucket gives it (AWS-WIRE-NOTES 2.4, 2.7).
      const probe = await probeBucket(clients, name, this.ctx.startRegion);
      region = probe.region ?? probe.error ?? errorValue('Unknown', 'bucket Region not returned');
      if (probe.exists === false) {
        const bucket: Bucket = { name, account: id, region, exists: false };
        this.buckets.set(name, bucket);
        return bucket;
      }
      const owner = this.owners.get(name);
      if (owner && typeof region === 'string') owner.region = region;
    }
    if (scanned && typeof region === 'string' && !scanned.has(region)) return undefined;
    const logging = await readLogging(
      clients,
      name,
      typeof region === 'string' ? region : this.ctx.startRegion,
    );
    const bucket: Bucket = { name, account: id, region, exists: !logging.missing, logging: logging.logging };
    this.buckets.set(name, bucket);
    return bucket;
  }

  /** Targets of `sources` that are in `account` and in a source's Region (their health decides delivery). */
  private healthTargets(sources: Bucket[], account: string): Set<string> {
    return targetsNeedingHealth(sources, (name) => {
      const owner = this.owners.get(name);
      if (!owner || owner.account !== account) return undefined;
      const region = this.buckets.get(name)?.region;
      return { account: owner.account, region: typeof region === 'string' ? region : owner.region };
    });
  }

  /** The six health reads of a target that exists, once per scan. */
  private async readHealth(clients: AccountClients, name: string): Promise<void> {
    const target = this.buckets.get(name);
    if (target?.exists !== true || this.healthRead.has(name) || typeof target.region !== 'string') return;
    this.healthRead.add(name);
    Object.assign(target, await readTargetHealth(clients, name, target.region));
  }

  /** Target-health reads for the targets of `sources` that are in `account` and in a source's Region. */
  private async readHealthFor(clients: AccountClients, sources: Bucket[], account: string): Promise<void> {
    await Promise.all(
      [...this.healthTargets(sources, account)].map((name) => this.readHealth(clients, name)),
    );
  }

  /** Phase 2: trails no scanned owner read, and referenced buckets no scanned account owns. */
  async complete(fallbackClients: AccountClients): Promise<void> {
    const unread = [...this.listers.values()].filter(({ listed }) => !this.trails.has(listed.arn));
    const byReader = new Map<string, ListedTrail[]>();
    for (const { account: lister, listed } of unread) {
      // Not read by its owner: the owner is outside the scan or could not be scanned.
      const account = trailReader(accountOfArn(listed.arn), lister, this.collected);
      this.trailReaders.set(listed.arn, account);
      byReader.set(account, [...(byReader.get(account) ?? []), listed]);
    }
    await Promise.all(
      [...byReader].map(([account, list]) =>
        this.describeAndStatus(account, this.clientsFor(account, fallbackClients), list),
      ),
    );

    for (let round = 0; round < MAX_REFERENCE_ROUNDS; round++) {
      const refs = unreadReferences(
        this.trails.values(),
        this.buckets.values(),
        (name) => this.buckets.has(name),
        (trail) => this.trailReaders.get(trail.arn),
      );
      if (refs.size === 0) break;
      await Promise.all(
        [...refs].map(([name, referrer]) => this.readReference(name, referrer, fallbackClients)),
      );
    }
    // A target no scanned account listed, while one's listing failed: its facts failed, not out of scope.
    markUnlistedTargets(this.ctx.inventory.accounts, this.buckets.values());
  }

  private async readReference(
    name: string,
    referrer: string | undefined,
    fallback: AccountClients,
  ): Promise<void> {
    const owner = this.owners.get(name);
    if (owner) {
      // Owned by a scanned account but outside the scanned Regions: read it there all the same.
      const clients = this.clientsFor(owner.account, fallback);
      const bucket = await this.readBucket(owner.account, clients, name, owner.region, null);
      if (!bucket || typeof bucket.region !== 'string') return;
      const sources = [...this.buckets.values()].filter(
        (b) => b.account === owner.account && targetOf(b) === name,
      );
      await this.readHealthFor(clients, sources, owner.account);
      return;
    }
    const clients = referrer ? this.clientsFor(referrer, fallback) : fallback;
    // A 403 there is BUCKET_NOT_IN_SCOPE upstream: the error stands on its logging field.
    this.buckets.set(name, await readUnownedBucket(clients, name, this.ctx.startRegion));
  }

  private clientsFor(account: string, fallback: AccountClients): AccountClients {
    return this.clientsByAccount.get(account) ?? fallback;
  }

  private addError(operation: string, account: string, region: string, failure: ErrorValue): void {
    this.ctx.inventory.errors.push({
      operation,
      account,
      region,
      code: failure.error.code,
      message: failure.error.message,
    });
  }

  /** Writes trails and buckets into the inventory in a stable order (snapshots diff cleanly). */
  finish(): Inventory {
    const inventory = this.ctx.inventory;
    inventory.accounts.sort((a, b) => a.id.localeCompare(b.id));
    inventory.trails = [...this.trails.values()].sort((a, b) => a.arn.localeCompare(b.arn));
    inventory.buckets = [...this.buckets.values()].sort((a, b) => a.name.localeCompare(b.name));
    inventory.errors.sort(
      (a, b) =>
        (a.account ?? '').localeCompare(b.account ?? '') ||
        a.operation.localeCompare(b.operation) ||
        (a.region ?? '').localeCompare(b.region ?? ''),
    );
    return inventory;
  }
}

function targetOf(bucket: Bucket): string | undefined {
  const logging = bucket.logging;
  if (!logging || isErrorValue(logging) || isErrorValue(logging.targetBucket)) return undefined;
  return logging.targetBucket;
}
