import { describe, expect, it } from 'vitest';
import type { ReasonCode } from '../../engine/types.js';
import type { Bucket, Trail } from '../../inventory/model.js';
import { LOG_DELIVERY_GROUP_URI } from '../../inventory/model.js';
import { errorValue } from '../../inventory/read.js';
import {
  ACCOUNT_A,
  ACCOUNT_B,
  account,
  bucket,
  checkCase,
  defineCases,
  deliveryGrant,
  type ExpectedFinding,
  inventory,
  logBucket,
  logsTo,
  type RuleCase,
  trail,
} from '../shared/testing.js';
import { cloudtrailBucketAccessLogging as rule } from './index.js';

const main = trail('main', 'ct-logs');
const denied = errorValue('AccessDenied', 'Access Denied');

/** One scanned account, trail `main` → `ct-logs` → logs into `access-logs` under `ct/`; patch what the case is about. */
function scenario(
  ctLogs: Partial<Bucket> = {},
  accessLogs: Partial<Bucket> | null = {},
  extra: { trails?: Trail[]; buckets?: Bucket[] } = {},
) {
  return inventory({
    accounts: [account(ACCOUNT_A)],
    trails: extra.trails ?? [main],
    buckets: [
      bucket('ct-logs', { logging: logsTo('access-logs', 'ct/'), ...ctLogs }),
      ...(accessLogs ? [logBucket('access-logs', accessLogs)] : []),
      ...(extra.buckets ?? []),
    ],
  });
}

const ok = { resource: 'ct-logs', status: 'COMPLIANT', reason: 'LOGGING_ENABLED' } as const;
function fail(reason: ReasonCode, messageIncludes: string[] = []): ExpectedFinding[] {
  return [{ resource: 'ct-logs', status: 'NON_COMPLIANT', reason, warnings: [], messageIncludes }];
}

const kmsTarget = { defaultEncryption: 'SSE-KMS' as const };

