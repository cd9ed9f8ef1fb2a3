import {
  CreateBucketCommand,
  DeleteBucketCommand,
  GetBucketLocationCommand,
  HeadBucketCommand,
  ListBucketsCommand,
  paginateListBuckets,
} from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EmulatorHandle, scenario, startEmulator } from '../../src/emulator/index.js';
import { failure, s3 } from './helpers.js';

const A = '111111111111';
const B = '222222222222';

describe('S3 bucket operations through @aws-sdk/client-s3', () => {
  let emu: EmulatorHandle;
  beforeAll(async () => {
    const b = scenario()
      .regions(['us-east-1', 'eu-west-1'])
      .account({ id: A, name: 'a', regions: ['us-east-1', 'eu-west-1', 'af-south-1'] })
      .account({ id: B, name: 'b' })
      .pageSizes({ listBuckets: 2 });
    for (const n of ['alpha', 'bravo', 'charlie', 'delta', 'echo']) {
      b.bucket({ name: `${n}-${A}`, account: A, region: n === 'charlie' ? 'eu-west-1' : 'us-east-1' });
    }
    b.bucket({ name: `capetown-${A}`, account: A, region: 'af-south-1' });
    b.bucket({ name: `other-${B}`, account: B, region: 'us-east-1' });
    b.bucket({ name: `gone-${A}`, account: A, region: 'us-east-1', deleted: true });
    emu = await startEmulator(b);
  });
  afterAll(async () => emu.stop());

  it('ListBuckets without parameters returns all buckets of the account and no BucketRegion', async () => {
    const out = await s3(emu, emu.credentialsFor(A)).send(new ListBucketsCommand({}));
    expect(out.Buckets?.map((b) => b.Name)).toEqual([
      `alpha-${A}`,
      `bravo-${A}`,
      `capetown-${A}`,
      `charlie-${A}`,
      `delta-${A}`,
      `echo-${A}`,
    ]);
    expect(out.Buckets?.[0]?.BucketRegion).toBeUndefined();
    expect(out.Buckets?.[0]?.CreationDate).toBeInstanceOf(Date);
    expect(out.Owner?.ID).toMatch(/^[0-9a-f]{64}$/);
    expect(out.ContinuationToken).toBeUndefined();
  });

  it('paginates ListBuckets with the SDK paginator and returns BucketRegion', async () => {
    const client = s3(emu, emu.credentialsFor(A));
    const pages = [];
    for await (const page of paginateListBuckets({ client, pageSize: 5 }, {})) pages.push(page);
    // Scenario page size 2 caps MaxBuckets 5: 6 buckets → 3 pages.
    expect(pages.map((p) => p.Buckets?.length)).toEqual([2, 2, 2]);
    const all = pages.flatMap((p) => p.Buckets ?? []);
    expect(all.find((b) => b.Name === `charlie-${A}`)?.BucketRegion).toBe('eu-west-1');
    expect(all.find((b) => b.Name === `capetown-${A}`)?.BucketRegion).toBe('af-south-1');
    expect(emu.counters.byAccount()[A]?.['s3:ListBuckets']).toBeGreaterThanOrEqual(3);
  });

  it('filters ListBuckets by prefix and bucket-region', async () => {
    const client = s3(emu, emu.credentialsFor(A));
    const byPrefix = await client.send(new ListBucketsCommand({ Prefix: 'ch', MaxBuckets: 10 }));
    expect(byPrefix.Buckets?.map((b) => b.Name)).toEqual([`charlie-${A}`]);
    expect(byPrefix.Prefix).toBe('ch');
    const byRegion = await client.send(
      new ListBucketsCommand({ BucketRegion: 'af-south-1', MaxBuckets: 10 }),
    );
    expect(byRegion.Buckets?.map((b) => b.Name)).toEqual([`capetown-${A}`]);
  });

  it('rejects a bad max-buckets as InvalidArgument', async () => {
    const err = await failure(s3(emu, emu.credentialsFor(A)).send(new ListBucketsCommand({ MaxBuckets: 0 })));
    expect(err.name).toBe('InvalidArgument');
    expect(err.$metadata.httpStatusCode).toBe(400);
  });

  it('HeadBucket: 200 with x-amz-bucket-region; bodyless 404 NotFound; 403 for another account', async () => {
    const client = s3(emu, emu.credentialsFor(A));
    const ok = await client.send(new HeadBucketCommand({ Bucket: `alpha-${A}` }));
    expect(ok.BucketRegion).toBe('us-east-1');
    const missing = await failure(client.send(new HeadBucketCommand({ Bucket: `gone-${A}` })));
    expect(missing.name).toBe('NotFound');
    expect(missing.$metadata.httpStatusCode).toBe(404);
    const foreign = await failure(client.send(new HeadBucketCommand({ Bucket: `other-${B}` })));
    expect(foreign.$metadata.httpStatusCode).toBe(403);
    expect(foreign.name).toBe('Unknown');
    expect(foreign.$response?.headers['x-amz-bucket-region']).toBe('us-east-1');
  });

  it('HeadBucket in the wrong Region: 301 with the Region header, followed when asked', async () => {
    const plain = await failure(
      s3(emu, emu.credentialsFor(A), { region: 'us-east-1' }).send(
        new HeadBucketCommand({ Bucket: `charlie-${A}` }),
      ),
    );
    expect(plain.$metadata.httpStatusCode).toBe(301);
    expect(plain.$response?.headers['x-amz-bucket-region']).toBe('eu-west-1');
    const following = s3(emu, emu.credentialsFor(A), { region: 'us-east-1', followRegionRedirects: true });
    const out = await following.send(new HeadBucketCommand({ Bucket: `charlie-${A}` }));
    expect(out.BucketRegion).toBe('eu-west-1');
  });

  it('GetBucketLocation: empty element (undefined) for us-east-1, the Region elsewhere, from any endpoint', async () => {
    const client = s3(emu, emu.credentialsFor(A), { region: 'eu-west-1' });
    const east = await client.send(new GetBucketLocationCommand({ Bucket: `alpha-${A}` }));
    expect(east.LocationConstraint).toBeUndefined();
    const west = await client.send(new GetBucketLocationCommand({ Bucket: `charlie-${A}` }));
    expect(west.LocationConstraint).toBe('eu-west-1');
  });

  it('CreateBucket: defaults, LocationConstraint rules, already-owned / already-exists', async () => {
    const east = s3(emu, emu.credentialsFor(A));
    const west = s3(emu, emu.credentialsFor(A), { region: 'eu-west-1' });
    const created = await east.send(new CreateBucketCommand({ Bucket: `new-east-${A}` }));
    expect(created.Location).toBe(`/new-east-${A}`);
    // The SDK adds LocationConstraint = client Region outside us-east-1.
    await west.send(new CreateBucketCommand({ Bucket: `new-west-${A}` }));
    expect((await west.send(new HeadBucketCommand({ Bucket: `new-west-${A}` }))).BucketRegion).toBe(
      'eu-west-1',
    );
    // us-east-1 re-create of your own bucket is 200; elsewhere 409 BucketAlreadyOwnedByYou.
    await east.send(new CreateBucketCommand({ Bucket: `new-east-${A}` }));
    const owned = await failure(west.send(new CreateBucketCommand({ Bucket: `new-west-${A}` })));
    expect(owned.name).toBe('BucketAlreadyOwnedByYou');
    expect(owned.$metadata.httpStatusCode).toBe(409);
    const taken = await failure(east.send(new CreateBucketCommand({ Bucket: `other-${B}` })));
    expect(taken.name).toBe('BucketAlreadyExists');
    const explicit = await failure(
      east.send(
        new CreateBucketCommand({
          Bucket: `bad-${A}`,
          CreateBucketConfiguration: { LocationConstraint: 'us-east-1' as never },
        }),
      ),
    );
    expect(explicit.name).toBe('InvalidLocationConstraint');
    const mismatch = await failure(
      east.send(
        new CreateBucketCommand({
          Bucket: `bad-${A}`,
          CreateBucketConfiguration: { LocationConstraint: 'eu-west-1' },
        }),
      ),
    );
    expect(mismatch.name).toBe('IllegalLocationConstraintException');
    const badName = await failure(east.send(new CreateBucketCommand({ Bucket: 'Bad_Name' })));
    expect(badName.name).toBe('InvalidBucketName');
    const acl = await failure(east.send(new CreateBucketCommand({ Bucket: `acl-${A}`, ACL: 'public-read' })));
    expect(acl.name).toBe('InvalidBucketAclWithObjectOwnership');
    expect(emu.snapshot().buckets.find((b) => b.name === `new-east-${A}`)).toMatchObject({
      ownership: 'BucketOwnerEnforced',
      encryption: 'SSE-S3',
      publicAccessBlock: { blockPublicAcls: true, restrictPublicBuckets: true },
    });
  });

  it('DeleteBucket: 204, then NoSuchBucket; another account gets AccessDenied', async () => {
    const client = s3(emu, emu.credentialsFor(A));
    await client.send(new CreateBucketCommand({ Bucket: `temp-${A}` }));
    await client.send(new DeleteBucketCommand({ Bucket: `temp-${A}` }));
    const again = await failure(client.send(new DeleteBucketCommand({ Bucket: `temp-${A}` })));
    expect(again.name).toBe('NoSuchBucket');
    expect(again.$metadata.httpStatusCode).toBe(404);
    expect(again.BucketName).toBe(`temp-${A}`);
    const foreign = await failure(client.send(new DeleteBucketCommand({ Bucket: `other-${B}` })));
    expect(foreign.name).toBe('AccessDenied');
    expect(foreign.$metadata.httpStatusCode).toBe(403);
  });

  it('rejects an unknown access key with InvalidAccessKeyId 403', async () => {
    const err = await failure(
      s3(emu, { accessKeyId: 'AKIANOTKNOWN00000000', secretAccessKey: 'x' }).send(new ListBucketsCommand({})),
    );
    expect(err.name).toBe('InvalidAccessKeyId');
    expect(err.$metadata.httpStatusCode).toBe(403);
  });
});
