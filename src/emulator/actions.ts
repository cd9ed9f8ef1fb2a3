/**
 * Which IAM action authorizes each emulated operation, and the allow-list matcher.
 * Action names follow the Service Authorization Reference, which does not always match the API name:
 * ListBuckets is s3:ListAllMyBuckets, HeadBucket is s3:ListBucket, GetObjectLockConfiguration is
 * s3:GetBucketObjectLockConfiguration, GetBucketEncryption is s3:GetEncryptionConfiguration.
 */
import { wildcardMatch } from '../rules/shared/wildcard.js';

/** `service:Operation` → IAM action; `null` = no permission needed (sts:GetCallerIdentity always works). */
export const OPERATION_ACTIONS: Readonly<Record<string, string | null>> = {
  's3:ListBuckets': 's3:ListAllMyBuckets',
  's3:CreateBucket': 's3:CreateBucket',
  's3:DeleteBucket': 's3:DeleteBucket',
  's3:HeadBucket': 's3:ListBucket',
  's3:GetBucketLocation': 's3:GetBucketLocation',
  's3:GetBucketLogging': 's3:GetBucketLogging',
  's3:PutBucketLogging': 's3:PutBucketLogging',
  's3:GetBucketPolicy': 's3:GetBucketPolicy',
  's3:PutBucketPolicy': 's3:PutBucketPolicy',
  's3:DeleteBucketPolicy': 's3:DeleteBucketPolicy',
  's3:GetBucketAcl': 's3:GetBucketAcl',
  's3:GetBucketOwnershipControls': 's3:GetBucketOwnershipControls',
  's3:PutBucketOwnershipControls': 's3:PutBucketOwnershipControls',
  's3:GetObjectLockConfiguration': 's3:GetBucketObjectLockConfiguration',
  's3:GetBucketEncryption': 's3:GetEncryptionConfiguration',
  's3:PutBucketEncryption': 's3:PutEncryptionConfiguration',
  's3:GetBucketRequestPayment': 's3:GetBucketRequestPayment',
  's3:GetPublicAccessBlock': 's3:GetBucketPublicAccessBlock',
  's3:PutPublicAccessBlock': 's3:PutBucketPublicAccessBlock',
  'cloudtrail:ListTrails': 'cloudtrail:ListTrails',
  'cloudtrail:DescribeTrails': 'cloudtrail:DescribeTrails',
  'cloudtrail:GetTrail': 'cloudtrail:GetTrail',
  'cloudtrail:GetTrailStatus': 'cloudtrail:GetTrailStatus',
  'sts:GetCallerIdentity': null,
  'sts:AssumeRole': 'sts:AssumeRole',
  'organizations:DescribeOrganization': 'organizations:DescribeOrganization',
  'organizations:ListAccounts': 'organizations:ListAccounts',
  'ec2:DescribeRegions': 'ec2:DescribeRegions',
  'account:ListRegions': 'account:ListRegions',
  'config:PutEvaluations': 'config:PutEvaluations',
  'config:GetComplianceDetailsByConfigRule': 'config:GetComplianceDetailsByConfigRule',
  'config:SelectAggregateResourceConfig': 'config:SelectAggregateResourceConfig',
  'config:DescribeConfigurationAggregatorSourcesStatus':
    'config:DescribeConfigurationAggregatorSourcesStatus',
  'securityhub:BatchImportFindings': 'securityhub:BatchImportFindings',
};

/**
 * IAM action patterns: `*` any run, `?` one character, case-insensitive (IAM User Guide, "Action element").
 * The rules' linear matcher: one IAM wildcard matcher in the code base, no RegExp built from a pattern.
 */
export function actionMatches(pattern: string, action: string): boolean {
  return wildcardMatch(pattern, action, { ignoreCase: true });
}

/** `allow` absent = everything allowed (a principal without an allow-list acts like an administrator). */
export function isActionAllowed(allow: readonly string[] | undefined, action: string): boolean {
  if (allow === undefined) return true;
  return allow.some((p) => actionMatches(p, action));
}
