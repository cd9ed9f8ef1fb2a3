/**
 * A static evaluator for the HCL expression language, enough for the values trailguard links:
 * literals, templates, references, conditionals, `for`, operators and a set of pure built-in functions.
 * Whatever depends on apply-time data becomes an `Unknown` (see values.ts).
 */

import { callFunction } from './functions.js';
import type { Expr, Step } from './hcl-ast.js';
import {
  firstUnknown,
  isPlainObject,
  isUnknown,
  LazyObject,
  newObject,
  toStringValue,
  Unknown,
  type Value,
  type ValueObject,
} from './values.js';

/** Name resolution for the roots of references (`var`, `local`, `aws_s3_bucket`, `module`, `each`…). */
export interface Scope {
  root(name: string): Value | undefined;
}

/** A scope with extra names on top (for-expression variables, dynamic-block iterators). */
export class ChildScope implements Scope {
  constructor(
    private readonly parent: Scope,
    private readonly names: Map<string, Value>,
  ) {}
  root(name: string): Value | undefined {
    return this.names.has(name) ? this.names.get(name) : this.parent.root(name);
  }
}

/** Bounds the work one expression may do, so hostile input (huge `range()`, deep nesting) cannot hang a scan. */
const MAX_DEPTH = 200;

export function evaluate(expr: Expr, scope: Scope, depth = 0): Value {
  if (depth > MAX_DEPTH) return new Unknown('expression nested too deeply', undefined, true);
  const next = depth + 1;
  switch (expr.kind) {
    case 'literal':
      return expr.value;
    case 'template':
      return template(expr.parts, expr.directive, scope, next);
    case 'tuple':
      return expr.items.map((item) => evaluate(item, scope, next));
    case 'object': {
      const out = newObject();
      for (const { key, value } of expr.items) {
        const k = toStringValue(evaluate(key, scope, next));
        if (isUnknown(k)) return new Unknown(`object key: ${k.message}`);
        out[k] = evaluate(value, scope, next);
      }
      return out;
    }
    case 'var': {
      const value = scope.root(expr.name);
      return value === undefined
        ? new Unknown(`unknown name "${expr.name}" (line ${expr.pos.line})`, undefined, true)
        : value;
    }
    case 'traversal':
      return traverse(evaluate(expr.base, scope, next), expr.steps, scope, next);
    case 'call': {
      const args = expr.args.map((arg) => evaluate(arg, scope, next));
      if (expr.expandFinal) {
        const last = args.pop();
        if (isUnknown(last)) return last;
        if (!Array.isArray(last)) return new Unknown('"..." needs a list', undefined, true);
        args.push(...last);
      }
      return callFunction(expr.name, args);
    }
    case 'conditional': {
      const cond = evaluate(expr.cond, scope, next);
      if (isUnknown(cond)) return cond;
      if (typeof cond !== 'boolean') return new Unknown('condition is not a bool', undefined, true);
      return evaluate(cond ? expr.then : expr.else, scope, next);
    }
    case 'for':
      return forExpr(expr, scope, next);
    case 'unary': {
      const v = evaluate(expr.operand, scope, next);
      if (isUnknown(v)) return v;
      if (expr.op === '!' && typeof v === 'boolean') return !v;
      if (expr.op === '-' && typeof v === 'number') return -v;
      return new Unknown(`bad operand for "${expr.op}"`, undefined, true);
    }
    case 'binary':
      return binary(expr.op, evaluate(expr.left, scope, next), () => evaluate(expr.right, scope, next));
    case 'unsupported':
      return new Unknown(`expression not evaluated statically: ${expr.text} (line ${expr.pos.line})`);
  }
}

function template(parts: (string | Expr)[], directive: boolean, scope: Scope, depth: number): Value {
  if (directive) return new Unknown('template directives (%{…}) are not evaluated statically');
  // "${x}" alone is x itself, with its type and its link to a resource (HCL template unwrapping).
  if (parts.length === 1 && typeof parts[0] !== 'string' && parts[0]) return evaluate(parts[0], scope, depth);
  let out = '';
  for (const part of parts) {
    if (typeof part === 'string') {
      out += part;
      continue;
    }
    const s = toStringValue(evaluate(part, scope, depth));
    if (isUnknown(s)) return new Unknown(`template: ${s.message}`, undefined, s.isError);
    out += s;
  }
  return out;
}

export function traverse(start: Value, steps: Step[], scope: Scope, depth: number): Value {
  let value = start;
  for (let i = 0; i < steps.length; i++) {
    const step = steps[i];
    if (!step) break;
    if (isUnknown(value)) return value;
    if (step.kind === 'splat') {
      if (value === null) return [];
      const items = Array.isArray(value) ? value : [value];
      const rest = steps.slice(i + 1);
      return items.map((item) => traverse(item, rest, scope, depth + 1));
    }
    const key: Value = step.kind === 'attr' ? step.name : evaluate(step.key, scope, depth + 1);
    value = index(value, key);
  }
  return value;
}

