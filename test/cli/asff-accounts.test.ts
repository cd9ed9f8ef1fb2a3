/**
 * ASFF through the built binary: a finding whose bucket account is unknown is imported under the
 * account it is about (its trail's) instead of vanishing; what still cannot be exported (IaC findings
 * name no AWS account) is counted on stderr.
 */
import { describe, expect, it } from 'vitest';
import type { Report } from '../../src/engine/types.js';
import { runCli } from './helpers.js';

interface Asff {
  AwsAccountId: string;
  ProductArn: string;
  Resources: { Id: string }[];
  ProductFields: Record<string, string>;
}

describe('ASFF accounts', () => {
  it('the demo: every finding is in the ASFF report, unknown bucket owners under the trail account', () => {
    const json = runCli(['demo', '-f', 'json']);
    const asffRun = runCli(['demo', '-f', 'asff']);
    expect(asffRun.code).toBe(0);
    expect(asffRun.stderr).not.toMatch(/ASFF/);
    const report = JSON.parse(json.stdout) as Report;
    const asff = JSON.parse(asffRun.stdout) as Asff[];
    expect(asff).toHaveLength(report.findings.length);
    const unowned = report.findings.filter((f) => f.resource.account === null);
    expect(unowned.length).toBeGreaterThanOrEqual(2);
    for (const finding of unowned) {
      const trail = finding.related.find((r) => r.type === 'AWS::CloudTrail::Trail');
      const exported = asff.filter(
        (a) =>
          a.Resources[0]?.Id === finding.resource.id &&
          a.ProductFields['trailguard/Reason'] === finding.reason,
      );
      expect(exported, finding.resource.id).toHaveLength(1);
      expect(exported[0]?.AwsAccountId).toBe(trail?.account);
      expect(exported[0]?.ProductArn).toContain(`:${trail?.account}:product/`);
      expect(exported[0]?.ProductFields['trailguard/AccountFrom']).toBe('trail');
    }
    // Owned findings say nothing about where the account came from.
    expect(asff.filter((a) => a.ProductFields['trailguard/AccountFrom'])).toHaveLength(unowned.length);
  }, 60_000);

  it('IaC findings cannot be exported: the count is on stderr, one line', () => {
    const dir = 'test/fixtures/terraform/literal-names';
    const json = JSON.parse(runCli(['scan', dir, '-f', 'json']).stdout) as Report;
    expect(json.findings.length).toBeGreaterThan(0);
    const run = runCli(['scan', dir, '-f', 'asff', '--fail-on', 'none']);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual([]);
    expect(run.stderr.trimEnd().split('\n')).toEqual([
      `trailguard: warning: ASFF: ${json.findings.length} of ${json.findings.length} findings name no AWS account (IaC files) and are not in the ASFF report (Security Hub needs an AwsAccountId)`,
    ]);
  });

  it('no warning when ASFF is not asked for', () => {
    const run = runCli(['scan', 'test/fixtures/terraform/literal-names', '-f', 'json']);
    expect(run.stderr).not.toMatch(/ASFF/);
  });
});
