/**
 * A live organization scan through the real SDK against the emulator: every row of both decision
 * tables reached (DESIGN 4.1 / 4.2), the organization trail's bucket read in the log-archive account,
 * an account whose role cannot be assumed, AccessDenied on one bucket.
 */
import { describe, expect, it } from 'vitest';
import { isErrorValue } from '../../src/inventory/read.js';
import { evaluate } from '../../src/scan.js';
import { collectAws } from '../../src/sources/aws/index.js';
import { orgOptions, verdicts, withEmulator } from './helpers.js';
import { D, L, M, orgScenario, P } from './scenarios.js';

describe('live organization scan', () => {
  it('reaches every row of both decision tables with the right verdicts', async () => {
    const result = await withEmulator(orgScenario(), (handle) => collectAws(orgOptions(handle)));
    const { inventory } = result;
    expect(verdicts(evaluate(result).report.findings)).toEqual({
      'ct dev': 'UNDETERMINED ROLE_NOT_ASSUMABLE',
      'ct org-trail-logs': 'COMPLIANT LOGGING_ENABLED',
      'ct partner-trail-logs': 'UNDETERMINED BUCKET_NOT_IN_SCOPE',
      'ct prod-app': 'NON_COMPLIANT TARGET_OTHER_REGION',
      'ct prod-broken': 'UNDETERMINED READ_FAILED',
      'ct prod-data': 'NON_COMPLIANT TARGET_OTHER_ACCOUNT',
      'ct prod-denied': 'UNDETERMINED ACCESS_DENIED',
      'ct prod-kms-src': 'NON_COMPLIANT TARGET_CANNOT_RECEIVE',
      'ct prod-old-trail-logs': 'NON_COMPLIANT TRAIL_BUCKET_MISSING',
      'ct prod-orphan-src': 'NON_COMPLIANT TARGET_BUCKET_MISSING',
      'ct prod-trail-logs': 'NON_COMPLIANT LOGGING_DISABLED',
      's3 archive-access-logs': 'NOT_APPLICABLE IS_LOG_DESTINATION',
      's3 dev': 'UNDETERMINED ROLE_NOT_ASSUMABLE',
      's3 management': 'NOT_APPLICABLE NO_BUCKETS',
      's3 org-trail-logs': 'COMPLIANT LOGGING_ENABLED',
      's3 prod-app': 'NON_COMPLIANT TARGET_OTHER_REGION',
      's3 prod-broken': 'UNDETERMINED READ_FAILED',
      's3 prod-data': 'NON_COMPLIANT TARGET_OTHER_ACCOUNT',
      's3 prod-denied': 'UNDETERMINED ACCESS_DENIED',
      's3 prod-kms-src': 'NON_COMPLIANT TARGET_CANNOT_RECEIVE',
      's3 prod-kms-target': 'NOT_APPLICABLE IS_LOG_DESTINATION',
      's3 prod-logs-eu': 'NOT_APPLICABLE IS_LOG_DESTINATION',
      's3 prod-orphan-src': 'NON_COMPLIANT TARGET_BUCKET_MISSING',
      's3 prod-self': 'COMPLIANT LOGGING_ENABLED [SELF_TARGET]',
      // Logging off, but prod-denied and prod-broken (same account) could not have their logging read:
      // either may name it as its target, so whether it is a log destination is unknown (issue 10).
      's3 prod-trail-logs': 'UNDETERMINED READ_FAILED',
    });

    // The organization trail: listed by every scanned account, kept once, owned by the management account.
    const orgTrail = inventory.trails.filter((t) => t.name === 'org-trail');
    expect(orgTrail).toHaveLength(1);
    expect(orgTrail[0]).toMatchObject({ account: M, organization: true, multiRegion: true, isLogging: true });
    for (const id of [M, L, P]) {
      const account = inventory.accounts.find((a) => a.id === id);
      expect(account?.scanned).toBe(true);
      expect(account?.trails).toContain('arn:aws:cloudtrail:us-east-1:111111111111:trail/org-trail');
    }
    // Its bucket is read in the log-archive account and evaluated normally.
    expect(inventory.buckets.find((b) => b.name === 'org-trail-logs')).toMatchObject({
      account: L,
      region: 'us-east-1',
      exists: true,
      logging: { targetBucket: 'archive-access-logs', targetPrefix: 'org-trail-logs/' },
    });
    // The account whose role does not trust the scanner: not scanned, with the AssumeRole error.
    const dev = inventory.accounts.find((a) => a.id === D);
    expect(dev).toMatchObject({ scanned: false, accessError: { code: 'AccessDenied' } });
    // AccessDenied on one bucket is an error value on exactly that field; its neighbours are read.
    const denied = inventory.buckets.find((b) => b.name === 'prod-denied');
    expect(denied?.logging && isErrorValue(denied.logging) && denied.logging.error.code).toBe('AccessDenied');
    expect(denied?.exists).toBe(true);
    const broken = inventory.buckets.find((b) => b.name === 'prod-broken');
    expect(broken?.logging && isErrorValue(broken.logging) && broken.logging.error.code).toBe(
      'InternalError',
    );
    // A 403 bucket outside the scan exists (not "deleted"); a 404 one does not.
    expect(inventory.buckets.find((b) => b.name === 'partner-trail-logs')).toMatchObject({
      account: null,
      exists: true,
      region: 'eu-west-1',
    });
    expect(inventory.buckets.find((b) => b.name === 'prod-old-trail-logs')).toMatchObject({ exists: false });
    expect(result.source).toMatchObject({ kind: 'aws', partition: 'aws', accounts: [M, L, P, D] });
  }, 60_000);

  it('--accounts narrows the organization; --regions narrows bucket reads but never drops a trail', async () => {
    const result = await withEmulator(orgScenario({ faults: false }), (handle) =>
      collectAws(orgOptions(handle, { accounts: [P], regions: ['eu-west-1'] })),
    );
    const { inventory } = result;
    expect(inventory.accounts.map((a) => a.id)).toEqual([P]);
    // Trails homed in us-east-1 (not scanned) are still found, described and evaluated.
    expect(inventory.trails.map((t) => t.name)).toContain('prod-old');
    expect(inventory.trails.find((t) => t.name === 'org-trail')?.isLogging).toBe(true);
    // A bucket in us-east-1 referenced by a trail is read all the same; one nobody references is not.
    expect(inventory.buckets.find((b) => b.name === 'prod-app')?.logging).toEqual({
      targetBucket: 'prod-logs-eu',
      targetPrefix: 'app/',
    });
    expect(inventory.buckets.find((b) => b.name === 'prod-trail-logs')?.logging).toBeNull();
    expect(inventory.buckets.some((b) => b.name === 'prod-self')).toBe(false);
    // The account's bucket list stays complete: ownership is still provable.
    const account = inventory.accounts[0];
    expect(account?.buckets).toContain('prod-self');
    // Outside the scan: the org trail's bucket in the log-archive account is now not in scope.
    expect(verdicts(evaluate(result).report.findings)['ct org-trail-logs']).toBe(
      'UNDETERMINED BUCKET_NOT_IN_SCOPE',
    );
  }, 60_000);
});
