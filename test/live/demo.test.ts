/**
 * `trailguard demo`: a real live organization scan of the emulated demo organization, printed as a
 * normal report. Every expectation the demo scenario declares must hold.
 */
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import {
  DEMO_ACCOUNTS,
  DEMO_EXPECTATIONS,
  DEMO_ROLE_ARNS,
  DEMO_ROLE_NAME,
  DEMO_SCANNER,
  demoScenario,
  startEmulator,
} from '../../src/emulator/index.js';
import type { Report } from '../../src/engine/types.js';
import { collectAws } from '../../src/sources/aws/index.js';
import { memoryIO } from '../helpers/memory-io.js';

function io() {
  return memoryIO({ cwd: import.meta.dirname });
}

describe('trailguard demo', () => {
  it('prints the report of the demo organization with every declared verdict', async () => {
    const cli = io();
    const code = await main(['node', 'trailguard', 'demo', '-f', 'json'], cli);
    const report = JSON.parse(cli.out.join('')) as Report;
    expect(report.source.kind).toBe('aws');
    // The demo's findings are the point: it exits 0 when it ran (test/cli/demo-exit.test.ts).
    expect(report.summary.NON_COMPLIANT).toBeGreaterThan(0);
    expect(code).toBe(0);
    expect(cli.err.join('')).toMatch(
      /^trailguard demo: live scan of \d+ emulated accounts in \d+ ms \(\d+ API calls\)\n$/,
    );
    for (const expected of DEMO_EXPECTATIONS) {
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
    // The acquired company (outside the organization) is scanned in full through its --role-arn.
    const acquired = DEMO_ACCOUNTS.acquired;
    expect(report.source.accounts).toContain(acquired);
    const general = (name: string) =>
      report.findings.find((f) => f.ruleId === 'aws-s3-bucket-access-logging' && f.resource.name === name);
    expect(general(`tg-acquired-uploads-${acquired}`)?.reason).toBe('LOGGING_DISABLED');
    expect(general(`tg-acquired-web-${acquired}`)?.status).toBe('COMPLIANT');
    // The sandbox sees the organization trail: logged, so no NO_TRAILS finding for it.
    expect(
      report.findings.filter(
        (f) => f.reason === 'NO_TRAILS' && f.resource.id === `arn:aws:iam::${DEMO_ACCOUNTS.sandbox}:root`,
      ),
    ).toEqual([]);
  }, 120_000);

  it('each operation reaches the emulator once (no retries) and follows the plan', async () => {
    const handle = await startEmulator(demoScenario(), {});
    try {
      const started = performance.now();
      const result = await collectAws({
        org: true,
        roleName: DEMO_ROLE_NAME,
        roleArns: { ...DEMO_ROLE_ARNS },
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
      // Five organization accounts and the acquired one (its own AssumeRole through --role-arn).
      expect(accounts).toBe(6);
      expect(counts['sts:AssumeRole']).toBe(5);
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
