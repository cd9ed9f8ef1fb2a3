/**
 * A static evaluator for the HCL expression language, enough for the values trailguard links:
 * literals, templates (with `%{ if }` / `%{ for }` directives), references, conditionals, `for`, operators
 * and a set of pure built-in functions. Whatever depends on apply-time data becomes an `Unknown` (see
 * values.ts). Every node costs one step of the root module's budget and one level of nesting (budget.ts).
 */

import { UNKNOWN_PART } from '../iac/unknown.js';
import { EvalBudget } from './budget.js';
import { equal } from './compare.js';
import type { FileAccess } from './file-access.js';
import { callFunction } from './functions.js';
import type { Expr, Step, TemplatePart } from './hcl-ast.js';
import {
  absentValue,
  isPlainObject,
  isUnknown,
  LazyObject,
  newObject,
  partialTextOf,
  toStringValue,
  Unknown,
  type Value,
  withPartial,
} from './values.js';

/** Name resolution for the roots of references (`var`, `local`, `aws_s3_bucket`, `module`, `each`…). */
export interface Scope {
  root(name: string): Value | undefined;
  /** The evaluation budget of the root module; without one, each top-level call gets a default budget. */
  readonly budget?: EvalBudget;
  /** Where `file()` / `templatefile()` may read (the scanned module folders). */
  readonly files?: FileAccess;
}

/** A scope with extra names on top (for-expression variables, dynamic-block iterators). */
export class ChildScope implements Scope {
  readonly budget: EvalBudget | undefined;
  readonly files: FileAccess | undefined;
  constructor(
    private readonly parent: Scope,
    private readonly names: Map<string, Value>,
  ) {
    this.budget = parent.budget;
    this.files = parent.files;
  }
  root(name: string): Value | undefined {
    return this.names.has(name) ? this.names.get(name) : this.parent.root(name);
  }
}

/** The context every node of one evaluation shares. */
export interface Ctx {
  scope: Scope;
  budget: EvalBudget;
}

export function evaluate(expr: Expr, scope: Scope): Value {
  return ev(expr, { scope, budget: scope.budget ?? new EvalBudget() });
}

function ev(expr: Expr, ctx: Ctx): Value {
  const { budget } = ctx;
  budget.step();
  budget.enter();
  try {
    return node(expr, ctx);
  } finally {
    budget.leave();
  }
}

function node(expr: Expr, ctx: Ctx): Value {
  switch (expr.kind) {
    case 'literal':
      return expr.value;
    case 'template':
      return template(expr.parts, ctx);
    case 'templateIf':
    case 'templateFor':
      return template([expr], ctx);
    case 'tuple':
      ctx.budget.size(expr.items.length, 'a tuple');
      ctx.budget.step(expr.items.length);
      return expr.items.map((item) => ev(item, ctx));
    case 'object': {
      ctx.budget.size(expr.items.length, 'an object');
      const out = newObject();
      for (const { key, value } of expr.items) {
        const k = toStringValue(ev(key, ctx));
        if (isUnknown(k)) return new Unknown(`object key: ${k.message}`);
        out[k] = ev(value, ctx);
      }
      return out;
    }
    case 'var': {
      const value = ctx.scope.root(expr.name);
      return value === undefined
        ? new Unknown(`unknown name "${expr.name}" (line ${expr.pos.line})`, undefined, true)
        : value;
    }
    case 'traversal':
      return traverseIn(ev(expr.base, ctx), expr.steps, ctx);
    case 'call': {
      const args = expr.args.map((arg) => ev(arg, ctx));
      if (expr.expandFinal) {
        const last = args.pop();
        if (isUnknown(last)) return last;
        if (!Array.isArray(last)) return new Unknown('"..." needs a list', undefined, true);
        args.push(...last);
      }
      const { budget, scope } = ctx;
      return callFunction(expr.name, args, {
        budget,
        files: scope.files,
        line: expr.pos.line,
        evaluateTemplate: (parts, root) =>
          template(parts, { scope: { root, budget, files: scope.files }, budget }),
      });
    }
    case 'conditional': {
      const cond = asBool(ev(expr.cond, ctx));
      if (isUnknown(cond)) return cond;
      if (typeof cond !== 'boolean') return new Unknown('condition is not a bool', undefined, true);
      return ev(cond ? expr.then : expr.else, ctx);
    }
    case 'for':
      return forExpr(expr, ctx);
    case 'unary': {
      const v = expr.op === '!' ? asBool(ev(expr.operand, ctx)) : ev(expr.operand, ctx);
      if (isUnknown(v)) return v;
      if (expr.op === '!' && typeof v === 'boolean') return !v;
      if (expr.op === '-' && typeof v === 'number') return -v;
      return new Unknown(`bad operand for "${expr.op}"`, undefined, true);
    }
    case 'binary':
      return binary(expr.op, ev(expr.left, ctx), ev(expr.right, ctx));
    case 'unsupported':
      return new Unknown(`expression not evaluated statically: ${expr.text} (line ${expr.pos.line})`);
  }
}

/** Terraform converts the strings "true" and "false" to bool where a bool is expected. */
function asBool(value: Value): Value {
  return value === 'true' ? true : value === 'false' ? false : value;
}

