/**
 * `scan --snapshot a.json b.json …`: several snapshots of one organization merged into the inventory a
 * single collection would have written. Made for the shards of `collect --shard K/N`
 * (sources/aws/shard.ts): the set must then be complete (every K of the same N once), or the merge
 * refuses with one line (a missing shard would silently drop its accounts' findings).
 *
 * A shard reads its own accounts in full and, like any scan, what they reference outside it: an
 * organization trail whose owner is in another shard is read through a member that lists it, and a
 * bucket no account of the shard owns (the log-archive account's, in another shard) is probed with
 * HeadBucket (out of scope there). The merge keeps, for each trail, the copy read by the shard that
 * scanned the trail's owner, and for each bucket the copy of the shard whose account listed it — the
 * reads a single collection makes — and the out-of-scope probes only for buckets no shard owns.
 */

import { accountOfArn } from '../../aws/partition.js';
import { InputError } from '../../errors.js';
import type { Bucket, Inventory, InventoryError, Trail } from '../../inventory/model.js';
import { markUnlistedTargets } from '../aws/unlisted-targets.js';
import type { SourceResult } from '../types.js';

export interface NamedInventory {
  file: string;
  inventory: Inventory;
}

/**
 * The source result of `scan --snapshot` with several files. A snapshot over the size budget was not
 * read (readSnapshot gives its BUDGET_EXCEEDED error instead of an inventory): its error is kept, so
 * the report has the UNDETERMINED finding, and the shard set is not required to be complete.
 */
export function mergeSnapshotResults(files: string[], results: SourceResult[]): SourceResult {
  const parts: NamedInventory[] = [];
  const unread: InventoryError[] = [];
  results.forEach((result, i) => {
    // Read snapshots carry their partition; a budget-exceeded one is only its error.
    if (result.source.partition === undefined) unread.push(...result.inventory.errors);
    else parts.push({ file: files[i] as string, inventory: result.inventory });
  });
  if (parts.length === 0) {
    const [first] = results;
    if (!first) throw new Error('mergeSnapshotResults: nothing to merge');
    return {
      ...first,
      inventory: { ...first.inventory, errors: unread },
      source: { kind: 'snapshot', paths: files },
    };
  }
  const inventory = mergeShardInventories(parts, unread.length === 0);
  inventory.errors.push(...unread);
  return {
    inventory,
    source: {
      kind: 'snapshot',
      paths: files,
      partition: inventory.partition,
      accounts: inventory.accounts.map((a) => a.id),
      collectedAt: inventory.collectedAt,
    },
  };
}

export function mergeShardInventories(parts: NamedInventory[], requireEveryShard = true): Inventory {
  const [first] = parts;
  if (!first) throw new Error('mergeShardInventories: nothing to merge');
  checkShards(parts, requireEveryShard);
  for (const part of parts) {
    if (part.inventory.partition !== first.inventory.partition)
      throw new InputError(
        `snapshot ${part.file}: partition ${part.inventory.partition} differs from ${first.file} (${first.inventory.partition}): not the same organization`,
      );
  }
  // Shard order (then argument order): the merge does not depend on how the files were listed.
  const ordered = [...parts].sort(
    (a, b) => (a.inventory.shard?.index ?? 0) - (b.inventory.shard?.index ?? 0),
  );

  const accounts = new Map<string, { file: string; account: Inventory['accounts'][number] }>();
  const scannedBy = new Map<string, Inventory>();
  for (const { file, inventory } of ordered) {
    for (const account of inventory.accounts) {
      const seen = accounts.get(account.id);
      if (seen)
        throw new InputError(
          `snapshots ${seen.file} and ${file} both hold account ${account.id}: not shards of one collection`,
        );
      accounts.set(account.id, { file, account });
      if (account.scanned) scannedBy.set(account.id, inventory);
    }
  }

  const trails = new Map<string, { trail: Trail; fromOwner: boolean }>();
  for (const { inventory } of ordered) {
    for (const trail of inventory.trails) {
      const owner = accountOfArn(trail.arn);
      // The owner's shard read it as a single collection would; otherwise the first copy.
      const fromOwner = owner !== null && scannedBy.get(owner) === inventory;
      const seen = trails.get(trail.arn);
      if (!seen || (fromOwner && !seen.fromOwner)) trails.set(trail.arn, { trail, fromOwner });
    }
  }

  const buckets = new Map<string, Bucket>();
  for (const { inventory } of ordered) {
    for (const bucket of inventory.buckets) {
      const seen = buckets.get(bucket.name);
      // A copy whose account listed the bucket wins over an out-of-scope probe from another shard.
      if (!seen || (seen.account === null && bucket.account !== null)) buckets.set(bucket.name, bucket);
    }
  }

  const errors = new Map<string, InventoryError>();
  for (const { inventory } of ordered)
    for (const error of inventory.errors) errors.set(JSON.stringify(error), error);

  const merged: Inventory = {
    schema: first.inventory.schema,
    partition: first.inventory.partition,
    // When the collection began: the earliest shard's start.
    collectedAt: ordered.map((p) => p.inventory.collectedAt).sort()[0] as string,
    accounts: [...accounts.values()].map((a) => a.account).sort((a, b) => a.id.localeCompare(b.id)),
    trails: [...trails.values()].map((t) => t.trail).sort((a, b) => a.arn.localeCompare(b.arn)),
    buckets: [...buckets.values()].sort((a, b) => a.name.localeCompare(b.name)),
    errors: [...errors.values()].sort(
      (a, b) =>
        (a.account ?? '').localeCompare(b.account ?? '') ||
        a.operation.localeCompare(b.operation) ||
        (a.region ?? '').localeCompare(b.region ?? ''),
    ),
  };
  // An unlisted target is "unknown" rather than "out of scope" when ANY account's listing failed:
  // decided again over every shard's accounts (each shard saw only its own).
  markUnlistedTargets(merged.accounts, merged.buckets);
  return merged;
}

/** All sharded or none; when sharded: one N, every K from 0 to N-1 exactly once. */
function checkShards(parts: NamedInventory[], requireEveryShard: boolean): void {
  const sharded = parts.filter((p) => p.inventory.shard);
  if (sharded.length === 0) return;
  const plain = parts.find((p) => !p.inventory.shard);
  if (plain)
    throw new InputError(
      `snapshot ${plain.file} is not a shard (no collect --shard) but ${sharded[0]?.file} is: merge shards of one collection only`,
    );
  const count = sharded[0]?.inventory.shard?.count as number;
  const byIndex = new Map<number, string>();
  for (const { file, inventory } of sharded) {
    const shard = inventory.shard as { index: number; count: number };
    if (shard.count !== count)
      throw new InputError(
        `snapshot ${file} is shard ${shard.index}/${shard.count}, ${sharded[0]?.file} is of ${count} shards: not one collection`,
      );
    const other = byIndex.get(shard.index);
    if (other !== undefined)
      throw new InputError(`snapshots ${other} and ${file} are both shard ${shard.index}/${count}`);
    byIndex.set(shard.index, file);
  }
  const missing: number[] = [];
  if (!requireEveryShard) return;
  for (let k = 0; k < count; k++) if (!byIndex.has(k)) missing.push(k);
  if (missing.length > 0) {
    const shown = missing.slice(0, 10).map((k) => `${k}/${count}`);
    throw new InputError(
      `missing shard${missing.length > 1 ? 's' : ''} ${shown.join(', ')}${missing.length > 10 ? ` and ${missing.length - 10} more` : ''}: give every shard's snapshot (their accounts would be missing from the report)`,
    );
  }
}
