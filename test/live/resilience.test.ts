/**
 * Throttling and server errors injected at random: the scan always finishes, and every field is either
 * what a clean run reads or an honest error value — never a different value.
 */
import { describe, expect, it } from 'vitest';
import type { Inventory } from '../../src/inventory/model.js';
import { isErrorValue } from '../../src/inventory/read.js';
import { collectAws } from '../../src/sources/aws/index.js';
import { orgOptions, withEmulator } from './helpers.js';
import { orgScenario, P } from './scenarios.js';

/** Every leaf of `noisy` equals the same leaf of `clean`, unless `noisy` holds an error value there. */
function agrees(noisy: unknown, clean: unknown, path: string, out: string[]): void {
  if (isErrorValue(noisy)) return;
  if (noisy === null || clean === null || typeof noisy !== 'object' || typeof clean !== 'object') {
    if (noisy !== clean) out.push(`${path}: ${JSON.stringify(noisy)} ≠ ${JSON.stringify(clean)}`);
    return;
  }
  for (const key of new Set([...Object.keys(noisy), ...Object.keys(clean)])) {
    agrees(
      (noisy as Record<string, unknown>)[key],
      (clean as Record<string, unknown>)[key],
      `${path}.${key}`,
      out,
    );
  }
}

describe('resilience', () => {
  it('30 % throttling and random 5xx: same inventory or honest error values', async () => {
    const accounts = [P];
    const clean = await withEmulator(orgScenario({ faults: false }), (h) =>
      collectAws(orgOptions(h, { accounts })),
    );
    const spec = orgScenario({ faults: false });
    spec.faults = [
      { kind: 'throttle', rate: 0.3 },
      { kind: 'serverError', status: 503, rate: 0.1 },
    ];
    const noisy = await withEmulator(spec, async (h) => {
      const result = await collectAws(orgOptions(h, { accounts, maxAttempts: 6 }));
      return { result, requests: h.counters.total() };
    });
    // Retries happened (more requests than operations), and nothing read differs from the clean run.
    expect(noisy.requests).toBeGreaterThan(noisy.result.stats.calls);
    const strip = ({ collectedAt: _t, errors: _e, ...rest }: Inventory) => rest;
    const differences: string[] = [];
    agrees(strip(noisy.result.inventory), strip(clean.inventory), 'inventory', differences);
    expect(differences).toEqual([]);
    expect(noisy.result.inventory.trails.map((t) => t.arn)).toEqual(clean.inventory.trails.map((t) => t.arn));
  }, 120_000);
});
