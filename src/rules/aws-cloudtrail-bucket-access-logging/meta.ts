import type { ComplianceMapping } from '../../engine/types.js';
import type { DocumentedRuleMeta, RuleOutcome } from '../docs.js';
import { INPUT_ERROR_OUTCOME, LOGGING_OUTCOMES } from '../shared/logging-outcomes.js';
import { remediationDocs, S3_LOGGING_REFERENCES } from '../shared/remediation-docs.js';
import { reasons, warnings } from './reasons.js';

const CIS = 'CIS AWS Foundations Benchmark';

/** Where this control sits in each framework (data, DESIGN 4.3). The CIS number moved between versions. */
const compliance: ComplianceMapping[] = [
  { framework: CIS, version: '1.2.0', control: '2.6' },
  ...['1.3.0', '1.4.0', '1.5.0', '2.0.0'].map((version) => ({ framework: CIS, version, control: '3.6' })),
  ...['3.0.0', '4.0.0', '5.0.0'].map((version) => ({ framework: CIS, version, control: '3.4' })),
  { framework: 'AWS Security Hub', control: 'CloudTrail.7' },
  { framework: 'CIS Controls', version: '7', control: '6.2' },
  { framework: 'CIS Controls', version: '7', control: '14.9' },
  { framework: 'CCE', control: 'CCE-78918-0' },
];

/** DESIGN 4.1, in the order the rule applies it. */
const outcomes: RuleOutcome[] = [
  INPUT_ERROR_OUTCOME,
  {
    when: 'The scan role could not be assumed in the account, so nothing in it was read (one finding per account).',
    status: 'UNDETERMINED',
    reasons: ['ROLE_NOT_ASSUMABLE'],
  },
  {
    when: "The account's trails could not be read: ListTrails, DescribeTrails or GetTrailStatus failed, in the account's own data or in the inventory's `errors` (one finding per account).",
    status: 'UNDETERMINED',
    reasons: ['TRAILS_UNREADABLE'],
  },
  {
    when: 'The account sees no trail at all (one finding per account).',
    status: 'NOT_APPLICABLE',
    reasons: ['NO_TRAILS'],
  },
  {
    when: 'An IaC trail names its bucket with an expression that cannot be resolved statically (one finding per trail).',
    status: 'UNDETERMINED',
    reasons: ['TRAIL_BUCKET_UNRESOLVED'],
  },
  {
    when: "The bucket's owner is unknown or outside the scan and its logging could not be read (a bucket answering 403 is not treated as deleted; one that answered NoSuchBucket is the next row).",
    status: 'UNDETERMINED',
    reasons: ['BUCKET_NOT_IN_SCOPE'],
  },
  {
    when: 'The bucket does not exist (NoSuchBucket).',
    status: 'NON_COMPLIANT',
    reasons: ['TRAIL_BUCKET_MISSING'],
  },
  ...LOGGING_OUTCOMES,
];

export const meta: DocumentedRuleMeta = {
  id: 'aws-cloudtrail-bucket-access-logging',
  title: 'S3 buckets that receive CloudTrail logs have server access logging that can be delivered',
  severity: 'medium',
  resourceType: 'AWS::S3::Bucket',
  listings: ['trails'],
  description: [
    'Checks every S3 bucket that a CloudTrail trail writes to (one result per bucket, however many trails',
    'share it, with every such trail listed as related) and confirms that S3 server access logging is turned on',
    'for it and that the configured target bucket can really accept the logs: it exists, sits in the same',
    'account and Region, grants `logging.s3.amazonaws.com` write access (bucket policy, or the Log Delivery',
    'group ACL when ACLs are in force), does not deny it, and has no Object Lock default retention, no',
    'Requester Pays and no KMS default encryption. Buckets in other accounts (a central log-archive account,',
    'organization trails) are evaluated when that account is part of the scan, and reported as out of scope —',
    'never as failing — when they cannot be read. A bucket whose bucket policy (when it was read, e.g. from',
    'Terraform or CloudFormation) lets `cloudtrail.amazonaws.com` put objects is checked too, even when no',
    'scanned trail names it: a log-archive bucket is often declared apart from the trail that writes to it.',
  ].join('\n'),
  rationale: [
    'The CloudTrail bucket holds the audit record of the account. If someone reads, overwrites or deletes',
    'log files there, CloudTrail itself does not show it (object-level reads are data events most trails do',
    "not record); the bucket's own server access logs do. Logging that points at a deleted, foreign or",
    'unwritable target looks enabled in the console but records nothing, so the target is checked too.',
  ].join('\n'),
  impact: [
    'Access logs add storage cost in the target bucket and a few hours of delivery delay; they do not slow',
    'down requests to the source bucket. Use a lifecycle rule on the log bucket to expire old log objects.',
  ].join('\n'),
  audit: [
    '1. List the trails of each account and Region (`aws cloudtrail describe-trails --include-shadow-trails`)',
    '   and note each distinct `S3BucketName`.',
    '2. For each bucket, in the account that owns it: `aws s3api get-bucket-logging --bucket BUCKET`. An empty',
    '   result means logging is off.',
    '3. For the `TargetBucket` returned: confirm it exists and is in the same Region',
    '   (`aws s3api get-bucket-location`) and account; read its policy (`get-bucket-policy`), ACL',
    '   (`get-bucket-acl`), ownership controls (`get-bucket-ownership-controls`), Object Lock',
    '   (`get-object-lock-configuration`), request payment (`get-bucket-request-payment`) and default',
    '   encryption (`get-bucket-encryption`), and check that delivery by `logging.s3.amazonaws.com` is allowed.',
    '4. `trailguard scan` does all of this, once per distinct bucket.',
  ].join('\n'),
  remediation: remediationDocs('the CloudTrail bucket'),
  defaultValue: 'Server access logging is disabled on new S3 buckets, including those CloudTrail creates.',
  references: [
    ...S3_LOGGING_REFERENCES,
    {
      title: 'AWS Security Hub: CloudTrail controls (CloudTrail.7)',
      url: 'https://docs.aws.amazon.com/securityhub/latest/userguide/cloudtrail-controls.html#cloudtrail-7',
    },
    {
      title: 'AWS CloudTrail User Guide: Amazon S3 bucket policy for CloudTrail',
      url: 'https://docs.aws.amazon.com/awscloudtrail/latest/userguide/create-s3-bucket-policy-for-cloudtrail.html',
    },
    {
      title: 'CIS Amazon Web Services Foundations Benchmark',
      url: 'https://www.cisecurity.org/benchmark/amazon_web_services',
    },
  ],
  compliance,
  outcomes,
  reasons,
  warnings,
};
