import { describe, expect, it } from 'vitest';
import { InputError } from '../errors.js';
import { ENGINE_CATALOG } from './catalog.js';
import { exitCodeFor } from './exit-code.js';
import { buildReport } from './report.js';
import { applySuppressions, parseSuppressions } from './suppressions.js';
import type { Finding } from './types.js';

function bucketFinding(name: string, account: string, extra: Partial<Finding> = {}): Finding {
  return {
    ruleId: 'aws-cloudtrail-bucket-access-logging',
    status: 'NON_COMPLIANT',
    reason: 'LOGGING_DISABLED',
    warnings: [],
    severity: 'medium',
    message: `Bucket ${name} has no server access logging.`,
    resource: { type: 'AWS::S3::Bucket', id: `arn:aws:s3:::${name}`, name, account, region: 'us-east-1' },
    related: [
      {
        type: 'AWS::CloudTrail::Trail',
        id: `arn:aws:cloudtrail:us-east-1:${account}:trail/org-main`,
        name: 'org-main',
      },
    ],
    evidence: {},
    compliance: [],
    suppressed: null,
    ...extra,
  };
}

const NOW = new Date('2026-06-15T12:00:00Z');

describe('applySuppressions', () => {
  const findings = [
    bucketFinding('ct-logs-prod', '111111111111'),
    bucketFinding('ct-logs-dev', '222222222222'),
    bucketFinding('data-lake', '111111111111', { ruleId: 'aws-s3-bucket-access-logging', related: [] }),
  ];

  it('marks matching findings, keeps them, and leaves the others alone', () => {
    const { findings: out, warnings } = applySuppressions(
      findings,
      [{ bucket: 'ct-logs-d*', reason: 'dev account, accepted risk', source: 's.yaml:2' }],
      NOW,
    );
    expect(out).toHaveLength(3);
    expect(out.map((f) => f.suppressed?.reason ?? null)).toEqual([null, 'dev account, accepted risk', null]);
    expect(out[1]?.suppressed?.source).toBe('s.yaml:2');
    expect(warnings).toEqual([]);
  });

  it('ANDs the fields: rule glob plus account glob', () => {
    const { findings: out } = applySuppressions(
      findings,
      [{ rule: 'aws-s3-*', account: '1111*', reason: 'r' }],
      NOW,
    );
    expect(out.map((f) => Boolean(f.suppressed))).toEqual([false, false, true]);
  });

  it('matches trail globs against related trail names and ARNs', () => {
    const byName = applySuppressions(findings, [{ trail: 'org-*', reason: 'r' }], NOW).findings;
    expect(byName.map((f) => Boolean(f.suppressed))).toEqual([true, true, false]);
    const byArn = applySuppressions(
      findings,
      [{ trail: 'arn:aws:cloudtrail:*:222222222222:trail/*', reason: 'r' }],
      NOW,
    ).findings;
    expect(byArn.map((f) => Boolean(f.suppressed))).toEqual([false, true, false]);
  });

  it('a bucket glob never matches a finding about something other than a bucket', () => {
    const account: Finding = bucketFinding('x', '111111111111', {
      resource: { type: 'AWS::::Account', id: 'arn:aws:iam::111111111111:root', name: '*', account: '1' },
    });
    expect(applySuppressions([account], [{ bucket: '*', reason: 'r' }], NOW).findings[0]?.suppressed).toBe(
      null,
    );
  });

  it('holds through its expiry day, then lapses with a warning', () => {
    const rule = {
      bucket: 'ct-logs-prod',
      reason: 'waiting for the log-archive account',
      expires: '2026-06-15',
    };
    expect(applySuppressions(findings, [rule], NOW).findings[0]?.suppressed).toEqual({
      reason: rule.reason,
      expires: '2026-06-15',
    });
    const later = applySuppressions(findings, [rule], new Date('2026-06-16T00:00:01Z'));
    expect(later.findings[0]?.suppressed).toBe(null);
    expect(later.warnings).toEqual([
      'suppression #1 (waiting for the log-archive account) expired on 2026-06-15; it no longer applies',
    ]);
  });

  it('a suppressed failing finding no longer fails the run', () => {
    const failing = [bucketFinding('ct-logs-prod', '111111111111')];
    const before = buildReport({ kind: 'aws' }, failing, [], ENGINE_CATALOG);
    expect(exitCodeFor(before, 'non-compliant')).toBe(1);
    const after = buildReport(
      { kind: 'aws' },
      applySuppressions(failing, [{ bucket: '*', reason: 'r' }], NOW).findings,
      [],
      ENGINE_CATALOG,
    );
    expect(exitCodeFor(after, 'non-compliant')).toBe(0);
    expect(after.summary.suppressed).toBe(1);
    expect(after.summary.NON_COMPLIANT).toBe(0);
  });
});

describe('parseSuppressions', () => {
  it('reads the `suppressions:` key with file:line sources and pads numeric account ids', async () => {
    const text = [
      'suppressions:',
      '  - bucket: "ct-logs-*"',
      '    reason: accepted',
      '  - account: 012345678901',
      '    reason: sandbox',
      '    expires: 2027-01-31',
    ].join('\n');
    expect(await parseSuppressions(text, 'supp.yaml')).toEqual([
      { bucket: 'ct-logs-*', reason: 'accepted', source: 'supp.yaml:2' },
      { account: '012345678901', reason: 'sandbox', expires: '2027-01-31', source: 'supp.yaml:4' },
    ]);
  });

  it('reads a top-level list', async () => {
    expect(await parseSuppressions('- rule: aws-*\n  reason: r\n', 'x.yaml')).toEqual([
      { rule: 'aws-*', reason: 'r', source: 'x.yaml:1' },
    ]);
  });

  it('a .trailguard.yaml without suppressions has none; another file without the key is an error', async () => {
    expect(await parseSuppressions('other: 1\n', 'dir/.trailguard.yaml')).toEqual([]);
    await expect(parseSuppressions('other: 1\n', 'supp.yaml')).rejects.toThrow(/supp\.yaml: expected a list/);
  });

  it.each([
    ['- bucket: a\n', /x\.yaml:1: \[0\]\.reason: a reason is required/],
    ['suppressions:\n  - bucket: a\n    reason: "  "\n', /x\.yaml:2: suppressions\[0\]\.reason: a reason/],
    ['- reason: everything\n', /\[0\]: give at least one of rule, bucket, trail or account/],
    ['- bucket: a\n  reason: r\n  expires: 2026-02-30\n', /\[0\]\.expires: expires is not a real calendar/],
    ['- bucket: a\n  reason: r\n  expires: next year\n', /\[0\]\.expires: expires must be a date/],
    ['- buckets: a\n  reason: r\n', /\[0\]: unknown key\(s\) "buckets"/],
    ['suppressions: 3\n', /x\.yaml: suppressions must be a list/],
    ['- bucket: [a\n', /x\.yaml(:\d+)?: not valid YAML/],
    ['"just text"\n', /x\.yaml: expected a list/],
  ])('rejects %j with one line naming the file and entry', async (text, message) => {
    let thrown: unknown;
    try {
      await parseSuppressions(text, 'x.yaml');
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(InputError);
    expect((thrown as Error).message).toMatch(message);
    expect((thrown as Error).message).not.toContain('\n');
  });
});
