/**
 * The built-in demo organization (`trailguard demo`, `trailguard emulator --scenario demo`): a
 * management, a log-archive, two workload accounts and a sandbox in one organization, plus a partner
 * account outside it and a recently acquired company's account, not yet in the organization, that
 * the management account can already assume a role in (scanned with `--role-arn`). Every status and reason of DESIGN §4.1 is reachable through a live scan;
 * DEMO_EXPECTATIONS says which bucket (or account) shows which.
 */
import type { AccountSpec, BucketSpec, ScenarioSpec, TrailSpec } from '../api.js';
import { ScenarioBuilder } from '../scenario/builder.js';

export const DEMO_ACCOUNTS = {
  management: '111111111111',
  logArchive: '222222222222',
  workloadProd: '333333333333',
  workloadDev: '444444444444',
  partner: '555555555555',
  sandbox: '666666666666',
  acquired: '777777777777',
} as const;

/** The role the scanner assumes in every organization account (`--org --role-name TrailguardAudit`). */
export const DEMO_ROLE_NAME = 'TrailguardAudit';

/**
 * `--role-arn` pairs the demo scan adds to `--org`: the acquired account is no organization member,
 * so `--role-name` alone would never reach it.
 */
export const DEMO_ROLE_ARNS: Readonly<Record<string, string>> = {
  [DEMO_ACCOUNTS.acquired]: `arn:aws:iam::${DEMO_ACCOUNTS.acquired}:role/${DEMO_ROLE_NAME}`,
};

/** The organization's AWS Config aggregator (`scan --config-aggregator trailguard-org`). */
export const DEMO_AGGREGATOR = 'trailguard-org';

/** The scanner's IAM user in the management account. */
export const DEMO_SCANNER = {
  account: DEMO_ACCOUNTS.management,
  name: 'trailguard-scanner',
  accessKeyId: 'AKIATRAILGUARDSCAN01',
  secretAccessKey: 'demo-secret-not-a-real-key',
} as const;

/** The role `trailguard fix --apply` assumes in every organization account (read + remediation actions). */
export const DEMO_FIX_ROLE_NAME = 'TrailguardRemediation';

/** An IAM user in the management account allowed to scan and fix (for trying `trailguard fix --apply`). */
export const DEMO_FIXER = {
  account: '111111111111',
  name: 'trailguard-fixer',
  accessKeyId: 'AKIATRAILGUARDFIX001',
  secretAccessKey: 'demo-fixer-secret-not-a-real-key',
} as const;

/** Read-only actions a scan needs (the documented least-privilege policy, in allow-list form). */
const AUDIT_ACTIONS = [
  's3:ListAllMyBuckets',
  's3:ListBucket',
  's3:GetBucket*',
  's3:GetEncryptionConfiguration',
  'cloudtrail:ListTrails',
  'cloudtrail:DescribeTrails',
  'cloudtrail:GetTrail',
  'cloudtrail:GetTrailStatus',
  'organizations:DescribeOrganization',
  'organizations:ListAccounts',
  'account:ListRegions',
  'ec2:DescribeRegions',
  'sts:AssumeRole',
  'config:SelectAggregateResourceConfig',
  'config:DescribeConfigurationAggregatorSourcesStatus',
];

/** Write actions of iam/trailguard-remediation-policy.json, in allow-list form. */
const REMEDIATION_ACTIONS = [
  's3:CreateBucket',
  's3:PutBucketOwnershipControls',
  's3:PutBucketPublicAccessBlock',
  's3:GetBucketPublicAccessBlock',
  's3:PutEncryptionConfiguration',
  's3:PutBucketPolicy',
  's3:DeleteBucketPolicy',
  's3:PutBucketLogging',
  's3:DeleteBucket',
];

const FIX_ACTIONS = [...AUDIT_ACTIONS, ...REMEDIATION_ACTIONS];

const {
  management: MGMT,
  logArchive: LOG,
  workloadProd: PROD,
  workloadDev: DEV,
  partner: PARTNER,
  sandbox: SANDBOX,
  acquired: ACQUIRED,
} = DEMO_ACCOUNTS;
const ORG_ID = 'o-demo1234567';

/** A bucket policy letting S3 server access logging deliver into `target` (S3 User Guide). */
export function logDeliveryPolicy(
  target: string,
  sourceAccount: string,
  extra: Record<string, unknown>[] = [],
) {
  return {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'S3ServerAccessLogsPolicy',
        Effect: 'Allow',
        Principal: { Service: 'logging.s3.amazonaws.com' },
        Action: 's3:PutObject',
        Resource: `arn:aws:s3:::${target}/*`,
        Condition: { StringEquals: { 'aws:SourceAccount': sourceAccount } },
      },
      ...extra,
    ],
  };
}

