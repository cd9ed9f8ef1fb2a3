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

  it('ListRegions answering 404 with a non-JSON page (moto, a proxy) falls back like "not offered here"', async () => {
    const normal = await withEmulator(orgScenario({ faults: false }), async (handle) =>
      withoutTime((await collectAws(orgOptions(handle, { accounts }))).inventory),
    );
    for (const body of [undefined, 'Not Found']) {
      const spec = {
        ...orgScenario({ faults: false }),
        faults: [
          {
            kind: 'plainError' as const,
            status: 404,
            service: 'account',
            operation: 'ListRegions',
            ...(body ? { body, contentType: 'text/plain' } : {}),
          },
        ],
      };
      const fallback = await withEmulator(spec, async (handle) => ({
        inventory: (await collectAws(orgOptions(handle, { accounts }))).inventory,
        counts: handle.counters.byOperation(),
      }));
      expect(fallback.counts['account:ListRegions']).toBe(3);
      expect(fallback.counts['ec2:DescribeRegions']).toBe(3);
      expect(fallback.inventory.errors).toEqual([]);
      expect(withoutTime(fallback.inventory)).toEqual(normal);
    }
  }, 60_000);

  it('a non-JSON 403 or 502 from ListRegions is an error, not a reason to fall back', async () => {
    for (const status of [403, 502]) {
      const spec = {
        ...orgScenario({ faults: false }),
        faults: [
          { kind: 'plainError' as const, status, service: 'account', operation: 'ListRegions', account: P },
        ],
      };
      const { inventory, counts } = await withEmulator(spec, async (handle) => ({
        inventory: (await collectAws(orgOptions(handle, { accounts }))).inventory,
        counts: handle.counters.byOperation(),
      }));
      expect(counts['ec2:DescribeRegions']).toBeUndefined();
      expect(inventory.errors).toEqual([
        expect.objectContaining({ operation: 'ListRegions', account: P, region: 'us-east-1' }),
      ]);
    }
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
