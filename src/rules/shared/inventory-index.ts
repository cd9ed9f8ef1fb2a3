/**
 * Lookups both rules need, built once per evaluation (pure: derived from the inventory only), so that
 * every per-bucket question is a map lookup and an evaluation stays linear in the inventory's size.
 *
 * Bucket identity. Live and snapshot buckets are unique by name (names are global per partition), so the
 * first record of a name stands for it. IaC buckets (with a `location`) are declarations: the same literal
 * name can be declared several times (a module instantiated three times, two CloudFormation stacks), and
 * each declaration is evaluated and reported on its own. A link by name (trail → bucket, logging → target)
 * resolves to every declaration of that name, narrowed to the ones in the referrer's own module instance,
 * else its own file, when there are any (see `resolveByName`).
 */
import type {
  Account,
  Bucket,
  Inventory,
  InventoryError,
  PolicyDocument,
  SourceLocation,
} from '../../inventory/model.js';
import { isErrorValue, type Read, type ReadError } from '../../inventory/read.js';
import type { PreparedPolicy } from './delivery-policy.js';

/** One bucket that logs into a target (the evidence shape of IS_LOG_DESTINATION). */
export interface LogSource {
  source: string;
  /** An error value when an IaC expression cannot be resolved. */
  prefix: Read<string>;
  partitioned: boolean;
}

interface SourceLink {
  bucket: Bucket;
  info: LogSource;
}

export interface InventoryIndex {
  inventory: Inventory;
  /** Every bucket the rules evaluate, in inventory order: each IaC declaration, one record per other name. */
  buckets: Bucket[];
  /** Those buckets by name (several only for IaC declarations sharing a name). */
  byName: Map<string, Bucket[]>;
  accounts: Map<string, Account>;
  /** Target (a bucket, or a name absent from the inventory) → the buckets whose logging names it. */
  logSources: Map<Bucket | string, SourceLink[]>;
  /** Sources that share a target with another source, both without prefix and partitioning. */
  unprefixedSharers: Set<Bucket>;
  /** Per account: the buckets the inventory attributes to it (exists ≠ false), and its trail count. */
  ownedBucketCount: Map<string, number>;
  trailCount: Map<string, number>;
  /**
   * Per account: the `inventory.errors` entries saying a listing failed (ListTrails/DescribeTrails/
   * GetTrailStatus for trails, ListBuckets for buckets). A snapshot written by another tool may record a
   * failed listing only there (DESIGN 3), so rules read both these and the account's own fields.
   */
  listingErrors: Map<string, { trails: InventoryError[]; buckets: InventoryError[] }>;
  /** Memos filled on demand during the evaluation. */
  completeLists: Map<string, Set<string> | null>;
  resolved: Map<string, Bucket[]>;
  policies: Map<PolicyDocument, PreparedPolicy>;
}

export function buildIndex(inventory: Inventory): InventoryIndex {
  const buckets: Bucket[] = [];
  const byName = new Map<string, Bucket[]>();
  for (const bucket of inventory.buckets) {
    const same = byName.get(bucket.name);
    if (same === undefined) byName.set(bucket.name, [bucket]);
    else if (bucket.location !== undefined) same.push(bucket);
    else continue; // a repeated live/snapshot record of a name already indexed
    buckets.push(bucket);
  }
  const index: InventoryIndex = {
    inventory,
    buckets,
    byName,
    accounts: new Map(inventory.accounts.map((account) => [account.id, account] as const)),
    logSources: new Map(),
    unprefixedSharers: new Set(),
    ownedBucketCount: new Map(),
    trailCount: new Map(),
    listingErrors: new Map(),
    completeLists: new Map(),
    resolved: new Map(),
    policies: new Map(),
  };
  for (const bucket of buckets) {
    const logging = bucket.logging;
    if (!logging || isErrorValue(logging) || isErrorValue(logging.targetBucket)) continue;
    const info = {
      source: bucket.name,
      prefix: logging.targetPrefix,
      partitioned: logging.partitioned === true,
    };
    for (const target of targetsOf(index, bucket, logging.targetBucket)) {
      const list = index.logSources.get(target);
      if (list) list.push({ bucket, info });
      else index.logSources.set(target, [{ bucket, info }]);
    }
  }
  for (const list of index.logSources.values()) {
    // An unknown prefix (IaC) is not known to be empty: it never makes a NO_TARGET_PREFIX warning.
    const unprefixed = list.filter((s) => s.info.prefix === '' && !s.info.partitioned);
    if (unprefixed.length >= 2) for (const s of unprefixed) index.unprefixedSharers.add(s.bucket);
  }
  for (const bucket of inventory.buckets) {
    if (bucket.account === null || bucket.exists === false) continue;
    index.ownedBucketCount.set(bucket.account, (index.ownedBucketCount.get(bucket.account) ?? 0) + 1);
  }
  for (const trail of inventory.trails) {
    if (trail.account === null) continue;
    index.trailCount.set(trail.account, (index.trailCount.get(trail.account) ?? 0) + 1);
  }
  for (const error of inventory.errors) {
    const listing = TRAIL_LISTINGS.has(error.operation)
      ? 'trails'
      : error.operation === 'ListBuckets'
        ? 'buckets'
        : null;
    if (listing === null || !error.account) continue;
    let entry = index.listingErrors.get(error.account);
    if (!entry) {
      entry = { trails: [], buckets: [] };
      index.listingErrors.set(error.account, entry);
    }
    entry[listing].push(error);
  }
  return index;
}