function cloudTrailPolicy(bucket: string) {
  return {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'AWSCloudTrailWrite',
        Effect: 'Allow',
        Principal: { Service: 'cloudtrail.amazonaws.com' },
        Action: 's3:PutObject',
        Resource: `arn:aws:s3:::${bucket}/AWSLogs/*`,
      },
    ],
  };
}

function account(id: string, name: string, extra: Partial<AccountSpec> = {}): AccountSpec {
  return {
    id,
    name,
    email: `${name}@example.com`,
    roles: [
      { name: DEMO_ROLE_NAME, trustedAccounts: [MGMT], allow: AUDIT_ACTIONS },
      { name: DEMO_FIX_ROLE_NAME, trustedAccounts: [MGMT], allow: FIX_ACTIONS },
    ],
    ...extra,
  };
}

/** A log target bucket with the logging-service grant (what `trailguard fix` would create). */
function target(
  name: string,
  owner: string,
  region = 'us-east-1',
  extra: Partial<BucketSpec> = {},
): BucketSpec {
  return { name, account: owner, region, policy: logDeliveryPolicy(name, owner), ...extra };
}

function trail(name: string, owner: string, bucket: string, extra: Partial<TrailSpec> = {}): TrailSpec {
  return { name, account: owner, homeRegion: 'us-east-1', bucket, ...extra };
}

export interface DemoExpectation {
  rule: 'aws-cloudtrail-bucket-access-logging' | 'aws-s3-bucket-access-logging';
  /** Bucket name, or account id for per-account findings. */
  resource: string;
  status: 'COMPLIANT' | 'NON_COMPLIANT' | 'NOT_APPLICABLE' | 'UNDETERMINED';
  reason: string;
  warnings?: string[];
  why: string;
}

const CT = 'aws-cloudtrail-bucket-access-logging' as const;

