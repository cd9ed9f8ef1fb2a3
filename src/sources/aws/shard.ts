/**
 * Sharded live collection (`trailguard collect --shard K/N`): N processes each read the accounts of
 * one shard and write a snapshot; `scan --snapshot s0.json … sN-1.json` merges them into the report
 * of one whole scan (src/sources/snapshot/merge-shards.ts).
 *
 * Assignment: an account belongs to shard `parseInt(first 8 hex digits of sha256(account id), 16) mod N`
 * (K counts from 0, like JOB_COMPLETION_INDEX and AWS_BATCH_JOB_ARRAY_INDEX). A hash rather than the
 * id itself so that accounts created in runs (consecutive ids) still spread evenly; stable across
 * runs, machines and trailguard versions, and reproducible with `printf %s ID | sha256sum`.
 */
import { createHash } from 'node:crypto';
import { UsageError } from '../../errors.js';

export interface Shard {
  /** 0 … count-1. */
  index: number;
  count: number;
}

/** Shards a collection may be split into (a larger fan-out is a mistake, not a plan). */
export const MAX_SHARDS = 10_000;

/** Environment variables that name this process's shard for `--shard auto/N`, first found wins. */
export const SHARD_INDEX_VARIABLES = ['JOB_COMPLETION_INDEX', 'AWS_BATCH_JOB_ARRAY_INDEX'] as const;

/** The shard (0-based) an account id belongs to among `count` shards. */
export function shardOf(accountId: string, count: number): number {
  const digest = createHash('sha256').update(accountId).digest();
  return digest.readUInt32BE(0) % count;
}

export function inShard(accountId: string, shard: Shard | undefined): boolean {
  return shard === undefined || shardOf(accountId, shard.count) === shard.index;
}

const WHOLE = /^(0|[1-9]\d{0,5})$/;

/**
 * `K/N` or `auto/N` (K from JOB_COMPLETION_INDEX, else AWS_BATCH_JOB_ARRAY_INDEX). Throws UsageError
 * with one line on anything else.
 */
export function parseShard(value: string, env: NodeJS.ProcessEnv): Shard {
  const match = /^([^/]+)\/([^/]+)$/.exec(value.trim());
  if (!match) throw new UsageError(`--shard: "${value}" is not K/N (e.g. 0/4) or auto/N`);
  const [, rawIndex = '', rawCount = ''] = match;
  if (!WHOLE.test(rawCount) || Number(rawCount) < 1 || Number(rawCount) > MAX_SHARDS)
    throw new UsageError(
      `--shard: the shard count "${rawCount}" must be a whole number from 1 to ${MAX_SHARDS}`,
    );
  const count = Number(rawCount);
  let indexText = rawIndex;
  let from = '--shard';
  if (rawIndex === 'auto') {
    const name = SHARD_INDEX_VARIABLES.find((v) => (env[v] ?? '') !== '');
    if (!name)
      throw new UsageError(
        `--shard auto/${count}: neither ${SHARD_INDEX_VARIABLES.join(' nor ')} is set (give K/${count})`,
      );
    indexText = (env[name] as string).trim();
    from = name;
  }
  if (!WHOLE.test(indexText) || Number(indexText) >= count)
    throw new UsageError(`${from}: shard index "${indexText}" must be a whole number from 0 to ${count - 1}`);
  return { index: Number(indexText), count };
}
