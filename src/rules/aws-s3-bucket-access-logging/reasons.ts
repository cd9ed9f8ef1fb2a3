/** The reasons and warnings this rule gives (its meta lists them; the words every report uses). */
import type { EngineReasonCode } from '../../engine/reasons.js';
import type { FindingDraft, ReasonDefs } from '../../engine/types.js';
import { LOGGING_REASONS, LOGGING_WARNINGS } from '../shared/reasons.js';

export const reasons = {
  IS_LOG_DESTINATION: { text: 'the bucket is itself an access-log destination', family: 'not-applicable' },
  NO_BUCKETS: { text: 'the account has no S3 bucket', family: 'not-applicable' },
  BUCKETS_UNREADABLE: {
    text: "the account's buckets could not be listed",
    family: 'unreadable',
    fix: 'check that the scan role can be assumed in that account and has the read policy in iam/ (s3:ListAllMyBuckets)',
  },
  ...LOGGING_REASONS,
} as const satisfies ReasonDefs;

export const warnings = LOGGING_WARNINGS;

/** A finding of this rule: only the codes above and the engine's compile. */
export type Draft = FindingDraft<keyof typeof reasons | EngineReasonCode, keyof typeof warnings>;
