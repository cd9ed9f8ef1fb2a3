import { describe, expect, it } from 'vitest';
import { type DeliveryRequest, evaluateDeliveryPolicy } from './delivery-policy.js';

const request: DeliveryRequest = {
  partition: 'aws',
  targetBucket: 'logs',
  targetPrefix: 'app/',
  sourceAccount: '111111111111',
  sourceArn: 'arn:aws:s3:::app',
  targetAccount: '111111111111',
};

const allow = (extra: Record<string, unknown> = {}) => ({
  Effect: 'Allow',
  Principal: { Service: 'logging.s3.amazonaws.com' },
  Action: 's3:PutObject',
  Resource: 'arn:aws:s3:::logs/app/*',
  ...extra,
});

function verdict(statements: unknown[], req: DeliveryRequest = request) {
  return evaluateDeliveryPolicy({ Version: '2012-10-17', Statement: statements }, req);
}

describe('evaluateDeliveryPolicy: grants', () => {
  it.each<[string, Record<string, unknown>, 'yes' | 'no' | 'unknown']>([
    ['the documented grant', {}, 'yes'],
    ['Principal "*"', { Principal: '*' }, 'yes'],
    ['Principal {AWS: "*"}', { Principal: { AWS: '*' } }, 'yes'],
    [
      'Service list',
      { Principal: { Service: ['cloudtrail.amazonaws.com', 'logging.s3.amazonaws.com'] } },
      'yes',
    ],
    ['another service', { Principal: { Service: 'cloudtrail.amazonaws.com' } }, 'no'],
    ['an AWS account principal', { Principal: { AWS: 'arn:aws:iam::111111111111:root' } }, 'no'],
    [
      'NotPrincipal excluding another principal',
      { Principal: undefined, NotPrincipal: { AWS: 'arn:aws:iam::1:root' } },
      'yes',
    ],
    ['s3:*', { Action: 's3:*' }, 'yes'],
    ['s3:Put* in a list', { Action: ['s3:GetObject', 'S3:PUT*'] }, 'yes'],
    ['s3:GetObject only', { Action: 's3:GetObject' }, 'no'],
    ['NotAction s3:GetObject', { Action: undefined, NotAction: 's3:GetObject' }, 'yes'],
    ['NotAction s3:Put*', { Action: undefined, NotAction: 's3:Put*' }, 'no'],
    ['whole bucket keys', { Resource: 'arn:aws:s3:::logs/*' }, 'yes'],
    ['another prefix', { Resource: 'arn:aws:s3:::logs/other/*' }, 'no'],
    ['bucket ARN only', { Resource: 'arn:aws:s3:::logs' }, 'no'],
    ['part of the prefix (date)', { Resource: 'arn:aws:s3:::logs/app/2024*' }, 'unknown'],
    ['a policy variable', { Resource: 'arn:aws:s3:::logs/${aws:SourceAccount}/*' }, 'unknown'],
    ['NotResource elsewhere', { Resource: undefined, NotResource: 'arn:aws:s3:::logs/secret/*' }, 'yes'],
    ['NotResource over the prefix', { Resource: undefined, NotResource: 'arn:aws:s3:::logs/*' }, 'no'],
    [
      'SourceAccount matches',
      { Condition: { StringEquals: { 'aws:SourceAccount': '111111111111' } } },
      'yes',
    ],
    ['SourceAccount differs', { Condition: { StringEquals: { 'aws:SourceAccount': '222222222222' } } }, 'no'],
    ['SourceArn ArnLike', { Condition: { ArnLike: { 'aws:SourceArn': 'arn:aws:s3:::ap*' } } }, 'yes'],
    [
      'SourceArn ArnEquals other',
      { Condition: { ArnEquals: { 'aws:SourceArn': 'arn:aws:s3:::other' } } },
      'no',
    ],
    [
      'SourceArn StringLike list',
      { Condition: { StringLike: { 'aws:SourceArn': ['x', 'arn:aws:s3:::app'] } } },
      'yes',
    ],
    ['unevaluated operator', { Condition: { IpAddress: { 'aws:SourceIp': '10.0.0.0/8' } } }, 'unknown'],
    [
      'unknown key',
      { Condition: { StringEquals: { 's3:x-amz-acl': 'bucket-owner-full-control' } } },
      'unknown',
    ],
    [
      'ForAnyValue on a single value',
      { Condition: { 'ForAnyValue:StringEquals': { 'aws:SourceAccount': ['111111111111'] } } },
      'yes',
    ],
    ['SecureTransport true', { Condition: { Bool: { 'aws:SecureTransport': 'true' } } }, 'yes'],
    ['Null SourceArn false', { Condition: { Null: { 'aws:SourceArn': 'false' } } }, 'yes'],
  ])('%s → %s', (_name, extra, expected) => {
    const statement = Object.fromEntries(Object.entries(allow(extra)).filter(([, v]) => v !== undefined));
    expect(verdict([statement]).allow).toBe(expected);
  });

  it('a condition on the source account is unknown when the account is unknown (IaC)', () => {
    const statement = allow({ Condition: { StringEquals: { 'aws:SourceAccount': '111111111111' } } });
    expect(verdict([statement], { ...request, sourceAccount: null }).allow).toBe('unknown');
  });

  it('accepts a single statement object instead of a list', () => {
    expect(evaluateDeliveryPolicy({ Statement: allow() }, request).allow).toBe('yes');
  });
});

