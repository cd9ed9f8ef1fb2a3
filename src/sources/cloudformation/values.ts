/**
 * What a template expression resolves to statically (the CloudFormation side of the IaC loaders' shared
 * unknown-value model, ../iac/unknown.ts).
 *
 * - plain data (strings, numbers, lists, maps) when everything is known;
 * - `Sym`: a string with parts only known at deploy time (`${AWS::AccountId}`, the generated name of a
 *   bucket in the same template). It cannot be a verdict on its own, but two expressions with the same
 *   symbolic text in one stack name the same thing, so it still links resources;
 * - `Unresolved`: impossible to know statically (Fn::ImportValue, a parameter without default…);
 * - `NO_VALUE`: `Ref AWS::NoValue`, which removes the property it is assigned to.
 */
import { knownText, Unresolvable, unknownMarker } from '../iac/unknown.js';

export class Sym {
  constructor(
    /** Readable text with the unknown parts spelled as `${AWS::AccountId}` or `<LogicalId>`. */
    readonly text: string,
    /** Set when the whole value names a bucket declared in a scanned template: its inventory name. */
    readonly bucket?: string,
  ) {}
}

/** `message` (what the finding shows): the reason, with the expression and file:line when known. */
export class Unresolved extends Unresolvable {
  constructor(
    readonly reason: string,
    /** The expression that could not be evaluated and where it is (`!Ref Name at file:12`). */
    readonly at?: string,
    /**
     * For a string built by Fn::Sub/Fn::Join with unknown parts: the known text with each unknown part
     * written `${?}` (`arn:aws:s3:::<Logs>/AWSLogs/${?}/*`). Only used to recognise a CloudTrail bucket
     * policy statement, never as a value.
     */
    partialText?: string,
  ) {
    super(at ? `${reason} (${at})` : reason, partialText === undefined ? undefined : { text: partialText });
  }

  get partialText(): string | undefined {
    return knownText(this);
  }
}

export const NO_VALUE: unique symbol = Symbol('AWS::NoValue');

export type Val = null | boolean | number | string | Sym | Unresolved | typeof NO_VALUE | Val[] | ValMap;
export interface ValMap {
  [key: string]: Val;
}

export function isValMap(value: Val): value is ValMap {
  return (
    value !== null &&
    typeof value === 'object' &&
    !Array.isArray(value) &&
    !(value instanceof Sym) &&
    !(value instanceof Unresolved)
  );
}

/** The first Unresolved inside a value (deep), if any. */
export function findUnresolved(value: Val): Unresolved | undefined {
  if (value instanceof Unresolved) return value;
  if (Array.isArray(value)) {
    for (const item of value) {
      const found = findUnresolved(item);
      if (found) return found;
    }
  } else if (isValMap(value)) {
    for (const item of Object.values(value)) {
      const found = findUnresolved(item);
      if (found) return found;
    }
  }
  return undefined;
}

/** Plain JSON for output (policies): symbolic parts keep their readable text. Caller checks Unresolved first. */
export function toPlain(value: Val): unknown {
  if (value instanceof Sym) return value.text;
  if (value instanceof Unresolved) return `<unresolved: ${value.message}>`;
  if (value === NO_VALUE) return null;
  if (Array.isArray(value)) return value.filter((v) => v !== NO_VALUE).map(toPlain);
  if (isValMap(value)) {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) if (item !== NO_VALUE) out[key] = toPlain(item);
    return out;
  }
  return value;
}

/**
 * A policy document as far as it could be resolved, for `error.partial` of an unresolved policy: unknown
 * strings built from known parts keep their `partialText`; other unknown values become error values.
 */
export function toPartial(value: Val): unknown {
  if (value instanceof Unresolved) return value.partialText ?? unknownMarker(value.message);
  if (value instanceof Sym) return value.text;
  if (value === NO_VALUE) return null;
  if (Array.isArray(value)) return value.filter((v) => v !== NO_VALUE).map(toPartial);
  if (isValMap(value)) {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) if (item !== NO_VALUE) out[key] = toPartial(item);
    return out;
  }
  return value;
}

/** A scalar as CloudFormation passes it to a string property (numbers and booleans become text). */
export function scalarText(value: Val): string | Sym | Unresolved {
  if (typeof value === 'string' || value instanceof Sym || value instanceof Unresolved) return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return new Unresolved('expected a string');
}

/** Deep equality of two resolved values (Sym by text); undefined when it cannot be known. */
export function sameValue(a: Val, b: Val): boolean | undefined {
  if (a instanceof Unresolved || b instanceof Unresolved) return undefined;
  if (a instanceof Sym || b instanceof Sym) {
    if (a instanceof Sym && b instanceof Sym && a.text === b.text) return true;
    return undefined;
  }
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    let result: boolean | undefined = true;
    a.forEach((item, i) => {
      const same = sameValue(item, b[i] as Val);
      if (same === false) result = false;
      else if (same === undefined && result) result = undefined;
    });
    return result;
  }
  if (isValMap(a) || isValMap(b)) return JSON.stringify(toPlain(a)) === JSON.stringify(toPlain(b));
  // Fn::Equals compares strings: CloudFormation passes "1" and 1 the same way to string parameters.
  return String(a) === String(b);
}
