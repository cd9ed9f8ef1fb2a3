import { describe, expect, it } from 'vitest';
import { planFix } from '../../src/remediation/planner.js';
import { statementSid } from '../../src/remediation/policy.js';
import type { PutBucketPolicyStep } from '../../src/remediation/types.js';
import { A, B, bucket, finding, inventory } from './fixtures.js';

const TARGET_A_USE1 = `${A}-us-east-1-s3-access-logs`;

describe('planFix', () => {
  it('creates one default target per account and Region, one statement per source, then logging', () => {
    const s1 = bucket('app-one', A, 'us-east-1');
    const s2 = bucket('app-two', A, 'us-east-1');
    const s3 = bucket('eu-data', A, 'eu-west-1');
    const inv = inventory([s1, s2, s3]);
    const plan = planFix({
      findings: [
        finding(s1, 'LOGGING_DISABLED'),
        finding(s2, 'LOGGING_DISABLED'),
        finding(s3, 'LOGGING_DISABLED'),
      ],
      inventory: inv,
    });
    expect(plan.skipped).toEqual([]);
    expect(plan.targets.map((t) => [t.bucket, t.create, t.sources])).toEqual([
      [`${A}-eu-west-1-s3-access-logs`, true, ['eu-data']],
      [TARGET_A_USE1, true, ['app-one', 'app-two']],
    ]);
    const kinds = plan.steps.map((s) => `${s.kind}:${s.bucket}`);
    expect(kinds).toEqual([
      `CreateBucket:${A}-eu-west-1-s3-access-logs`,
      `PutPublicAccessBlock:${A}-eu-west-1-s3-access-logs`,
      `PutBucketEncryption:${A}-eu-west-1-s3-access-logs`,
      `PutBucketPolicy:${A}-eu-west-1-s3-access-logs`,
      'PutBucketLogging:eu-data',
      `CreateBucket:${TARGET_A_USE1}`,
      `PutPublicAccessBlock:${TARGET_A_USE1}`,
      `PutBucketEncryption:${TARGET_A_USE1}`,
      `PutBucketPolicy:${TARGET_A_USE1}`,
      'PutBucketLogging:app-one',
      'PutBucketLogging:app-two',
    ]);
    const create = plan.steps.find((s) => s.kind === 'CreateBucket' && s.region === 'eu-west-1');
    expect(create).toMatchObject({ locationConstraint: 'eu-west-1', objectOwnership: 'BucketOwnerEnforced' });
    const createUse1 = plan.steps.find((s) => s.kind === 'CreateBucket' && s.region === 'us-east-1');
    expect(createUse1).toMatchObject({ locationConstraint: null });
    const policy = plan.steps[8] as PutBucketPolicyStep;
    expect(policy.previous).toBeNull();
    expect(policy.add).toHaveLength(2);
    expect(policy.policy.Statement).toEqual([
      {
        Sid: statementSid('app-one'),
        Effect: 'Allow',
        Principal: { Service: 'logging.s3.amazonaws.com' },
        Action: 's3:PutObject',
        Resource: `arn:aws:s3:::${TARGET_A_USE1}/app-one/*`,
        Condition: {
          ArnLike: { 'aws:SourceArn': 'arn:aws:s3:::app-one' },
          StringEquals: { 'aws:SourceAccount': A },
        },
      },
      expect.objectContaining({ Resource: `arn:aws:s3:::${TARGET_A_USE1}/app-two/*` }),
    ]);
    expect(plan.steps.find((s) => s.kind === 'PutBucketLogging' && s.bucket === 'app-two')).toMatchObject({
      logging: { targetBucket: TARGET_A_USE1, targetPrefix: 'app-two/', partitioned: false },
      previous: null,
    });
    expect(plan.fixes.find((f) => f.bucket === 'app-two')?.steps).toEqual([5, 6, 7, 8, 10]);
  });

  it('merges into an existing target policy without touching existing statements, and reuses a grant', () => {
    const existingStatements = [
      {
        Sid: 'DenyHttp',
        Effect: 'Deny',
        Principal: '*',
        Action: 's3:*',
        Resource: '*',
        Condition: { Bool: { 'aws:SecureTransport': 'false' } },
      },
      {
        Sid: 'Existing',
        Effect: 'Allow',
        Principal: { Service: 'logging.s3.amazonaws.com' },
        Action: ['s3:PutObject'],
        Resource: 'arn:aws:s3:::logs-a/already/*',
        Condition: { ArnLike: { 'aws:SourceArn': 'arn:aws:s3:::already' } },
      },
    ];
    const target = bucket('logs-a', A, 'us-east-1', {
      policy: { Version: '2012-10-17', Id: 'keep-me', Statement: existingStatements },
    });
    const fresh = bucket('fresh', A, 'us-east-1');
    const already = bucket('already', A, 'us-east-1');
    const plan = planFix(
      {
        findings: [finding(fresh, 'LOGGING_DISABLED'), finding(already, 'LOGGING_DISABLED')],
        inventory: inventory([target, fresh, already]),
      },
      { targetBucket: 'logs-a' },
    );
    expect(plan.targets).toEqual([expect.objectContaining({ bucket: 'logs-a', create: false })]);
    const policy = plan.steps.find((s) => s.kind === 'PutBucketPolicy') as PutBucketPolicyStep;
    expect(policy.add.map((s) => s.Sid)).toEqual([statementSid('fresh')]);
    expect(policy.policy.Id).toBe('keep-me');
    expect((policy.policy.Statement as unknown[]).slice(0, 2)).toEqual(existingStatements);
    expect(plan.fixes.find((f) => f.bucket === 'already')?.statementSid).toBeNull();
    expect(plan.steps.filter((s) => s.kind === 'PutBucketLogging').map((s) => s.bucket)).toEqual([
      'already',
      'fresh',
    ]);
  });

  it('refuses targets that cannot receive logs instead of changing them', () => {
    const cases = [
      ['locked', { objectLockDefaultRetention: true }, 'TARGET_CANNOT_RECEIVE', /Object Lock/],
      ['kms', { defaultEncryption: 'SSE-KMS' as const }, 'TARGET_CANNOT_RECEIVE', /SSE-KMS/],
      ['dsse', { defaultEncryption: 'DSSE-KMS' as const }, 'TARGET_CANNOT_RECEIVE', /DSSE-KMS/],
      ['payer', { requesterPays: true }, 'TARGET_CANNOT_RECEIVE', /Requester Pays/],
      ['other-region', { region: 'eu-west-1' }, 'TARGET_OTHER_REGION', /eu-west-1/],
      ['other-account', { account: B }, 'TARGET_OTHER_ACCOUNT', /222222222222/],
      [
        'unreadable',
        { policy: { error: { code: 'AccessDenied', message: 'no' } } },
        'TARGET_UNREADABLE',
        /policy/,
      ],
      [
        'denied',
        {
          policy: {
            Statement: [
              {
                Sid: 'NoLogs',
                Effect: 'Deny',
                Principal: { Service: 'logging.s3.amazonaws.com' },
                Action: 's3:PutObject',
                Resource: 'arn:aws:s3:::denied/*',
              },
            ],
          },
        },
        'TARGET_CANNOT_RECEIVE',
        /NoLogs/,
      ],
    ] as const;
    for (const [name, extra, code, text] of cases) {
      const target = bucket(name, A, 'us-east-1', extra);
      const source = bucket(`src-${name}`, A, 'us-east-1');
      const plan = planFix(
        { findings: [finding(source, 'LOGGING_DISABLED')], inventory: inventory([target, source]) },
        { targetBucket: name },
      );
      expect(plan.steps, name).toEqual([]);
      expect(plan.skipped, name).toEqual([
        expect.objectContaining({ bucket: `src-${name}`, code, refused: true }),
      ]);
      expect(plan.skipped[0]?.message, name).toMatch(text);
    }
  });

  it('skips TRAIL_BUCKET_MISSING, suppressed and compliant findings, and never targets the source itself', () => {
    const gone = bucket('gone', A, 'us-east-1', { exists: false });
    const ok = bucket('ok', A, 'us-east-1', { logging: { targetBucket: 'x', targetPrefix: '' } });
    const quiet = bucket('quiet', A, 'us-east-1');
    const self = bucket('self', A, 'us-east-1');
    const suppressed = { ...finding(quiet, 'LOGGING_DISABLED'), suppressed: { reason: 'sandbox' } };
    const plan = planFix(
      {
        findings: [
          finding(gone, 'TRAIL_BUCKET_MISSING', 'NON_COMPLIANT', 'aws-cloudtrail-bucket-access-logging'),
          finding(ok, 'LOGGING_ENABLED', 'COMPLIANT'),
          suppressed,
          finding(self, 'LOGGING_DISABLED'),
        ],
        inventory: inventory([gone, ok, quiet, self]),
      },
      { targetBucket: 'self' },
    );
    expect(plan.steps).toEqual([]);
    expect(plan.skipped.map((s) => [s.bucket, s.code, s.refused])).toEqual([
      ['gone', 'TRAIL_BUCKET_MISSING', false],
      ['quiet', 'SUPPRESSED', false],
      ['self', 'TARGET_IS_SOURCE', true],
    ]);
    expect(plan.skipped[0]?.message).toMatch(/does not create trail buckets/);
  });

  it('grant-only: a same-account target that only lacks the permission keeps its target and prefix', () => {
    const target = bucket('central', A, 'us-east-1', { policy: null });
    const source = bucket('src', A, 'us-east-1', {
      logging: { targetBucket: 'central', targetPrefix: 'src-logs/' },
    });
    const plan = planFix({
      findings: [finding(source, 'TARGET_CANNOT_RECEIVE')],
      inventory: inventory([target, source]),
    });
    expect(plan.steps.map((s) => s.kind)).toEqual(['PutBucketPolicy']);
    expect((plan.steps[0] as PutBucketPolicyStep).add[0]?.Resource).toBe('arn:aws:s3:::central/src-logs/*');
    expect(plan.fixes[0]).toMatchObject({ mode: 'grant-only', target: 'central', targetPrefix: 'src-logs/' });
  });

  it('repoints a deleted, other-Region or other-account target to the default target, dedupes rules, filters', () => {
    const a = bucket('a', A, 'us-east-1', { logging: { targetBucket: 'deleted', targetPrefix: '' } });
    const b = bucket('b', A, 'us-east-1', { logging: { targetBucket: 'far', targetPrefix: 'b/' } });
    const c = bucket('c', B, 'us-east-1');
    const far = bucket('far', A, 'eu-west-1');
    const deleted = bucket('deleted', A, 'us-east-1', { exists: false });
    const inv = inventory([a, b, c, far, deleted]);
    const findings = [
      finding(a, 'TARGET_BUCKET_MISSING'),
      finding(a, 'TARGET_BUCKET_MISSING', 'NON_COMPLIANT', 'aws-cloudtrail-bucket-access-logging'),
      finding(b, 'TARGET_OTHER_REGION'),
      finding(c, 'LOGGING_DISABLED'),
    ];
    const plan = planFix({ findings, inventory: inv }, { accounts: [A], partitioned: true });
    expect(plan.fixes.map((f) => [f.bucket, f.target, f.ruleIds.length])).toEqual([
      // `far` is no longer a log destination once `b` logs elsewhere: its own disabled logging is fixed too.
      ['far', `${A}-eu-west-1-s3-access-logs`, 1],
      ['a', TARGET_A_USE1, 2],
      ['b', TARGET_A_USE1, 1],
    ]);
    const logging = plan.steps.filter((s) => s.kind === 'PutBucketLogging');
    expect(logging.map((s) => [s.bucket, s.previous?.targetBucket, s.logging.partitioned])).toEqual([
      ['far', undefined, true],
      ['a', 'deleted', true],
      ['b', 'far', true],
    ]);
    const onlyC = planFix(
      { findings, inventory: inv },
      { bucketGlobs: ['c*'], targetBucket: { 'us-east-1': 'c-logs' } },
    );
    expect(onlyC.fixes.map((f) => [f.bucket, f.target])).toEqual([['c', 'c-logs']]);
  });

  it('refuses when the merged policy would exceed 20 KB', () => {
    const big = {
      Version: '2012-10-17',
      Statement: [
        {
          Sid: 'Pad',
          Effect: 'Allow',
          Principal: { AWS: `arn:aws:iam::${A}:root` },
          Action: 's3:GetObject',
          Resource: `arn:aws:s3:::logs/${'x'.repeat(20_300)}`,
        },
      ],
    };
    const target = bucket('logs', A, 'us-east-1', { policy: big });
    const source = bucket('src', A, 'us-east-1');
    const plan = planFix(
      { findings: [finding(source, 'LOGGING_DISABLED')], inventory: inventory([target, source]) },
      { targetBucket: 'logs' },
    );
    expect(plan.steps).toEqual([]);
    expect(plan.skipped[0]?.code).toBe('POLICY_TOO_LARGE');
  });

  it('also fixes an old target that stops being a log destination, so one run leaves nothing to fix', () => {
    const kmsTarget = bucket('old-kms-target', A, 'us-east-1', { defaultEncryption: 'SSE-KMS' });
    const shared = bucket('shared-target', A, 'us-east-1');
    const src = bucket('src', A, 'us-east-1', {
      logging: { targetBucket: 'old-kms-target', targetPrefix: 's/' },
    });
    const stays = bucket('stays', A, 'us-east-1', {
      logging: { targetBucket: 'shared-target', targetPrefix: '' },
    });
    const moves = bucket('moves', A, 'us-east-1', {
      logging: { targetBucket: 'shared-target', targetPrefix: 'm/' },
    });
    const inv = inventory([kmsTarget, shared, src, stays, moves]);
    const findings = [finding(src, 'TARGET_CANNOT_RECEIVE'), finding(moves, 'TARGET_OTHER_REGION')];
    const plan = planFix({ findings, inventory: inv });
    expect(plan.fixes.map((f) => [f.bucket, f.note !== undefined]).sort()).toEqual([
      ['moves', false],
      ['old-kms-target', true],
      ['src', false],
    ]);
    // Only the general rule produces that finding: with --rule for the CloudTrail rule alone, it is not planned.
    const ctOnly = planFix({ findings, inventory: inv }, { ruleIds: ['aws-s3-bucket-access-logging', 'x'] });
    expect(ctOnly.fixes).toHaveLength(3);
    const none = planFix({ findings, inventory: inv }, { ruleIds: ['aws-cloudtrail-bucket-access-logging'] });
    expect(none.fixes).toEqual([]);
  });
});
