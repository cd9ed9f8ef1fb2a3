/**
 * The "unknown value" model of the IaC loaders (Terraform and CloudFormation/CDK): a value that the
 * configuration or template does not fix before deployment (a data source, a parameter without a
 * default, a computed name…) is an `Unresolvable`, never a guess, and reaches the Inventory as a `Read<T>`
 * error value with code UNRESOLVED. A string known in part keeps its known text with each unknown part
 * written `${?}`; an unresolved policy keeps the document as far as it is known in `error.partial`
 * (inventory/read.ts), which only lets the rules recognise a CloudTrail destination statement.
 *
 * Each loader subclasses `Unresolvable` with what its evaluator needs (Terraform: symbols, evaluation
 * errors, absent indexes; CloudFormation: the expression and its line), and shares the rest from here.
 */
import { type ErrorValue, errorValue, UNRESOLVED } from '../../inventory/read.js';

/** An unknown part of a partially known string (what the rules look for in `error.partial`). */
export const UNKNOWN_PART = '$' + '{?}';

/**
 * What is known of an unresolvable value: the text with each unknown part written `${?}`, or for a JSON
 * document (a policy) the document with unknown strings written so and other unknown values as error values.
 */
export type PartialContent = { text: string } | { json: unknown };

export class Unresolvable {
  constructor(
    /** Why the value is unknown, as the finding shows it. */
    readonly message: string,
    /** What is known of it; never evaluated as a value. */
    readonly partial?: PartialContent,
  ) {}
}

/** The text of an unresolvable string as far as it is known (a document as its JSON text), or undefined. */
export function knownText(value: Unresolvable): string | undefined {
  const { partial } = value;
  if (!partial) return undefined;
  return 'text' in partial ? partial.text : JSON.stringify(partial.json);
}

/** How an unknown value is written inside a partially known document. */
export function unknownMarker(message: string): ErrorValue {
  return errorValue(UNRESOLVED, message);
}

/**
 * The `Read<T>` error value of a value that could not be resolved; with `partial`, the document as far as
 * it is known (kept only when it is a JSON object, as a policy document is).
 */
export function unresolvedRead(message: string, partial?: unknown): ErrorValue {
  const value = errorValue(UNRESOLVED, message);
  if (partial !== null && typeof partial === 'object' && !Array.isArray(partial)) {
    value.error.partial = partial as Record<string, unknown>;
  }
  return value;
}
