import { describe, expect, it } from 'vitest';
import type { ReasonCode } from '../../engine/types.js';
import { type Bucket, LOG_DELIVERY_GROUP_URI } from '../../inventory/model.js';
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
} from '../shared/testing.js';
import { s3BucketAccessLogging as rule } from './index.js';

const denied = errorValue('AccessDenied', 'Access Denied');

/** Account A with `app` logging into `logs` under `app/`; the log bucket itself is reported as a destination. */
function scenario(app: Partial<Bucket> = {}, logs: Partial<Bucket> | null = {}, extra: Bucket[] = []) {
  return inventory({
    accounts: [account(ACCOUNT_A)],
    buckets: [
      bucket('app', { logging: logsTo('logs', 'app/'), ...app }),
      ...(logs ? [logBucket('logs', logs)] : []),
      ...extra,
    ],
  });
}

const destination: ExpectedFinding = {
  resource: 'logs',
  status: 'NOT_APPLICABLE',
  reason: 'IS_LOG_DESTINATION',
  warnings: [],
  related: ['app'],
};
const ok = (
  warnings: ExpectedFinding['warnings'] = [],
  more: Partial<ExpectedFinding> = {},
): ExpectedFinding => ({
  resource: 'app',
  status: 'COMPLIANT',
  reason: 'LOGGING_ENABLED',
  warnings,
  ...more,
});
const fail = (reason: ReasonCode, messageIncludes: string[] = []): ExpectedFinding => ({
  resource: 'app',
  status: 'NON_COMPLIANT',
  reason,
  warnings: [],
  messageIncludes,
});

