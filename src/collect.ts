/**
 * The library's collection entry point: live AWS (one account, an organization, or one shard of it) or
 * an AWS Config aggregator → Inventory, with the collector's call counts. `trailguard collect` is this
 * function plus flag parsing and writing the snapshot (src/cli/commands/collect.ts).
 */
import { InputError, UsageError } from './errors.js';
import type { AwsSourceResult } from './sources/aws/index.js';
import type { AwsOptions } from './sources/aws/options.js';
import { inputsReadOf, nothingReadReason } from './sources/inputs-read.js';

export interface CollectOptions extends AwsOptions {
  /** Read the organization from this AWS Config aggregator instead of every account (`--config-aggregator`). */
  configAggregator?: string;
}

/**
 * Collects the inventory. A collection that read nothing (no account could be read, an aggregator with
 * no bucket or trail) throws InputError (`sources/inputs-read.ts`) rather than returning an inventory a
 * later scan would fail on; a shard no account hashed to is a valid, empty part of the whole.
 */
export async function collect(options: CollectOptions): Promise<AwsSourceResult> {
  const { configAggregator, ...aws } = options;
  if (aws.shard) {
    if (!aws.org) throw new UsageError('--shard splits an organization scan: add --org');
    if (configAggregator !== undefined)
      throw new UsageError(
        '--shard splits the live collection; --config-aggregator reads one aggregator: use one',
      );
  }
  // Each source is imported when used (start-up cost: docs/notes/performance.md).
  let result: AwsSourceResult;
  if (configAggregator !== undefined) {
    const { collectFromAggregator } = await import('./sources/config-aggregator/index.js');
    result = await collectFromAggregator({ ...aws, aggregator: configAggregator });
  } else {
    const { collectAws } = await import('./sources/aws/index.js');
    result = await collectAws(aws);
  }
  const emptyShard = aws.shard !== undefined && result.inventory.accounts.length === 0;
  if (!emptyShard && inputsReadOf(result) === 0) throw new InputError(nothingReadReason(result));
  return result;
}