describe('evaluateDeliveryPolicy: denials', () => {
  const deny = (extra: Record<string, unknown>) => ({
    Effect: 'Deny',
    Principal: '*',
    Action: 's3:*',
    Resource: ['arn:aws:s3:::logs', 'arn:aws:s3:::logs/*'],
    ...extra,
  });

  it('the usual TLS-only Deny does not block delivery (delivery uses TLS)', () => {
    const v = verdict([allow(), deny({ Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]);
    expect(v).toMatchObject({ allow: 'yes', deny: 'no' });
  });

  it('an unconditional Deny blocks delivery and names the statement', () => {
    const v = verdict([allow(), deny({ Sid: 'NoWrites' })]);
    expect(v.deny).toBe('yes');
    expect(v.statements.find((s) => s.effect === 'Deny')).toMatchObject({ sid: 'NoWrites', applies: 'yes' });
  });

  it('Deny unless the source account is another one blocks delivery', () => {
    const v = verdict([
      allow(),
      deny({ Condition: { StringNotEquals: { 'aws:SourceAccount': '999999999999' } } }),
    ]);
    expect(v.deny).toBe('yes');
  });

  it('Deny with StringNotEqualsIfExists on the own account does not block', () => {
    const v = verdict([
      deny({ Condition: { StringNotEqualsIfExists: { 'aws:SourceAccount': '111111111111' } } }),
    ]);
    expect(v.deny).toBe('no');
  });

  it('Deny for everyone but AWS services does not block (aws:PrincipalIsAWSService)', () => {
    const v = verdict([deny({ Condition: { Bool: { 'aws:PrincipalIsAWSService': 'false' } } })]);
    expect(v.deny).toBe('no');
  });

  it('Deny on a key we cannot know may block: unknown, never a verdict', () => {
    const v = verdict([allow(), deny({ Condition: { StringNotEquals: { 'aws:PrincipalOrgID': 'o-abc' } } })]);
    expect(v.deny).toBe('unknown');
    expect(v.statements.find((s) => s.effect === 'Deny')?.unknownBecause.join(' ')).toContain(
      'aws:PrincipalOrgID',
    );
  });

  it('Deny on another prefix does not block', () => {
    expect(verdict([deny({ Resource: 'arn:aws:s3:::logs/private/*' })]).deny).toBe('no');
  });

  it('a malformed statement is unknown', () => {
    expect(verdict([{ Effect: 'Deny', Action: 's3:*', Resource: '*' }]).deny).toBe('unknown');
  });
});
