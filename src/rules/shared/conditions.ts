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
import { type Tri, triNot, triOf } from './tri.js';
import { wildcardMatch } from './wildcard.js';

/** One key of the request context: its value, known absence, or not known. */
export type ContextValue =
  | { kind: 'value'; value: string }
  | { kind: 'absent' }
  | { kind: 'unknown' }
  /**
   * A value known only symbolically (an IaC bucket whose name is generated: `arn:aws:s3:::<Address>`):
   * equal to the same symbol written in the policy, unknown against anything else (issue 19 item 2).
   */
  | { kind: 'symbol'; value: string };

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
  let p = splitPatterns.get(pattern);
  if (p === undefined) {
    if (splitPatterns.size >= 10_000) splitPatterns.clear();
    p = splitArn(pattern);
    splitPatterns.set(pattern, p);
  }
  const a = splitArn(arn);
  if (!p || !a) return 'unknown';
  return p.every((part, i) => wildcardMatch(part, a[i] ?? ''));
}

/** Policy ARN patterns split once (the same few are compared with every source bucket's ARN). */
const splitPatterns = new Map<string, string[] | null>();

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

/** One `operator → key → values` test, parsed once (a policy is evaluated for many source buckets). */
interface PreparedTest {
  label: string;
  /** Lower-cased key name for the context lookup. */
  key: string;
  /** Unknown whatever the request: malformed or unsupported operator. */
  alwaysUnknown: boolean;
  /**
   * A value contains `${…}`: a policy variable, unknown — unless the request holds that very text as a
   * symbol (`${AWS::AccountId}` of the same template, issue 19).
   */
  hasVariable: boolean;
  op: string;
  setQualifier: 'any' | 'all' | null;
  ifExists: boolean;
  values: string[];
  comparator: { compare: Comparator; negated: boolean } | undefined;
}

export interface PreparedCondition {
  tests: PreparedTest[];
  /** A fixed "unknown" contribution (malformed block or operator), with its reasons. */
  malformed: string[];
}

export function prepareCondition(condition: unknown): PreparedCondition {
  if (condition === undefined) return { tests: [], malformed: [] };
  if (condition === null || typeof condition !== 'object' || Array.isArray(condition)) {
    return { tests: [], malformed: ['malformed Condition block'] };
  }
  const tests: PreparedTest[] = [];
  const malformed: string[] = [];
  for (const [operator, keys] of Object.entries(condition)) {
    if (keys === null || typeof keys !== 'object' || Array.isArray(keys)) {
      malformed.push(`malformed operator ${operator}`);
      continue;
    }
    for (const [key, raw] of Object.entries(keys)) tests.push(prepareTest(operator, key, raw));
  }
  return { tests, malformed };
}

function prepareTest(operator: string, key: string, raw: unknown): PreparedTest {
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
  const comparator = COMPARATORS[op];
  const alwaysUnknown =
    !values || (op === 'null' ? setQualifier !== null || ifExists || values.length !== 1 : !comparator);
  return {
    label: `${operator} on ${key}`,
    key: key.toLowerCase(),
    alwaysUnknown,
    hasVariable: values?.some((v) => v.includes('${')) ?? false,
    op,
    setQualifier,
    ifExists,
    values: values ?? [],
    comparator,
  };
}

export function evaluatePreparedCondition(
  prepared: PreparedCondition,
  context: RequestContext,
): ConditionResult {
  if (prepared.tests.length === 0 && prepared.malformed.length === 0)
    return { result: 'yes', unknownBecause: [] };
  let result: Tri = prepared.malformed.length > 0 ? 'unknown' : 'yes';
  const unknownBecause = [...prepared.malformed];
  for (const test of prepared.tests) {
    const outcome = evaluateTest(test, context);
    if (outcome === 'no') result = 'no';
    else if (outcome === 'unknown') {
      if (result !== 'no') result = 'unknown';
      unknownBecause.push(test.label);
    }
  }
  return { result, unknownBecause };
}

function evaluateTest(test: PreparedTest, context: RequestContext): Tri {
  if (test.alwaysUnknown) return 'unknown';
  const request = context.get(test.key) ?? { kind: 'unknown' };
  if (test.hasVariable && request.kind !== 'symbol') return 'unknown';
  if (test.op === 'null') {
    if (request.kind === 'unknown') return 'unknown';
    const wantsAbsent = test.values[0]?.toLowerCase() === 'true';
    return triOf(wantsAbsent === (request.kind === 'absent'));
  }
  const comparator = test.comparator;
  if (!comparator || request.kind === 'unknown') return 'unknown';
  if (request.kind === 'absent') {
    if (test.ifExists) return 'yes';
    if (test.setQualifier === 'all') return 'yes';
    if (test.setQualifier === 'any') return 'no';
    return triOf(comparator.negated);
  }
  if (request.kind === 'symbol') {
    const same = test.values.includes(request.value) ? 'yes' : 'unknown';
    return comparator.negated ? triNot(same) : same;
  }
  let anyMatch: Tri = 'no';
  for (const value of test.values) {
    const matched = comparator.compare(value, request.value);
    if (matched === true) {
      anyMatch = 'yes';
      break;
    }
    if (matched === 'unknown') anyMatch = 'unknown';
  }
  return comparator.negated ? triNot(anyMatch) : anyMatch;
}
