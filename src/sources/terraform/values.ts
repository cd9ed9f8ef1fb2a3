/**
 * Values of the static Terraform evaluator. Anything that cannot be known before `terraform apply`
 * (data sources, computed attributes, remote modules, unset variables) is an `Unknown`: it spreads
 * through every operation and ends as an error value in the Inventory, never as a guess. `Unknown` is the
 * Terraform side of the IaC loaders' shared model (../iac/unknown.ts).
 */
import { knownText, type PartialContent, Unresolvable, unknownMarker } from '../iac/unknown.js';

export type Value = null | boolean | number | string | Value[] | ValueObject | Unknown | LazyObject;

export interface ValueObject {
  [key: string]: Value;
}

export class Unknown extends Unresolvable {
  constructor(
    message: string,
    /**
     * The resource address this value stands for (e.g. the unresolved name of `aws_s3_bucket.logs`):
     * an unknown *name* of a known resource still links the two resources, by reference.
     */
    readonly ref?: string,
    /** An evaluation error (missing attribute, bad index) rather than a value unknown until apply: `try()` skips it. */
    readonly isError = false,
    /**
     * A known fact rather than a gap: the expression refers to something that does not exist (an index out of
     * range of a known list, such as `aws_s3_bucket.logs[0]` when `logs` has `count = 0`; a missing map key).
     * Terraform rejects such a configuration; a logging target like that points at nothing.
     */
    readonly absent = false,
    /**
     * A symbolic value known only as itself, and the text it prints as: the account id of this
     * configuration's provider (`${aws_account_id}`), the generated name of a bucket (`<aws_s3_bucket.logs>`,
     * the name the Inventory gives that bucket). Equal to the same symbol, unknown against anything else.
     */
    readonly symbol?: string,
    /**
     * What is known of an unknown string (`policy` documents above all; `jsonencode`, a policy document's
     * `.json`), for `error.partial` of an unresolved bucket policy (see `PartialContent`).
     */
    partial?: PartialContent,
  ) {
    super(message, partial);
  }
}

/** The text of an unknown string as far as it is known, or undefined. */
export function partialTextOf(value: Unknown): string | undefined {
  return value.symbol ?? knownText(value);
}

/**
 * A value as plain JSON data with its unknown parts marked (see `Unknown.partial`): unknown strings known in
 * part keep their known text, other unknowns become `{ error: { code: "UNRESOLVED", message } }`. Object keys
 * sorted, as `jsonencode` writes them.
 */
export function partialJson(value: Value, depth = 0): unknown {
  if (value instanceof Unknown) {
    return partialTextOf(value) ?? unknownMarker(value.message);
  }
  if (depth > 64 || value instanceof LazyObject) return unknownMarker('not a plain value');
  if (Array.isArray(value)) return value.map((item) => partialJson(item, depth + 1));
  if (isPlainObject(value)) {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) out[key] = partialJson(value[key] as Value, depth + 1);
    return out;
  }
  return value;
}

/** The JSON document an unknown string is known to hold in part (a policy), or undefined. */
export function partialDocument(value: Unknown): Record<string, unknown> | undefined {
  let doc: unknown;
  if (value.partial && 'json' in value.partial) doc = value.partial.json;
  else {
    const text = partialTextOf(value);
    if (text === undefined) return undefined;
    try {
      doc = JSON.parse(text);
    } catch {
      return undefined;
    }
  }
  return doc !== null && typeof doc === 'object' && !Array.isArray(doc)
    ? (doc as Record<string, unknown>)
    : undefined;
}

/** `u` with what is known of the value it stands for (a new value: unknowns are shared). */
export function withPartial(u: Unknown, message: string, partial: PartialContent): Unknown {
  return new Unknown(message, undefined, u.isError, false, undefined, partial);
}

/** An index or key that a known collection does not have (see `Unknown.absent`). */
export function absentValue(message: string): Unknown {
  return new Unknown(message, undefined, true, true);
}

/** An object whose attributes are computed on demand (resources, modules, data sources). */
export abstract class LazyObject {
  abstract get(name: string): Value;
  /** For `jsonencode` / `for` over the object: the attributes that are known to exist. */
  abstract keys(): string[];
}

export function isUnknown(value: unknown): value is Unknown {
  return value instanceof Unknown;
}

export function isPlainObject(value: Value | undefined): value is ValueObject {
  return (
    value !== null &&
    typeof value === 'object' &&
    !Array.isArray(value) &&
    !(value instanceof Unknown) &&
    !(value instanceof LazyObject)
  );
}

/**
 * Finds the first unknown inside a value (deep), so a document with one unknown part is unknown. With
 * `symbols`, symbolic values (printed as their `${…}` token in JSON) do not count as unknown.
 */
export function firstUnknown(value: Value, depth = 0, symbols = false): Unknown | null {
  if (value instanceof Unknown) return symbols && value.symbol !== undefined ? null : value;
  if (depth > 64) return new Unknown('value nested too deeply');
  if (value instanceof LazyObject)
    return new Unknown('a whole resource or module object is not a plain value');
  if (Array.isArray(value)) {
    for (const item of value) {
      const u = firstUnknown(item, depth + 1, symbols);
      if (u) return u;
    }
    return null;
  }
  if (isPlainObject(value)) {
    for (const item of Object.values(value)) {
      const u = firstUnknown(item, depth + 1, symbols);
      if (u) return u;
    }
  }
  return null;
}

export function typeName(value: Value): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'tuple';
  if (value instanceof Unknown) return 'unknown';
  if (value instanceof LazyObject) return 'object';
  return typeof value === 'object' ? 'object' : typeof value;
}

/** Terraform's automatic conversion of a primitive to string (numbers and bools convert). */
export function toStringValue(value: Value): string | Unknown {
  // A symbolic value prints as its token: `arn:aws:iam::${aws_account_id}:root`, `arn:aws:s3:::<aws_s3_bucket.x>`.
  if (value instanceof Unknown) return value.symbol ?? value;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return new Unknown(`expected a string, got ${typeName(value)}`, undefined, true);
}

/**
 * Whether a string holds a symbol's token (`${…}`, also an IAM policy variable; `<type.name…>`, a bucket
 * name known only at apply time): such a string is not a known value, and equals only the same text.
 */
export function hasSymbol(text: string): boolean {
  return text.includes('${') || /<[^<>\s]*\.[^<>\s]*>/.test(text);
}

/** A string-keyed object safe against `__proto__` keys coming from user input. */
export function newObject(): ValueObject {
  return Object.create(null) as ValueObject;
}
