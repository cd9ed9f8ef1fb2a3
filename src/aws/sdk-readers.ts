/** The hot-call readers over the AWS SDK v3 clients (selectable with TRAILGUARD_AWS_CLIENT=sdk). */
import { AccountClient, ListRegionsCommand, type RegionOptStatus } from '@aws-sdk/client-account';
import {
  CloudTrailClient,
  DescribeTrailsCommand,
  GetTrailStatusCommand,
  ListTrailsCommand,
} from '@aws-sdk/client-cloudtrail';
import {
  GetBucketAclCommand,
  GetBucketEncryptionCommand,
  GetBucketLocationCommand,
  GetBucketLoggingCommand,
  GetBucketOwnershipControlsCommand,
  GetBucketPolicyCommand,
  GetBucketRequestPaymentCommand,
  GetObjectLockConfigurationCommand,
  HeadBucketCommand,
  ListBucketsCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import type { AccountClients, HotReaders } from './clients.js';
import type { AccountReader, CloudTrailReader, S3Reader } from './readers.js';

/** The SDK path: one S3 and one CloudTrail client per account and Region (followRegionRedirects on S3). */
export const sdkHotReaders: HotReaders = {
  s3: (account: AccountClients) =>
    sdkS3Reader((region) =>
      account.get(
        `s3/${region}`,
        () => new S3Client({ ...account.common(region), followRegionRedirects: true }),
      ),
    ),
  cloudTrail: (account: AccountClients) =>
    sdkCloudTrailReader((region) =>
      account.get(`cloudtrail/${region}`, () => new CloudTrailClient(account.common(region))),
    ),
  account: (account: AccountClients): AccountReader => ({
    listRegions: (region, input) =>
      // Account Management API (global: one endpoint per partition, signed for its global Region).
      account
        .get(`account/${region}`, () => new AccountClient(account.common(region)))
        .send(
          new ListRegionsCommand({
            ...input,
            RegionOptStatusContains: input.RegionOptStatusContains as RegionOptStatus[],
          }),
        ),
  }),
};

export function sdkS3Reader(client: (region: string) => S3Client): S3Reader {
  return {
    listBuckets: (region, MaxBuckets, ContinuationToken) =>
      client(region).send(
        new ListBucketsCommand({ MaxBuckets, ...(ContinuationToken ? { ContinuationToken } : {}) }),
      ),
    headBucket: (region, Bucket) => client(region).send(new HeadBucketCommand({ Bucket })),
    getBucketLocation: (region, Bucket) => client(region).send(new GetBucketLocationCommand({ Bucket })),
    getBucketLogging: (region, Bucket) => client(region).send(new GetBucketLoggingCommand({ Bucket })),
    getBucketPolicy: (region, Bucket) => client(region).send(new GetBucketPolicyCommand({ Bucket })),
    getBucketAcl: (region, Bucket) => client(region).send(new GetBucketAclCommand({ Bucket })),
    getBucketOwnershipControls: (region, Bucket) =>
      client(region).send(new GetBucketOwnershipControlsCommand({ Bucket })),
    getObjectLockConfiguration: (region, Bucket) =>
      client(region).send(new GetObjectLockConfigurationCommand({ Bucket })),
    getBucketEncryption: (region, Bucket) => client(region).send(new GetBucketEncryptionCommand({ Bucket })),
    getBucketRequestPayment: (region, Bucket) =>
      client(region).send(new GetBucketRequestPaymentCommand({ Bucket })),
  };
}

export function sdkCloudTrailReader(client: (region: string) => CloudTrailClient): CloudTrailReader {
  return {
    listTrails: (region, NextToken) =>
      client(region).send(new ListTrailsCommand(NextToken ? { NextToken } : {})),
    describeTrails: (region, trailNameList) =>
      client(region).send(new DescribeTrailsCommand({ trailNameList, includeShadowTrails: true })),
    getTrailStatus: (region, Name) => client(region).send(new GetTrailStatusCommand({ Name })),
  };
}