/** What a correct live scan of the demo (org mode, role TrailguardAudit) reports for the CIS rule. */
export const DEMO_EXPECTATIONS: DemoExpectation[] = [
  {
    rule: CT,
    resource: `tg-org-cloudtrail-${LOG}`,
    status: 'COMPLIANT',
    reason: 'LOGGING_ENABLED',
    why: 'organization trail bucket in log-archive, logged to a granted same-Region target with a prefix',
  },
  {
    rule: CT,
    resource: `tg-mgmt-trail-${MGMT}`,
    status: 'COMPLIANT',
    reason: 'LOGGING_ENABLED',
    warnings: ['TRAIL_NOT_LOGGING'],
    why: 'its trail mgmt-stopped is stopped',
  },
  {
    rule: CT,
    resource: `tg-mgmt-self-logged-${MGMT}`,
    status: 'COMPLIANT',
    reason: 'LOGGING_ENABLED',
    warnings: ['SELF_TARGET'],
    why: 'logs into itself',
  },
  {
    rule: CT,
    resource: `tg-archive-ct-${LOG}`,
    status: 'COMPLIANT',
    reason: 'LOGGING_ENABLED',
    warnings: ['NO_TARGET_PREFIX'],
    why: `shares target tg-shared-target-${LOG} with tg-archive-app-${LOG}, both without prefix`,
  },
  {
    rule: CT,
    resource: `tg-prod-shared-trail-${PROD}`,
    status: 'COMPLIANT',
    reason: 'LOGGING_ENABLED',
    why: 'one finding for two trails (prod-trail-a, prod-trail-b)',
  },
  {
    rule: CT,
    resource: `tg-archive-trail-${LOG}-eu-west-1`,
    status: 'NON_COMPLIANT',
    reason: 'LOGGING_DISABLED',
    why: 'no logging configuration',
  },
  {
    rule: CT,
    resource: `tg-prod-ct-deleted-target-${PROD}`,
    status: 'NON_COMPLIANT',
    reason: 'TARGET_BUCKET_MISSING',
    why: `target tg-prod-deleted-target-${PROD} was deleted`,
  },
  {
    rule: CT,
    resource: `tg-prod-ct-other-region-${PROD}`,
    status: 'NON_COMPLIANT',
    reason: 'TARGET_OTHER_REGION',
    why: 'us-east-1 bucket logs to an eu-west-1 target',
  },
  {
    rule: CT,
    resource: `tg-prod-ct-other-account-${PROD}`,
    status: 'NON_COMPLIANT',
    reason: 'TARGET_OTHER_ACCOUNT',
    why: 'target belongs to log-archive',
  },
  {
    rule: CT,
    resource: `tg-dev-ct-nogrant-${DEV}`,
    status: 'NON_COMPLIANT',
    reason: 'TARGET_CANNOT_RECEIVE',
    why: 'target has no policy grant; its Log Delivery ACL grant is ignored under BucketOwnerEnforced',
  },
  {
    rule: CT,
    resource: `tg-dev-ct-deny-${DEV}`,
    status: 'NON_COMPLIANT',
    reason: 'TARGET_CANNOT_RECEIVE',
    why: 'target policy explicitly denies the logging service',
  },
  {
    rule: CT,
    resource: `tg-dev-ct-lock-${DEV}`,
    status: 'NON_COMPLIANT',
    reason: 'TARGET_CANNOT_RECEIVE',
    why: 'target has Object Lock default retention',
  },
  {
    rule: CT,
    resource: `tg-dev-ct-payer-${DEV}`,
    status: 'NON_COMPLIANT',
    reason: 'TARGET_CANNOT_RECEIVE',
    why: 'target has Requester Pays',
  },
  {
    rule: CT,
    resource: `tg-dev-ct-kms-${DEV}`,
    status: 'NON_COMPLIANT',
    reason: 'TARGET_CANNOT_RECEIVE',
    why: 'target default encryption is SSE-KMS',
  },
  {
    rule: CT,
    resource: `tg-partner-trail-${PARTNER}`,
    status: 'UNDETERMINED',
    reason: 'BUCKET_NOT_IN_SCOPE',
    why: 'trail dev-external writes to a bucket of an account outside the organization',
  },
  {
    rule: CT,
    resource: `tg-dev-deleted-trail-${DEV}`,
    status: 'NON_COMPLIANT',
    reason: 'TRAIL_BUCKET_MISSING',
    why: 'trail dev-missing-bucket writes to a deleted bucket',
  },
  {
    rule: CT,
    resource: `tg-dev-denied-${DEV}`,
    status: 'UNDETERMINED',
    reason: 'ACCESS_DENIED',
    why: 'a fault denies GetBucketLogging on this bucket',
  },
  {
    rule: CT,
    resource: ACQUIRED,
    status: 'NOT_APPLICABLE',
    reason: 'NO_TRAILS',
    why: 'the acquired company (outside the organization, scanned with --role-arn) has no trail at all: the organization trail does not cover it',
  },
];

