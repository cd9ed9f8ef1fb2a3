import type { RuleOutcome } from '../docs.js';

/**
 * The decision-table rows both rules share, in order: they come from the one logging verdict
 * (logging-verdict.ts) that both rules apply to a bucket once it is known to exist and be in scope.
 */
export const LOGGING_OUTCOMES: RuleOutcome[] = [
  {
    when: 'Reading its logging configuration failed: denied, or failed after retries, or not collected; in IaC, the configuration (or whether its resource exists) cannot be evaluated statically.',
    status: 'UNDETERMINED',
    reasons: ['ACCESS_DENIED', 'READ_FAILED', 'VALUE_UNRESOLVED'],
  },
  { when: 'Server access logging is off.', status: 'NON_COMPLIANT', reasons: ['LOGGING_DISABLED'] },
  { when: 'The target bucket does not exist.', status: 'NON_COMPLIANT', reasons: ['TARGET_BUCKET_MISSING'] },
  {
    when: "The target is in another Region, or owned by another account (also when the source account's complete bucket list lacks it).",
    status: 'NON_COMPLIANT',
    reasons: ['TARGET_OTHER_REGION', 'TARGET_OTHER_ACCOUNT'],
  },
  {
    when: 'The target certainly cannot receive: no grant to logging.s3.amazonaws.com by policy or by Log Delivery ACL (ACLs do not count under BucketOwnerEnforced), a Deny that matches delivery, Object Lock default retention, Requester Pays, or SSE-KMS/DSSE-KMS default encryption. The evidence says which.',
    status: 'NON_COMPLIANT',
    reasons: ['TARGET_CANNOT_RECEIVE'],
  },
  {
    when: "Logging is on but the verdict rests on a value that failed to read or cannot be evaluated: the target name is an unresolved expression; a fact about the target that decides delivery (policy, ACL, Object Ownership, Object Lock, Requester Pays, encryption, existence, Region) is an error value; the source account's bucket list could not be read, so the target's owner is unknown; no scanned account listed the (live) source bucket while one account's bucket list failed, so the source's owner is unknown; or a policy condition on the source ARN while the source's name is unresolved. The evidence lists the errors.",
    status: 'UNDETERMINED',
    reasons: ['ACCESS_DENIED', 'READ_FAILED', 'VALUE_UNRESOLVED'],
  },
  {
    when: 'Otherwise. When the target is legitimately outside the scan (not in the inventory and not in the source account, an account not scanned, a literal IaC name the code does not declare, a fact not collected) or a policy condition cannot be settled, the finding carries TARGET_UNVERIFIED.',
    status: 'COMPLIANT',
    reasons: ['LOGGING_ENABLED'],
  },
];

/**
 * The row both rules share for `inventory.errors` (src/engine/input-findings.ts): findings of their own,
 * made besides the per-resource ones, so that input nobody could read is never silently left out.
 */
export const INPUT_ERROR_OUTCOME: RuleOutcome = {
  when: 'A part of the input could not be read or evaluated (one finding per file:line or account, besides the rows below): a file or module that cannot be opened, a file that does not parse, an expression that decides which resources exist (count, for_each, a module, a condition) that cannot be evaluated statically, a resource budget that was hit (`--limit`), or an AWS read that failed outside one bucket.',
  status: 'UNDETERMINED',
  reasons: [
    'INPUT_UNREADABLE',
    'SYNTAX_ERROR',
    'VALUE_UNRESOLVED',
    'BUDGET_EXCEEDED',
    'READ_FAILED',
    'ACCESS_DENIED',
  ],
};
