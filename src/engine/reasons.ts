import type { ReasonCode, Status, WarningCode } from './types.js';

/** Each reason code in words, for people (text, HTML, markdown reports). One concept, one name. */
export const REASON_TEXT: Record<ReasonCode, string> = {
  TRAILS_UNREADABLE: "the account's trails could not be read",
  NO_TRAILS: 'the account has no CloudTrail trail',
  BUCKET_NOT_IN_SCOPE: "the trail's bucket belongs to an account outside the scan and cannot be read",
  TRAIL_BUCKET_UNRESOLVED: "the trail's bucket name cannot be resolved from the code",
  TRAIL_BUCKET_MISSING: "the trail's bucket does not exist",
  ACCESS_DENIED: 'access denied reading the logging configuration or a fact its verdict rests on',
  READ_FAILED: 'reading the logging configuration or a fact its verdict rests on failed',
  LOGGING_DISABLED: 'server access logging is disabled',
  TARGET_BUCKET_MISSING: 'the log target bucket does not exist',
  TARGET_OTHER_REGION: 'the log target bucket is in another Region',
  TARGET_OTHER_ACCOUNT: 'the log target bucket is owned by another account',
  TARGET_CANNOT_RECEIVE: 'the log target bucket cannot receive access logs',
  LOGGING_ENABLED: 'server access logging is enabled and deliverable',
  IS_LOG_DESTINATION: 'the bucket is itself an access-log destination',
  NO_BUCKETS: 'the account has no S3 bucket',
  BUCKETS_UNREADABLE: "the account's buckets could not be listed",
  ROLE_NOT_ASSUMABLE: 'the scan role could not be assumed in the account, so nothing in it was read',
  INPUT_UNREADABLE: 'a file or module of the input could not be read',
  SYNTAX_ERROR: 'a file of the input could not be parsed',
  VALUE_UNRESOLVED: 'a value of the input could not be evaluated statically',
  BUDGET_EXCEEDED: 'a resource budget was hit, so a part of the input was not evaluated',
  RULE_ERROR: 'the rule failed while evaluating (a bug: please report it)',
};

export const WARNING_TEXT: Record<WarningCode, string> = {
  SELF_TARGET: 'the bucket logs into itself; use a separate log bucket',
  TARGET_UNVERIFIED: 'the log target could not be checked',
  TRAIL_NOT_LOGGING: 'a trail writing to this bucket is stopped',
  NO_TARGET_PREFIX: 'several buckets share the log target without a prefix',
};

export const STATUS_TEXT: Record<Status, string> = {
  NON_COMPLIANT: 'Non-compliant',
  UNDETERMINED: 'Undetermined',
  COMPLIANT: 'Compliant',
  NOT_APPLICABLE: 'Not applicable',
};
