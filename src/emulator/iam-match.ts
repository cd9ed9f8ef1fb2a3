/** The emulator's IAM allow-list matcher (principals' allow lists and S3 bucket-policy actions). */
import { wildcardMatch } from '../rules/shared/wildcard.js';

/**
 * IAM action patterns: `*` any run, `?` one character, case-insensitive (IAM User Guide, "Action element").
 * The rules' linear matcher: one IAM wildcard matcher in the code base, no RegExp built from a pattern.
 */
export function actionMatches(pattern: string, action: string): boolean {
  return wildcardMatch(pattern, action, { ignoreCase: true });
}

/** `allow` absent = everything allowed (a principal without an allow-list acts like an administrator). */
export function isActionAllowed(allow: readonly string[] | undefined, action: string): boolean {
  if (allow === undefined) return true;
  return allow.some((p) => actionMatches(p, action));
}
