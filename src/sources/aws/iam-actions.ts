/**
 * The IAM action behind every operation the collector calls (Service Authorization Reference: the
 * action name is not always the API name). `iam/trailguard-readonly-policy.json` lists exactly these
 * actions; test/live/least-privilege.test.ts proves a scan needs nothing more.
 */
export const COLLECTOR_ACTIONS: Readonly<Record<string, string | null>> = {
  // No permission needed: GetCallerIdentity works even when everything is denied.
  'sts:GetCallerIdentity': null,
  'sts:AssumeRole': 'sts:AssumeRole',
  // Only when ListAccounts failed, to say why (not in an organization / not the management account).
  'organizations:DescribeOrganization': 'organizations:DescribeOrganization',
  'organizations:ListAccounts': 'organizations:ListAccounts',
  'account:ListRegions': 'account:ListRegions',
  // Fallback only (aws-us-gov, or where ListRegions is not available): see discovery.ts.
  'ec2:DescribeRegions': 'ec2:DescribeRegions',
  'cloudtrail:ListTrails': 'cloudtrail:ListTrails',
  'cloudtrail:DescribeTrails': 'cloudtrail:DescribeTrails',
  'cloudtrail:GetTrailStatus': 'cloudtrail:GetTrailStatus',
  's3:ListBuckets': 's3:ListAllMyBuckets',
  's3:HeadBucket': 's3:ListBucket',
  's3:GetBucketLogging': 's3:GetBucketLogging',
  's3:GetBucketPolicy': 's3:GetBucketPolicy',
  's3:GetBucketAcl': 's3:GetBucketAcl',
  's3:GetBucketOwnershipControls': 's3:GetBucketOwnershipControls',
  's3:GetObjectLockConfiguration': 's3:GetBucketObjectLockConfiguration',
  's3:GetBucketEncryption': 's3:GetEncryptionConfiguration',
  's3:GetBucketRequestPayment': 's3:GetBucketRequestPayment',
  // `--config-aggregator` only, in the aggregator's account (sources/config-aggregator).
  'config:SelectAggregateResourceConfig': 'config:SelectAggregateResourceConfig',
  'config:DescribeConfigurationAggregatorSourcesStatus':
    'config:DescribeConfigurationAggregatorSourcesStatus',
};
