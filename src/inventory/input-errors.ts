/**
 * The contract for "a part of the input that could not be read or evaluated" (issue 10).
 *
 * Sources record each unread part as an `InventoryError` in `inventory.errors`. The engine turns every
 * such entry into an UNDETERMINED finding (so it shows in every report format and fails the run by
 * default), with the reason below:
 *
 * - Non-AWS errors carry their reason as `code` (one of `INPUT_ERROR_CODES`), with `file`/`line` (and
 *   `resource` = Terraform address / logical id when the error is about one resource).
 * - AWS API errors keep the AWS error code (`AccessDenied`, `ThrottlingException`…); the reason then
 *   follows from `operation` (ListTrails/DescribeTrails/GetTrailStatus → TRAILS_UNREADABLE, ListBuckets →
 *   BUCKETS_UNREADABLE, AssumeRole → ROLE_NOT_ASSUMABLE, anything else account-level → READ_FAILED /
 *   ACCESS_DENIED). This is what a snapshot written by another tool following DESIGN section 3 contains.
 *
 * Field-level unresolved IaC values stay error values on the field (`{ error: { code: 'UNRESOLVED' } }`),
 * with the expression and file:line in the message; rules report them as VALUE_UNRESOLVED.
 */

export const INPUT_ERROR_CODES = {
  /** A file or directory could not be opened or read (EACCES, EMFILE, ELOOP, a path outside its root…). */
  INPUT_UNREADABLE: 'INPUT_UNREADABLE',
  /** A file could not be parsed. */
  SYNTAX_ERROR: 'SYNTAX_ERROR',
  /** An expression that decides what exists (count, for_each, module source, a condition) could not be evaluated. */
  VALUE_UNRESOLVED: 'VALUE_UNRESOLVED',
  /** A resource budget (`src/sources/limits.ts`) was hit; the message names the limit and how to raise it. */
  BUDGET_EXCEEDED: 'BUDGET_EXCEEDED',
} as const;

export type InputErrorCode = (typeof INPUT_ERROR_CODES)[keyof typeof INPUT_ERROR_CODES];
