import { collect } from '../../collect.js';
import type { AwsSourceResult } from '../../sources/aws/index.js';
import { parseShard } from '../../sources/aws/shard.js';
import { inventoryChunks, writeSnapshot } from '../../sources/snapshot/write.js';
import { sanitize } from '../../util/sanitize.js';
import { addAwsOptions, awsOptionsFrom, stopProgress } from '../aws-options.js';
import { type CliIO, writeChunks } from '../io.js';
import type { Program } from '../options.js';

/** `trailguard collect [aws flags] [-o inventory.json]`: a live collection written as a snapshot. */
export function registerCollect(program: Program, io: CliIO): void {
  const collectCommand = program
    .command('collect')
    .description(
      'read live AWS and write the trailguard/inventory@1 snapshot (evaluate it later with scan --snapshot)',
    )
    .option('-o, --output <file>', 'write the snapshot to this file (default: stdout)')
    .option('-q, --quiet', 'no progress display')
    .option(
      '--config-aggregator <name>',
      'read the organization from this AWS Config aggregator instead of every account',
    )
    .option(
      '--shard <K/N>',
      'with --org: collect only shard K (from 0) of N, accounts assigned by a hash of their id; auto/N takes K from JOB_COMPLETION_INDEX or AWS_BATCH_JOB_ARRAY_INDEX (merge with scan --snapshot FILE…)',
    );
  addAwsOptions(collectCommand).action(async (flags) => {
    const options = awsOptionsFrom(flags, io);
    if (flags.shard !== undefined) options.shard = parseShard(flags.shard, io.env);
    let result: AwsSourceResult;
    try {
      result = await collect({
        ...options,
        ...(flags.configAggregator !== undefined ? { configAggregator: flags.configAggregator } : {}),
      });
    } finally {
      stopProgress(options);
    }
    const { inventory } = result;
    if (flags.output !== undefined) {
      await writeSnapshot(inventory, flags.output);
      if (flags.quiet !== true) {
        io.stderr(
          `trailguard: wrote ${sanitize(flags.output)}${options.shard ? ` (shard ${options.shard.index}/${options.shard.count})` : ''}: ${inventory.accounts.length} accounts, ${inventory.trails.length} trails, ${inventory.buckets.length} buckets, ${inventory.errors.length} errors (${result.stats.calls} API calls)\n`,
        );
      }
    } else {
      await writeChunks(io, inventoryChunks(inventory));
    }
    io.exitCode = 0;
  });
}
