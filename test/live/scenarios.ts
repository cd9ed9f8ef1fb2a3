/**
 * Emulator scenarios for the live-source tests. Every bucket's name says what it shows.
 * Accounts: M management (scanner), L log archive, P production, D role cannot be assumed (no trust),
 * X outside the organization (owner of a bucket a trail writes to).
 */
import { readFileSync } from 'node:fs';
import type { AccountSpec, BucketSpec, ScenarioSpec, TrailSpec } from '../../src/emulator/api.js';
import { logDeliveryPolicy } from '../../src/emulator/index.js';

export const M = '111111111111';
export const L = '222222222222';
export const P = '333333333333';
export const D = '444444444444';
export const X = '555555555555';
export const ROLE = 'TrailguardAudit';
export const SCANNER = 'scanner';

/** The actions of iam/trailguard-readonly-policy.json, as an allow-list. */
export function policyActions(): string[] {
  const policy = JSON.parse(
    readFileSync(new URL('../../iam/trailguard-readonly-policy.json', import.meta.url), 'utf8'),
  ) as {
    Statement: { Effect: string; Action: string[] | string }[];
  };
  return policy.Statement.filter((s) => s.Effect === 'Allow').flatMap((s) =>
    Array.isArray(s.Action) ? s.Action : [s.Action],
  );
}

/** The documented log-delivery bucket policy (shared with the demo scenario). */
export const deliveryPolicy = logDeliveryPolicy;

const b = (name: string, account: string, region: string, extra: Partial<BucketSpec> = {}): BucketSpec => ({
  name,
  account,
  region,
  ...extra,
});

/**
 * The organization scenario. `allow` (when given) is the allow-list of the scanner and of every
 * audit role: the least-privilege test passes exactly the shipped policy.
 */
export interface OrgScenarioOptions {
  /** Allow-list of the scanner and every audit role (the shipped policy in the least-privilege test). */
  allow?: string[];
  /** Inject the faults (AccessDenied on prod-denied, 5xx on prod-broken). Default true. */
  faults?: boolean;
  pageSizes?: ScenarioSpec['pageSizes'];
}

export function orgScenario({ allow, faults = true, pageSizes }: OrgScenarioOptions = {}): ScenarioSpec {
  const role = { name: ROLE, trustedAccounts: [M], ...(allow ? { allow } : {}) };
  const accounts: AccountSpec[] = [
    {
      id: M,
      name: 'management',
      principals: [
        {
          name: SCANNER,
          accessKeyId: 'AKIASCANNER000000001',
          secretAccessKey: 'scanner-secret',
          ...(allow ? { allow } : {}),
        },
      ],
    },
    { id: L, name: 'log-archive', roles: [role] },
    { id: P, name: 'production', roles: [role], disabledRegions: ['af-south-1'] },
    // The role exists but does not trust the management account: AssumeRole → AccessDenied.
    { id: D, name: 'dev', roles: [{ name: ROLE, trustedAccounts: [X] }] },
    { id: X, name: 'partner' },
  ];
  const buckets: BucketSpec[] = [
    // Log archive: the organization trail's bucket, logging to a healthy target in the same account and Region.
    b('org-trail-logs', L, 'us-east-1', {
      logging: { targetBucket: 'archive-access-logs', targetPrefix: 'org-trail-logs/' },
    }),
    b('archive-access-logs', L, 'us-east-1', { policy: deliveryPolicy('archive-access-logs', L) }),
    // Production.
    b('prod-trail-logs', P, 'eu-west-1'), // logging disabled
    b('prod-app', P, 'us-east-1', { logging: { targetBucket: 'prod-logs-eu', targetPrefix: 'app/' } }), // other Region
    b('prod-logs-eu', P, 'eu-west-1', { policy: deliveryPolicy('prod-logs-eu', P) }),
    b('prod-data', P, 'us-east-1', {
      logging: { targetBucket: 'archive-access-logs', targetPrefix: 'data/' },
    }), // other account
    b('prod-self', P, 'us-east-1', {
      logging: { targetBucket: 'prod-self', targetPrefix: 'self/' },
      policy: deliveryPolicy('prod-self', P),
    }),
    b('prod-kms-src', P, 'us-east-1', { logging: { targetBucket: 'prod-kms-target', targetPrefix: 'k/' } }),
    b('prod-kms-target', P, 'us-east-1', {
      encryption: 'SSE-KMS',
      policy: deliveryPolicy('prod-kms-target', P),
    }),
    b('prod-denied', P, 'us-east-1'), // GetBucketLogging AccessDenied (fault below)
    b('prod-broken', P, 'us-east-1'), // GetBucketLogging answers 500 on every attempt (fault below)
    b('prod-orphan-src', P, 'us-east-1', {
      logging: { targetBucket: 'prod-deleted-target', targetPrefix: 'o/' },
    }),
    b('prod-deleted-target', P, 'us-east-1', { deleted: true }),
    b('prod-old-trail-logs', P, 'us-east-1', { deleted: true }),
    // Outside the organization.
    b('partner-trail-logs', X, 'eu-west-1'),
    b('dev-bucket', D, 'us-east-1'),
  ];
  const trails: TrailSpec[] = [
    {
      name: 'org-trail',
      account: M,
      homeRegion: 'us-east-1',
      bucket: 'org-trail-logs',
      multiRegion: true,
      organization: true,
    },
    { name: 'prod-eu', account: P, homeRegion: 'eu-west-1', bucket: 'prod-trail-logs', multiRegion: false },
    {
      name: 'prod-eu-2',
      account: P,
      homeRegion: 'eu-west-1',
      bucket: 'prod-trail-logs',
      multiRegion: true,
      logging: false,
    },
    { name: 'prod-old', account: P, homeRegion: 'us-east-1', bucket: 'prod-old-trail-logs' },
    { name: 'prod-partner', account: P, homeRegion: 'us-east-1', bucket: 'partner-trail-logs' },
    // One trail per remaining row of the CloudTrail rule's table.
    { name: 'ct-app', account: P, homeRegion: 'us-east-1', bucket: 'prod-app' },
    { name: 'ct-data', account: P, homeRegion: 'us-east-1', bucket: 'prod-data' },
    { name: 'ct-kms', account: P, homeRegion: 'us-east-1', bucket: 'prod-kms-src' },
    { name: 'ct-orphan', account: P, homeRegion: 'us-east-1', bucket: 'prod-orphan-src' },
    { name: 'ct-denied', account: P, homeRegion: 'us-east-1', bucket: 'prod-denied' },
    { name: 'ct-broken', account: P, homeRegion: 'us-east-1', bucket: 'prod-broken' },
  ];
  return {
    regions: ['us-east-1', 'eu-west-1'],
    organization: { id: 'o-test123456', managementAccount: M, members: [M, L, P, D] },
    accounts,
    buckets,
    trails,
    ...(faults
      ? {
          faults: [
            { kind: 'accessDenied', operation: 'GetBucketLogging', resource: 'prod-denied' },
            { kind: 'serverError', status: 500, operation: 'GetBucketLogging', resource: 'prod-broken' },
          ],
        }
      : {}),
    ...(pageSizes ? { pageSizes } : {}),
  };
}
