/** Baselines and report diffs (issue 14): which findings a run shares with an earlier report. */
import { describe, expect, it } from 'vitest';
import { applyBaseline, diffReports, parseReportFindings } from '../../src/engine/baseline.js';
import { exitCodeFor } from '../../src/engine/exit-code.js';
import { fingerprint } from '../../src/engine/identity.js';
import { buildReport } from '../../src/engine/report.js';
import type { Finding, ReasonCode, Status } from '../../src/engine/types.js';
import { ruleCatalog } from '../../src/rules/index.js';

function finding(address: string, status: Status, reason: ReasonCode, file = 'main.tf'): Finding {
  return {
    ruleId: 'aws-s3-bucket-access-logging',
    status,
    reason,
    warnings: [],
    severity: 'low',
    message: `${address} ${reason}`,
    resource: {
      type: 'AWS::S3::Bucket',
      id: `arn:aws:s3:::${address}`,
      name: address,
      location: { file, line: 1, address },
    },
    related: [],
    evidence: {},
    compliance: [],
    suppressed: null,
  };
}

const old = [
  finding('a', 'NON_COMPLIANT', 'LOGGING_DISABLED'),
  finding('b', 'NON_COMPLIANT', 'TARGET_BUCKET_MISSING'),
  finding('c', 'NON_COMPLIANT', 'LOGGING_DISABLED'),
  finding('d', 'UNDETERMINED', 'VALUE_UNRESOLVED'),
  finding('e', 'COMPLIANT', 'LOGGING_ENABLED'),
];

describe('applyBaseline', () => {
  const now = [
    finding('a', 'NON_COMPLIANT', 'LOGGING_DISABLED'), // the same
    finding('b', 'NON_COMPLIANT', 'TARGET_OTHER_REGION'), // same family (logging ineffective): updated
    finding('d', 'NON_COMPLIANT', 'LOGGING_DISABLED'), // was undetermined: another family, a new alert
    finding('e', 'NON_COMPLIANT', 'LOGGING_DISABLED'), // was compliant: a regression is new
    finding('f', 'NON_COMPLIANT', 'LOGGING_DISABLED'), // a new resource
  ];
  const { findings, summary } = applyBaseline(now, old, 'base.json', 'undetermined', ruleCatalog);

  it('new / unchanged / updated by fingerprint; failing baseline findings that are gone are absent', () => {
    expect(findings.map((f) => [f.resource.name, f.baseline])).toEqual([
      ['a', 'unchanged'],
      ['b', 'updated'],
      ['d', 'new'],
      ['e', 'new'],
      ['f', 'new'],
    ]);
    expect(summary).toMatchObject({ file: 'base.json', new: 3, unchanged: 1, updated: 1 });
    // c was failing and is gone; d's old (undetermined) finding has no counterpart either.
    expect(summary.absent.map((f) => [f.resource.name, f.status])).toEqual([
      ['c', 'NON_COMPLIANT'],
      ['d', 'UNDETERMINED'],
    ]);
    expect(summary.absent[0]?.fingerprint).toBe(fingerprint(old[2] as Finding, ruleCatalog));
  });

  it('only new failing findings fail the run', () => {
    const report = buildReport({ kind: 'terraform' }, findings, [], ruleCatalog);
    expect(exitCodeFor(report, 'undetermined')).toBe(1);
    const onlyOld = applyBaseline(now.slice(0, 2), old, 'base.json', 'undetermined', ruleCatalog).findings;
    expect(exitCodeFor(buildReport({ kind: 'terraform' }, onlyOld, [], ruleCatalog), 'undetermined')).toBe(0);
    // Without a baseline the same findings fail.
    expect(
      exitCodeFor(buildReport({ kind: 'terraform' }, now.slice(0, 2), [], ruleCatalog), 'undetermined'),
    ).toBe(1);
  });

  it('a resource is its file and address: the same address in another file is another resource', () => {
    const moved = applyBaseline(
      [finding('a', 'NON_COMPLIANT', 'LOGGING_DISABLED', 'other.tf')],
      old,
      'b',
      'undetermined',
      ruleCatalog,
    );
    expect(moved.findings[0]?.baseline).toBe('new');
  });

  it('two baseline findings with one fingerprint pair with two current ones, not one', () => {
    const twice = [
      finding('a', 'NON_COMPLIANT', 'LOGGING_DISABLED'),
      finding('a', 'NON_COMPLIANT', 'LOGGING_DISABLED'),
    ];
    const { findings: out } = applyBaseline(
      [...twice, twice[0] as Finding],
      twice,
      'b',
      'undetermined',
      ruleCatalog,
    );
    expect(out.map((f) => f.baseline)).toEqual(['unchanged', 'unchanged', 'new']);
  });
});

describe('diffReports', () => {
  it('new, fixed (gone, compliant or suppressed), changed, unchanged', () => {
    const suppressedC = {
      ...finding('c', 'NON_COMPLIANT', 'LOGGING_DISABLED'),
      suppressed: { reason: 'ok' },
    };
    const now = [
      finding('a', 'NON_COMPLIANT', 'LOGGING_DISABLED'),
      finding('b', 'NON_COMPLIANT', 'TARGET_OTHER_REGION'),
      suppressedC,
      finding('e', 'NON_COMPLIANT', 'LOGGING_DISABLED'),
    ];
    const diff = diffReports(old, now, 'undetermined', ruleCatalog);
    expect(diff.new.map((f) => f.resource.name)).toEqual(['e']);
    expect(diff.fixed.map((f) => f.resource.name)).toEqual(['c', 'd']);
    expect(diff.changed.map((c) => [c.old.reason, c.new.reason])).toEqual([
      ['TARGET_BUCKET_MISSING', 'TARGET_OTHER_REGION'],
    ]);
    expect(diff.unchanged).toBe(1);
  });

  it('--fail-on non-compliant: undetermined findings are not failing on either side', () => {
    const diff = diffReports(
      old,
      [finding('x', 'UNDETERMINED', 'VALUE_UNRESOLVED')],
      'non-compliant',
      ruleCatalog,
    );
    expect(diff.new).toEqual([]);
    expect(diff.fixed.map((f) => f.resource.name)).toEqual(['a', 'b', 'c']);
  });
});

describe('parseReportFindings', () => {
  it('reads a trailguard JSON report; anything else is one line naming the file', () => {
    const report = buildReport({ kind: 'terraform' }, old, [], ruleCatalog);
    expect(parseReportFindings(JSON.stringify(report), 'r.json')).toHaveLength(5);
    expect(() => parseReportFindings('{', 'r.json')).toThrow(/^r\.json: not JSON/);
    expect(() => parseReportFindings('{"version":"2.1.0","runs":[]}', 's.sarif')).toThrow(
      /s\.sarif: not a trailguard JSON report .*-f json/,
    );
    expect(() =>
      parseReportFindings(
        JSON.stringify({ schema: 'trailguard/report@1', findings: [{ ruleId: 'x' }] }),
        'r.json',
      ),
    ).toThrow(/findings\[0\] lacks/);
  });
});
