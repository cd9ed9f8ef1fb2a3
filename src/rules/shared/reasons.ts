/**
 * The reasons and warnings of the one logging verdict both rules apply to a bucket (logging-verdict.ts):
 * defined once here and listed by each rule's meta, so both rules say them in the same words.
 */
import type { ReasonDefs, WarningDefs } from '../../engine/types.js';
import { cannotReceiveHint } from './cannot-receive-hint.js';

export const LOGGING_REASONS = {
  ACCESS_DENIED: {
    text: 'access denied reading the logging configuration or a fact its verdict rests on',
    family: 'unreadable',
    fix: 'grant s3:GetBucketLogging to the scanning role, or check the bucket policy for a Deny',
  },
  READ_FAILED: {
    text: 'reading the logging configuration or a fact its verdict rests on failed',
    family: 'unreadable',
    fix: 'scan again; if it persists, run with --debug',
  },
  LOGGING_DISABLED: {
    text: 'server access logging is disabled',
    family: 'logging-ineffective',
    fix: 'enable server access logging to a separate bucket in the same account and Region (`trailguard fix`)',
  },
  TARGET_BUCKET_MISSING: {
    text: 'the log target bucket does not exist',
    family: 'logging-ineffective',
    fix: 'create the target bucket again, or log to another bucket (`trailguard fix`)',
  },
  TARGET_OTHER_REGION: {
    text: 'the log target bucket is in another Region',
    family: 'logging-ineffective',
    fix: 'log to a target bucket in the same Region as the source bucket',
  },
  TARGET_OTHER_ACCOUNT: {
    text: 'the log target bucket is owned by another account',
    family: 'logging-ineffective',
    fix: 'log to a target bucket owned by the same account as the source bucket',
  },
  TARGET_CANNOT_RECEIVE: {
    text: 'the log target bucket cannot receive access logs',
    family: 'logging-ineffective',
    fix: 'let logging.s3.amazonaws.com write to the target (bucket policy), and remove Object Lock default retention, Requester Pays or SSE-KMS there',
    fixFor: cannotReceiveHint,
  },
  LOGGING_ENABLED: { text: 'server access logging is enabled and deliverable', family: 'logging-effective' },
} as const satisfies ReasonDefs;

export type LoggingReasonCode = keyof typeof LOGGING_REASONS;

export const LOGGING_WARNINGS = {
  SELF_TARGET: 'the bucket logs into itself; use a separate log bucket',
  TARGET_UNVERIFIED: 'the log target could not be checked',
  NO_TARGET_PREFIX: 'several buckets share the log target without a prefix',
} as const satisfies WarningDefs;

export type LoggingWarningCode = keyof typeof LOGGING_WARNINGS;
