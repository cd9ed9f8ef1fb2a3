/**
 * Pure mapping of S3 / CloudTrail SDK outputs to Inventory fields. No I/O here, so every branch is
 * unit-tested without an endpoint.
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
import type {
  AclGrant,
  DefaultEncryption,
  LoggingConfig,
  ObjectOwnership,
  PolicyDocument,
  Trail,
} from '../inventory/model.js';
import { errorValue, type Read } from '../inventory/read.js';
import { accountOfArn } from './partition.js';

export function mapLogging(
  output: Pick<GetBucketLoggingCommandOutput, 'LoggingEnabled'>,
): Read<LoggingConfig | null> {
  const enabled = output.LoggingEnabled;
  // A disabled bucket answers an empty <BucketLoggingStatus/>: no LoggingEnabled (AWS-WIRE-NOTES 2.9).
  if (!enabled) return null;
  if (!enabled.TargetBucket) return errorValue('MalformedResponse', 'LoggingEnabled without TargetBucket');
  const config: LoggingConfig = {
    targetBucket: enabled.TargetBucket,
    targetPrefix: enabled.TargetPrefix ?? '',
  };
  if (enabled.TargetObjectKeyFormat?.PartitionedPrefix) config.partitioned = true;
  return config;
}

const GRANTEE_TYPES = new Set(['Group', 'CanonicalUser', 'AmazonCustomerByEmail']);
const PERMISSIONS = new Set(['FULL_CONTROL', 'WRITE', 'WRITE_ACP', 'READ', 'READ_ACP']);

export function mapAcl(output: Pick<GetBucketAclCommandOutput, 'Grants'>): AclGrant[] {
  const grants: AclGrant[] = [];
  for (const grant of output.Grants ?? []) {
    const grantee = grant.Grantee?.URI ?? grant.Grantee?.ID ?? grant.Grantee?.EmailAddress;
    if (!grantee || !grant.Permission || !PERMISSIONS.has(grant.Permission)) continue;
    const entry: AclGrant = { grantee, permission: grant.Permission as AclGrant['permission'] };
    const type = grant.Grantee?.Type;
    if (type && GRANTEE_TYPES.has(type)) entry.granteeType = type as AclGrant['granteeType'];
    grants.push(entry);
  }
  return grants;
}

export function mapOwnership(
  output: Pick<GetBucketOwnershipControlsCommandOutput, 'OwnershipControls'>,
): Read<ObjectOwnership | null> {
  const value = output.OwnershipControls?.Rules?.[0]?.ObjectOwnership;
  if (value === undefined) return null;
  if (value === 'BucketOwnerEnforced' || value === 'BucketOwnerPreferred' || value === 'ObjectWriter')
    return value;
  return errorValue('UnsupportedValue', `unknown ObjectOwnership "${value}"`);
}

/** SSEAlgorithm → our names (AWS-WIRE-NOTES 2.14). An algorithm we do not know is an error, not a guess. */
export function mapEncryption(
  output: Pick<GetBucketEncryptionCommandOutput, 'ServerSideEncryptionConfiguration'>,
): Read<DefaultEncryption | null> {
  const algorithm =
    output.ServerSideEncryptionConfiguration?.Rules?.[0]?.ApplyServerSideEncryptionByDefault?.SSEAlgorithm;
  switch (algorithm) {
    case undefined:
      return null;
    case 'AES256':
      return 'SSE-S3';
    case 'aws:kms':
      return 'SSE-KMS';
    case 'aws:kms:dsse':
      return 'DSSE-KMS';
    default:
      return errorValue('UnsupportedValue', `unknown default encryption "${algorithm}"`);
  }
}

export function mapObjectLock(
  output: Pick<GetObjectLockConfigurationCommandOutput, 'ObjectLockConfiguration'>,
): boolean {
  // Object Lock without a Rule (no default retention) does not block log delivery (S3 User Guide,
  // "Enabling Amazon S3 server access logging": only a default retention period does).
  return Boolean(output.ObjectLockConfiguration?.Rule?.DefaultRetention);
}

export function mapRequesterPays(output: Pick<GetBucketRequestPaymentCommandOutput, 'Payer'>): boolean {
  return output.Payer === 'Requester';
}

export function mapPolicy(text: string | undefined): Read<PolicyDocument | null> {
  if (text === undefined || text === '') return null;
  try {
    const parsed: unknown = JSON.parse(text);
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
      return errorValue('MalformedPolicy', 'bucket policy is not a JSON object');
    }
    return parsed as PolicyDocument;
  } catch (error) {
    return errorValue('MalformedPolicy', `bucket policy is not valid JSON (${(error as Error).message})`);
  }
}

/** "Not configured" answers that are values, not errors (AWS-WIRE-NOTES 2.10–2.14). */
export const NOT_CONFIGURED: Readonly<Record<string, string>> = {
  GetBucketPolicy: 'NoSuchBucketPolicy',
  GetBucketOwnershipControls: 'OwnershipControlsNotFoundError',
  GetObjectLockConfiguration: 'ObjectLockConfigurationNotFoundError',
  GetBucketEncryption: 'ServerSideEncryptionConfigurationNotFoundError',
};

/** A described trail → Inventory trail (without isLogging, read separately). */
export function mapTrail(trail: SdkTrail, listed: { arn: string; homeRegion: string }): Trail {
  const arn = trail.TrailARN ?? listed.arn;
  const bucket: Read<string> = trail.S3BucketName
    ? trail.S3BucketName
    : errorValue('MalformedResponse', 'DescribeTrails returned the trail without S3BucketName');
  return {
    arn,
    name: trail.Name ?? nameOfTrailArn(arn),
    account: accountOfArn(arn),
    homeRegion: trail.HomeRegion ?? listed.homeRegion,
    multiRegion: Boolean(trail.IsMultiRegionTrail),
    organization: Boolean(trail.IsOrganizationTrail),
    bucket,
    keyPrefix: trail.S3KeyPrefix ?? null,
  };
}

/** A trail ListTrails returned but that could not be described: kept, with its bucket as the error. */
export function unreadableTrail(
  listed: { arn: string; homeRegion: string; name?: string },
  error: Read<never>,
): Trail {
  return {
    arn: listed.arn,
    name: listed.name ?? nameOfTrailArn(listed.arn),
    account: accountOfArn(listed.arn),
    homeRegion: listed.homeRegion,
    // Unknown, but the contract needs booleans: rules must not read them when `bucket` is an error.
    multiRegion: false,
    organization: false,
    bucket: error,
  };
}

export function nameOfTrailArn(arn: string): string {
  const resource = arn.split(':').slice(5).join(':');
  return resource.startsWith('trail/') ? resource.slice('trail/'.length) : resource;
}