export function demoScenario(): ScenarioSpec {
  const b = new ScenarioBuilder()
    .regions(['us-east-1', 'eu-west-1'])
    .org(ORG_ID, MGMT, [MGMT, LOG, PROD, DEV, SANDBOX])
    .account(
      account(MGMT, 'management', {
        principals: [
          {
            name: DEMO_SCANNER.name,
            accessKeyId: DEMO_SCANNER.accessKeyId,
            secretAccessKey: DEMO_SCANNER.secretAccessKey,
            allow: AUDIT_ACTIONS,
          },
          {
            name: DEMO_FIXER.name,
            accessKeyId: DEMO_FIXER.accessKeyId,
            secretAccessKey: DEMO_FIXER.secretAccessKey,
            allow: FIX_ACTIONS,
          },
        ],
      }),
    )
    .account(account(LOG, 'log-archive'))
    .account(account(PROD, 'workload-prod', { regions: ['us-east-1', 'eu-west-1', 'af-south-1'] }))
    .account(account(DEV, 'workload-dev', { disabledRegions: ['af-south-1'] }))
    .account(account(SANDBOX, 'sandbox', { disabledRegions: ['af-south-1'] }))
    .account({ id: PARTNER, name: 'partner', email: 'partner@example.com' })
    // Outside the organization, but its audit role already trusts the management account.
    .account(account(ACQUIRED, 'acquired'));

  // Management: the organization trail, a stopped trail, a self-logging bucket.
  b.trail(trail('org-trail', MGMT, `tg-org-cloudtrail-${LOG}`, { multiRegion: true, organization: true }))
    .trail(trail('mgmt-stopped', MGMT, `tg-mgmt-trail-${MGMT}`, { logging: false }))
    .trail(trail('mgmt-self', MGMT, `tg-mgmt-self-logged-${MGMT}`))
    .bucket({
      name: `tg-mgmt-trail-${MGMT}`,
      account: MGMT,
      region: 'us-east-1',
      policy: cloudTrailPolicy(`tg-mgmt-trail-${MGMT}`),
      logging: { targetBucket: `tg-access-logs-${MGMT}-us-east-1`, targetPrefix: `tg-mgmt-trail-${MGMT}/` },
    })
    .bucket({
      ...target(`tg-mgmt-self-logged-${MGMT}`, MGMT),
      logging: { targetBucket: `tg-mgmt-self-logged-${MGMT}`, targetPrefix: 'self/' },
    })
    .bucket(target(`tg-access-logs-${MGMT}-us-east-1`, MGMT));

  // Log archive: the organization bucket, a trail without logging, a prefix-less shared target.
  b.bucket({
    name: `tg-org-cloudtrail-${LOG}`,
    account: LOG,
    region: 'us-east-1',
    policy: cloudTrailPolicy(`tg-org-cloudtrail-${LOG}`),
    logging: {
      targetBucket: `tg-access-logs-${LOG}-us-east-1`,
      targetPrefix: `tg-org-cloudtrail-${LOG}/`,
      partitioned: true,
    },
  })
    .bucket(target(`tg-access-logs-${LOG}-us-east-1`, LOG))
    .trail(trail('archive-nolog', LOG, `tg-archive-trail-${LOG}-eu-west-1`, { homeRegion: 'eu-west-1' }))
    .bucket({ name: `tg-archive-trail-${LOG}-eu-west-1`, account: LOG, region: 'eu-west-1' })
    .trail(trail('archive-shared-target', LOG, `tg-archive-ct-${LOG}`))
    .bucket({
      name: `tg-archive-ct-${LOG}`,
      account: LOG,
      region: 'us-east-1',
      logging: { targetBucket: `tg-shared-target-${LOG}`, targetPrefix: '' },
    })
    .bucket({
      name: `tg-archive-app-${LOG}`,
      account: LOG,
      region: 'us-east-1',
      logging: { targetBucket: `tg-shared-target-${LOG}`, targetPrefix: '' },
    })
    .bucket(target(`tg-shared-target-${LOG}`, LOG));

  // Workload prod: a bucket shared by two trails and the three "wrong target" cases.
  const prodLogs = `tg-access-logs-${PROD}-us-east-1`;
  b.trail(trail('prod-trail-a', PROD, `tg-prod-shared-trail-${PROD}`))
    .trail(
      trail('prod-trail-b', PROD, `tg-prod-shared-trail-${PROD}`, {
        homeRegion: 'eu-west-1',
        keyPrefix: 'b',
      }),
    )
    .bucket({
      name: `tg-prod-shared-trail-${PROD}`,
      account: PROD,
      region: 'us-east-1',
      logging: { targetBucket: prodLogs, targetPrefix: 'shared/' },
    })
    .bucket(target(prodLogs, PROD))
    .trail(trail('prod-target-deleted', PROD, `tg-prod-ct-deleted-target-${PROD}`))
    .bucket({
      name: `tg-prod-ct-deleted-target-${PROD}`,
      account: PROD,
      region: 'us-east-1',
      logging: { targetBucket: `tg-prod-deleted-target-${PROD}`, targetPrefix: 'a/' },
    })
    .bucket({ ...target(`tg-prod-deleted-target-${PROD}`, PROD), deleted: true })
    .trail(trail('prod-target-region', PROD, `tg-prod-ct-other-region-${PROD}`))
    .bucket({
      name: `tg-prod-ct-other-region-${PROD}`,
      account: PROD,
      region: 'us-east-1',
      logging: { targetBucket: `tg-access-logs-${PROD}-eu-west-1`, targetPrefix: 'b/' },
    })
    .bucket(target(`tg-access-logs-${PROD}-eu-west-1`, PROD, 'eu-west-1'))
    .trail(
      trail('prod-target-account', PROD, `tg-prod-ct-other-account-${PROD}`, { homeRegion: 'eu-west-1' }),
    )
    .bucket({
      name: `tg-prod-ct-other-account-${PROD}`,
      account: PROD,
      region: 'us-east-1',
      logging: { targetBucket: `tg-access-logs-${LOG}-us-east-1`, targetPrefix: 'c/' },
    })
    // A bucket in the opt-in Region af-south-1 (enabled only in this account): not a trail bucket.
    .bucket({ name: `tg-prod-capetown-${PROD}`, account: PROD, region: 'af-south-1' });

  // Workload dev: out-of-scope and missing trail buckets, a denied read, five targets that cannot receive.
  const cannotReceive: [string, Partial<BucketSpec>, string][] = [
    [
      'nogrant',
      {
        policy: undefined,
        acl: [{ grantee: 'http://acs.amazonaws.com/groups/s3/LogDelivery', permission: 'WRITE' }],
      },
      'us-east-1',
    ],
    [
      'deny',
      {
        policy: logDeliveryPolicy(`tg-dev-target-deny-${DEV}`, DEV, [
          {
            Sid: 'DenyLogDelivery',
            Effect: 'Deny',
            Principal: { Service: 'logging.s3.amazonaws.com' },
            Action: 's3:PutObject',
            Resource: `arn:aws:s3:::tg-dev-target-deny-${DEV}/*`,
          },
        ]),
      },
      'us-east-1',
    ],
    ['lock', { objectLock: { defaultRetention: { mode: 'GOVERNANCE', days: 30 } } }, 'eu-west-1'],
    ['payer', { requesterPays: true }, 'eu-west-1'],
    [
      'kms',
      {
        encryption: 'SSE-KMS',
        kmsKeyId: `arn:aws:kms:us-east-1:${DEV}:key/1b2c3d4e-demo-demo-demo-000000000001`,
      },
      'eu-west-1',
    ],
  ];
  for (const [kind, extra, home] of cannotReceive) {
    const t = `tg-dev-target-${kind}-${DEV}`;
    const base = target(t, DEV);
    b.trail(trail(`dev-${kind}`, DEV, `tg-dev-ct-${kind}-${DEV}`, { homeRegion: home }))
      .bucket({
        name: `tg-dev-ct-${kind}-${DEV}`,
        account: DEV,
        region: 'us-east-1',
        logging: { targetBucket: t, targetPrefix: `${kind}/` },
      })
      .bucket({ ...base, ...extra, ...('policy' in extra ? { policy: extra.policy } : {}) });
  }
  b.trail(trail('dev-external', DEV, `tg-partner-trail-${PARTNER}`))
    .bucket({ name: `tg-partner-trail-${PARTNER}`, account: PARTNER, region: 'us-east-1' })
    .trail(trail('dev-missing-bucket', DEV, `tg-dev-deleted-trail-${DEV}`, { homeRegion: 'eu-west-1' }))
    .bucket({ name: `tg-dev-deleted-trail-${DEV}`, account: DEV, region: 'us-east-1', deleted: true })
    .trail(trail('dev-denied', DEV, `tg-dev-denied-${DEV}`, { homeRegion: 'eu-west-1' }))
    .bucket({
      name: `tg-dev-denied-${DEV}`,
      account: DEV,
      region: 'us-east-1',
      logging: { targetBucket: `tg-access-logs-${DEV}-us-east-1`, targetPrefix: 'denied/' },
    })
    .bucket(target(`tg-access-logs-${DEV}-us-east-1`, DEV))
    .bucket({ name: `tg-dev-app-data-${DEV}`, account: DEV, region: 'us-east-1' })
    .fault({ kind: 'accessDenied', operation: 'GetBucketLogging', resource: `tg-dev-denied-${DEV}` });

  // Sandbox: no trail of its own.
  b.bucket({ name: `tg-sandbox-scratch-${SANDBOX}`, account: SANDBOX, region: 'us-east-1' });

  // Acquired company: no CloudTrail at all, one bucket with access logging and one without.
  b.bucket({ name: `tg-acquired-uploads-${ACQUIRED}`, account: ACQUIRED, region: 'us-east-1' })
    .bucket({
      name: `tg-acquired-web-${ACQUIRED}`,
      account: ACQUIRED,
      region: 'eu-west-1',
      logging: { targetBucket: `tg-acquired-logs-${ACQUIRED}`, targetPrefix: 'web/' },
    })
    .bucket(target(`tg-acquired-logs-${ACQUIRED}`, ACQUIRED, 'eu-west-1'));
  // An AWS Config aggregator over the organization, in the management account (`scan --config-aggregator`).
  // Its sources: the organization and the acquired company (an aggregator can add accounts outside it).
  b.configAggregator({
    name: DEMO_AGGREGATOR,
    account: MGMT,
    accounts: [MGMT, LOG, PROD, DEV, SANDBOX, ACQUIRED],
  });
  return b.build();
}
