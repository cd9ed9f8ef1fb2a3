/** `--min-severity`: only findings of rules at or above the threshold; none left is exit 2. Built binary. */
import { describe, expect, it } from 'vitest';
import type { Finding, Report } from '../../src/engine/types.js';
import { expectOneLineError, runCli } from './helpers.js';

const ORDER = ['info', 'low', 'medium', 'high', 'critical'];
const SNAPSHOT = ['scan', '--snapshot', 'examples/snapshot.json', '-f', 'json'];
const key = (f: Finding) => `${f.ruleId} ${f.resource.id} ${f.status} ${f.reason}`;

describe('--min-severity', () => {
  const all = JSON.parse(runCli(SNAPSHOT).stdout) as Report;

  it('medium keeps exactly the findings of medium-or-higher rules, with a matching summary and exit code', () => {
    const run = runCli([...SNAPSHOT, '--min-severity', 'medium']);
    const report = JSON.parse(run.stdout) as Report;
    const expected = all.findings.filter((f) => ORDER.indexOf(f.severity) >= ORDER.indexOf('medium'));
    expect(expected.length).toBeGreaterThan(0);
    expect(expected.length).toBeLessThan(all.findings.length);
    expect(report.findings.map(key).sort()).toEqual(expected.map(key).sort());
    expect(report.summary.NON_COMPLIANT).toBe(expected.filter((f) => f.status === 'NON_COMPLIANT').length);
    expect(run.code).toBe(
      expected.some((f) => f.status !== 'COMPLIANT' && f.status !== 'NOT_APPLICABLE') ? 1 : 0,
    );
  });

  it('the lowest level keeps everything', () => {
    const report = JSON.parse(runCli([...SNAPSHOT, '--min-severity', 'info']).stdout) as Report;
    expect(report.findings.map(key).sort()).toEqual(all.findings.map(key).sort());
  });

  it('a threshold no rule reaches is a usage error (exit 2, one line), not an empty passing scan', () => {
    expect(expectOneLineError(runCli([...SNAPSHOT, '--min-severity', 'critical']))).toMatch(
      /no rule is at or above --min-severity critical/,
    );
    expect(expectOneLineError(runCli([...SNAPSHOT, '--min-severity', 'severe']))).toMatch(/severe/);
  });
});
