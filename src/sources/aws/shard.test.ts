import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../errors.js';
import { inShard, parseShard, shardOf } from './shard.js';

describe('shard assignment', () => {
  it('is the documented formula: first 8 hex digits of sha256(id) mod N', () => {
    const id = '123456789012';
    const hex = createHash('sha256').update(id).digest('hex').slice(0, 8);
    for (const n of [1, 2, 3, 7, 64]) expect(shardOf(id, n)).toBe(Number.parseInt(hex, 16) % n);
  });

  it('puts every account in exactly one shard, spread evenly over consecutive ids', () => {
    const ids = Array.from({ length: 3000 }, (_, i) => String(100_000_000_001 + i));
    const sizes = [0, 0, 0, 0];
    for (const id of ids) {
      const owners = [0, 1, 2, 3].filter((index) => inShard(id, { index, count: 4 }));
      expect(owners).toHaveLength(1);
      sizes[owners[0] as number] = (sizes[owners[0] as number] ?? 0) + 1;
    }
    for (const size of sizes) expect(Math.abs(size - 750)).toBeLessThan(100);
    expect(inShard(ids[0] as string, undefined)).toBe(true);
  });
});

describe('--shard K/N', () => {
  it('reads K/N, and auto/N from JOB_COMPLETION_INDEX, else AWS_BATCH_JOB_ARRAY_INDEX', () => {
    expect(parseShard('2/5', {})).toEqual({ index: 2, count: 5 });
    expect(parseShard('auto/4', { JOB_COMPLETION_INDEX: '3', AWS_BATCH_JOB_ARRAY_INDEX: '1' })).toEqual({
      index: 3,
      count: 4,
    });
    expect(parseShard('auto/4', { AWS_BATCH_JOB_ARRAY_INDEX: '1' })).toEqual({ index: 1, count: 4 });
    expect(parseShard('auto/4', { JOB_COMPLETION_INDEX: '', AWS_BATCH_JOB_ARRAY_INDEX: '0' })).toEqual({
      index: 0,
      count: 4,
    });
  });

  it.each([
    ['3/3', {}, /shard index "3" must be a whole number from 0 to 2/],
    ['-1/3', {}, /shard index "-1"/],
    ['1/0', {}, /shard count "0"/],
    ['1/x', {}, /shard count "x"/],
    ['2', {}, /is not K\/N/],
    ['1/2/3', {}, /is not K\/N/],
    ['auto/3', {}, /neither JOB_COMPLETION_INDEX nor AWS_BATCH_JOB_ARRAY_INDEX is set/],
    ['auto/3', { JOB_COMPLETION_INDEX: '5' }, /JOB_COMPLETION_INDEX: shard index "5"/],
    ['1/100000', {}, /from 1 to 10000/],
  ])('%s with %j is a usage error', (value, env, message) => {
    expect(() => parseShard(value, env)).toThrow(UsageError);
    expect(() => parseShard(value, env)).toThrow(message);
  });
});
