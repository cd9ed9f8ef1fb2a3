/**
 * The remediation plan (`trailguard/fix-plan@1`): plain data that `trailguard fix` prints, writes as
 * an IaC / CLI patch, or hands to the executor (DESIGN section 7: "describe, then apply").
 */
import type { ReasonCode, ReportSource } from '../engine/types.js';
import type { Partition, PolicyDocument } from '../inventory/model.js';

export const FIX_PLAN_SCHEMA_ID = 'trailguard/fix-plan@1';

/** The service principal S3 server access logging writes as (S3 User Guide, "Enabling server access logging"). */
export const LOGGING_SERVICE_PRINCIPAL = 'logging.s3.amazonaws.com';

/** Bucket policies are limited to 20 KB (S3 User Guide, "Bucket policies"). */
export const BUCKET_POLICY_MAX_BYTES = 20 * 1024;

export interface FixOptions {
  /** Only findings of these rule ids. */
  ruleIds?: string[];
  /** Only source buckets whose name matches one of these globs. */
  bucketGlobs?: string[];
  /** Only source buckets owned by these accounts. */
  accounts?: string[];
  /**
   * Target bucket: one name for every Region, or Region → name. A Region without an entry uses the
   * default `<account>-<region>-s3-access-logs`.
   */
  targetBucket?: string | Record<string, string>;
  /** Date-partitioned log keys (TargetObjectKeyFormat.PartitionedPrefix, EventTime). */
  partitioned?: boolean;
  /**
   * IaC inputs without an account: declare a new log bucket per configuration and Region (named
   * `<new log bucket for …>` in the plan; the IaC writers declare it as a resource) instead of skipping.
   */
  declareIacTargets?: boolean;
}

/** A bucket in an account and Region. Account/Region are null only for IaC inputs that do not say. */
export interface BucketRef {
  bucket: string;
  account: string | null;
  region: string | null;
  /** IaC address (`aws_s3_bucket.logs`, CloudFormation logical id) and file, when the bucket is declared in code. */
  address?: string;
  file?: string;
}

export interface PolicyStatement {
  Sid?: string;
  Effect: 'Allow' | 'Deny';
  [key: string]: unknown;
}

export interface CreateBucketStep extends BucketRef {
  kind: 'CreateBucket';
  /** Omitted in us-east-1: S3 rejects an explicit `us-east-1` constraint (CreateBucketConfiguration docs). */
  locationConstraint: string | null;
  objectOwnership: 'BucketOwnerEnforced';
}

export interface PutPublicAccessBlockStep extends BucketRef {
  kind: 'PutPublicAccessBlock';
}

export interface PutBucketEncryptionStep extends BucketRef {
  kind: 'PutBucketEncryption';
  /** SSE-S3: the only default encryption documented as supported for log destinations. */
  algorithm: 'AES256';
}

export interface PutBucketPolicyStep extends BucketRef {
  kind: 'PutBucketPolicy';
  /** The policy as the scan read it (null = no policy; the bucket is created by this plan or had none). */
  previous: PolicyDocument | null;
  /** Statements appended to it, one per source bucket (each names its Sid). */
  add: PolicyStatement[];
  /** `previous` with `add` appended: what is written when the policy did not change since the scan. */
  policy: PolicyDocument;
}

export interface LoggingSettings {
  targetBucket: string;
  targetPrefix: string;
  partitioned: boolean;
}

export interface PutBucketLoggingStep extends BucketRef {
  kind: 'PutBucketLogging';
  logging: LoggingSettings;
  /** The logging configuration the scan read (null = disabled). */
  previous: LoggingSettings | null;
  /** The target bucket's IaC address when it is declared in code or created by this plan (for patches). */
  targetAddress?: string;
}

export type FixStep =
  | CreateBucketStep
  | PutPublicAccessBlockStep
  | PutBucketEncryptionStep
  | PutBucketPolicyStep
  | PutBucketLoggingStep;

/** What the plan does for one non-compliant source bucket. */
export interface BucketFix extends BucketRef {
  ruleIds: string[];
  reason: ReasonCode;
  /** `set-logging`: point logging at the target; `grant-only`: the target is right, only its permission is missing. */
  mode: 'set-logging' | 'grant-only';
  target: string;
  targetPrefix: string;
  /** The delivery statement's Sid; null when an existing statement already grants the same and is reused. */
  statementSid: string | null;
  /** Indexes into `FixPlan.steps` that this fix needs. */
  steps: number[];
  /** Why the plan fixes a bucket that had no NON_COMPLIANT finding (it becomes one because of this plan). */
  note?: string;
}

export interface TargetPlan extends BucketRef {
  create: boolean;
  sources: string[];
}

export type SkipCode =
  | 'TRAIL_BUCKET_MISSING'
  | 'SUPPRESSED'
  | 'NOT_FIXABLE'
  | 'SOURCE_NOT_IN_INVENTORY'
  | 'UNKNOWN_ACCOUNT_OR_REGION'
  | 'TARGET_IS_SOURCE'
  | 'TARGET_OTHER_ACCOUNT'
  | 'TARGET_OTHER_REGION'
  | 'TARGET_CANNOT_RECEIVE'
  | 'TARGET_UNREADABLE'
  | 'POLICY_TOO_LARGE';

export interface SkippedBucket extends BucketRef {
  ruleIds: string[];
  reason: ReasonCode;
  code: SkipCode;
  /** True when trailguard refuses on purpose (it would have to change a setting it must not touch). */
  refused: boolean;
  message: string;
}

export interface FixPlan {
  schema: typeof FIX_PLAN_SCHEMA_ID;
  partition: Partition;
  source?: ReportSource;
  options: { partitioned: boolean; targetBucket?: string | Record<string, string> };
  targets: TargetPlan[];
  fixes: BucketFix[];
  /** In execution order: targets first (create, protect, grant), then the logging of their sources. */
  steps: FixStep[];
  skipped: SkippedBucket[];
}
