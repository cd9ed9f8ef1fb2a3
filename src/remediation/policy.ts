/**
 * Bucket-policy helpers for the delivery permission: build the statement, recognise one that already
 * grants the same, and merge by appending (never dropping, reordering or changing a statement).
 *
 * The statement follows the S3 User Guide ("Permissions for log delivery"): principal
 * `logging.s3.amazonaws.com`, `s3:PutObject` on `arn:<partition>:s3:::TARGET/PREFIX*`, with
 * `ArnLike aws:SourceArn` = the source bucket and `StringEquals aws:SourceAccount` = its owner, so no
 * other bucket can have its logs delivered into the prefix (confused-deputy protection).
 *
 * Whether a policy already grants the delivery, or a Deny blocks it, is not decided here: the planner asks
 * the rules' model (src/rules/shared/log-delivery.ts), so a plan and a verdict cannot disagree.
 */
import type { Partition, PolicyDocument } from '../inventory/model.js';
import { LOGGING_SERVICE_PRINCIPAL, type PolicyStatement } from './types.js';

export const DEFAULT_POLICY_VERSION = '2012-10-17';

/**
 * A deterministic Sid per source bucket. IAM Sids allow only [A-Za-z0-9]; a short hash of the exact name
 * keeps `a-b` and `ab` apart. Deterministic, so a second run recognises its own statement.
 */
export function statementSid(sourceBucket: string): string {
  const alnum = sourceBucket.replace(/[^A-Za-z0-9]/g, '').slice(0, 60);
  return `TrailguardAccessLogs${alnum}${fnv1a(sourceBucket).slice(0, 8)}`;
}

// FNV-1a (32-bit) and not node:crypto: the Sid is persisted — in the bucket policies `fix --apply` wrote,
// in undo files and in the Terraform / CloudFormation patches users committed — and later runs find their
// statement by it. node:crypto has no FNV; another hash would give every bucket a new Sid. Not a security
// hash: the Sid only needs to tell bucket names apart.
function fnv1a(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i += 1) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash.toString(16).padStart(8, '0');
}

export interface DeliveryGrant {
  partition: Partition;
  target: string;
  prefix: string;
  sourceBucket: string;
  /** Null for IaC sources whose account is not known (patch writers substitute the deploying account). */
  sourceAccount: string | null;
  /**
   * When `sourceAccount` is null: how the source's configuration names its account (`${aws_account_id}`,
   * `${AWS::AccountId}`); the IaC writers turn it into `data.aws_caller_identity…` / `!Ref AWS::AccountId`.
   */
  sourceAccountSymbol?: string;
}

export function deliveryStatement(grant: DeliveryGrant): PolicyStatement {
  const condition: Record<string, Record<string, string>> = {
    ArnLike: { 'aws:SourceArn': `arn:${grant.partition}:s3:::${grant.sourceBucket}` },
  };
  const account = grant.sourceAccount ?? grant.sourceAccountSymbol;
  if (account) condition.StringEquals = { 'aws:SourceAccount': account };
  return {
    Sid: statementSid(grant.sourceBucket),
    Effect: 'Allow',
    Principal: { Service: LOGGING_SERVICE_PRINCIPAL },
    Action: 's3:PutObject',
    Resource: `arn:${grant.partition}:s3:::${grant.target}/${grant.prefix}*`,
    Condition: condition,
  };
}

export function statementsOf(policy: PolicyDocument | null | undefined): unknown[] {
  if (!policy) return [];
  const statement = policy.Statement;
  if (Array.isArray(statement)) return statement;
  // A policy may hold a single statement object instead of an array (IAM JSON policy grammar).
  return statement && typeof statement === 'object' ? [statement] : [];
}

/**
 * Appends statements to a policy. Existing statements keep their order and content; `Version` and
 * every other top-level key (`Id`…) are kept. A single-object `Statement` becomes an array holding it first.
 */
export function mergePolicy(previous: PolicyDocument | null, add: PolicyStatement[]): PolicyDocument {
  if (!previous) return { Version: DEFAULT_POLICY_VERSION, Statement: [...add] };
  const merged: PolicyDocument = { ...previous };
  if (merged.Version === undefined) merged.Version = DEFAULT_POLICY_VERSION;
  merged.Statement = [...statementsOf(previous), ...add];
  return merged;
}

/** Stable JSON text of a policy (kept key order: a merge must not reorder anything). */
export function policyText(policy: PolicyDocument): string {
  return JSON.stringify(policy);
}
