/**
 * Region discovery: Account ListRegions per scanned account; EC2 DescribeRegions only where the Account
 * API is not available (the fallback); an access denial on ListRegions is an honest error, not a
 * reason to fall back.
 */
import { describe, expect, it } from 'vitest';
import type { Inventory } from '../../src/inventory/model.js';
import { collectAws } from '../../src/sources/aws/index.js';
import { orgOptions, withEmulator } from './helpers.js';
import { L, M, orgScenario, P } from './scenarios.js';

const accounts = [M, L, P];

function withoutTime(inventory: Inventory): Omit<Inventory, 'collectedAt'> {
  const { collectedAt: _time, ...rest } = inventory;
  return rest;
}

describe('Region discovery', () => {
  it('falls back to EC2 DescribeRegions where ListRegions does not exist, with the same inventory', async () => {
    const normal = await withEmulator(orgScenario({ faults: false }), async (handle) => ({
      inventory: (await collectAws(orgOptions(handle, { accounts }))).inventory,
      counts: handle.counters.byOperation(),
    }));
    const fallback = await withEmulator(
      { ...orgScenario({ faults: false }), unsupportedOperations: ['account:ListRegions'] },
      async (handle) => ({
        inventory: (await collectAws(orgOptions(handle, { accounts }))).inventory,
        counts: handle.counters.byOperation(),
      }),
    );
    expect(normal.counts['account:ListRegions']).toBe(3);
    expect(normal.counts['ec2:DescribeRegions']).toBeUndefined();
    // One ListRegions per account (UnknownOperationException is not retried), then DescribeRegions.
    expect(fallback.counts['account:ListRegions']).toBe(3);
    expect(fallback.counts['ec2:DescribeRegions']).toBe(3);
    expect(fallback.inventory.errors).toEqual([]);
    expect(withoutTime(fallback.inventory)).toEqual(withoutTime(normal.inventory));
  }, 60_000);

  it('AccessDenied on ListRegions stays an inventory error: no fallback, buckets still read', async () => {
    const spec = {
      ...orgScenario({ faults: false }),
      faults: [{ kind: 'accessDenied' as const, service: 'account', operation: 'ListRegions', account: P }],
    };
    const { inventory, counts } = await withEmulator(spec, async (handle) => ({
      inventory: (await collectAws(orgOptions(handle, { accounts }))).inventory,
      counts: handle.counters.byOperation(),
    }));
    expect(counts['ec2:DescribeRegions']).toBeUndefined();
    expect(inventory.errors).toEqual([
      expect.objectContaining({ operation: 'ListRegions', account: P, code: 'AccessDeniedException' }),
    ]);
    // Without the Region list every listed bucket is still read (no Region narrowing).
    const prod = inventory.accounts.find((a) => a.id === P);
    expect(prod?.scanned).toBe(true);
    expect(
      inventory.buckets.filter((b) => b.account === P && b.logging !== undefined).length,
    ).toBeGreaterThan(0);
  }, 60_000);
});
