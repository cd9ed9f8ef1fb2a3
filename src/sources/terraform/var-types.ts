/**
 * Converts a variable's value to its declared `type`, as Terraform does before the value is used: `"3"` for
 * a `number` is 3, `true` for a `string` is `"true"`, the elements of a `list(string)` become strings, an
 * `object({…})` gets its optional attributes (with their defaults) and loses undeclared ones. A value that
 * cannot be converted is an evaluation error (Terraform rejects the configuration), never a guess; unknown
 * values, symbols and resource objects pass through unchanged, as does anything under a type this file does
 * not model.
 */
import type { Expr } from './hcl-ast.js';
import { isPlainObject, isUnknown, newObject, typeName, Unknown, type Value } from './values.js';

/** A type constraint: the part of Terraform's type system a variable declaration can spell. */
export type TypeSpec =
  | { kind: 'any' }
  | { kind: 'string' | 'number' | 'bool' }
  | { kind: 'list' | 'set' | 'map'; element: TypeSpec }
  | { kind: 'tuple'; elements: TypeSpec[] }
  | { kind: 'object'; attributes: Map<string, { type: TypeSpec; optional: boolean; default?: Expr }> };

const ANY: TypeSpec = { kind: 'any' };

/** The type constraint of a `type = …` expression; `any` for what cannot be read. */
export function typeSpec(expr: Expr | undefined): TypeSpec {
  if (!expr) return ANY;
  if (expr.kind === 'var') {
    switch (expr.name) {
      case 'string':
      case 'number':
      case 'bool':
        return { kind: expr.name };
      case 'list':
      case 'set':
      case 'map':
        return { kind: expr.name, element: ANY };
      default:
        return ANY;
    }
  }
  if (expr.kind === 'literal' && typeof expr.value === 'string') {
    // Terraform 0.11 quoted forms.
    if (expr.value === 'string') return { kind: 'string' };
    if (expr.value === 'list' || expr.value === 'map') return { kind: expr.value, element: ANY };
    return ANY;
  }
  if (expr.kind !== 'call') return ANY;
  const [arg] = expr.args;
  switch (expr.name) {
    case 'list':
    case 'set':
    case 'map':
      return { kind: expr.name, element: typeSpec(arg) };
    case 'tuple':
      return arg?.kind === 'tuple' ? { kind: 'tuple', elements: arg.items.map(typeSpec) } : ANY;
    case 'object': {
      if (arg?.kind !== 'object') return ANY;
      const attributes = new Map<string, { type: TypeSpec; optional: boolean; default?: Expr }>();
      for (const { key, value } of arg.items) {
        const name =
          key.kind === 'var'
            ? key.name
            : key.kind === 'literal' && typeof key.value === 'string'
              ? key.value
              : null;
        if (name === null) return ANY;
        if (value.kind === 'call' && value.name === 'optional') {
          const [inner, dflt] = value.args;
          attributes.set(name, { type: typeSpec(inner), optional: true, ...(dflt ? { default: dflt } : {}) });
        } else {
          attributes.set(name, { type: typeSpec(value), optional: false });
        }
      }
      return { kind: 'object', attributes };
    }
    default:
      return ANY;
  }
}

/** Whether the value can be inspected (not unknown, not a lazily evaluated resource or module object). */
function opaque(value: Value): boolean {
  return (
    isUnknown(value) ||
    (typeof value === 'object' && value !== null && !Array.isArray(value) && !isPlainObject(value))
  );
}

/**
 * `value` converted to `type`; an `Unknown` error when it cannot be. `defaultOf` evaluates an `optional()`
 * attribute default (constant expressions).
 */
export function convertToType(
  value: Value,
  type: TypeSpec,
  what: string,
  defaultOf: (expr: Expr) => Value,
): Value {
  if (type.kind === 'any' || value === null || opaque(value)) return value;
  const fail = (wanted: string) =>
    new Unknown(`${what}: ${wanted} is required, got ${describe(value)}`, undefined, true);
  switch (type.kind) {
    case 'string':
      if (typeof value === 'string') return value;
      if (typeof value === 'number' || typeof value === 'boolean') return String(value);
      return fail('a string');
    case 'number':
      if (typeof value === 'number') return value;
      if (typeof value === 'string' && /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(value))
        return Number(value);
      return fail('a number');
    case 'bool':
      if (typeof value === 'boolean') return value;
      if (value === 'true' || value === 'false') return value === 'true';
      return fail('a bool');
    case 'list':
    case 'set':
      if (!Array.isArray(value)) return fail(`a ${type.kind}`);
      return value.map((item, i) => convertToType(item, type.element, `${what}[${i}]`, defaultOf));
    case 'tuple':
      if (!Array.isArray(value) || value.length !== type.elements.length) {
        return fail(`a tuple of ${type.elements.length} elements`);
      }
      return value.map((item, i) => convertToType(item, type.elements[i] ?? ANY, `${what}[${i}]`, defaultOf));
    case 'map': {
      if (!isPlainObject(value)) return fail('a map');
      const out = newObject();
      for (const [key, item] of Object.entries(value)) {
        out[key] = convertToType(item, type.element, `${what}[${JSON.stringify(key)}]`, defaultOf);
      }
      return out;
    }
    case 'object': {
      if (!isPlainObject(value)) return fail('an object');
      const out = newObject();
      for (const [name, attr] of type.attributes) {
        const given = Object.hasOwn(value, name) ? value[name] : undefined;
        if (given === undefined || given === null) {
          if (!attr.optional && given === undefined) return fail(`an object with attribute "${name}"`);
          out[name] = attr.default
            ? convertToType(defaultOf(attr.default), attr.type, `${what}.${name}`, defaultOf)
            : null;
          continue;
        }
        out[name] = convertToType(given, attr.type, `${what}.${name}`, defaultOf);
      }
      return out;
    }
  }
}

function describe(value: Value): string {
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return `a ${typeName(value)}`;
}