const cases = defineCases([
  // ---- row 1: trails could not be listed -------------------------------------------------------------
  {
    name: 'ListTrails denied in a scanned account',
    rows: ['4.1#1'],
    inventory: inventory({ accounts: [account(ACCOUNT_A, { trails: denied })] }),
    expect: [
      {
        resource: ACCOUNT_A,
        status: 'UNDETERMINED',
        reason: 'TRAILS_UNREADABLE',
        warnings: [],
        messageIncludes: ['AccessDenied'],
      },
    ],
  },
  {
    name: 'role could not be assumed in a member account',
    rows: ['ROLE_NOT_ASSUMABLE'],
    inventory: inventory({
      accounts: [
        account(ACCOUNT_B, {
          scanned: false,
          accessError: { code: 'AccessDenied', message: 'not authorized to perform sts:AssumeRole' },
        }),
      ],
    }),
    expect: [
      {
        resource: ACCOUNT_B,
        status: 'UNDETERMINED',
        reason: 'ROLE_NOT_ASSUMABLE',
        warnings: [],
        messageIncludes: ['could not be scanned', 'sts:AssumeRole'],
      },
    ],
  },
  // ---- row 2: no trail ---------------------------------------------------------------------------------
  {
    name: 'account lists no trail',
    rows: ['4.1#2'],
    inventory: inventory({ accounts: [account(ACCOUNT_A, { trails: [] })] }),
    expect: [{ resource: ACCOUNT_A, status: 'NOT_APPLICABLE', reason: 'NO_TRAILS', warnings: [] }],
  },
  {
    name: 'no trail list and no trail owned by the account',
    rows: ['4.1#2'],
    inventory: inventory({
      accounts: [account(ACCOUNT_A), account(ACCOUNT_B)],
      trails: [trail('b', 'b-logs', { account: ACCOUNT_B })],
      buckets: [bucket('b-logs', { account: ACCOUNT_B, logging: null })],
    }),
    expect: [
      { resource: ACCOUNT_A, status: 'NOT_APPLICABLE', reason: 'NO_TRAILS', warnings: [] },
      { resource: 'b-logs', status: 'NON_COMPLIANT', reason: 'LOGGING_DISABLED', warnings: [] },
    ],
  },
  {
    name: 'a member account that only sees the organization trail has a trail',
    rows: ['4.1#2', 'org'],
    inventory: inventory({
      accounts: [
        account(ACCOUNT_A, { trails: [] }),
        account(ACCOUNT_B, { trails: ['arn:aws:cloudtrail:us-east-1:111111111111:trail/org'] }),
      ],
      trails: [
        trail('org', 'org-logs', {
          organization: true,
          arn: 'arn:aws:cloudtrail:us-east-1:111111111111:trail/org',
        }),
      ],
      buckets: [bucket('org-logs', { account: ACCOUNT_B, logging: null })],
    }),
    expect: [
      { resource: ACCOUNT_A, status: 'NOT_APPLICABLE', reason: 'NO_TRAILS', warnings: [] },
      {
        resource: 'org-logs',
        status: 'NON_COMPLIANT',
        reason: 'LOGGING_DISABLED',
        warnings: [],
        related: ['org'],
      },
    ],
  },
  // ---- row 3: bucket out of scope --------------------------------------------------------------------
  {
    name: 'trail bucket absent from the inventory',
    rows: ['4.1#3'],
    inventory: inventory({ accounts: [account(ACCOUNT_A)], trails: [main] }),
    expect: [
      {
        resource: 'ct-logs',
        status: 'UNDETERMINED',
        reason: 'BUCKET_NOT_IN_SCOPE',
        warnings: [],
        messageIncludes: ['--org --role-name', '--role-arn'],
        related: ['main'],
      },
    ],
  },
  {
    name: 'bucket in an unscanned account answers 403: out of scope, not deleted',
    rows: ['4.1#3'],
    inventory: scenario({ account: ACCOUNT_B, exists: denied, logging: denied }),
    expect: [
      {
        resource: 'ct-logs',
        status: 'UNDETERMINED',
        reason: 'BUCKET_NOT_IN_SCOPE',
        warnings: [],
        messageIncludes: ['account 222222222222'],
      },
    ],
  },
  {
    name: 'bucket owner unknown and logging not collected',
    rows: ['4.1#3'],
    inventory: scenario({ account: null, logging: undefined }),
    expect: [
      {
        resource: 'ct-logs',
        status: 'UNDETERMINED',
        reason: 'BUCKET_NOT_IN_SCOPE',
        warnings: [],
        messageIncludes: ['an account outside the scan'],
      },
    ],
  },
  {
    name: 'bucket of an unscanned account whose logging was readable is evaluated',
    rows: ['4.1#3', '4.1#6'],
    inventory: scenario({ account: ACCOUNT_B, logging: null }),
    expect: fail('LOGGING_DISABLED'),
  },
  {
    name: 'IaC trail whose bucket name cannot be resolved',
    rows: ['TRAIL_BUCKET_UNRESOLVED'],
    inventory: inventory({
      trails: [
        trail('iac', errorValue('UNRESOLVED', 'data.aws_s3_bucket.logs.id is not known statically'), {
          account: null,
          homeRegion: null,
          location: { file: 'main.tf', line: 7, address: 'aws_cloudtrail.iac' },
        }),
      ],
    }),
    expect: [
      {
        resource: 'iac',
        status: 'UNDETERMINED',
        reason: 'TRAIL_BUCKET_UNRESOLVED',
        warnings: [],
        messageIncludes: ['main.tf:7'],
      },
    ],
  },
  // ---- row 4: bucket missing ---------------------------------------------------------------------------
  {
    name: 'trail bucket does not exist (NoSuchBucket)',
    rows: ['4.1#4'],
    inventory: scenario({
      exists: false,
      logging: errorValue('NoSuchBucket', 'The specified bucket does not exist'),
      account: null,
    }),
    expect: fail('TRAIL_BUCKET_MISSING', ['does not exist']),
  },
  // ---- row 5: logging unreadable -----------------------------------------------------------------------
  {
    name: 'GetBucketLogging denied on an owned bucket',
    rows: ['4.1#5'],
    inventory: scenario({ logging: denied }),
    expect: [{ resource: 'ct-logs', status: 'UNDETERMINED', reason: 'ACCESS_DENIED', warnings: [] }],
  },
  {
    name: 'GetBucketLogging throttled after retries',
    rows: ['4.1#5'],
    inventory: scenario({ logging: errorValue('SlowDown', 'Please reduce your request rate.') }),
    expect: [
      {
        resource: 'ct-logs',
        status: 'UNDETERMINED',
        reason: 'READ_FAILED',
        warnings: [],
        messageIncludes: ['SlowDown'],
      },
    ],
  },
  {
    name: 'logging of an owned bucket not collected',
    rows: ['4.1#5'],
    inventory: scenario({ logging: undefined }),
    expect: [
      {
        resource: 'ct-logs',
        status: 'UNDETERMINED',
        reason: 'READ_FAILED',
        warnings: [],
        messageIncludes: ['not collected'],
      },
    ],
  },
  // ---- row 6 ---------------------------------------------------------------------------------------------
  {
    name: 'logging disabled',
    rows: ['4.1#6'],
    inventory: scenario({ logging: null }, null),
    expect: fail('LOGGING_DISABLED', ['ct-logs', 'disabled']),
  },
  // ---- row 7 ---------------------------------------------------------------------------------------------
  {
    name: 'target bucket deleted',
    rows: ['4.1#7'],
    inventory: scenario({}, { exists: false }),
    expect: fail('TARGET_BUCKET_MISSING', ['access-logs']),
  },
  // ---- row 8 ---------------------------------------------------------------------------------------------
  {
    name: 'target in another Region',
    rows: ['4.1#8'],
    inventory: scenario({}, { region: 'eu-west-1' }),
    expect: fail('TARGET_OTHER_REGION', ['eu-west-1']),
  },
  {
    name: 'target owned by another account',
    rows: ['4.1#8'],
    inventory: scenario({}, { account: ACCOUNT_B }),
    expect: fail('TARGET_OTHER_ACCOUNT', ['222222222222']),
  },
  {
    name: 'target not in the complete bucket list of the source account',
    rows: ['4.1#8'],
    inventory: inventory({
      accounts: [account(ACCOUNT_A, { buckets: ['ct-logs'] })],
      trails: [main],
      buckets: [bucket('ct-logs', { logging: logsTo('central-logs', 'ct/') })],
    }),
    expect: fail('TARGET_OTHER_ACCOUNT', ['does not own']),
  },
  // ---- row 9 ---------------------------------------------------------------------------------------------
  {
    name: 'target grants nothing (no policy, no ACL grant)',
    rows: ['4.1#9'],
    inventory: scenario({}, { policy: null }),
    expect: fail('TARGET_CANNOT_RECEIVE', ['neither its bucket policy nor its ACL']),
  },
  {
    name: 'target grants only by ACL under BucketOwnerEnforced',
    rows: ['4.1#9'],
    inventory: scenario(
      {},
      { policy: null, acl: [{ grantee: LOG_DELIVERY_GROUP_URI, permission: 'WRITE' }] },
    ),
    expect: fail('TARGET_CANNOT_RECEIVE', ['ACLs are ignored']),
  },
  {
    name: 'target policy grants another prefix only',
    rows: ['4.1#9'],
    inventory: scenario({}, { policy: { Statement: [deliveryGrant('access-logs', 'other/')] } }),
    expect: fail('TARGET_CANNOT_RECEIVE'),
  },
  {
    name: 'target policy grants another source account only',
    rows: ['4.1#9'],
    inventory: scenario(
      {},
      {
        policy: {
          Statement: [
            {
              ...deliveryGrant('access-logs'),
              Condition: { StringEquals: { 'aws:SourceAccount': ACCOUNT_B } },
            },
          ],
        },
      },
    ),
    expect: fail('TARGET_CANNOT_RECEIVE'),
  },
  {
    name: 'target policy denies the delivery',
    rows: ['4.1#9'],
    inventory: scenario(
      {},
      {
        policy: {
          Statement: [
            deliveryGrant('access-logs'),
            {
              Sid: 'DenyOutsideVpce',
              Effect: 'Deny',
              Principal: '*',
              Action: 's3:*',
              Resource: 'arn:aws:s3:::access-logs/*',
              Condition: { StringNotEquals: { 'aws:SourceAccount': ACCOUNT_B } },
            },
          ],
        },
      },
    ),
    expect: [
      {
        ...fail('TARGET_CANNOT_RECEIVE', ['Deny'])[0]!,
        evidence: { target: { policy: { deniedBy: [{ sid: 'DenyOutsideVpce' }] } } },
      },
    ],
  },
  {
    name: 'target has Object Lock default retention',
    rows: ['4.1#9'],
    inventory: scenario({}, { objectLockDefaultRetention: true }),
    expect: fail('TARGET_CANNOT_RECEIVE', ['Object Lock']),
  },
  {
    name: 'target has Requester Pays',
    rows: ['4.1#9'],
    inventory: scenario({}, { requesterPays: true }),
    expect: fail('TARGET_CANNOT_RECEIVE', ['Requester Pays']),
  },
  {
    name: 'target encrypts with SSE-KMS',
    rows: ['4.1#9'],
    inventory: scenario({}, kmsTarget),
    expect: fail('TARGET_CANNOT_RECEIVE', ['SSE-KMS']),
  },
  {
    name: 'target encrypts with DSSE-KMS',
    rows: ['4.1#9'],
    inventory: scenario({}, { defaultEncryption: 'DSSE-KMS' }),
    expect: fail('TARGET_CANNOT_RECEIVE', ['DSSE-KMS']),
  },
  // ---- row 10 and warnings -------------------------------------------------------------------------------
  {
    name: 'logging into a healthy target granted by policy',
    rows: ['4.1#10'],
    inventory: scenario(),
    expect: [
      {
        ...ok,
        warnings: [],
        evidence: { target: { grant: 'yes', policy: { allowedBy: [{ sid: 'S3ServerAccessLogsPolicy' }] } } },
      },
    ],
  },
  {
    name: 'logging into a target granted by the Log Delivery ACL under ObjectWriter',
    rows: ['4.1#10'],
    inventory: scenario(
      {},
      {
        policy: null,
        ownership: 'ObjectWriter',
        acl: [{ grantee: LOG_DELIVERY_GROUP_URI, permission: 'WRITE' }],
      },
    ),
    expect: [{ ...ok, warnings: [] }],
  },
  {
    name: 'organization trail into a scanned log-archive account',
    rows: ['4.1#10', 'org'],
    inventory: inventory({
      accounts: [account(ACCOUNT_A), account(ACCOUNT_B, { trails: [main.arn] })],
      trails: [{ ...main, organization: true }],
      buckets: [
        bucket('ct-logs', { account: ACCOUNT_B, logging: logsTo('access-logs', 'ct/') }),
        logBucket('access-logs', { account: ACCOUNT_B }),
      ],
    }),
    expect: [{ ...ok, warnings: [], related: ['main'] }],
  },
  {
    name: 'bucket logs into itself',
    rows: ['4.1#10', 'warning:SELF_TARGET'],
    inventory: scenario(
      { logging: logsTo('ct-logs', 'self/'), policy: { Statement: [deliveryGrant('ct-logs')] } },
      null,
    ),
    expect: [{ ...ok, warnings: ['SELF_TARGET'] }],
  },
  {
    name: 'target outside the inventory',
    rows: ['4.1#10', 'warning:TARGET_UNVERIFIED'],
    inventory: scenario({}, null),
    expect: [{ ...ok, warnings: ['TARGET_UNVERIFIED'], messageIncludes: ['outside the inventory'] }],
  },
  {
    // Issue 10: a fact that failed to read is not "outside the scan": UNDETERMINED with the error.
    name: 'target policy unreadable',
    rows: ['4.1#5', 'issue10:error-value'],
    inventory: scenario({}, { policy: denied }),
    expect: [
      {
        resource: 'ct-logs',
        status: 'UNDETERMINED',
        reason: 'ACCESS_DENIED',
        warnings: [],
        messageIncludes: ['bucket policy could not be read'],
      },
    ],
  },
  {
    name: 'target policy Deny on a key we cannot evaluate',
    rows: ['4.1#10', 'warning:TARGET_UNVERIFIED'],
    inventory: scenario(
      {},
      {
        policy: {
          Statement: [
            deliveryGrant('access-logs'),
            {
              Effect: 'Deny',
              Principal: '*',
              Action: 's3:PutObject',
              Resource: 'arn:aws:s3:::access-logs/*',
              Condition: { StringNotEquals: { 'aws:PrincipalOrgID': 'o-1' } },
            },
          ],
        },
      },
    ),
    expect: [{ ...ok, warnings: ['TARGET_UNVERIFIED'], messageIncludes: ['may block'] }],
  },
  {
    name: 'source Region unreadable: the same-Region requirement cannot be checked',
    rows: ['4.1#5', 'issue10:error-value'],
    inventory: scenario({ region: errorValue('AccessDenied', 'GetBucketLocation denied') }),
    expect: [
      {
        resource: 'ct-logs',
        status: 'UNDETERMINED',
        reason: 'ACCESS_DENIED',
        warnings: [],
        messageIncludes: ['Regions'],
      },
    ],
  },
  {
    name: 'IaC logging target that cannot be resolved',
    rows: ['4.1#5', 'issue10:VALUE_UNRESOLVED'],
    inventory: scenario({ logging: logsTo(errorValue('UNRESOLVED', 'module output')) }, null),
    expect: [
      {
        resource: 'ct-logs',
        status: 'UNDETERMINED',
        reason: 'VALUE_UNRESOLVED',
        warnings: [],
        messageIncludes: ['module output'],
      },
    ],
  },
  {
    name: 'IaC source with unknown account against a SourceAccount-conditioned grant',
    rows: ['4.1#10', 'warning:TARGET_UNVERIFIED'],
    inventory: inventory({
      trails: [trail('iac', 'ct-logs', { account: null })],
      buckets: [
        bucket('ct-logs', {
          account: null,
          region: undefined,
          logging: logsTo('access-logs', 'ct/'),
          location: { file: 'main.tf', line: 1, address: 'aws_s3_bucket.ct' },
        }),
        logBucket('access-logs', {
          account: null,
          region: undefined,
          location: { file: 'main.tf', line: 9, address: 'aws_s3_bucket.logs' },
          policy: {
            Statement: [
              {
                ...deliveryGrant('access-logs'),
                Condition: { StringEquals: { 'aws:SourceAccount': ACCOUNT_A } },
              },
            ],
          },
        }),
      ],
    }),
    expect: [{ ...ok, warnings: ['TARGET_UNVERIFIED'], messageIncludes: ['main.tf:1'] }],
  },
  {
    name: 'a trail writing to the bucket is stopped',
    rows: ['4.1#10', 'warning:TRAIL_NOT_LOGGING'],
    inventory: scenario({}, {}, { trails: [{ ...main, isLogging: false }] }),
    expect: [{ ...ok, warnings: ['TRAIL_NOT_LOGGING'] }],
  },
  {
    name: 'two sources share the target without a prefix',
    rows: ['4.1#10', 'warning:NO_TARGET_PREFIX'],
    inventory: scenario(
      { logging: logsTo('access-logs') },
      {},
      { buckets: [bucket('app', { logging: logsTo('access-logs') })] },
    ),
    expect: [{ ...ok, warnings: ['NO_TARGET_PREFIX'] }],
  },
  {
    name: 'two sources share the target, date-partitioned keys keep them apart',
    rows: ['4.1#10'],
    inventory: scenario(
      { logging: logsTo('access-logs', '', { partitioned: true }) },
      {},
      { buckets: [bucket('app', { logging: logsTo('access-logs', '', { partitioned: true }) })] },
    ),
    expect: [{ ...ok, warnings: [] }],
  },
  // ---- deduplication -------------------------------------------------------------------------------------
  {
    name: 'shadow copies of a multi-Region trail count once',
    rows: ['dedupe'],
    inventory: scenario({}, {}, { trails: [main, { ...main }, { ...main }] }),
    expect: [{ ...ok, warnings: [], related: ['main'] }],
  },
  {
    name: 'two trails share one bucket: one finding, both related',
    rows: ['dedupe'],
    inventory: scenario({ logging: null }, null, {
      trails: [main, trail('second', 'ct-logs', { homeRegion: 'eu-west-1' })],
    }),
    expect: [{ ...fail('LOGGING_DISABLED')[0]!, related: ['main', 'second'] }],
  },
  // ---- buckets identified as CloudTrail destinations by their policy (peer case G4) -----------------------
  {
    name: 'log-archive bucket whose policy lets CloudTrail write, no scanned trail: still checked',
    rows: ['policy-destination'],
    inventory: inventory({
      accounts: [account(ACCOUNT_A, { trails: [] })],
      buckets: [bucket('org-archive', { policy: cloudTrailPolicy('org-archive') })],
    }),
    expect: [
      { resource: ACCOUNT_A, status: 'NOT_APPLICABLE', reason: 'NO_TRAILS', warnings: [] },
      {
        resource: 'org-archive',
        status: 'NON_COMPLIANT',
        reason: 'LOGGING_DISABLED',
        warnings: [],
        relatedCount: 0,
        evidence: { identifiedBy: { bucketPolicyStatement: 'AWSCloudTrailWrite' } },
      },
    ],
  },
  {
    name: 'a CloudTrail statement that only allows GetBucketAcl does not make a CloudTrail bucket',
    rows: ['policy-destination'],
    inventory: inventory({
      accounts: [account(ACCOUNT_A, { trails: [] })],
      buckets: [bucket('acl-check-only', { policy: cloudTrailPolicy('acl-check-only', 's3:GetBucketAcl') })],
    }),
    expect: [{ resource: ACCOUNT_A, status: 'NOT_APPLICABLE', reason: 'NO_TRAILS', warnings: [] }],
  },
  {
    name: 'a bucket named by a trail and opened to CloudTrail by policy is reported once, with the trail',
    rows: ['policy-destination', 'dedupe'],
    inventory: scenario({ logging: null, policy: cloudTrailPolicy('ct-logs', 's3:Put*') }, null),
    expect: [{ ...fail('LOGGING_DISABLED')[0]!, related: ['main'], relatedCount: 1 }],
  },
]);

