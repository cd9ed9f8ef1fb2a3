/** Inline ignores (issue 14): parsing Terraform comments and CloudFormation Metadata, matching like suppressions. */
import { describe, expect, it } from 'vitest';
import {
  asSuppression,
  cloudFormationIgnores,
  ignoreSource,
  terraformIgnores,
} from '../../src/engine/inline-ignores.js';
import { applySuppressions } from '../../src/engine/suppressions.js';
import type { Finding } from '../../src/engine/types.js';

const RULE = 'aws-s3-bucket-access-logging';

describe('Terraform trailguard:ignore comments', () => {
  const text = [
    '# trailguard:ignore:aws-s3-bucket-access-logging Scratch data only (SEC-1) exp:2027-01-31', // 1
    '# another comment', // 2
    'resource "aws_s3_bucket" "a" {', // 3
    '  bucket = "a" # trailguard:ignore:x not on a header: not an ignore', // 4
    '}', // 5
    'resource "aws_s3_bucket" "b" { // trailguard:ignore:aws-s3-bucket-access-logging:exp:2026-02-01 -- tfsec style', // 6
    '}', // 7
    '// trailguard:ignore:aws-s3-bucket-access-logging', // 8
    'resource "aws_s3_bucket" "c" {}', // 9
    '# see trailguard:ignore:foo in the docs', // 10: mentions the marker, is not one
    '# trailguard:ignore:aws-s3-bucket-access-logging bad date exp:2026-02-30', // 11
    '', // 12
    'resource "aws_s3_bucket" "d" {}', // 13
  ].join('\n');
  const ignores = terraformIgnores('infra/main.tf', text);

  it('belongs to the header on its line or below its run of comments; reason, exp: and problems', () => {
    expect(ignores).toEqual([
      {
        rule: RULE,
        reason: 'Scratch data only (SEC-1)',
        expires: '2027-01-31',
        file: 'infra/main.tf',
        line: 3,
        at: 1,
      },
      { rule: RULE, reason: 'tfsec style', expires: '2026-02-01', file: 'infra/main.tf', line: 6, at: 6 },
      {
        rule: RULE,
        reason: '',
        problem: 'a reason is required (say why the finding is accepted)',
        file: 'infra/main.tf',
        line: 9,
        at: 8,
      },
      {
        rule: RULE,
        reason: 'bad date',
        expires: '2026-02-30',
        problem: 'exp:2026-02-30 is not a date YYYY-MM-DD',
        file: 'infra/main.tf',
        line: 12, // a blank line ends the comment run: it belongs to no block (reported unused)
        at: 11,
      },
    ]);
    expect(ignoreSource(ignores[0]!)).toBe('infra/main.tf:1');
  });

  it('a file without the marker costs one substring search', () => {
    expect(terraformIgnores('x.tf', 'resource "a" "b" {}\n')).toEqual([]);
  });
});

describe('CloudFormation Metadata.trailguard.ignore', () => {
  const template = {
    Resources: {
      Logs: {
        Type: 'AWS::S3::Bucket',
        Metadata: {
          'aws:cdk:path': 'App/Logs/Resource',
          trailguard: {
            ignore: [
              { rule: RULE, reason: 'Log archive', expires: '2027-03-31' },
              { rule: RULE },
              'not an object',
            ],
          },
        },
      },
      Other: {
        Type: 'AWS::S3::Bucket',
        Metadata: { trailguard: { ignore: { rule: RULE, reason: 'one, not a list' } } },
      },
      Plain: { Type: 'AWS::S3::Bucket' },
    },
  };
  const ignores = cloudFormationIgnores('stack.yaml', template, (id) => (id === 'Logs' ? 4 : undefined));

  it('reads every entry by logical id; malformed ones carry their problem', () => {
    expect(ignores.map((i) => [i.address, i.rule, i.reason, i.expires, i.problem])).toEqual([
      ['Logs', RULE, 'Log archive', '2027-03-31', undefined],
      ['Logs', RULE, '', undefined, 'a reason is required (say why the finding is accepted)'],
      ['Logs', '', '', undefined, 'Metadata.trailguard.ignore must be a list of { rule, reason, expires }'],
      ['Other', RULE, 'one, not a list', undefined, undefined],
    ]);
    expect(ignoreSource(ignores[0]!)).toBe('stack.yaml:4 (Logs)');
    expect(ignoreSource(ignores[3]!)).toBe('stack.yaml (Other)');
  });
});

