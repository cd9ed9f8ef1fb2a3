/** Lookups both rules need, built once per evaluation (pure: derived from the inventory only). */
import type { Account, Bucket, Inventory } from '../../inventory/model.js';
import { isErrorValue } from '../../inventory/read.js';

export interface LogSource {
  source: string;
  prefix: string;
  partitioned: boolean;
}

export interface InventoryIndex {
  inventory: Inventory;
  buckets: Map<string, Bucket>;
  accounts: Map<string, Account>;
  /** Target bucket name → the buckets whose logging configuration names it. */
  logSources: Map<string, LogSource[]>;
}

export function buildIndex(inventory: Inventory): InventoryIndex {
  const buckets = new Map<string, Bucket>();
  for (const bucket of inventory.buckets) if (!buckets.has(bucket.name)) buckets.set(bucket.name, bucket);
  const accounts = new Map(inventory.accounts.map((account) => [account.id, account] as const));
  const logSources = new Map<string, LogSource[]>();
  for (const bucket of buckets.values()) {
    const logging = bucket.logging;
    if (!logging || isErrorValue(logging) || isErrorValue(logging.targetBucket)) continue;
    const list = logSources.get(logging.targetBucket) ?? [];
    list.push({
      source: bucket.name,
      prefix: logging.targetPrefix,
      partitioned: logging.partitioned === true,
    });
    logSources.set(logging.targetBucket, list);
  }
  return { inventory, buckets, accounts, logSources };
}

export function isScanned(index: InventoryIndex, accountId: string | null): boolean {
  return accountId !== null && index.accounts.get(accountId)?.scanned === true;
}

/**
 * Names the account owns, when known completely: its ListBuckets list, or — when the list was not
 * recorded (hand-written snapshots) — null, because an absent list says nothing about completeness.
 */
export function completeBucketList(index: InventoryIndex, accountId: string | null): Set<string> | null {
  if (accountId === null) return null;
  const list = index.accounts.get(accountId)?.buckets;
  if (list === undefined || isErrorValue(list)) return null;
  return new Set(list);
}

/**
 * True when this source and at least one other source write un-partitioned keys with an empty prefix into
 * the same target: their log objects cannot be told apart (S3 API Reference, LoggingEnabled.TargetPrefix).
 * Date-partitioned keys contain the source bucket name, so they stay distinct.
 */
export function sharesTargetWithoutPrefix(index: InventoryIndex, target: string, source: string): boolean {
  const unprefixed = (index.logSources.get(target) ?? []).filter((s) => s.prefix === '' && !s.partitioned);
  return unprefixed.length >= 2 && unprefixed.some((s) => s.source === source);
}
