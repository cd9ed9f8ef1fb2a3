import type { ComplianceMapping } from '../../engine/types.js';
import type { DocumentedRuleMeta, RuleOutcome } from '../docs.js';
import { INPUT_ERROR_OUTCOME, LOGGING_OUTCOMES } from '../shared/logging-outcomes.js';
import { remediationDocs, S3_LOGGING_REFERENCES } from '../shared/remediation-docs.js';
import { reasons, warnings } from './reasons.js';

/**
 * Mappings kept to what states "S3 buckets have server access logging" for every bucket. The CIS AWS
 * benchmark control is only about the CloudTrail bucket, so it lives on the other rule.
 */
const compliance: ComplianceMapping[] = [
  { framework: 'AWS Security Hub', control: 'S3.9' },
  { framework: 'AWS Control Tower', control: 'CT.S3.PR.2' },
  { framework: 'CIS Controls', version: '7', control: '6.2' },
];

/** DESIGN 4.2, in the order the rule applies it. */
const outcomes: RuleOutcome[] = [
  INPUT_ERROR_OUTCOME,
  {
    when: 'The scan role could not be assumed in the account, so nothing in it was read (one finding per account).',
    status: 'UNDETERMINED',
    reasons: ['ROLE_NOT_ASSUMABLE'],
  },
  {
    when: "The account's buckets could not be listed: ListBuckets failed, in the account's own data or in the inventory's `errors` (one finding per account).",
    status: 'UNDETERMINED',
    reasons: ['BUCKETS_UNREADABLE'],
  },
  {
    when: 'The account has no bucket (one finding per account).',
    status: 'NOT_APPLICABLE',
    reasons: ['NO_BUCKETS'],
  },
  {
    when: 'Another bucket sends its access logs to this bucket.',
    status: 'NOT_APPLICABLE',
    reasons: ['IS_LOG_DESTINATION'],
  },
  {
    when: 'Its server access logging is off and no bucket read sends its logs to it, but the logging configuration of another bucket of its account could not be read: whether it is a log destination is unknown.',
    status: 'UNDETERMINED',
    reasons: ['READ_FAILED', 'ACCESS_DENIED'],
  },
  ...LOGGING_OUTCOMES,
];

export const meta: DocumentedRuleMeta = {
  id: 'aws-s3-bucket-access-logging',
  title: 'S3 buckets have server access logging that can be delivered',
  severity: 'low',
  resourceType: 'AWS::S3::Bucket',
  listings: ['buckets'],
  description: [
    'Checks every S3 bucket of every scanned account (and every bucket declared in scanned Terraform or',
    'CloudFormation) for server access logging, and confirms that the target bucket can accept the logs:',
    'it exists, is in the same account and Region, allows `logging.s3.amazonaws.com` to write (bucket policy,',
    'or the Log Delivery group ACL when ACLs are in force), does not deny it, and has no Object Lock default',
    'retention, no Requester Pays and no KMS default encryption. Buckets that are themselves log',
    'destinations are reported as not applicable: logging them would log the log delivery.',
  ].join('\n'),
  rationale: [
    'Server access logs record every request to a bucket, with requester, operation, key and result. They',
    'are how you find out who read or deleted data, and they are often required evidence in audits and',
    'incident response.',
  ].join('\n'),
  impact: [
    'Storage cost for the log objects and a small amount of request cost in the log bucket; no effect on',
    'requests to the source bucket. Expire old logs with a lifecycle rule.',
  ].join('\n'),
  audit: [
    '1. `aws s3api list-buckets`, then for each bucket `aws s3api get-bucket-logging --bucket BUCKET`.',
    '2. Skip buckets that other buckets use as their `TargetBucket` (log buckets).',
    '3. For each `TargetBucket`, check existence, Region, owner, policy, ACL and ownership controls, Object',
    '   Lock, request payment and default encryption, as for the CloudTrail rule.',
  ].join('\n'),
  remediation: remediationDocs('the bucket'),
  defaultValue: 'Server access logging is disabled on new S3 buckets.',
  references: [
    ...S3_LOGGING_REFERENCES,
    {
      title: 'AWS Security Hub: Amazon S3 controls (S3.9)',
      url: 'https://docs.aws.amazon.com/securityhub/latest/userguide/s3-controls.html#s3-9',
    },
    {
      title: 'AWS Control Tower: CT.S3.PR.2, require server access logging on S3 buckets',
      url: 'https://docs.aws.amazon.com/controltower/latest/controlreference/s3-rules.html',
    },
  ],
  compliance,
  outcomes,
  reasons,
  warnings,
};
