import { describe, expect, it } from 'vitest';
import { type Bucket, LOG_DELIVERY_GROUP_URI } from '../../inventory/model.js';
import { errorValue } from '../../inventory/read.js';
import type { DeliveryRequest } from './delivery-policy.js';
import { checkTargetDelivery } from './target-check.js';

const request: DeliveryRequest = {
  partition: 'aws',
  targetBucket: 'logs',
  targetPrefix: 'app/',
  sourceAccount: '111111111111',
  sourceArn: 'arn:aws:s3:::app',
  targetAccount: '111111111111',
};

const grantPolicy = {
  Version: '2012-10-17',
  Statement: [
    {
      Sid: 'S3ServerAccessLogs',
      Effect: 'Allow',
      Principal: { Service: 'logging.s3.amazonaws.com' },
      Action: 's3:PutObject',
      Resource: 'arn:aws:s3:::logs/*',
    },
  ],
};

const healthy: Bucket = {
  name: 'logs',
  account: '111111111111',
  region: 'us-east-1',
  exists: true,
  logging: null,
  policy: grantPolicy,
  ownership: 'BucketOwnerEnforced',
  acl: [],
  defaultEncryption: 'SSE-S3',
  objectLockDefaultRetention: false,
  requesterPays: false,
};

const check = (patch: Partial<Bucket>) => checkTargetDelivery({ ...healthy, ...patch }, request);

describe('checkTargetDelivery', () => {
  it('a healthy target can receive, and the evidence names the granting statement', () => {
    const result = check({});
    expect(result.verdict).toBe('can-receive');
    expect(result.evidence.policy).toMatchObject({ allowedBy: [{ index: 0, sid: 'S3ServerAccessLogs' }] });
  });

  it.each<[string, Partial<Bucket>, string]>([
    ['no policy, no ACL grant', { policy: null }, 'neither its bucket policy nor its ACL'],
    [
      'ACL grant ignored under BucketOwnerEnforced',
      { policy: null, acl: [{ grantee: LOG_DELIVERY_GROUP_URI, permission: 'WRITE' }] },
      'ACLs are ignored',
    ],
    ['Object Lock default retention', { objectLockDefaultRetention: true }, 'Object Lock'],
    ['Requester Pays', { requesterPays: true }, 'Requester Pays'],
    ['SSE-KMS', { defaultEncryption: 'SSE-KMS' }, 'SSE-KMS'],
    ['DSSE-KMS', { defaultEncryption: 'DSSE-KMS' }, 'DSSE-KMS'],
    [
      'explicit Deny',
      {
        policy: {
          Statement: [
            ...grantPolicy.Statement,
            { Effect: 'Deny', Principal: '*', Action: 's3:PutObject', Resource: 'arn:aws:s3:::logs/*' },
          ],
        },
      },
      'Deny',
    ],
  ])('cannot receive: %s', (_name, patch, phrase) => {
    const result = check(patch);
    expect(result.verdict).toBe('cannot-receive');
    expect(result.problems.join('; ')).toContain(phrase);
  });

  it.each<[string, Partial<Bucket>]>([
    [
      'ACL grant under ObjectWriter',
      {
        policy: null,
        ownership: 'ObjectWriter',
        acl: [{ grantee: LOG_DELIVERY_GROUP_URI, permission: 'WRITE' }],
      },
    ],
    [
      'ACL grant with no ownership controls',
      {
        policy: null,
        ownership: null,
        acl: [{ grantee: LOG_DELIVERY_GROUP_URI, permission: 'FULL_CONTROL' }],
      },
    ],
    ['no encryption at all', { defaultEncryption: null }],
  ])('can receive: %s', (_name, patch) => {
    expect(check(patch).verdict).toBe('can-receive');
  });

  it.each<[string, Partial<Bucket>]>([
    ['policy unreadable', { policy: errorValue('AccessDenied', 'denied') }],
    ['policy not collected', { policy: undefined }],
    [
      'no policy, ACL grant, ownership unreadable',
      {
        policy: null,
        ownership: errorValue('AccessDenied', 'x'),
        acl: [{ grantee: LOG_DELIVERY_GROUP_URI, permission: 'WRITE' }],
      },
    ],
    [
      'no policy, ACL not collected, ownership ObjectWriter',
      { policy: null, ownership: 'ObjectWriter', acl: undefined },
    ],
    ['Object Lock not collected', { objectLockDefaultRetention: undefined }],
    ['Requester Pays unreadable', { requesterPays: errorValue('AccessDenied', 'x') }],
    ['encryption unreadable', { defaultEncryption: errorValue('AccessDenied', 'x') }],
    [
      'grant by ACL but policy unreadable (a Deny may hide there)',
      {
        policy: errorValue('AccessDenied', 'x'),
        ownership: 'ObjectWriter',
        acl: [{ grantee: LOG_DELIVERY_GROUP_URI, permission: 'WRITE' }],
      },
    ],
  ])('unverified, never a verdict: %s', (_name, patch) => {
    const result = check(patch);
    expect(result.verdict).toBe('unverified');
    expect(result.unverified.length).toBeGreaterThan(0);
  });

  it('no policy, ACL without grant, ownership unreadable: no grant is still certain', () => {
    expect(check({ policy: null, ownership: errorValue('AccessDenied', 'x'), acl: [] }).verdict).toBe(
      'cannot-receive',
    );
  });
});
