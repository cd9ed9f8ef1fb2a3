/**
 * Evaluates an IAM `Condition` block against a request context where some keys are known, some are known
 * to be absent and the rest are unknown. Semantics follow the IAM User Guide, "IAM JSON policy elements:
 * Condition operators" (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html):
 * - every operator in the block and every key under an operator must match (AND);
 * - several values for one key match when any of them does (OR); negated operators (`…Not…`) match when
 *   none does;
 * - a key absent from the request: the `…IfExists` form is true; negated operators are true; the others
 *   false; `Null` tests exactly this; `ForAllValues` is true and `ForAnyValue` false on a missing key;
 * - for a single-valued key, `ForAnyValue:` and `ForAllValues:` reduce to the plain operator.
 * Operators we do not evaluate (Numeric*, Date*, IpAddress, Binary…) and policy variables (`${…}`) make
 * the condition `unknown`, never true or false.
 */
import { type Tri, triAnd, triNot, triOf } from './tri.js';
import { wildcardMatch } from './wildcard.js';

/** One key of the request context: its value, known absence, or not known. */
export type ContextValue = { kind: 'value'; value: string } | { kind: 'absent' } | { kind: 'unknown' };

/** Keys are looked up lower-cased (condition key names are case-insensitive). Missing = unknown. */
export type RequestContext = ReadonlyMap<string, ContextValue>;

type Comparator = (policyValue: string, requestValue: string) => boolean | 'unknown';

const COMPARATORS: Record<string, { compare: Comparator; negated: boolean }> = {
  stringequals: { compare: (p, r) => p === r, negated: false },
  stringnotequals: { compare: (p, r) => p === r, negated: true },
  stringequalsignorecase: { compare: (p, r) => p.toLowerCase() === r.toLowerCase(), negated: false },
  stringnotequalsignorecase: { compare: (p, r) => p.toLowerCase() === r.toLowerCase(), negated: true },
  stringlike: { compare: (p, r) => wildcardMatch(p, r), negated: false },
  stringnotlike: { compare: (p, r) => wildcardMatch(p, r), negated: true },
  arnequals: { compare: arnLike, negated: false },
  arnlike: { compare: arnLike, negated: false },
  arnnotequals: { compare: arnLike, negated: true },
  arnnotlike: { compare: arnLike, negated: true },
  bool: { compare: (p, r) => p.toLowerCase() === r.toLowerCase(), negated: false },
};

/**
 * ArnEquals/ArnLike compare the six colon-separated ARN components one by one, each with wildcards
 * (a `*` does not run across a colon). A value that is not a six-part ARN cannot be compared → unknown.
 */
function arnLike(pattern: string, arn: string): boolean | 'unknown' {
  const p = splitArn(pattern);
  const a = splitArn(arn);
  if (!p || !a) return 'unknown';
  return p.every((part, i) => wildcardMatch(part, a[i] ?? ''));
}

function splitArn(value: string): string[] | null {
  const parts = value.split(':');
  if (parts.length < 6) return null;
  return [...parts.slice(0, 5), parts.slice(5).join(':')];
}

/** Condition values may be strings, booleans, numbers or arrays of them in policy JSON. */
function policyValues(raw: unknown): string[] | null {
  const list = Array.isArray(raw) ? raw : [raw];
  const out: string[] = [];
  for (const item of list) {
    if (typeof item === 'string' || typeof item === 'number' || typeof item === 'boolean')
      out.push(String(item));
    else return null;
  }
  return out;
}

export interface ConditionResult {
  result: Tri;
  /** Why the answer is unknown (an operator or key we cannot evaluate), for the evidence. */
  unknownBecause: string[];
}

export function evaluateCondition(condition: unknown, context: RequestContext): ConditionResult {
  if (condition === undefined) return { result: 'yes', unknownBecause: [] };
  if (condition === null || typeof condition !== 'object' || Array.isArray(condition)) {
    return { result: 'unknown', unknownBecause: ['malformed Condition block'] };
  }
  const results: Tri[] = [];
  const unknownBecause: string[] = [];
  for (const [operator, keys] of Object.entries(condition)) {
    if (keys === null || typeof keys !== 'object' || Array.isArray(keys)) {
      results.push('unknown');
      unknownBecause.push(`malformed operator ${operator}`);
      continue;
    }
    for (const [key, raw] of Object.entries(keys)) {
      const outcome = evaluateOne(operator, key, raw, context);
      results.push(outcome);
      if (outcome === 'unknown') unknownBecause.push(`${operator} on ${key}`);
    }
  }
  return { result: triAnd(...results), unknownBecause };
}

function evaluateOne(operator: string, key: string, raw: unknown, context: RequestContext): Tri {
  let op = operator.toLowerCase();
  let setQualifier: 'any' | 'all' | null = null;
  if (op.startsWith('foranyvalue:')) {
    setQualifier = 'any';
    op = op.slice('foranyvalue:'.length);
  } else if (op.startsWith('forallvalues:')) {
    setQualifier = 'all';
    op = op.slice('forallvalues:'.length);
  }
  const ifExists = op.endsWith('ifexists');
  if (ifExists) op = op.slice(0, -'ifexists'.length);

  const values = policyValues(raw);
  if (!values || values.some((v) => v.includes('${'))) return 'unknown';
  const request = context.get(key.toLowerCase()) ?? { kind: 'unknown' };

  if (op === 'null') {
    if (setQualifier || ifExists || values.length !== 1) return 'unknown';
    if (request.kind === 'unknown') return 'unknown';
    const wantsAbsent = values[0]?.toLowerCase() === 'true';
    return triOf(wantsAbsent === (request.kind === 'absent'));
  }
  const comparator = COMPARATORS[op];
  if (!comparator) return 'unknown';
  if (request.kind === 'unknown') return 'unknown';
  if (request.kind === 'absent') {
    if (ifExists) return 'yes';
    if (setQualifier === 'all') return 'yes';
    if (setQualifier === 'any') return 'no';
    return triOf(comparator.negated);
  }
  let anyMatch: Tri = 'no';
  for (const value of values) {
    const matched = comparator.compare(value, request.value);
    if (matched === true) {
      anyMatch = 'yes';
      break;
    }
    if (matched === 'unknown') anyMatch = 'unknown';
  }
  return comparator.negated ? triNot(anyMatch) : anyMatch;
}