const TRAIL_LISTINGS = new Set(['ListTrails', 'DescribeTrails', 'GetTrailStatus']);

/** The failed listings of an account recorded in `inventory.errors` (see `listingErrors`). */
export function listingErrorsOf(
  index: InventoryIndex,
  accountId: string | null,
  listing: 'trails' | 'buckets',
) {
  return accountId === null ? [] : (index.listingErrors.get(accountId)?.[listing] ?? []);
}

/** The buckets a source's logging configuration writes into: itself when it names itself, else by name. */
export function targetsOf(index: InventoryIndex, source: Bucket, targetName: string): Array<Bucket | string> {
  if (targetName === source.name) return [source];
  const found = resolveByName(index, targetName, source.location);
  return found.length > 0 ? found : [targetName];
}

/**
 * The buckets a reference by name from `from` (a trail's or a bucket's declaration) can mean. Several IaC
 * declarations of one name are narrowed to those in the referrer's module instance (Terraform
 * `module.a["x"].`; a CloudFormation template is one scope), else to those in its file; when neither
 * narrows, all of them are meant. Without duplicates, or from a live resource, the name alone decides.
 */
export function resolveByName(index: InventoryIndex, name: string, from?: SourceLocation): Bucket[] {
  const all = index.byName.get(name) ?? [];
  if (all.length <= 1 || from === undefined) return all;
  const scope = scopeOf(from);
  const key = `${name}\u0000${from.file}\u0000${scope}`;
  const memo = index.resolved.get(key);
  if (memo) return memo;
  const sameScope = all.filter((b) => b.location?.file === from.file && scopeOf(b.location) === scope);
  const sameFile = all.filter((b) => b.location?.file === from.file);
  const chosen = sameScope.length > 0 ? sameScope : sameFile.length > 0 ? sameFile : all;
  index.resolved.set(key, chosen);
  return chosen;
}

/**
 * The module instance of a Terraform address: the leading `module.NAME` / `module.NAME[KEY]` steps
 * (`module.a.module.b[0].aws_s3_bucket.x` → `module.a.module.b[0]`); "" for the root module and for
 * CloudFormation logical ids.
 */
export function scopeOf(location: SourceLocation): string {
  const match = /^(?:module\.[^.[\]]+(?:\[(?:"(?:[^"\\]|\\.)*"|[^\]]*)\])?\.)*/.exec(location.address);
  return match ? match[0] : '';
}

export function isScanned(index: InventoryIndex, accountId: string | null): boolean {
  return accountId !== null && index.accounts.get(accountId)?.scanned === true;
}

/**
 * Names the account owns, when known completely: its ListBuckets list, or — when the list was not
 * recorded (hand-written snapshots) or a ListBuckets error is recorded for the account — null, because
 * then the list says nothing about completeness.
 */
export function completeBucketList(index: InventoryIndex, accountId: string | null): Set<string> | null {
  if (accountId === null) return null;
  const memo = index.completeLists.get(accountId);
  if (memo !== undefined) return memo;
  const list = index.accounts.get(accountId)?.buckets;
  const failed = listingErrorsOf(index, accountId, 'buckets').length > 0;
  const set = list === undefined || isErrorValue(list) || failed ? null : new Set(list);
  index.completeLists.set(accountId, set);
  return set;
}

/**
 * True when this source and at least one other source write un-partitioned keys with an empty prefix into
 * the same target: their log objects cannot be told apart (S3 API Reference, LoggingEnabled.TargetPrefix).
 * Date-partitioned keys contain the source bucket name, so they stay distinct.
 */
export function sharesTargetWithoutPrefix(index: InventoryIndex, source: Bucket): boolean {
  return index.unprefixedSharers.has(source);
}

/** The buckets that log into `target` (itself excluded): what makes it a log destination. */
export function sourcesLoggingInto(index: InventoryIndex, target: Bucket): SourceLink[] {
  return (index.logSources.get(target) ?? []).filter((s) => s.bucket !== target);
}

/**
 * Why the account's bucket list is unknown because reading it failed (its ListBuckets error value, or a
 * ListBuckets error recorded in `inventory.errors`); null when it was read or simply not recorded.
 */
export function bucketListFailure(index: InventoryIndex, accountId: string | null): ReadError | null {
  if (accountId === null) return null;
  const account = index.accounts.get(accountId);
  if (account?.buckets !== undefined && isErrorValue(account.buckets)) return account.buckets.error;
  const recorded = listingErrorsOf(index, accountId, 'buckets')[0];
  return recorded ? { code: recorded.code, message: recorded.message } : null;
}
