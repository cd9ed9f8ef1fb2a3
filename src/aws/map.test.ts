import { describe, expect, it } from 'vitest';
import { isErrorValue } from '../inventory/read.js';
import {
  mapAcl,
  mapEncryption,
  mapLogging,
  mapObjectLock,
  mapOwnership,
  mapPolicy,
  mapRequesterPays,
  mapTrail,
  nameOfTrailArn,
} from './map.js';

describe('S3 output mapping', () => {
  it.each([
    [{}, null],
    [
      { LoggingEnabled: { TargetBucket: 't', TargetPrefix: 'p/' } },
      { targetBucket: 't', targetPrefix: 'p/' },
    ],
    [
      { LoggingEnabled: { TargetBucket: 't', TargetPrefix: undefined } },
      { targetBucket: 't', targetPrefix: '' },
    ],
    [
      {
        LoggingEnabled: {
          TargetBucket: 't',
          TargetPrefix: '',
          TargetObjectKeyFormat: { PartitionedPrefix: { PartitionDateSource: 'EventTime' as const } },
        },
      },
      { targetBucket: 't', targetPrefix: '', partitioned: true },
    ],
  ])('logging %j → %j', (output, expected) => {
    expect(mapLogging(output as Parameters<typeof mapLogging>[0])).toEqual(expected);
  });

  it('logging without a target bucket is an error value, not "disabled"', () => {
    const value = mapLogging({ LoggingEnabled: { TargetPrefix: 'x' } as never });
    expect(isErrorValue(value)).toBe(true);
  });

  it('ACL grants keep grantee type and drop unknown permissions', () => {
    expect(
      mapAcl({
        Grants: [
          { Grantee: { Type: 'CanonicalUser', ID: 'abc' }, Permission: 'FULL_CONTROL' },
          {
            Grantee: { Type: 'Group', URI: 'http://acs.amazonaws.com/groups/s3/LogDelivery' },
            Permission: 'WRITE',
          },
          { Grantee: { Type: 'Group', URI: 'x' }, Permission: 'BOGUS' as never },
        ],
      }),
    ).toEqual([
      { grantee: 'abc', granteeType: 'CanonicalUser', permission: 'FULL_CONTROL' },
      {
        grantee: 'http://acs.amazonaws.com/groups/s3/LogDelivery',
        granteeType: 'Group',
        permission: 'WRITE',
      },
    ]);
  });

  it.each([
    ['AES256', 'SSE-S3'],
    ['aws:kms', 'SSE-KMS'],
    ['aws:kms:dsse', 'DSSE-KMS'],
  ])('encryption %s → %s', (algorithm, expected) => {
    expect(
      mapEncryption({
        ServerSideEncryptionConfiguration: {
          Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: algorithm as never } }],
        },
      }),
    ).toBe(expected);
  });

  it('an unknown encryption algorithm is an error value, never a guess', () => {
    const value = mapEncryption({
      ServerSideEncryptionConfiguration: {
        Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:fsx' as never } }],
      },
    });
    expect(isErrorValue(value)).toBe(true);
  });

  it('ownership, object lock, requester pays, policy', () => {
    expect(mapOwnership({ OwnershipControls: { Rules: [{ ObjectOwnership: 'ObjectWriter' }] } })).toBe(
      'ObjectWriter',
    );
    expect(mapOwnership({})).toBeNull();
    expect(mapObjectLock({ ObjectLockConfiguration: { ObjectLockEnabled: 'Enabled' } })).toBe(false);
    expect(
      mapObjectLock({
        ObjectLockConfiguration: {
          ObjectLockEnabled: 'Enabled',
          Rule: { DefaultRetention: { Mode: 'GOVERNANCE', Days: 1 } },
        },
      }),
    ).toBe(true);
    expect(mapRequesterPays({ Payer: 'Requester' })).toBe(true);
    expect(mapRequesterPays({ Payer: 'BucketOwner' })).toBe(false);
    expect(mapPolicy('{"Version":"2012-10-17","Statement":[]}')).toEqual({
      Version: '2012-10-17',
      Statement: [],
    });
    expect(mapPolicy(undefined)).toBeNull();
    expect(isErrorValue(mapPolicy('{not json'))).toBe(true);
    expect(isErrorValue(mapPolicy('[]'))).toBe(true);
  });
});

describe('trail mapping', () => {
  it('takes the owner account from the ARN (the management account for an organization trail)', () => {
    const trail = mapTrail(
      {
        Name: 'org',
        TrailARN: 'arn:aws-us-gov:cloudtrail:us-gov-west-1:111111111111:trail/org',
        S3BucketName: 'logs',
        HomeRegion: 'us-gov-west-1',
        IsMultiRegionTrail: true,
        IsOrganizationTrail: true,
      },
      { arn: 'arn:aws-us-gov:cloudtrail:us-gov-west-1:111111111111:trail/org', homeRegion: 'us-gov-west-1' },
    );
    expect(trail).toEqual({
      arn: 'arn:aws-us-gov:cloudtrail:us-gov-west-1:111111111111:trail/org',
      name: 'org',
      account: '111111111111',
      homeRegion: 'us-gov-west-1',
      multiRegion: true,
      organization: true,
      bucket: 'logs',
      keyPrefix: null,
    });
  });

  it('a trail without a bucket name keeps an error value in place of the bucket', () => {
    const trail = mapTrail(
      { Name: 'x' },
      { arn: 'arn:aws:cloudtrail:eu-west-1:222222222222:trail/x', homeRegion: 'eu-west-1' },
    );
    expect(isErrorValue(trail.bucket)).toBe(true);
    expect(trail.homeRegion).toBe('eu-west-1');
    expect(nameOfTrailArn('arn:aws:cloudtrail:eu-west-1:222222222222:trail/a/b')).toBe('a/b');
  });
});