/** The bucket policy statement CloudTrail needs to deliver log files (CloudTrail user guide). */
function cloudTrailPolicy(name: string, action = 's3:PutObject') {
  return {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'AWSCloudTrailWrite',
        Effect: 'Allow',
        Principal: { Service: ['cloudtrail.amazonaws.com'] },
        Action: action,
        Resource: `arn:aws:s3:::${name}/AWSLogs/*`,
      },
    ],
  };
}

describe('aws-cloudtrail-bucket-access-logging decision table', () => {
  it.each(cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const { mismatches, findings } = checkCase(rule, c);
    expect(mismatches).toEqual([]);
    for (const finding of findings) expect(finding.message).toMatch(/\.$/);
  });

  it('covers every row, reason and warning of the table', () => {
    const rows = new Set(cases.flatMap((c) => c.rows));
    for (const row of [
      '4.1#1',
      '4.1#2',
      '4.1#3',
      '4.1#4',
      '4.1#5',
      '4.1#6',
      '4.1#7',
      '4.1#8',
      '4.1#9',
      '4.1#10',
    ]) {
      expect(rows, row).toContain(row);
    }
    const reasons = new Set(
      cases.flatMap((c) => (Array.isArray(c.expect) ? c.expect.map((e) => e.reason) : [])),
    );
    for (const reason of [
      'TRAILS_UNREADABLE',
      'NO_TRAILS',
      'BUCKET_NOT_IN_SCOPE',
      'TRAIL_BUCKET_UNRESOLVED',
      'TRAIL_BUCKET_MISSING',
      'ACCESS_DENIED',
      'READ_FAILED',
      'LOGGING_DISABLED',
      'TARGET_BUCKET_MISSING',
      'TARGET_OTHER_REGION',
      'TARGET_OTHER_ACCOUNT',
      'TARGET_CANNOT_RECEIVE',
      'LOGGING_ENABLED',
    ] as const) {
      expect(reasons, reason).toContain(reason);
    }
    const warnings = new Set(
      cases.flatMap((c) => (Array.isArray(c.expect) ? c.expect.flatMap((e) => e.warnings) : [])),
    );
    for (const warning of [
      'SELF_TARGET',
      'TARGET_UNVERIFIED',
      'TRAIL_NOT_LOGGING',
      'NO_TARGET_PREFIX',
    ] as const) {
      expect(warnings, warning).toContain(warning);
    }
  });

  it('the harness refuses a case with an empty expectation', () => {
    expect(() => defineCases([{ name: 'x', rows: [], inventory: inventory(), expect: [] }])).toThrow(
      /expects nothing/,
    );
    expect(() =>
      defineCases([{ name: 'x', rows: [], inventory: inventory(), expect: { none: ' ' } }]),
    ).toThrow(/without saying why/);
  });

  it('the harness reports a wrong expectation (it can fail)', () => {
    const c: RuleCase = {
      name: 'wrong',
      rows: [],
      inventory: scenario({ logging: null }, null),
      expect: [{ ...ok, warnings: [] }],
    };
    expect(checkCase(rule, c).mismatches.join(' ')).toContain('expected COMPLIANT/LOGGING_ENABLED');
  });
});
