/**
 * Equality of evaluated values: Terraform's `==` and the canonical key `distinct`, `toset`, `index` and
 * friends compare by. Kept apart from the evaluator so the function library can use it without importing
 * the evaluator that calls it (that was an import cycle).
 */
import { firstUnknown, hasSymbol, isPlainObject, isUnknown, Unknown, type Value } from './values.js';

/**
 * Terraform `==`: unknown when either side is. A symbolic value (the account id of this configuration)
 * equals itself and is unknown against anything else.
 */
export function equal(a: Value, b: Value): boolean | Unknown {
  const ua = firstUnknown(a);
  const ub = firstUnknown(b);
  if (ua || ub) {
    if (ua?.symbol !== undefined && ua === a && ub === b && ub?.symbol === ua.symbol) return true;
    // A symbol stands for a string that is never null (nor a number, bool or collection).
    const symbolic =
      ua === a && ua?.symbol !== undefined ? b : ub === b && ub?.symbol !== undefined ? a : undefined;
    if (symbolic !== undefined && !isUnknown(symbolic) && typeof symbolic !== 'string') return false;
    // The unknown to report: one that a value could resolve (a variable) before a symbol.
    if (ua && ua.symbol === undefined) return ua;
    return (ub && ub.symbol === undefined ? ub : (ua ?? ub)) as Unknown;
  }
  if (a === b) return true;
  if (typeof a === 'string' && typeof b === 'string') {
    // A string that holds a symbol's token equals only the same text: against any other text it is unknown.
    if (hasSymbol(a) || hasSymbol(b))
      return new Unknown(`comparing ${JSON.stringify(a)} with ${JSON.stringify(b)}: not known statically`);
    return false;
  }
  return canonicalKey(a) === canonicalKey(b);
}

/** A string that is equal for equal plain values (object keys sorted): for `==`, `distinct`, `toset`. */
export function canonicalKey(value: Value): string {
  return JSON.stringify(canonical(value));
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
