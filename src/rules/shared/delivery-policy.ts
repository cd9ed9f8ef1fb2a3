/**
 * Evaluates a target bucket's policy for the one request that S3 server access log delivery makes:
 * principal `Service: logging.s3.amazonaws.com`, action `s3:PutObject`, on keys starting with the
 * TargetPrefix, with `aws:SourceAccount` / `aws:SourceArn` naming the source bucket (S3 User Guide,
 * "Permissions for log delivery": https://docs.aws.amazon.com/AmazonS3/latest/userguide/enable-server-access-logging.html).
 *
 * Three-valued: a statement whose principal, action, resource and condition all match `applies: yes`; one
 * that depends on something we cannot know (a missing source account in IaC, an operator we do not
 * evaluate, a partial resource pattern) `applies: unknown`. Callers turn unknown into TARGET_UNVERIFIED.
 */
import type { Partition, PolicyDocument } from '../../inventory/model.js';
import {
  type ContextValue,
  evaluatePreparedCondition,
  type PreparedCondition,
  prepareCondition,
  type RequestContext,
} from './conditions.js';
import { type Tri, triAnd, triNot, triOr } from './tri.js';
import { prefixCoverage, wildcardMatch } from './wildcard.js';

export const LOG_DELIVERY_SERVICE = 'logging.s3.amazonaws.com';
const DELIVERY_ACTION = 's3:PutObject';

export interface DeliveryRequest {
  partition: Partition;
  targetBucket: string;
  /**
   * Null when unknown (an IaC expression): a statement then applies when its resource covers every key of
   * the bucket, does not when it covers none, and is unknown otherwise — exactly what holds for any prefix.
   */
  targetPrefix: string | null;
  /** Null when unknown (IaC without an account): conditions on it are then unknown. */
  sourceAccount: string | null;
  /**
   * When `sourceAccount` is null: the symbol the target's policy uses for the source's account, when source
   * and target are declared in the same template (`${AWS::AccountId}`: one stack, one account).
   */
  sourceAccountSymbol?: string;
  /** Null when the source bucket's name is unresolved. */
  sourceArn: string | null;
  /** The symbolic ARN of an IaC source whose name is generated (`arn:aws:s3:::<Address>`), when sourceArn is null. */
  sourceArnSymbol?: string;
  /** Owner of the target, when known (aws:ResourceAccount). */
  targetAccount: string | null;
}

export interface StatementVerdict {
  index: number;
  sid?: string;
  effect: 'Allow' | 'Deny';
  applies: Tri;
  /** What kept the answer from yes/no, when `applies` is unknown. */
  unknownBecause: string[];
}

export interface PolicyVerdict {
  allow: Tri;
  deny: Tri;
  /** Statements that apply or may apply (`applies` ≠ no): the evidence. */
  statements: StatementVerdict[];
}

/**
 * The request context of a log delivery. Keys we know: the source (when known), TLS (delivery is an
 * AWS-internal HTTPS call, so aws:SecureTransport is true), and the service-principal keys that IAM
 * documents for calls made by a service principal (aws:PrincipalIsAWSService, aws:PrincipalServiceName).
 * Every other key is unknown on purpose: a condition on it cannot be settled from the inventory.
 */
export function deliveryContext(request: DeliveryRequest): RequestContext {
  const known = (value: string | null): ContextValue =>
    value === null ? { kind: 'unknown' } : { kind: 'value', value };
  return new Map<string, ContextValue>([
    [
      'aws:sourceaccount',
      request.sourceAccount === null && request.sourceAccountSymbol
        ? { kind: 'symbol', value: request.sourceAccountSymbol }
        : known(request.sourceAccount),
    ],
    [
      'aws:sourcearn',
      request.sourceArn === null && request.sourceArnSymbol
        ? { kind: 'symbol', value: request.sourceArnSymbol }
        : known(request.sourceArn),
    ],
    ['aws:securetransport', { kind: 'value', value: 'true' }],
    ['aws:principalisawsservice', { kind: 'value', value: 'true' }],
    ['aws:principalservicename', { kind: 'value', value: LOG_DELIVERY_SERVICE }],
    ['aws:resourceaccount', known(request.targetAccount)],
  ]);
}

/** A statement with everything that does not depend on the request decided once. */
interface PreparedStatement {
  index: number;
  sid?: string;
  effect: 'Allow' | 'Deny';
  malformed: boolean;
  principal: Tri;
  action: Tri;
  /** `Resource` patterns, or `NotResource` ones; null when not a list of strings. */
  resources: string[] | null;
  notResource: boolean;
  condition: PreparedCondition;
}

export interface PreparedPolicy {
  statements: PreparedStatement[];
  /** `Statement` is neither a list nor an object. */
  malformed: boolean;
}

/**
 * Parses a policy for delivery evaluation. Principal and action answers do not depend on the source
 * bucket, so a log bucket with many sources parses its policy once (the index caches this per evaluation).
 */
export function prepareDeliveryPolicy(policy: PolicyDocument): PreparedPolicy {
  const raw = policy.Statement;
  const statements = Array.isArray(raw) ? raw : raw === undefined ? [] : [raw];
  return {
    statements: statements.map(prepareStatement),
    malformed: raw !== undefined && !Array.isArray(raw) && (raw === null || typeof raw !== 'object'),
  };
}

export function evaluateDeliveryPolicy(policy: PolicyDocument, request: DeliveryRequest): PolicyVerdict {
  return evaluatePreparedPolicy(prepareDeliveryPolicy(policy), request);
}

