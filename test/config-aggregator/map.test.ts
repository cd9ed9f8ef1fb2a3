import { describe, expect, it } from 'vitest';
import { LOG_DELIVERY_GROUP_URI } from '../../src/inventory/model.js';
import {
  bucketFromConfigItem,
  mapConfigAcl,
  mapConfigEncryption,
  mapConfigLogging,
  mapConfigObjectLock,
  mapConfigPolicy,
  trailFromConfigItem,
} from '../../src/sources/config-aggregator/map.js';
import { itemsQuery, MAX_EXPRESSION, regionsQuery } from '../../src/sources/config-aggregator/query.js';

const ACCOUNT = '111122223333';

function bucketItem(supplementary: Record<string, unknown>, extra: Record<string, unknown> = {}) {
  return {
    accountId: ACCOUNT,
    awsRegion: 'eu-west-1',
    resourceType: 'AWS::S3::Bucket',
    resourceName: 'logs-bucket',
    configurationItemCaptureTime: '2026-11-30T10:00:00.000Z',
    configurationItemStatus: 'OK',
    configuration: { name: 'logs-bucket' },
    supplementaryConfiguration: supplementary,
    ...extra,
  };
}

describe('AWS Config items → inventory fields', () => {
  it('maps logging: disabled is null, a target with its prefix, absent is not collected', () => {
    expect(mapConfigLogging({ destinationBucketName: null, logFilePrefix: null })).toBeNull();
    expect(mapConfigLogging({ destinationBucketName: 'target', logFilePrefix: 'src/' })).toEqual({
      targetBucket: 'target',
      targetPrefix: 'src/',
    });
    expect(mapConfigLogging({ destinationBucketName: 'target' })).toEqual({
      targetBucket: 'target',
      targetPrefix: '',
    });
    expect(mapConfigLogging(undefined)).toBeUndefined();
    expect(mapConfigLogging({ destinationBucketName: 7 })).toMatchObject({
      error: { code: 'MalformedConfigurationItem' },
    });
  });

  it('maps the policy text, keeps "no policy" apart from an unreadable one', () => {
    expect(mapConfigPolicy({ policyText: null })).toBeNull();
    expect(mapConfigPolicy({ policyText: '{"Version":"2012-10-17","Statement":[]}' })).toEqual({
      Version: '2012-10-17',
      Statement: [],
    });
    expect(mapConfigPolicy({ policyText: '{not json' })).toMatchObject({
      error: { code: 'MalformedConfigurationItem' },
    });
    expect(mapConfigPolicy(undefined)).toBeUndefined();
  });

  it('maps the ACL JSON string: groups by name, canonical users by id, Java permission names', () => {
    const acl = JSON.stringify({
      grantList: [
        { grantee: 'LogDelivery', permission: 'Write' },
        { grantee: { id: 'abc123', displayName: null }, permission: 'FullControl' },
        { grantee: 'LogDelivery', permission: 'ReadAcp' },
      ],
    });
    expect(mapConfigAcl(acl)).toEqual([
      { grantee: LOG_DELIVERY_GROUP_URI, granteeType: 'Group', permission: 'WRITE' },
      { grantee: 'abc123', granteeType: 'CanonicalUser', permission: 'FULL_CONTROL' },
      { grantee: LOG_DELIVERY_GROUP_URI, granteeType: 'Group', permission: 'READ_ACP' },
    ]);
    expect(
      mapConfigAcl(JSON.stringify({ grantList: [{ grantee: 'LogDelivery', permission: 'Sideways' }] })),
    ).toMatchObject({
      error: { code: 'MalformedConfigurationItem' },
    });
    expect(mapConfigAcl('{')).toMatchObject({ error: { code: 'MalformedConfigurationItem' } });
  });

  it('maps default encryption algorithms and refuses unknown ones', () => {
    const rule = (sseAlgorithm: string) => ({
      rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm } }],
    });
    expect(mapConfigEncryption(rule('AES256'))).toBe('SSE-S3');
    expect(mapConfigEncryption(rule('aws:kms'))).toBe('SSE-KMS');
    expect(mapConfigEncryption(rule('aws:kms:dsse'))).toBe('DSSE-KMS');
    expect(mapConfigEncryption(null)).toBeNull();
    expect(mapConfigEncryption(rule('rot13'))).toMatchObject({
      error: { code: 'MalformedConfigurationItem' },
    });
  });

  it('Object Lock: a default retention is true, lock without retention false, absent unknown', () => {
    expect(
      mapConfigObjectLock({
        objectLockEnabled: 'Enabled',
        rule: { defaultRetention: { mode: 'GOVERNANCE', days: 1 } },
      }),
    ).toBe(true);
    expect(mapConfigObjectLock({ objectLockEnabled: 'Enabled', rule: null })).toBe(false);
    expect(mapConfigObjectLock(undefined)).toBeUndefined();
  });

  it('builds a bucket with account, Region and capture time; fields AWS Config does not carry stay absent', () => {
    const bucket = bucketFromConfigItem(
      bucketItem({
        BucketLoggingConfiguration: { destinationBucketName: 'central-logs', logFilePrefix: 'logs-bucket/' },
        BucketPolicy: { policyText: null },
        IsRequesterPaysEnabled: false,
      }),
    );
    expect(bucket).toEqual({
      name: 'logs-bucket',
      account: ACCOUNT,
      region: 'eu-west-1',
      exists: true,
      capturedAt: '2026-11-30T10:00:00.000Z',
      logging: { targetBucket: 'central-logs', targetPrefix: 'logs-bucket/' },
      policy: null,
      requesterPays: false,
    });
    expect(bucket).not.toHaveProperty('ownership');
    expect(bucket).not.toHaveProperty('acl');
  });

  it('a deleted bucket item does not exist and carries no settings', () => {
    const bucket = bucketFromConfigItem(
      bucketItem({ BucketPolicy: { policyText: null } }, { configurationItemStatus: 'ResourceDeleted' }),
    );
    expect(bucket).toMatchObject({ name: 'logs-bucket', exists: false });
    expect(bucket).not.toHaveProperty('policy');
  });

  it('an item without account or Region is not a bucket (the source records it as malformed)', () => {
    expect(bucketFromConfigItem({ resourceName: 'x', resourceType: 'AWS::S3::Bucket' })).toBeNull();
  });

  it('maps a trail item', () => {
    const arn = `arn:aws:cloudtrail:us-east-1:${ACCOUNT}:trail/org-trail`;
    const trail = trailFromConfigItem({
      accountId: ACCOUNT,
      awsRegion: 'us-east-1',
      resourceType: 'AWS::CloudTrail::Trail',
      configuration: {
        name: 'org-trail',
        trailARN: arn,
        homeRegion: 'us-east-1',
        isMultiRegionTrail: true,
        isOrganizationTrail: true,
        s3BucketName: 'org-trail-logs',
        s3KeyPrefix: null,
      },
    });
    expect(trail).toEqual({
      arn,
      name: 'org-trail',
      account: ACCOUNT,
      homeRegion: 'us-east-1',
      multiRegion: true,
      organization: true,
      bucket: 'org-trail-logs',
      keyPrefix: null,
    });
  });
});

describe('aggregator queries', () => {
  it('asks for buckets and trails per Region, with an account filter while it fits', () => {
    expect(regionsQuery()).toContain('GROUP BY awsRegion');
    const q = itemsQuery('eu-west-1', [ACCOUNT]);
    expect(q).toContain("awsRegion = 'eu-west-1'");
    expect(q).toContain(`accountId IN ('${ACCOUNT}')`);
    const many = Array.from({ length: 1000 }, (_, i) => String(100000000000 + i));
    const long = itemsQuery('eu-west-1', many);
    expect(long.length).toBeLessThanOrEqual(MAX_EXPRESSION);
    expect(long).not.toContain('accountId IN');
    expect(() => itemsQuery("eu-west-1' OR 1=1 --")).toThrow(/not a Region/);
  });
});
