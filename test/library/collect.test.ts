/**
 * The collect flow as a library call (`import { collect } from 'trailguard'`) against the emulated
 * organization: the inventory and call counts of the live collector, the shard checks, and the
 * "nothing read" check the CLI's collect command had.
 */
import { describe, expect, it } from 'vitest';
import { collect, InputError, UsageError } from '../../src/index.js';
import { collectAws } from '../../src/sources/aws/index.js';
import { shardOf } from '../../src/sources/aws/shard.js';
import { orgOptions, withEmulator } from '../live/helpers.js';
import { D, L, M, orgScenario, P, X } from '../live/scenarios.js';

describe('collect()', () => {
  it('collects the organization: the same inventory as the collector, with its call counts', async () => {
    await withEmulator(orgScenario({ faults: false }), async (handle) => {
      const result = await collect(orgOptions(handle));
      const direct = await collectAws(orgOptions(handle));
      const ids = (r: typeof result) => r.inventory.accounts.map((a) => `${a.id} ${a.scanned}`).sort();
      expect(ids(result)).toEqual(ids(direct));
      expect(result.inventory.accounts.map((a) => a.id).sort()).toEqual([M, L, P, D].sort());
      expect(result.inventory.accounts.find((a) => a.id === D)?.scanned).toBe(false);
      expect(result.inventory.buckets.map((b) => b.name).sort()).toEqual(
        direct.inventory.buckets.map((b) => b.name).sort(),
      );
      expect(result.inventory.buckets.length).toBeGreaterThan(0);
      expect(result.stats.calls).toBeGreaterThan(0);
      expect(result.stats.calls).toBe(direct.stats.calls);
      expect(result.inventory.accounts.some((a) => a.id === X)).toBe(false);
    });
  });

  it('a collection that read nothing throws InputError instead of returning an empty inventory', async () => {
    await withEmulator(orgScenario({ faults: false }), async (handle) => {
      await expect(collect(orgOptions(handle, { roleName: 'NoSuchRole' }))).rejects.toThrow(InputError);
      await expect(collect(orgOptions(handle, { roleName: 'NoSuchRole' }))).rejects.toThrow(
        /^nothing was scanned: the scan role could not be assumed/,
      );
    });
  });

  it('a shard needs an organization scan and no aggregator; an empty shard is a valid part', async () => {
    await expect(collect({ shard: { index: 0, count: 2 } })).rejects.toThrow(
      new UsageError('--shard splits an organization scan: add --org'),
    );
    await expect(
      collect({ org: true, roleName: 'R', shard: { index: 0, count: 2 }, configAggregator: 'agg' }),
    ).rejects.toThrow(
      new UsageError('--shard splits the live collection; --config-aggregator reads one aggregator: use one'),
    );
    await withEmulator(orgScenario({ faults: false }), async (handle) => {
      // A shard no account hashes to: an empty inventory, no error (the merge needs every part).
      const taken = new Set([M, L, P, D].map((id) => shardOf(id, 16)));
      const empty = [...Array(16).keys()].find((index) => !taken.has(index)) ?? -1;
      const { inventory } = await collect(orgOptions(handle, { shard: { index: empty, count: 16 } }));
      expect(inventory.accounts).toEqual([]);
      // The shard that has the production account reads it.
      const full = await collect(orgOptions(handle, { shard: { index: shardOf(P, 16), count: 16 } }));
      expect(full.inventory.accounts.map((a) => a.id)).toContain(P);
    });
  });
});