export function evaluatePreparedPolicy(prepared: PreparedPolicy, request: DeliveryRequest): PolicyVerdict {
  const context = deliveryContext(request);
  // (An unknown prefix is evaluated as the bucket's whole key space: `prefixCoverage` answers "all" only for
  // patterns that cover every key of the bucket, "none" only for those covering none — true of any prefix.)
  const keyPrefix = `arn:${request.partition}:s3:::${request.targetBucket}/${request.targetPrefix ?? ''}`;
  const verdicts = prepared.statements.map((statement) => evaluateStatement(statement, keyPrefix, context));
  return {
    allow: prepared.malformed
      ? 'unknown'
      : triOr(...verdicts.filter((v) => v.effect === 'Allow').map((v) => v.applies)),
    deny: prepared.malformed
      ? 'unknown'
      : triOr(...verdicts.filter((v) => v.effect === 'Deny').map((v) => v.applies)),
    statements: verdicts.filter((v) => v.applies !== 'no'),
  };
}

function prepareStatement(statement: unknown, index: number): PreparedStatement {
  const s = (statement ?? {}) as Record<string, unknown>;
  const effect = s.Effect === 'Deny' ? 'Deny' : 'Allow';
  const sid = typeof s.Sid === 'string' ? s.Sid : undefined;
  const malformed = !(
    (s.Effect === 'Allow' || s.Effect === 'Deny') &&
    'Principal' in s !== 'NotPrincipal' in s &&
    'Action' in s !== 'NotAction' in s &&
    'Resource' in s !== 'NotResource' in s
  );
  const notResource = !('Resource' in s);
  return {
    index,
    ...(sid ? { sid } : {}),
    effect,
    malformed,
    principal: malformed
      ? 'unknown'
      : 'Principal' in s
        ? principalMatches(s.Principal)
        : triNot(principalMatches(s.NotPrincipal)),
    action: malformed
      ? 'unknown'
      : 'Action' in s
        ? actionMatches(s.Action)
        : triNot(actionMatches(s.NotAction)),
    resources: asList(notResource ? s.NotResource : s.Resource),
    notResource,
    condition: prepareCondition(malformed ? undefined : s.Condition),
  };
}

function evaluateStatement(
  s: PreparedStatement,
  keyPrefix: string,
  context: RequestContext,
): StatementVerdict {
  const unknownBecause: string[] = [];
  const verdict: StatementVerdict = s.sid
    ? { index: s.index, sid: s.sid, effect: s.effect, applies: 'unknown', unknownBecause }
    : { index: s.index, effect: s.effect, applies: 'unknown', unknownBecause };
  if (s.malformed) {
    unknownBecause.push('malformed statement');
    return verdict;
  }
  // Written without closures or spreads: this runs once per statement per source bucket.
  const resource = s.notResource
    ? notResourceCovers(s.resources, keyPrefix)
    : resourceCovers(s.resources, keyPrefix);
  const condition = evaluatePreparedCondition(s.condition, context);
  verdict.applies = triAnd(s.principal, s.action, resource, condition.result);
  if (verdict.applies === 'unknown') {
    unknownBecause.push(...condition.unknownBecause);
    if (s.principal === 'unknown') unknownBecause.push('principal');
    if (s.action === 'unknown') unknownBecause.push('action');
    if (resource === 'unknown')
      unknownBecause.push('resource covers only part of the prefix, or uses a policy variable');
  }
  return verdict;
}

function asList(value: unknown): string[] | null {
  const list = Array.isArray(value) ? value : [value];
  return list.every((item) => typeof item === 'string') ? (list as string[]) : null;
}

/** `"*"`, `{AWS: "*"}` (equivalent in resource policies) or `{Service: "logging.s3.amazonaws.com"}`. */
function principalMatches(principal: unknown): Tri {
  if (principal === '*') return 'yes';
  if (principal === null || typeof principal !== 'object' || Array.isArray(principal)) return 'unknown';
  let result: Tri = 'no';
  for (const [type, ids] of Object.entries(principal)) {
    const list = asList(ids);
    if (!list) return 'unknown';
    if (type === 'AWS' && list.includes('*')) result = 'yes';
    if (type === 'Service' && list.some((id) => id.toLowerCase() === LOG_DELIVERY_SERVICE)) result = 'yes';
  }
  return result;
}

function actionMatches(action: unknown): Tri {
  const list = asList(action);
  if (!list) return 'unknown';
  return list.some((pattern) => wildcardMatch(pattern, DELIVERY_ACTION, { ignoreCase: true })) ? 'yes' : 'no';
}

/** Does the statement cover every key the delivery writes (yes), some of them (unknown) or none (no)? */
function resourceCovers(list: string[] | null, keyPrefix: string): Tri {
  if (!list) return 'unknown';
  let result: Tri = 'no';
  for (const pattern of list) {
    if (pattern.includes('${')) result = triOr(result, 'unknown');
    else {
      const coverage = prefixCoverage(pattern, keyPrefix);
      if (coverage === 'all') return 'yes';
      if (coverage === 'some') result = 'unknown';
    }
  }
  return result;
}

/** NotResource: the statement applies to keys that match none of the patterns. */
function notResourceCovers(list: string[] | null, keyPrefix: string): Tri {
  if (!list) return 'unknown';
  let result: Tri = 'yes';
  for (const pattern of list) {
    if (pattern.includes('${')) {
      result = 'unknown';
      continue;
    }
    const coverage = prefixCoverage(pattern, keyPrefix);
    if (coverage === 'all') return 'no';
    if (coverage === 'some') result = 'unknown';
  }
  return result;
}
