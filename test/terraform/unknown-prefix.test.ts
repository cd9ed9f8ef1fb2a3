/**
 * An unknown `target_prefix` (a variable without a value) is an error value through the inventory, the
 * snapshot format and the rules, never read as "": it makes no NO_TARGET_PREFIX warning, and a target policy
 * is judged only on what holds for every prefix (a grant on the whole bucket proves delivery, a grant on one
 * prefix is TARGET_UNVERIFIED). A snapshot with a plain string prefix still reads.
 */
import { describe, expect, it } from 'vitest';
import { parseInventory } from '../../src/inventory/schema.js';
import { evaluate } from '../../src/scan.js';
import { loadTerraform } from '../../src/sources/terraform/index.js';

const DIR = 'test/fixtures/terraform/unknown-prefix';

describe('unknown target_prefix', () => {
  it('is an UNRESOLVED error value naming the expression and file:line; a known or absent prefix stays a string', async () => {
    const { inventory } = await loadTerraform([DIR]);
    const prefix = (name: string) => {
      const logging = inventory.buckets.find((b) => b.name === name)?.logging;
      return logging && !('error' in logging) ? logging.targetPrefix : undefined;
    };
    expect(prefix('acme-web')).toEqual({
      error: {
        code: 'UNRESOLVED',
        message: expect.stringMatching(
          /^target_prefix = var\.prefix \(main\.tf:50\): var\.prefix has no default: .*--var NAME=VALUE/,
        ),
      },
    });
    expect(prefix('acme-api')).toMatchObject({ error: { code: 'UNRESOLVED' } });
    expect(prefix('acme-batch')).toBe('');
    expect(prefix('acme-jobs')).toBe('');
  });

  it('the rules decide only what holds for any prefix (status, reason, warnings, file:line)', async () => {
    const { report } = evaluate(await loadTerraform([DIR]));
    const rows = report.findings
      .map((f) => [
        f.resource.name,
        `${f.resource.location?.file}:${f.resource.location?.line}`,
        f.status,
        f.reason,
        f.warnings.join(','),
      ])
      .sort();
    expect(rows).toEqual([
      // Known non-empty (or unknown) prefixes: no NO_TARGET_PREFIX; a grant on the whole bucket: proven.
      ['acme-api', 'main.tf:53', 'COMPLIANT', 'LOGGING_ENABLED', ''],
      // A grant on app/ only: it may or may not cover the unknown prefix.
      ['acme-app', 'main.tf:63', 'COMPLIANT', 'LOGGING_ENABLED', 'TARGET_UNVERIFIED'],
      // Two sources with a known empty prefix on one target: the warning stays.
      ['acme-batch', 'main.tf:74', 'COMPLIANT', 'LOGGING_ENABLED', 'NO_TARGET_PREFIX'],
      ['acme-jobs', 'main.tf:84', 'COMPLIANT', 'LOGGING_ENABLED', 'NO_TARGET_PREFIX'],
      ['acme-logs-all', 'main.tf:7', 'NOT_APPLICABLE', 'IS_LOG_DESTINATION', ''],
      ['acme-logs-app', 'main.tf:25', 'NOT_APPLICABLE', 'IS_LOG_DESTINATION', ''],
      ['acme-web', 'main.tf:43', 'COMPLIANT', 'LOGGING_ENABLED', ''],
    ]);
  });

  it('snapshots: a string prefix still reads, an error value reads too, anything else is refused', () => {
    const snapshot = (targetPrefix: unknown) => ({
      schema: 'trailguard/inventory@1',
      collectedAt: '2026-01-01T00:00:00.000Z',
      partition: 'aws',
      accounts: [],
      trails: [],
      buckets: [
        { name: 'src', account: null, exists: true, logging: { targetBucket: 'logs', targetPrefix } },
      ],
      errors: [],
    });
    const read = (p: unknown) => {
      const bucket = parseInventory(snapshot(p), 'snap.json').buckets[0];
      return bucket?.logging && !('error' in bucket.logging) ? bucket.logging.targetPrefix : undefined;
    };
    expect(read('src/')).toBe('src/');
    expect(read({ error: { code: 'UNRESOLVED', message: 'var.prefix' } })).toEqual({
      error: { code: 'UNRESOLVED', message: 'var.prefix' },
    });
    expect(() => read(42)).toThrow(/targetPrefix/);
  });
});