function template(parts: TemplatePart[], ctx: Ctx): Value {
  // "${x}" alone is x itself, with its type and its link to a resource (HCL template unwrapping).
  const only = parts[0];
  if (
    parts.length === 1 &&
    typeof only === 'object' &&
    only.kind !== 'templateIf' &&
    only.kind !== 'templateFor'
  )
    return ev(only, ctx);
  const out: string[] = [];
  const length = { n: 0 };
  const unknown: { first?: Unknown } = {};
  const u = render(parts, ctx, out, length, unknown);
  if (u) return u;
  const text = out.join('');
  // An interpolation that is unknown makes the template unknown; its known text is kept (`Unknown.partial`).
  return unknown.first ? withPartial(unknown.first, unknown.first.message, { text }) : text;
}

/**
 * Appends the text of `parts` to `out`. An unknown interpolation is written `${?}` (or as far as it is known)
 * and remembered in `unknown.first`; an unknown that stops the rendering (an `%{ if }` or `%{ for }` over an
 * unknown, an evaluation error) is returned, and the whole template is then unknown.
 */
function render(
  parts: TemplatePart[],
  ctx: Ctx,
  out: string[],
  length: { n: number },
  unknown: { first?: Unknown },
): Unknown | null {
  for (const part of parts) {
    let text: string;
    if (typeof part === 'string') text = part;
    else if (part.kind === 'templateIf') {
      const cond = ev(part.cond, ctx);
      if (isUnknown(cond)) return new Unknown(`template %{ if }: ${cond.message}`, undefined, cond.isError);
      if (typeof cond !== 'boolean') return new Unknown('template %{ if } needs a bool', undefined, true);
      const u = render(cond ? part.then : part.else, ctx, out, length, unknown);
      if (u) return u;
      continue;
    } else if (part.kind === 'templateFor') {
      const entries = iterate(ev(part.collection, ctx));
      if (isUnknown(entries))
        return new Unknown(`template %{ for }: ${entries.message}`, undefined, entries.isError);
      for (const [k, v] of entries) {
        const names = new Map<string, Value>([[part.valueVar, v]]);
        if (part.keyVar) names.set(part.keyVar, k);
        const u = render(
          part.body,
          { scope: new ChildScope(ctx.scope, names), budget: ctx.budget },
          out,
          length,
          unknown,
        );
        if (u) return u;
      }
      continue;
    } else {
      const s = toStringValue(ev(part, ctx));
      if (isUnknown(s)) {
        if (s.isError) return new Unknown(`template: ${s.message}`, undefined, true);
        unknown.first ??= new Unknown(`template: ${s.message}`);
        text = partialTextOf(s) ?? UNKNOWN_PART;
      } else text = s;
    }
    length.n += text.length;
    ctx.budget.size(length.n, 'a template string');
    out.push(text);
  }
  return null;
}

/** Applies traversal steps to a value (`x.a[0].b`, splats); `refOf` in config-eval.ts uses it. */
export function traverse(start: Value, steps: Step[], scope: Scope): Value {
  return traverseIn(start, steps, { scope, budget: scope.budget ?? new EvalBudget() });
}

function traverseIn(start: Value, steps: Step[], ctx: Ctx): Value {
  let value = start;
  for (let i = 0; i < steps.length; i++) {
    const step = steps[i];
    if (!step) break;
    if (isUnknown(value)) return value;
    if (step.kind === 'splat') {
      if (value === null) return [];
      const items = Array.isArray(value) ? value : [value];
      const rest = steps.slice(i + 1);
      ctx.budget.step(items.length);
      return items.map((item) => traverseIn(item, rest, ctx));
    }
    const key: Value = step.kind === 'attr' ? step.name : ev(step.key, ctx);
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
      return absentValue(`index ${String(key)} out of range (the list has ${value.length} elements)`);
    }
    return value[n] as Value;
  }
  if (isPlainObject(value)) {
    const k = toStringValue(key);
    if (isUnknown(k)) return k;
    return Object.hasOwn(value, k) ? (value[k] as Value) : absentValue(`no element "${k}"`);
  }
  return new Unknown(`cannot index a ${value === null ? 'null' : typeof value} value`, undefined, true);
}

function forExpr(expr: Extract<Expr, { kind: 'for' }>, ctx: Ctx): Value {
  const collection = ev(expr.collection, ctx);
  if (isUnknown(collection)) return collection;
  const entries = iterate(collection);
  if (isUnknown(entries)) return entries;
  ctx.budget.size(entries.length, 'a for expression');
  ctx.budget.step(entries.length);
  const list: Value[] = [];
  const object = newObject();
  const groups = new Map<string, Value[]>();
  for (const [k, v] of entries) {
    const names = new Map<string, Value>([[expr.valueVar, v]]);
    if (expr.keyVar) names.set(expr.keyVar, k);
    const inner: Ctx = { scope: new ChildScope(ctx.scope, names), budget: ctx.budget };
    if (expr.cond) {
      const keep = ev(expr.cond, inner);
      if (isUnknown(keep)) return keep;
      if (keep !== true) continue;
    }
    const value = ev(expr.valueExpr, inner);
    if (!expr.keyExpr) {
      list.push(value);
      continue;
    }
    const key = toStringValue(ev(expr.keyExpr, inner));
    if (isUnknown(key)) return key;
    if (expr.grouping) {
      const group = groups.get(key);
      if (group) group.push(value);
      else groups.set(key, [value]);
    } else object[key] = value;
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

function binary(op: string, left: Value, right: Value): Value {
  if (op === '==' || op === '!=') {
    const eq = equal(left, right);
    if (isUnknown(eq)) return eq;
    return op === '==' ? eq : !eq;
  }
  if (isUnknown(left)) return left;
  if (isUnknown(right)) return right;
  switch (op) {
    case '&&':
    case '||':
      left = asBool(left);
      right = asBool(right);
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
