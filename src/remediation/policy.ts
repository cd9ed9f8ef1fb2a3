/**
 * Bucket-policy helpers for the delivery permission: build the statement, recognise one that already
 * grants the same, and merge by appending (never dropping, reordering or changing a statement).
 *
 * The statement follows the S3 User Guide ("Permissions for log delivery"): principal
 * `logging.s3.amazonaws.com`, `s3:PutObject` on `arn:<partition>:s3:::TARGET/PREFIX*`, with
 * `ArnLike aws:SourceArn` = the source bucket and `StringEquals aws:SourceAccount` = its owner, so no
 * other bucket can have its logs delivered into the prefix (confused-deputy protection).
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
}

export function deliveryStatement(grant: DeliveryGrant): PolicyStatement {
  const condition: Record<string, Record<string, string>> = {
    ArnLike: { 'aws:SourceArn': `arn:${grant.partition}:s3:::${grant.sourceBucket}` },
  };
  if (grant.sourceAccount) condition.StringEquals = { 'aws:SourceAccount': grant.sourceAccount };
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

function asList(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.filter((v): v is string => typeof v === 'string');
  return [];
}

/** IAM-style wildcard match (`*` any run, `?` one character), case-sensitive as ARNs are. */
export function wildcardMatch(pattern: string, value: string): boolean {
  const re = new RegExp(
    `^${pattern
      .split('')
      .map((c) => (c === '*' ? '.*' : c === '?' ? '.' : c.replace(/[.+^${}()|[\]\\]/g, '\\$&')))
      .join('')}$`,
  );
  return re.test(value);
}

function principalIncludesLogging(principal: unknown, allowAnyone: boolean): boolean {
  if (principal === '*') return allowAnyone;
  if (!principal || typeof principal !== 'object') return false;
  const p = principal as Record<string, unknown>;
  if (asList(p.Service).includes(LOGGING_SERVICE_PRINCIPAL)) return true;
  return allowAnyone && asList(p.AWS).includes('*');
}

function actionIncludesPutObject(action: unknown): boolean {
  return asList(action).some((a) => wildcardMatch(a.toLowerCase(), 's3:putobject'));
}

/**
 * Does `pattern` cover every key under `resourcePrefix` (i.e. the resource `resourcePrefix*`)? True when
 * the pattern is the same ARN, or a literal prefix of it followed by one trailing `*`.
 */
function resourceCovers(pattern: string, resourcePrefix: string): boolean {
  if (pattern === `${resourcePrefix}*`) return true;
  if (!pattern.endsWith('*')) return false;
  const head = pattern.slice(0, -1);
  return !/[*?]/.test(head) && resourcePrefix.startsWith(head);
}

const SOURCE_ARN_OPERATORS = new Set(['ArnLike', 'ArnEquals', 'StringEquals', 'StringLike']);
const SOURCE_ACCOUNT_OPERATORS = new Set(['StringEquals', 'StringLike']);

/**
 * Would S3 log delivery from `grant.sourceBucket` satisfy this statement's conditions? Only conditions on
 * aws:SourceArn and aws:SourceAccount are understood; any other condition makes the answer "no", so an
 * unusual statement is never mistaken for the grant we need (a duplicate grant is harmless, a missing one is not).
 */
function conditionsSatisfied(condition: unknown, grant: DeliveryGrant, sourceArn: string): boolean {
  if (condition === undefined) return true;
  if (!condition || typeof condition !== 'object') return false;
  for (const [operator, block] of Object.entries(condition as Record<string, unknown>)) {
    if (!block || typeof block !== 'object') return false;
    for (const [key, value] of Object.entries(block as Record<string, unknown>)) {
      const lower = key.toLowerCase();
      const values = asList(value);
      if (lower === 'aws:sourcearn' && SOURCE_ARN_OPERATORS.has(operator)) {
        const like = operator !== 'StringEquals' && operator !== 'ArnEquals';
        if (!values.some((v) => (like ? wildcardMatch(v, sourceArn) : v === sourceArn))) return false;
      } else if (lower === 'aws:sourceaccount' && SOURCE_ACCOUNT_OPERATORS.has(operator)) {
        if (!grant.sourceAccount) return false;
        const account = grant.sourceAccount;
        const like = operator === 'StringLike';
        if (!values.some((v) => (like ? wildcardMatch(v, account) : v === account))) return false;
      } else {
        return false;
      }
    }
  }
  return true;
}

/** An existing Allow statement that already lets log delivery from the source write under the prefix. */
export function findExistingGrant(
  policy: PolicyDocument | null,
  grant: DeliveryGrant,
): PolicyStatement | null {
  const resourcePrefix = `arn:${grant.partition}:s3:::${grant.target}/${grant.prefix}`;
  const sourceArn = `arn:${grant.partition}:s3:::${grant.sourceBucket}`;
  for (const raw of statementsOf(policy)) {
    if (!raw || typeof raw !== 'object') continue;
    const s = raw as Record<string, unknown>;
    if (s.Effect !== 'Allow' || 'NotPrincipal' in s || 'NotAction' in s || 'NotResource' in s) continue;
    if (!principalIncludesLogging(s.Principal, false)) continue;
    if (!actionIncludesPutObject(s.Action)) continue;
    if (!asList(s.Resource).some((r) => resourceCovers(r, resourcePrefix))) continue;
    if (!conditionsSatisfied(s.Condition, grant, sourceArn)) continue;
    return s as PolicyStatement;
  }
  return null;
}

/**
 * An unconditional Deny that blocks delivery into the prefix. Conditional denies (e.g. the common
 * aws:SecureTransport = false guard) are not judged: log delivery uses TLS, and trailguard does not
 * evaluate arbitrary conditions.
 */
export function findBlockingDeny(
  policy: PolicyDocument | null,
  target: string,
  prefix: string,
  partition: Partition,
) {
  const key = `arn:${partition}:s3:::${target}/${prefix}x`;
  for (const raw of statementsOf(policy)) {
    if (!raw || typeof raw !== 'object') continue;
    const s = raw as Record<string, unknown>;
    if (s.Effect !== 'Deny' || s.Condition !== undefined) continue;
    if ('NotPrincipal' in s || 'NotAction' in s || 'NotResource' in s) continue;
    if (!principalIncludesLogging(s.Principal, true)) continue;
    if (!actionIncludesPutObject(s.Action)) continue;
    if (asList(s.Resource).some((r) => wildcardMatch(r, key))) return s as PolicyStatement;
  }
  return null;
}

/** Stable JSON text of a policy (kept key order: a merge must not reorder anything). */
export function policyText(policy: PolicyDocument): string {
  return JSON.stringify(policy);
}
