/**
 * The minimal API plan (src/sources/aws/plan.ts) as exact per-operation request counts, read from the
 * emulator's counters (each SDK retry would be a request, so this also proves nothing was retried).
 */
import { describe, expect, it } from 'vitest';
import { collectAws } from '../../src/sources/aws/index.js';
import { orgOptions, withEmulator } from './helpers.js';
import { L, M, orgScenario, P } from './scenarios.js';

describe('minimal API plan', () => {
  it('makes exactly the planned calls for the organization scenario', async () => {
    const { counts, byAccount, stats } = await withEmulator(
      orgScenario({ faults: false }),
      async (handle) => {
        const result = await collectAws(orgOptions(handle));
        return {
          counts: handle.counters.byOperation(),
          byAccount: handle.counters.byAccount(),
          stats: result.stats,
        };
      },
    );
    expect(counts).toEqual({
      'sts:GetCallerIdentity': 1,
      // DescribeOrganization only explains a failed ListAccounts: never called here.
      'organizations:ListAccounts': 1,
      // L, P and D (whose role does not trust the scanner); the management account uses the caller's keys.
      'sts:AssumeRole': 3,
      // Once per scanned account (M, L, P): one page of the Account API's ListRegions (EC2 never loaded).
      'account:ListRegions': 3,
      'cloudtrail:ListTrails': 3,
      's3:ListBuckets': 3,
      // Home Regions with trails: us-east-1 for M (the org trail, read by its owner only); eu-west-1 and us-east-1 for P.
      'cloudtrail:DescribeTrails': 3,
      // Once per distinct trail (11), although the org trail is listed by three accounts.
      'cloudtrail:GetTrailStatus': 11,
      // Once per bucket of a scanned account: 2 in L, 10 in P. prod-trail-logs has two trails and one read.
      's3:GetBucketLogging': 12,
      // Buckets no scanned account owns: prod-old-trail-logs and prod-deleted-target (404), partner-trail-logs
      // (403, in eu-west-1: the probe from us-east-1 gets a 301 that the SDK follows once) = 3 + 1 redirect.
      's3:HeadBucket': 4,
      // Same-account same-Region targets: archive-access-logs (two sources, read once), prod-self, prod-kms-target.
      // prod-logs-eu (other Region) and the targets of other accounts are decided without them.
      's3:GetBucketPolicy': 3,
      's3:GetBucketAcl': 3,
      's3:GetBucketOwnershipControls': 3,
      's3:GetObjectLockConfiguration': 3,
      's3:GetBucketEncryption': 3,
      's3:GetBucketRequestPayment': 3,
    });
    // The log-archive account's buckets are read with its own role, never from the management account.
    expect(byAccount[L]?.['s3:GetBucketLogging']).toBe(2);
    expect(byAccount[M]?.['s3:GetBucketLogging']).toBeUndefined();
    expect(byAccount[P]?.['cloudtrail:DescribeTrails']).toBe(2);
    expect(byAccount[M]?.['cloudtrail:GetTrailStatus']).toBe(1);
    // The collector's own count (operations started) agrees: no retries happened.
    const total = Object.values(counts).reduce((a, b) => a + b, 0);
    expect(stats.calls).toBe(total);
  }, 60_000);
});
