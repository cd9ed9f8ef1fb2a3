/**
 * Typed readers for the hot calls (S3 bucket settings, CloudTrail), one interface, two transports:
 * the lean signed client (default) and the AWS SDK v3 clients (`TRAILGUARD_AWS_CLIENT=sdk` or
 * `awsClient: 'sdk'`, kept for comparison and as a fallback). Both answer the SDK's output shapes
 * (only the members trailguard reads) and throw the SDK's error shapes, so the mapping
 * (aws/map.ts) and error handling (aws/errors.ts) are the same for both.
 */
import type { Trail as SdkTrail } from '@aws-sdk/client-cloudtrail';
import type {
  GetBucketAclCommandOutput,
  GetBucketEncryptionCommandOutput,
  GetBucketLoggingCommandOutput,
  GetBucketOwnershipControlsCommandOutput,
  GetBucketRequestPaymentCommandOutput,
  GetObjectLockConfigurationCommandOutput,
} from '@aws-sdk/client-s3';

export interface ListBucketsPage {
  Buckets?: { Name?: string; BucketRegion?: string }[];
  ContinuationToken?: string;
}

export interface S3Reader {
  listBuckets(region: string, maxBuckets: number, token?: string): Promise<ListBucketsPage>;
  headBucket(region: string, bucket: string): Promise<{ BucketRegion?: string }>;
  getBucketLocation(region: string, bucket: string): Promise<{ LocationConstraint?: string }>;
  getBucketLogging(
    region: string,
    bucket: string,
  ): Promise<Pick<GetBucketLoggingCommandOutput, 'LoggingEnabled'>>;
  getBucketPolicy(region: string, bucket: string): Promise<{ Policy?: string }>;
  getBucketAcl(region: string, bucket: string): Promise<Pick<GetBucketAclCommandOutput, 'Grants'>>;
  getBucketOwnershipControls(
    region: string,
    bucket: string,
  ): Promise<Pick<GetBucketOwnershipControlsCommandOutput, 'OwnershipControls'>>;
  getObjectLockConfiguration(
    region: string,
    bucket: string,
  ): Promise<Pick<GetObjectLockConfigurationCommandOutput, 'ObjectLockConfiguration'>>;
  getBucketEncryption(
    region: string,
    bucket: string,
  ): Promise<Pick<GetBucketEncryptionCommandOutput, 'ServerSideEncryptionConfiguration'>>;
  getBucketRequestPayment(
    region: string,
    bucket: string,
  ): Promise<Pick<GetBucketRequestPaymentCommandOutput, 'Payer'>>;
}

export interface ListTrailsPage {
  Trails?: { TrailARN?: string; Name?: string; HomeRegion?: string }[];
  NextToken?: string;
}

export interface CloudTrailReader {
  listTrails(region: string, token?: string): Promise<ListTrailsPage>;
  describeTrails(region: string, arns: string[]): Promise<{ trailList?: SdkTrail[] }>;
  getTrailStatus(region: string, arn: string): Promise<{ IsLogging?: boolean }>;
}

/** Account Management `ListRegions` (one call per account: the SDK path made an SDK client per account). */
export interface ListRegionsInput {
  MaxResults: number;
  RegionOptStatusContains: string[];
  NextToken?: string;
}

export interface ListRegionsPage {
  Regions?: { RegionName?: string; RegionOptStatus?: string }[];
  NextToken?: string;
}

export interface AccountReader {
  /** `region`: the partition's global Region (the Account API's one endpoint per partition). */
  listRegions(region: string, input: ListRegionsInput): Promise<ListRegionsPage>;
}

/** Which transport the hot calls use. */
export type AwsClientKind = 'lean' | 'sdk';

/** `TRAILGUARD_AWS_CLIENT=sdk` selects the SDK path (comparison tests, a fallback); anything else: lean. */
export function clientKindFrom(env: NodeJS.ProcessEnv, explicit?: AwsClientKind): AwsClientKind {
  return explicit ?? (env.TRAILGUARD_AWS_CLIENT === 'sdk' ? 'sdk' : 'lean');
}
