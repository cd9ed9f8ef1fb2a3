/**
 * Which IAM action authorizes each emulated operation (read from the service tables, services/*), and
 * the allow-list matcher.
 */
import { wildcardMatch } from '../rules/shared/wildcard.js';
import { SERVICES } from './services/index.js';

/** `service:Operation` → IAM action; `null` = no permission needed (sts:GetCallerIdentity always works). */
export const OPERATION_ACTIONS: Readonly<Record<string, string | null>> = Object.fromEntries(
  Object.values(SERVICES).flatMap((table) =>
    Object.entries(table.operations).map(([operation, op]) => [`${table.name}:${operation}`, op.action]),
  ),
);

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
