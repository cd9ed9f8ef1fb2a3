import { ListTrailsCommand } from '@aws-sdk/client-cloudtrail';
import { DescribeRegionsCommand } from '@aws-sdk/client-ec2';
import { ListAccountsCommand } from '@aws-sdk/client-organizations';
import {
  GetBucketLoggingCommand,
  GetObjectLockConfigurationCommand,
  HeadBucketCommand,
  ListBucketsCommand,
} from '@aws-sdk/client-s3';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  type EmulatorHandle,
  OPERATION_ACTIONS,
  scenario,
  seededRandom,
  startEmulator,
} from '../../src/emulator/index.js';
import { cloudtrail, ec2, failure, organizations, s3, sts } from './helpers.js';

const A = '111111111111';

describe('fault injection, allow-lists and counters', () => {
  let emu: EmulatorHandle;
  beforeAll(async () => {
    emu = await startEmulator(
      scenario()
        .org('o-faultsfaults', A)
        .account({
          id: A,
          name: 'a',
          principals: [
            { name: 'admin', accessKeyId: 'AKIAADMIN00000000001', secretAccessKey: 's' },
            {
              name: 'reader',
              accessKeyId: 'AKIAREADER0000000001',
              secretAccessKey: 's',
              allow: ['s3:ListAllMyBuckets', 's3:Get*', 'sts:AssumeRole'],
            },
          ],
        })
        .bucket({ name: 'bucket-one', account: A, region: 'us-east-1' })
        .bucket({ name: 'bucket-two', account: A, region: 'us-east-1' }),
      { seed: 42 },
    );
  });
  afterAll(async () => emu.stop());
  afterEach(() => {
    emu.faults.clear();
    emu.counters.reset();
  });
  const admin = () => emu.credentialsFor(A, 'admin');
  const reader = () => emu.credentialsFor(A, 'reader');

  it('maps operations to IAM actions that differ from API names', () => {
    expect(OPERATION_ACTIONS['s3:ListBuckets']).toBe('s3:ListAllMyBuckets');
    expect(OPERATION_ACTIONS['s3:HeadBucket']).toBe('s3:ListBucket');
    expect(OPERATION_ACTIONS['s3:GetObjectLockConfiguration']).toBe('s3:GetBucketObjectLockConfiguration');
    expect(OPERATION_ACTIONS['s3:GetBucketEncryption']).toBe('s3:GetEncryptionConfiguration');
    expect(OPERATION_ACTIONS['sts:GetCallerIdentity']).toBeNull();
  });

  it('allow-list denials in every protocol, with the IAM action name', async () => {
    const r = reader();
    // s3:Get* does not cover s3:ListBucket (HeadBucket) but covers GetBucketObjectLockConfiguration.
    const head = await failure(s3(emu, r).send(new HeadBucketCommand({ Bucket: 'bucket-one' })));
    expect(head.$metadata.httpStatusCode).toBe(403);
    expect(head.$response?.headers['x-amz-bucket-region']).toBe('us-east-1');
    const lock = await failure(
      s3(emu, r).send(new GetObjectLockConfigurationCommand({ Bucket: 'bucket-one' })),
    );
    expect(lock.name).toBe('ObjectLockConfigurationNotFoundError');
    const ct = await failure(cloudtrail(emu, r).send(new ListTrailsCommand({})));
    expect([ct.name, ct.$metadata.httpStatusCode]).toEqual(['AccessDeniedException', 403]);
    expect(ct.message).toMatch(
      /^User: arn:aws:iam::111111111111:user\/reader is not authorized to perform: cloudtrail:ListTrails on resource: arn:aws:cloudtrail:us-east-1:111111111111:trail\/\*/,
    );
    const org = await failure(organizations(emu, r).send(new ListAccountsCommand({})));
    expect(org.name).toBe('AccessDeniedException');
    const regions = await failure(ec2(emu, r).send(new DescribeRegionsCommand({})));
    expect([regions.name, regions.$metadata.httpStatusCode]).toEqual(['UnauthorizedOperation', 403]);
    // GetCallerIdentity needs no permission.
    expect((await sts(emu, r).send(new GetCallerIdentityCommand({}))).Arn).toBe(
      `arn:aws:iam::${A}:user/reader`,
    );
  });

  it('accessDenied fault on one resource only, for a limited number of times', async () => {
    emu.faults.add({ kind: 'accessDenied', operation: 'GetBucketLogging', resource: 'bucket-one', times: 1 });
    const c = s3(emu, admin());
    const err = await failure(c.send(new GetBucketLoggingCommand({ Bucket: 'bucket-one' })));
    expect([err.name, err.$metadata.httpStatusCode]).toEqual(['AccessDenied', 403]);
    await c.send(new GetBucketLoggingCommand({ Bucket: 'bucket-two' }));
    await c.send(new GetBucketLoggingCommand({ Bucket: 'bucket-one' }));
  });

  it('throttling is retried by the SDK and every attempt is counted', async () => {
    emu.faults.add({ kind: 'throttle', rate: 1, service: 's3', times: 2 });
    const out = await s3(emu, admin(), { maxAttempts: 3 }).send(new ListBucketsCommand({}));
    expect(out.$metadata.attempts).toBe(3);
    expect(emu.counters.byOperation()['s3:ListBuckets']).toBe(3);
    expect(emu.counters.total()).toBe(3);
    expect(emu.counters.byAccount()[A]).toEqual({ 's3:ListBuckets': 3 });
  });

  it('throttling names per protocol: SlowDown 503, ThrottlingException, Throttling, RequestLimitExceeded', async () => {
    emu.faults.add({ kind: 'throttle', rate: 1 });
    const s = await failure(s3(emu, admin(), { maxAttempts: 1 }).send(new ListBucketsCommand({})));
    expect([s.name, s.$metadata.httpStatusCode]).toEqual(['SlowDown', 503]);
    const c = await failure(cloudtrail(emu, admin(), { maxAttempts: 2 }).send(new ListTrailsCommand({})));
    expect([c.name, c.$metadata.attempts]).toEqual(['ThrottlingException', 2]);
    const t = await failure(sts(emu, admin(), { maxAttempts: 1 }).send(new GetCallerIdentityCommand({})));
    expect(t.name).toBe('Throttling');
    const e = await failure(ec2(emu, admin(), { maxAttempts: 1 }).send(new DescribeRegionsCommand({})));
    expect(e.name).toBe('RequestLimitExceeded');
    expect(emu.counters.byOperation()['cloudtrail:ListTrails']).toBe(2);
  });

  it('server errors 500/503 are retried; a persistent one surfaces after maxAttempts', async () => {
    emu.faults.add({ kind: 'serverError', status: 500, operation: 'ListTrails', times: 1 });
    const ok = await cloudtrail(emu, admin()).send(new ListTrailsCommand({}));
    expect(ok.$metadata.attempts).toBe(2);
    emu.faults.add({ kind: 'serverError', status: 503, service: 's3' });
    const err = await failure(s3(emu, admin(), { maxAttempts: 2 }).send(new ListBucketsCommand({})));
    expect([err.name, err.$metadata.httpStatusCode]).toEqual(['ServiceUnavailable', 503]);
    expect(emu.counters.byOperation()['s3:ListBuckets']).toBe(2);
  });

  it('connection reset is retried as a transient error', async () => {
    emu.faults.add({ kind: 'reset', operation: 'GetCallerIdentity', times: 1 });
    const out = await sts(emu, admin()).send(new GetCallerIdentityCommand({}));
    expect(out.Account).toBe(A);
    expect(out.$metadata.attempts).toBe(2);
  });

  it('a hanging request runs into the client timeout', async () => {
    emu.faults.add({ kind: 'hang', operation: 'GetCallerIdentity' });
    const err = await failure(
      sts(emu, admin(), { maxAttempts: 1, requestTimeout: 200 }).send(new GetCallerIdentityCommand({})),
    );
    expect(err.name).toBe('TimeoutError');
  });

  it('latency is added with timers (fixed + jitter)', async () => {
    emu.faults.add({ kind: 'latency', ms: 60, jitterMs: 20 });
    const c = s3(emu, admin());
    const started = performance.now();
    await Promise.all(Array.from({ length: 20 }, () => c.send(new ListBucketsCommand({}))));
    const elapsed = performance.now() - started;
    // 20 concurrent calls each delayed 60–80 ms finish together: timers, not a serial busy loop.
    expect(elapsed).toBeGreaterThanOrEqual(55);
    expect(elapsed).toBeLessThan(1000);
  });

  it('rate-based faults are deterministic for a seed', () => {
    const a = seededRandom(7);
    const b = seededRandom(7);
    const seqA = Array.from({ length: 5 }, a);
    expect(Array.from({ length: 5 }, b)).toEqual(seqA);
    expect(seqA.every((x) => x >= 0 && x < 1)).toBe(true);
    expect(Array.from({ length: 5 }, seededRandom(8))).not.toEqual(seqA);
  });

  it('a 30% throttle rate throttles some calls but retries absorb them', async () => {
    emu.faults.add({ kind: 'throttle', rate: 0.3, operation: 'GetBucketLogging' });
    const c = s3(emu, admin(), { maxAttempts: 10 });
    for (let i = 0; i < 10; i++) await c.send(new GetBucketLoggingCommand({ Bucket: 'bucket-one' }));
    const n = emu.counters.byOperation()['s3:GetBucketLogging'] ?? 0;
    expect(n).toBeGreaterThan(10);
    expect(n).toBeLessThan(30);
  });
});