const cases = defineCases([
  // ---- per account ---------------------------------------------------------------------------------------
  {
    name: 'account with no bucket',
    rows: ['NO_BUCKETS'],
    inventory: inventory({ accounts: [account(ACCOUNT_A, { buckets: [] })] }),
    expect: [{ resource: ACCOUNT_A, status: 'NOT_APPLICABLE', reason: 'NO_BUCKETS', warnings: [] }],
  },
  {
    name: 'account without a bucket list and no bucket in the inventory',
    rows: ['NO_BUCKETS'],
    inventory: inventory({ accounts: [account(ACCOUNT_A)] }),
    expect: [{ resource: ACCOUNT_A, status: 'NOT_APPLICABLE', reason: 'NO_BUCKETS', warnings: [] }],
  },
  {
    name: 'ListBuckets denied',
    rows: ['BUCKETS_UNREADABLE'],
    inventory: inventory({ accounts: [account(ACCOUNT_A, { buckets: denied })] }),
    expect: [
      {
        resource: ACCOUNT_A,
        status: 'UNDETERMINED',
        reason: 'BUCKETS_UNREADABLE',
        warnings: [],
        messageIncludes: ['AccessDenied'],
      },
    ],
  },
  {
    name: 'role could not be assumed',
    rows: ['ROLE_NOT_ASSUMABLE'],
    inventory: inventory({
      accounts: [
        account(ACCOUNT_B, { scanned: false, accessError: { code: 'AccessDenied', message: 'AssumeRole' } }),
      ],
    }),
    expect: [
      {
        resource: ACCOUNT_B,
        status: 'UNDETERMINED',
        reason: 'ROLE_NOT_ASSUMABLE',
        warnings: [],
        messageIncludes: ['could not be scanned'],
      },
    ],
  },
  // ---- row 1 ---------------------------------------------------------------------------------------------
  {
    name: 'a log destination is not applicable, even with logging off',
    rows: ['4.2#1'],
    inventory: scenario(),
    expect: [ok(), destination],
  },
  // ---- row 2 ---------------------------------------------------------------------------------------------
  {
    name: 'GetBucketLogging denied',
    rows: ['4.2#2'],
    inventory: scenario({ logging: denied }, null),
    expect: [{ resource: 'app', status: 'UNDETERMINED', reason: 'ACCESS_DENIED', warnings: [] }],
  },
  {
    name: 'GetBucketLogging failed with a 5xx',
    rows: ['4.2#2'],
    inventory: scenario({ logging: errorValue('InternalError', 'We encountered an internal error.') }, null),
    expect: [{ resource: 'app', status: 'UNDETERMINED', reason: 'READ_FAILED', warnings: [] }],
  },
  // ---- row 3 ---------------------------------------------------------------------------------------------
  {
    name: 'logging disabled',
    rows: ['4.2#3'],
    inventory: scenario({ logging: null }, null),
    expect: [fail('LOGGING_DISABLED', ['app'])],
  },
  // ---- rows 4–6 (= 4.1 rows 7–9) ---------------------------------------------------------------------------
  {
    name: 'target deleted (the deleted target itself is not reported)',
    rows: ['4.2#4'],
    inventory: scenario({}, { exists: false }),
    expect: [fail('TARGET_BUCKET_MISSING')],
  },
  {
    name: 'target in another Region',
    rows: ['4.2#5'],
    inventory: scenario({}, { region: 'eu-central-1' }),
    expect: [fail('TARGET_OTHER_REGION'), destination],
  },
  {
    name: 'target in another (unscanned) account',
    rows: ['4.2#5'],
    inventory: scenario({}, { account: ACCOUNT_B }),
    expect: [fail('TARGET_OTHER_ACCOUNT')],
  },
  {
    name: 'target absent from the complete bucket list',
    rows: ['4.2#5'],
    inventory: inventory({
      accounts: [account(ACCOUNT_A, { buckets: ['app'] })],
      buckets: [bucket('app', { logging: logsTo('elsewhere') })],
    }),
    expect: [fail('TARGET_OTHER_ACCOUNT')],
  },
  {
    name: 'target without any grant',
    rows: ['4.2#6'],
    inventory: scenario({}, { policy: null }),
    expect: [fail('TARGET_CANNOT_RECEIVE'), destination],
  },
  {
    name: 'target with a Deny on PutObject for everyone',
    rows: ['4.2#6'],
    inventory: scenario(
      {},
      {
        policy: {
          Statement: [
            deliveryGrant('logs'),
            { Effect: 'Deny', Principal: { AWS: '*' }, Action: 's3:Put*', Resource: 'arn:aws:s3:::logs/*' },
          ],
        },
      },
    ),
    expect: [fail('TARGET_CANNOT_RECEIVE', ['Deny']), destination],
  },
  {
    name: 'target with Object Lock default retention',
    rows: ['4.2#6'],
    inventory: scenario({}, { objectLockDefaultRetention: true }),
    expect: [fail('TARGET_CANNOT_RECEIVE'), destination],
  },
  {
    name: 'target with Requester Pays',
    rows: ['4.2#6'],
    inventory: scenario({}, { requesterPays: true }),
    expect: [fail('TARGET_CANNOT_RECEIVE'), destination],
  },
  {
    name: 'target with SSE-KMS',
    rows: ['4.2#6'],
    inventory: scenario({}, { defaultEncryption: 'SSE-KMS' }),
    expect: [fail('TARGET_CANNOT_RECEIVE', ['SSE-KMS']), destination],
  },
  // ---- row 7 and warnings -----------------------------------------------------------------------------------
  {
    name: 'ACL grant under BucketOwnerPreferred',
    rows: ['4.2#7'],
    inventory: scenario(
      {},
      {
        policy: null,
        ownership: 'BucketOwnerPreferred',
        acl: [{ grantee: LOG_DELIVERY_GROUP_URI, permission: 'WRITE' }],
      },
    ),
    expect: [ok(), destination],
  },
  {
    name: 'self target',
    rows: ['4.2#7', 'warning:SELF_TARGET'],
    inventory: scenario(
      { logging: logsTo('app', 'logs/'), policy: { Statement: [deliveryGrant('app', 'logs/')] } },
      null,
    ),
    expect: [ok(['SELF_TARGET'])],
  },
  {
    name: 'self target without a grant cannot receive',
    rows: ['4.2#6', 'warning:SELF_TARGET'],
    inventory: scenario({ logging: logsTo('app', 'logs/') }, null),
    expect: [fail('TARGET_CANNOT_RECEIVE')],
  },
  {
    name: 'target outside the inventory',
    rows: ['4.2#7', 'warning:TARGET_UNVERIFIED'],
    inventory: scenario({}, null),
    expect: [ok(['TARGET_UNVERIFIED'])],
  },
  {
    // Issue 10: the grant rests on the ACL that failed to read: UNDETERMINED, not a pass.
    name: 'target ACL unreadable and no policy',
    rows: ['4.2#3', 'issue10:error-value'],
    inventory: scenario({}, { policy: null, ownership: 'ObjectWriter', acl: denied }),
    expect: [
      {
        resource: 'app',
        status: 'UNDETERMINED',
        reason: 'ACCESS_DENIED',
        warnings: [],
        messageIncludes: ['ACL'],
      },
      destination,
    ],
  },
  {
    name: 'two sources share the target without a prefix',
    rows: ['4.2#7', 'warning:NO_TARGET_PREFIX'],
    inventory: scenario({ logging: logsTo('logs') }, {}, [bucket('web', { logging: logsTo('logs') })]),
    expect: [
      ok(['NO_TARGET_PREFIX']),
      { resource: 'web', status: 'COMPLIANT', reason: 'LOGGING_ENABLED', warnings: ['NO_TARGET_PREFIX'] },
      { ...destination, related: ['app', 'web'] },
    ],
  },
  {
    name: 'one source with a prefix and one without: no shared-prefix warning',
    rows: ['4.2#7'],
    inventory: scenario({ logging: logsTo('logs') }, {}, [
      bucket('web', { logging: logsTo('logs', 'web/') }),
    ]),
    expect: [
      ok(),
      { resource: 'web', status: 'COMPLIANT', reason: 'LOGGING_ENABLED', warnings: [] },
      { ...destination, related: ['app', 'web'] },
    ],
  },
  // ---- scope ---------------------------------------------------------------------------------------------
  {
    name: 'buckets of unscanned accounts and missing buckets are not reported',
    rows: ['scope'],
    inventory: inventory({
      accounts: [account(ACCOUNT_A, { buckets: ['app'] }), account(ACCOUNT_B, { scanned: false })],
      buckets: [
        bucket('app', { logging: null }),
        bucket('foreign', { account: ACCOUNT_B, logging: denied }),
        bucket('gone', { account: null, exists: false }),
      ],
    }),
    expect: [fail('LOGGING_DISABLED')],
  },
  {
    name: 'an IaC inventory (no accounts) reports every declared bucket',
    rows: ['scope', '4.2#3', '4.2#7'],
    inventory: inventory({
      buckets: [
        bucket('app', {
          account: null,
          region: undefined,
          logging: null,
          location: { file: 'main.tf', line: 3, address: 'aws_s3_bucket.app' },
        }),
        bucket('web', {
          account: null,
          region: undefined,
          logging: logsTo(errorValue('UNRESOLVED', 'var.log_bucket')),
        }),
      ],
    }),
    expect: [
      { ...fail('LOGGING_DISABLED', ['main.tf:3']) },
      // Its target is an unresolved expression: which bucket receives the logs is unknown (issue 10).
      { resource: 'web', status: 'UNDETERMINED', reason: 'VALUE_UNRESOLVED', warnings: [] },
    ],
  },
  {
    name: 'a bucket only some trail names is not reported with no owner',
    rows: ['scope'],
    inventory: inventory({
      accounts: [account(ACCOUNT_A, { buckets: [] })],
      buckets: [bucket('x', { account: null, logging: denied })],
    }),
    expect: [{ resource: ACCOUNT_A, status: 'NOT_APPLICABLE', reason: 'NO_BUCKETS', warnings: [] }],
  },
]);