function finding(file: string, line: number, address: string, ruleId = RULE): Finding {
  return {
    ruleId,
    status: 'NON_COMPLIANT',
    reason: 'LOGGING_DISABLED',
    warnings: [],
    severity: 'low',
    message: '',
    resource: { type: 'AWS::S3::Bucket', id: `arn:aws:s3:::${address}`, location: { file, line, address } },
    related: [],
    evidence: {},
    compliance: [],
    suppressed: null,
  };
}

describe('applied like suppressions', () => {
  const now = new Date('2026-06-01T00:00:00Z');
  const tf = terraformIgnores(
    'main.tf',
    '# trailguard:ignore:aws-s3-bucket-access-logging accepted\nresource "aws_s3_bucket" "x" {\n  count = 2\n}\n' +
      '# trailguard:ignore:aws-s3-bucket-access-logging lapsed exp:2026-05-31\nresource "aws_s3_bucket" "y" {}\n' +
      '# trailguard:ignore:aws-s3-bucket-access-logging nothing here\n\n',
  );

  it('every instance of the block, marked inline; only that file and block; expired and unused warn', () => {
    const findings = [
      finding('main.tf', 2, 'aws_s3_bucket.x[0]'),
      finding('main.tf', 2, 'aws_s3_bucket.x[1]'),
      finding('other/main.tf', 2, 'aws_s3_bucket.x'), // same line, another file
      finding('main.tf', 6, 'aws_s3_bucket.y'),
    ];
    const { findings: out, warnings } = applySuppressions(findings, tf.map(asSuppression), now, {
      ranRules: [RULE],
      knownRules: [RULE],
    });
    expect(out.map((f) => f.suppressed)).toEqual([
      { reason: 'accepted', source: 'main.tf:1', inline: true },
      { reason: 'accepted', source: 'main.tf:1', inline: true },
      null,
      null,
    ]);
    expect(warnings).toEqual([
      'inline ignore main.tf:5 (aws-s3-bucket-access-logging: lapsed) expired on 2026-05-31; it no longer applies',
      'inline ignore main.tf:7 (aws-s3-bucket-access-logging: nothing here) matches no finding',
    ]);
  });

  it('a CloudFormation ignore matches by logical id, whatever the line', () => {
    const cfn = cloudFormationIgnores(
      'stack.yaml',
      { Resources: { Logs: { Metadata: { trailguard: { ignore: [{ rule: '*', reason: 'all rules' }] } } } } },
      () => 7,
    );
    const { findings: out } = applySuppressions(
      [finding('stack.yaml', 99, 'Logs')],
      cfn.map(asSuppression),
      now,
    );
    expect(out[0]?.suppressed).toEqual({ reason: 'all rules', source: 'stack.yaml:7 (Logs)', inline: true });
  });
});

describe('suppressions that match nothing warn', () => {
  const now = new Date('2026-06-01T00:00:00Z');
  it('one line each; not for a rule that did not run; a rule id no rule has says so', () => {
    const { warnings } = applySuppressions(
      [finding('main.tf', 1, 'a')],
      [
        { rule: RULE, reason: 'used', source: 's.yaml:2' },
        { bucket: 'nothing-*', reason: 'no such bucket', source: 's.yaml:4' },
        { rule: 'aws-cloudtrail-bucket-access-logging', reason: 'rule not run', source: 's.yaml:6' },
        { rule: 'aws-typo', reason: 'typo', source: 's.yaml:8' },
      ],
      now,
      { ranRules: [RULE], knownRules: [RULE, 'aws-cloudtrail-bucket-access-logging'] },
    );
    expect(warnings).toEqual([
      'suppression #2 (no such bucket) [s.yaml:4] matches no finding',
      'suppression #4 (typo) [s.yaml:8] matches no finding (no rule has this id)',
    ]);
  });
});
