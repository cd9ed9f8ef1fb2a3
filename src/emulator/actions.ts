/**
 * Which IAM action authorizes each emulated operation (read from the service tables, services/*). The
 * allow-list matcher is iam-match.ts: the S3 policy evaluator (under services/) needs it without this
 * module's import of every service table.
 */
import { SERVICES } from './services/index.js';

/** `service:Operation` → IAM action; `null` = no permission needed (sts:GetCallerIdentity always works). */
export const OPERATION_ACTIONS: Readonly<Record<string, string | null>> = Object.fromEntries(
  Object.values(SERVICES).flatMap((table) =>
    Object.entries(table.operations).map(([operation, op]) => [`${table.name}:${operation}`, op.action]),
  ),
);
