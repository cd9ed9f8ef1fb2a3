import {
  DeleteBucketPolicyCommand,
  GetBucketAclCommand,
  GetBucketEncryptionCommand,
  GetBucketLoggingCommand,
  GetBucketOwnershipControlsCommand,
  GetBucketPolicyCommand,
  GetBucketRequestPaymentCommand,
  GetObjectLockConfigurationCommand,
  GetPublicAccessBlockCommand,
  HeadBucketCommand,
  PutBucketEncryptionCommand,
  PutBucketLoggingCommand,
  PutBucketOwnershipControlsCommand,
  PutBucketPolicyCommand,
  PutPublicAccessBlockCommand,
} from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EmulatorHandle, scenario, startEmulator } from '../../src/emulator/index.js';
import { failure, s3 } from './helpers.js';

const A = '111111111111';
const B = '222222222222';
const LOG_DELIVERY = 'http://acs.amazonaws.com/groups/s3/LogDelivery';
const grant = (bucket: string) => ({
  Version: '2012-10-17',
  Statement: [
    {
      Effect: 'Allow',
      Principal: { Service: 'logging.s3.amazonaws.com' },
      Action: 's3:PutObject',
      Resource: `arn:aws:s3:::${bucket}/*`,
    },
  ],
});

describe('S3 bucket configuration through @aws-sdk/client-s3', () => {
  let emu: EmulatorHandle;
  beforeAll(async () => {
    emu = await startEmulator(
      scenario()
        .regions(['us-east-1', 'eu-west-1'])
        .account({ id: A, name: 'a' })
        .account({ id: B, name: 'b' })
        .bucket({
          name: 'src-a',
          account: A,
          region: 'us-east-1',
          logging: { targetBucket: 'logs-a', targetPrefix: 'src/', partitioned: true },
        })
        .bucket({ name: 'logs-a', account: A, region: 'us-east-1', policy: grant('logs-a') })
        .bucket({ name: 'nogrant-a', account: A, region: 'us-east-1' })
        .bucket({
          name: 'acl-a',
          account: A,
          region: 'us-east-1',
          ownership: 'BucketOwnerPreferred',
          acl: [
            { grantee: LOG_DELIVERY, permission: 'WRITE' },
            { grantee: LOG_DELIVERY, permission: 'READ_ACP' },
          ],
        })
        .bucket({
          name: 'boe-acl-a',
          account: A,
          region: 'us-east-1',
          acl: [{ grantee: LOG_DELIVERY, permission: 'WRITE' }],
        })
        .bucket({ name: 'west-logs-a', account: A, region: 'eu-west-1', policy: grant('west-logs-a') })
        .bucket({
          name: 'legacy-a',
          account: A,
          region: 'us-east-1',
          ownership: null,
          encryption: null,
          publicAccessBlock: null,
          requesterPays: true,
          objectLock: { defaultRetention: { mode: 'COMPLIANCE', days: 7 } },
        })
        .bucket({
          name: 'kms-a',
          account: A,
          region: 'us-east-1',
          encryption: 'SSE-KMS',
          kmsKeyId: 'arn:aws:kms:us-east-1:111111111111:key/k1',
        })
        .bucket({ name: 'logs-b', account: B, region: 'us-east-1', policy: grant('logs-b') })
        .bucket({
          name: 'shared-b',
          account: B,
          region: 'us-east-1',
          policy: {
            Version: '2012-10-17',
            Statement: [
              {
                Effect: 'Allow',
                Principal: { AWS: `arn:aws:iam::${A}:root` },
                Action: 's3:GetBucket*',
                Resource: 'arn:aws:s3:::shared-b',
              },
            ],
          },
        }),
    );
  });
  afterAll(async () => emu.stop());
  const client = (o = {}) => s3(emu, emu.credentialsFor(A), o);

  it('GetBucketLogging returns the configuration, or no LoggingEnabled when disabled', async () => {
    const on = await client().send(new GetBucketLoggingCommand({ Bucket: 'src-a' }));
    expect(on.LoggingEnabled).toMatchObject({
      TargetBucket: 'logs-a',
      TargetPrefix: 'src/',
      TargetObjectKeyFormat: { PartitionedPrefix: { PartitionDateSource: 'EventTime' } },
    });
    const off = await client().send(new GetBucketLoggingCommand({ Bucket: 'logs-a' }));
    expect(off.LoggingEnabled).toBeUndefined();
  });

  it('PutBucketLogging accepts a granted same-account same-Region target and can disable again', async () => {
    await client().send(
      new PutBucketLoggingCommand({
        Bucket: 'nogrant-a',
        BucketLoggingStatus: { LoggingEnabled: { TargetBucket: 'logs-a', TargetPrefix: '' } },
      }),
    );
    const on = await client().send(new GetBucketLoggingCommand({ Bucket: 'nogrant-a' }));
    expect(on.LoggingEnabled?.TargetBucket).toBe('logs-a');
    expect(on.LoggingEnabled?.TargetPrefix).toBe('');
    // An ACL-based grant counts when ACLs are enabled.
    await client().send(
      new PutBucketLoggingCommand({
        Bucket: 'src-a',
        BucketLoggingStatus: { LoggingEnabled: { TargetBucket: 'acl-a', TargetPrefix: 'x/' } },
      }),
    );
    await client().send(new PutBucketLoggingCommand({ Bucket: 'nogrant-a', BucketLoggingStatus: {} }));
    expect(
      (await client().send(new GetBucketLoggingCommand({ Bucket: 'nogrant-a' }))).LoggingEnabled,
    ).toBeUndefined();
  });

  it('PutBucketLogging validates the target like S3', async () => {
    const put = (target: string, extra = {}) =>
      failure(
        client().send(
          new PutBucketLoggingCommand({
            Bucket: 'src-a',
            BucketLoggingStatus: { LoggingEnabled: { TargetBucket: target, TargetPrefix: 'p/', ...extra } },
          }),
        ),
      );
    const missing = await put('no-such-target');
    expect([missing.name, missing.$metadata.httpStatusCode, missing.TargetBucket]).toEqual([
      'InvalidTargetBucketForLogging',
      400,
      'no-such-target',
    ]);
    expect(missing.message).toContain('does not exist');
    const foreign = await put('logs-b');
    expect(foreign.name).toBe('InvalidTargetBucketForLogging');
    expect(foreign.message).toBe(
      'The owner for the bucket to be logged and the target bucket must be the same.',
    );
    const region = await put('west-logs-a');
    expect([region.name, region.$metadata.httpStatusCode]).toEqual(['CrossLocationLoggingProhibited', 403]);
    const noGrant = await put('nogrant-a');
    expect(noGrant.name).toBe('InvalidTargetBucketForLogging');
    // A Log Delivery ACL grant does not count under BucketOwnerEnforced.
    expect((await put('boe-acl-a')).name).toBe('InvalidTargetBucketForLogging');
    const grants = await put('logs-a', {
      TargetGrants: [{ Grantee: { Type: 'Group', URI: LOG_DELIVERY }, Permission: 'WRITE' }],
    });
    expect([grants.name, grants.$metadata.httpStatusCode]).toEqual(['AccessControlListNotSupported', 400]);
    // Nothing changed.
    expect(
      (await client().send(new GetBucketLoggingCommand({ Bucket: 'src-a' }))).LoggingEnabled?.TargetBucket,
    ).not.toBe('no-such-target');
  });

  it('bucket policy: get raw JSON, put, delete, NoSuchBucketPolicy, MalformedPolicy', async () => {
    const got = await client().send(new GetBucketPolicyCommand({ Bucket: 'logs-a' }));
    expect(JSON.parse(got.Policy ?? '{}')).toEqual(grant('logs-a'));
    const none = await failure(client().send(new GetBucketPolicyCommand({ Bucket: 'nogrant-a' })));
    expect([none.name, none.$metadata.httpStatusCode]).toEqual(['NoSuchBucketPolicy', 404]);
    const bad = await failure(
      client().send(new PutBucketPolicyCommand({ Bucket: 'nogrant-a', Policy: 'not json' })),
    );
    expect([bad.name, bad.$metadata.httpStatusCode]).toEqual(['MalformedPolicy', 400]);
    await client().send(
      new PutBucketPolicyCommand({ Bucket: 'nogrant-a', Policy: JSON.stringify(grant('nogrant-a')) }),
    );
    expect(
      JSON.parse((await client().send(new GetBucketPolicyCommand({ Bucket: 'nogrant-a' }))).Policy ?? ''),
    ).toEqual(grant('nogrant-a'));
    await client().send(new DeleteBucketPolicyCommand({ Bucket: 'nogrant-a' }));
    expect((await failure(client().send(new GetBucketPolicyCommand({ Bucket: 'nogrant-a' })))).name).toBe(
      'NoSuchBucketPolicy',
    );
  });

  it('GetBucketAcl: grantee type from xsi:type; only the owner under BucketOwnerEnforced', async () => {
    const acl = await client().send(new GetBucketAclCommand({ Bucket: 'acl-a' }));
    expect(acl.Owner?.ID).toMatch(/^[0-9a-f]{64}$/);
    expect(acl.Grants).toEqual([
      { Grantee: { Type: 'CanonicalUser', ID: acl.Owner?.ID }, Permission: 'FULL_CONTROL' },
      { Grantee: { Type: 'Group', URI: LOG_DELIVERY }, Permission: 'WRITE' },
      { Grantee: { Type: 'Group', URI: LOG_DELIVERY }, Permission: 'READ_ACP' },
    ]);
    const boe = await client().send(new GetBucketAclCommand({ Bucket: 'boe-acl-a' }));
    expect(boe.Grants).toHaveLength(1);
  });

  it('ownership controls: default BucketOwnerEnforced, legacy not found, put', async () => {
    const def = await client().send(new GetBucketOwnershipControlsCommand({ Bucket: 'logs-a' }));
    expect(def.OwnershipControls?.Rules).toEqual([{ ObjectOwnership: 'BucketOwnerEnforced' }]);
    const legacy = await failure(
      client().send(new GetBucketOwnershipControlsCommand({ Bucket: 'legacy-a' })),
    );
    expect([legacy.name, legacy.$metadata.httpStatusCode]).toEqual(['OwnershipControlsNotFoundError', 404]);
    await client().send(
      new PutBucketOwnershipControlsCommand({
        Bucket: 'legacy-a',
        OwnershipControls: { Rules: [{ ObjectOwnership: 'ObjectWriter' }] },
      }),
    );
    const after = await client().send(new GetBucketOwnershipControlsCommand({ Bucket: 'legacy-a' }));
    expect(after.OwnershipControls?.Rules?.[0]?.ObjectOwnership).toBe('ObjectWriter');
  });

  it('Object Lock: not found without lock, retention when set', async () => {
    const none = await failure(client().send(new GetObjectLockConfigurationCommand({ Bucket: 'logs-a' })));
    expect([none.name, none.$metadata.httpStatusCode]).toEqual(['ObjectLockConfigurationNotFoundError', 404]);
    const lock = await client().send(new GetObjectLockConfigurationCommand({ Bucket: 'legacy-a' }));
    expect(lock.ObjectLockConfiguration).toEqual({
      ObjectLockEnabled: 'Enabled',
      Rule: { DefaultRetention: { Mode: 'COMPLIANCE', Days: 7 } },
    });
  });

  it('default encryption: SSE-S3 by default, KMS key, not found only when removed, put', async () => {
    const def = await client().send(new GetBucketEncryptionCommand({ Bucket: 'logs-a' }));
    expect(
      def.ServerSideEncryptionConfiguration?.Rules?.[0]?.ApplyServerSideEncryptionByDefault?.SSEAlgorithm,
    ).toBe('AES256');
    const kms = await client().send(new GetBucketEncryptionCommand({ Bucket: 'kms-a' }));
    expect(kms.ServerSideEncryptionConfiguration?.Rules?.[0]?.ApplyServerSideEncryptionByDefault).toEqual({
      SSEAlgorithm: 'aws:kms',
      KMSMasterKeyID: 'arn:aws:kms:us-east-1:111111111111:key/k1',
    });
    const none = await failure(client().send(new GetBucketEncryptionCommand({ Bucket: 'legacy-a' })));
    expect([none.name, none.$metadata.httpStatusCode]).toEqual([
      'ServerSideEncryptionConfigurationNotFoundError',
      404,
    ]);
    await client().send(
      new PutBucketEncryptionCommand({
        Bucket: 'legacy-a',
        ServerSideEncryptionConfiguration: {
          Rules: [
            { ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms:dsse', KMSMasterKeyID: 'k2' } },
          ],
        },
      }),
    );
    expect(emu.snapshot().buckets.find((b) => b.name === 'legacy-a')).toMatchObject({
      encryption: 'DSSE-KMS',
      kmsKeyId: 'k2',
    });
  });

  it('request payment and public access block', async () => {
    expect((await client().send(new GetBucketRequestPaymentCommand({ Bucket: 'legacy-a' }))).Payer).toBe(
      'Requester',
    );
    expect((await client().send(new GetBucketRequestPaymentCommand({ Bucket: 'logs-a' }))).Payer).toBe(
      'BucketOwner',
    );
    const pab = await client().send(new GetPublicAccessBlockCommand({ Bucket: 'logs-a' }));
    expect(pab.PublicAccessBlockConfiguration).toEqual({
      BlockPublicAcls: true,
      IgnorePublicAcls: true,
      BlockPublicPolicy: true,
      RestrictPublicBuckets: true,
    });
    const none = await failure(client().send(new GetPublicAccessBlockCommand({ Bucket: 'legacy-a' })));
    expect([none.name, none.$metadata.httpStatusCode]).toEqual(['NoSuchPublicAccessBlockConfiguration', 404]);
    await client().send(
      new PutPublicAccessBlockCommand({
        Bucket: 'legacy-a',
        PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: false },
      }),
    );
    const after = await client().send(new GetPublicAccessBlockCommand({ Bucket: 'legacy-a' }));
    expect(after.PublicAccessBlockConfiguration).toMatchObject({
      BlockPublicAcls: true,
      BlockPublicPolicy: false,
      IgnorePublicAcls: false,
    });
  });

  it('another account gets 403 AccessDenied unless the bucket policy grants its account', async () => {
    const b = s3(emu, emu.credentialsFor(B));
    const denied = await failure(b.send(new GetBucketLoggingCommand({ Bucket: 'src-a' })));
    expect([denied.name, denied.$metadata.httpStatusCode]).toEqual(['AccessDenied', 403]);
    // shared-b grants account A s3:GetBucket*.
    const granted = await client().send(new GetBucketLoggingCommand({ Bucket: 'shared-b' }));
    expect(granted.LoggingEnabled).toBeUndefined();
    const notPolicy = await failure(client().send(new GetPublicAccessBlockCommand({ Bucket: 'logs-b' })));
    expect(notPolicy.name).toBe('AccessDenied');
    const policyOp = await failure(client().send(new GetBucketPolicyCommand({ Bucket: 'shared-b' })));
    expect([policyOp.name, policyOp.$metadata.httpStatusCode]).toEqual(['MethodNotAllowed', 405]);
  });

  it('virtual-hosted addressing (bucket.localhost Host) works like path style', async () => {
    const vh = client({ virtualHosted: true });
    const out = await vh.send(new GetBucketLoggingCommand({ Bucket: 'src-a' }));
    expect(out.LoggingEnabled?.TargetBucket).toBeDefined();
    const head = await vh.send(new HeadBucketCommand({ Bucket: 'logs-a' }));
    expect(head.BucketRegion).toBe('us-east-1');
    const missing = await failure(vh.send(new GetBucketLoggingCommand({ Bucket: 'nope-nope' })));
    expect(missing.name).toBe('NoSuchBucket');
  });

  it('wrong Region: PermanentRedirect 301 surfaces without followRegionRedirects, is followed with it', async () => {
    const plain = await failure(client().send(new GetBucketLoggingCommand({ Bucket: 'west-logs-a' })));
    expect([plain.name, plain.$metadata.httpStatusCode]).toEqual(['PermanentRedirect', 301]);
    expect(plain.$response?.headers['x-amz-bucket-region']).toBe('eu-west-1');
    const before = emu.counters.byOperation()['s3:GetBucketPolicy'] ?? 0;
    const follow = client({ followRegionRedirects: true });
    const policy = await follow.send(new GetBucketPolicyCommand({ Bucket: 'west-logs-a' }));
    expect(JSON.parse(policy.Policy ?? '{}')).toEqual(grant('west-logs-a'));
    // Two requests: the redirected one and the retry signed for eu-west-1.
    expect((emu.counters.byOperation()['s3:GetBucketPolicy'] ?? 0) - before).toBe(2);
  });
});