export function index(value: Value, key: Value): Value {
  if (isUnknown(value)) return value;
  if (isUnknown(key)) return key;
  if (value instanceof LazyObject) {
    const k = toStringValue(key);
    return isUnknown(k) ? k : value.get(k);
  }
  if (Array.isArray(value)) {
    const n = typeof key === 'number' ? key : Number(key);
    if (!Number.isInteger(n) || n < 0 || n >= value.length) {
      return new Unknown(`index ${String(key)} out of range`, undefined, true);
    }
    return value[n] as Value;
  }
  if (isPlainObject(value)) {
    const k = toStringValue(key);
    if (isUnknown(k)) return k;
    return Object.hasOwn(value, k)
      ? (value[k] as Value)
      : new Unknown(`no attribute "${k}"`, undefined, true);
  }
  return new Unknown(`cannot index a ${value === null ? 'null' : typeof value} value`, undefined, true);
}

function forExpr(expr: Extract<Expr, { kind: 'for' }>, scope: Scope, depth: number): Value {
  const collection = evaluate(expr.collection, scope, depth);
  if (isUnknown(collection)) return collection;
  const entries = iterate(collection);
  if (isUnknown(entries)) return entries;
  const list: Value[] = [];
  const object = newObject();
  const groups = new Map<string, Value[]>();
  for (const [k, v] of entries) {
    const names = new Map<string, Value>([[expr.valueVar, v]]);
    if (expr.keyVar) names.set(expr.keyVar, k);
    const inner = new ChildScope(scope, names);
    if (expr.cond) {
      const keep = evaluate(expr.cond, inner, depth);
      if (isUnknown(keep)) return keep;
      if (keep !== true) continue;
    }
    const value = evaluate(expr.valueExpr, inner, depth);
    if (!expr.keyExpr) {
      list.push(value);
      continue;
    }
    const key = toStringValue(evaluate(expr.keyExpr, inner, depth));
    if (isUnknown(key)) return key;
    if (expr.grouping) groups.set(key, [...(groups.get(key) ?? []), value]);
    else object[key] = value;
  }
  if (!expr.keyExpr) return list;
  if (expr.grouping) for (const [k, v] of groups) object[k] = v;
  return object;
}

/** Key/value pairs of a list (index keys), map/object (sorted keys, as Terraform iterates) or lazy object. */
export function iterate(value: Value): [Value, Value][] | Unknown {
  if (isUnknown(value)) return value;
  if (Array.isArray(value)) return value.map((v, i) => [i, v]);
  if (value instanceof LazyObject) return value.keys().map((k) => [k, value.get(k)]);
  if (isPlainObject(value)) {
    return Object.keys(value)
      .sort()
      .map((k) => [k, value[k] as Value]);
  }
  return new Unknown(`cannot iterate over ${value === null ? 'null' : typeof value}`, undefined, true);
}

function binary(op: string, left: Value, rightThunk: () => Value): Value {
  // `false && x` and `true || x` still need x known in Terraform; we short-circuit only on known operands.
  const right = rightThunk();
  if (isUnknown(left)) return left;
  if (isUnknown(right)) return right;
  switch (op) {
    case '==':
      return equal(left, right);
    case '!=': {
      const eq = equal(left, right);
      return isUnknown(eq) ? eq : !eq;
    }
    case '&&':
    case '||':
      if (typeof left !== 'boolean' || typeof right !== 'boolean') {
        return new Unknown(`"${op}" needs bools`, undefined, true);
      }
      return op === '&&' ? left && right : left || right;
    default: {
      const a = typeof left === 'string' ? Number(left) : left;
      const b = typeof right === 'string' ? Number(right) : right;
      if (typeof a !== 'number' || typeof b !== 'number' || Number.isNaN(a) || Number.isNaN(b)) {
        return new Unknown(`"${op}" needs numbers`, undefined, true);
      }
      switch (op) {
        case '+':
          return a + b;
        case '-':
          return a - b;
        case '*':
          return a * b;
        case '/':
          return b === 0 ? new Unknown('division by zero', undefined, true) : a / b;
        case '%':
          return b === 0 ? new Unknown('division by zero', undefined, true) : a % b;
        case '<':
          return a < b;
        case '<=':
          return a <= b;
        case '>':
          return a > b;
        case '>=':
          return a >= b;
        default:
          return new Unknown(`operator "${op}" not supported`, undefined, true);
      }
    }
  }
}

export function equal(a: Value, b: Value): boolean | Unknown {
  const u = firstUnknown(a) ?? firstUnknown(b);
  if (u) return u;
  return JSON.stringify(canonical(a)) === JSON.stringify(canonical(b));
}

function canonical(value: Value): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (isPlainObject(value)) {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(value).sort()) out[k] = canonical(value[k] as Value);
    return out;
  }
  return value;
}

export type { ValueObject };
