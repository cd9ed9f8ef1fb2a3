/**
 * `scan --send-to-security-hub` as a library call (`import { importToSecurityHub } from 'trailguard'`):
 * a live scan of the emulated organization, then the import — every finding with an account is sent,
 * each account's with that account's credentials; what cannot be imported comes back as values.
 */
import { describe, expect, it } from 'vitest';
import { importToSecurityHub, scan } from '../../src/index.js';
import { asffLeftOut } from '../../src/reporters/asff.js';
import { orgOptions, withEmulator } from '../live/helpers.js';
import { D, orgScenario } from '../live/scenarios.js';

describe('importToSecurityHub()', () => {
  it('imports the findings of every readable account; the unassumable account’s fail as values', async () => {
    await withEmulator(orgScenario({ faults: false }), async (handle) => {
      const { report } = await scan({ aws: orgOptions(handle) });
      handle.counters.reset();
      const result = await importToSecurityHub(report, orgOptions(handle), { sleep: async () => {} });
      expect(result.total).toBe(report.findings.length - asffLeftOut(report));
      expect(result.total).toBeGreaterThan(0);
      expect(result.imported + result.failed.length).toBe(result.total);
      expect(handle.securityHub.findings()).toHaveLength(result.imported);
      // Account D's scan role cannot be assumed: its findings cannot be imported with its credentials.
      expect(result.failed.length).toBeGreaterThan(0);
      expect(new Set(result.failed.map((f) => f.account))).toEqual(new Set([D]));
      expect(result.calls).toBeGreaterThan(0);
    });
  });
});
