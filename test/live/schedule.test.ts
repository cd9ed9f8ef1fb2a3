/**
 * The scan overlaps its round trips (src/sources/aws/plan.ts, "Scheduling"): accounts start while
 * ListAccounts is still paging, and the result and the API plan are the same as a scan that waited.
 */
import { describe, expect, it } from 'vitest';
import { collectAws } from '../../src/sources/aws/index.js';
import type { AwsProgress } from '../../src/sources/aws/options.js';
import { orgOptions, withEmulator } from './helpers.js';
import { orgScenario } from './scenarios.js';

describe('live scan schedule', () => {
  it('scans the first accounts while ListAccounts is still paging, with the same inventory and calls', async () => {
    const spec = orgScenario({ faults: false, pageSizes: { listAccounts: 1 } });
    const clean = await withEmulator(spec, async (h) => ({
      result: await collectAws(orgOptions(h)),
      counts: h.counters.byOperation(),
    }));
    // Each ListAccounts page (one account) takes 400 ms: four pages, 1.6 s of listing.
    const slowListing = orgScenario({ faults: false, pageSizes: { listAccounts: 1 } });
    slowListing.faults = [{ kind: 'latency', ms: 400, operation: 'ListAccounts' }];
    const events: AwsProgress[] = [];
    const slow = await withEmulator(slowListing, async (h) => ({
      result: await collectAws(orgOptions(h, { onProgress: (p) => events.push(p) })),
      counts: h.counters.byOperation(),
    }));
    expect(slow.counts['organizations:ListAccounts']).toBe(4);
    // An account was finished before the last account of the organization was even listed.
    expect(events.some((p) => p.accountsDone >= 1 && p.accountsTotal < 4)).toBe(true);
    expect(events.at(-1)?.accountsTotal).toBe(4);
    const strip = ({ collectedAt: _t, ...rest }: typeof clean.result.inventory) => rest;
    expect(strip(slow.result.inventory)).toEqual(strip(clean.result.inventory));
    expect(slow.counts).toEqual(clean.counts);
  }, 60_000);
});
