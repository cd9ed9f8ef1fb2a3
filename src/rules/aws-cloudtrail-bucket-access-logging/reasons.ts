/** The reasons and warnings this rule gives (its meta lists them; the words every report uses). */
import type { EngineReasonCode } from '../../engine/reasons.js';
import type { FindingDraft, ReasonDefs, WarningDefs } from '../../engine/types.js';
import { LOGGING_REASONS, LOGGING_WARNINGS } from '../shared/reasons.js';

export const reasons = {
  TRAILS_UNREADABLE: {
    text: "the account's trails could not be read",
    family: 'unreadable',
    fix: 'check that the scan role can be assumed in that account and has the read policy in iam/ (cloudtrail:ListTrails…)',
  },
  NO_TRAILS: { text: 'the account has no CloudTrail trail', family: 'not-applicable' },
  BUCKET_NOT_IN_SCOPE: {
    text: "the trail's bucket belongs to an account outside the scan and cannot be read",
    family: 'out-of-scope',
    fix: "bring the bucket's account into the scan (--org, or --role-arn for that account)",
    missingInformation: true,
  },
  TRAIL_BUCKET_UNRESOLVED: {
    text: "the trail's bucket name cannot be resolved from the code",
    family: 'unresolved',
    fix: 'give the bucket name literally, or scan the Terraform plan JSON instead',
    missingInformation: true,
  },
  TRAIL_BUCKET_MISSING: {
    text: "the trail's bucket does not exist",
    family: 'bucket-missing',
    fix: "recreate the trail's bucket or point the trail at an existing bucket",
  },
  ...LOGGING_REASONS,
} as const satisfies ReasonDefs;

/** In the order the rule docs list them. */
export const warnings = {
  SELF_TARGET: LOGGING_WARNINGS.SELF_TARGET,
  TARGET_UNVERIFIED: LOGGING_WARNINGS.TARGET_UNVERIFIED,
  TRAIL_NOT_LOGGING: 'a trail writing to this bucket is stopped',
  NO_TARGET_PREFIX: LOGGING_WARNINGS.NO_TARGET_PREFIX,
} as const satisfies WarningDefs;

/** A finding of this rule: only the codes above and the engine's compile. */
export type Draft = FindingDraft<keyof typeof reasons | EngineReasonCode, keyof typeof warnings>;