describe('aws-s3-bucket-access-logging decision table', () => {
  it.each(cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const { mismatches } = checkCase(rule, c);
    expect(mismatches).toEqual([]);
  });

  it('covers every row, reason and warning of the table', () => {
    const rows = new Set(cases.flatMap((c) => c.rows));
    for (const row of ['4.2#1', '4.2#2', '4.2#3', '4.2#4', '4.2#5', '4.2#6', '4.2#7'])
      expect(rows, row).toContain(row);
    const all = cases.flatMap((c) => (Array.isArray(c.expect) ? c.expect : []));
    const reasons = new Set(all.map((e) => e.reason));
    for (const reason of [
      'IS_LOG_DESTINATION',
      'ACCESS_DENIED',
      'READ_FAILED',
      'LOGGING_DISABLED',
      'TARGET_BUCKET_MISSING',
      'TARGET_OTHER_REGION',
      'TARGET_OTHER_ACCOUNT',
      'TARGET_CANNOT_RECEIVE',
      'LOGGING_ENABLED',
      'NO_BUCKETS',
      'BUCKETS_UNREADABLE',
    ] as const) {
      expect(reasons, reason).toContain(reason);
    }
    const warnings = new Set(all.flatMap((e) => e.warnings));
    for (const warning of ['SELF_TARGET', 'TARGET_UNVERIFIED', 'NO_TARGET_PREFIX'] as const)
      expect(warnings, warning).toContain(warning);
  });

  it('the harness catches an extra, unexpected finding', () => {
    const c: RuleCase = { name: 'x', rows: [], inventory: scenario(), expect: [ok()] };
    expect(checkCase(rule, c).mismatches[0]).toContain('expected 1 finding(s), got 2');
  });
});
