import { escapeJsonText } from './sanitize.js';

/**
 * `JSON.stringify(value, null, space)` as a stream of chunks, byte for byte the same text, so a report
 * or snapshot of a million buckets is never one string (V8 caps a string at about 512 MB, and building
 * one doubles the peak memory). Arrays and objects down to `depth` levels are walked element by
 * element; anything deeper is small (one finding, one bucket) and goes through JSON.stringify whole.
 * One difference: DEL, C1 controls and bidi / zero-width characters, which JSON.stringify leaves raw,
 * are written as `\uXXXX` escapes (the same value; see escapeJsonText in sanitize.ts).
 */

/** An array whose elements are made one at a time while writing (`map` runs once per element). */
export class MappedArray<T = unknown, U = unknown> {
  constructor(
    readonly items: readonly T[],
    readonly map: (item: T, index: number) => U,
  ) {}

  /** Inside a value written whole by JSON.stringify (below the walk depth), it is the plain array. */
  toJSON(): U[] {
    return this.items.map(this.map);
  }
}

export interface JsonChunkOptions {
  /** Spaces per indent level, as JSON.stringify's third argument; 0 = compact. */
  space?: number;
  /** Levels walked element by element before handing a value to JSON.stringify whole. */
  depth?: number;
}

/** What JSON.stringify would serialise for this value (toJSON applied), or undefined when it omits it. */
function jsonable(value: unknown, key: string): unknown {
  let v = value;
  if (v instanceof MappedArray) return v;
  if (v !== null && typeof v === 'object' && typeof (v as { toJSON?: unknown }).toJSON === 'function') {
    v = (v as { toJSON(key: string): unknown }).toJSON(key);
  }
  if (v === undefined || typeof v === 'function' || typeof v === 'symbol') return undefined;
  return v;
}

export function* jsonChunks(value: unknown, options: JsonChunkOptions = {}): Generator<string> {
  // (An indent of spaces only: leaf() relies on it to count levels.)
  const space = options.space ?? 2;
  const top = jsonable(value, '');
  if (top === undefined) return;
  yield* walk(top, options.depth ?? 4, '', ' '.repeat(space));
}

function* walk(value: unknown, depth: number, indent: string, step: string): Generator<string> {
  if (!(value instanceof MappedArray) && (depth <= 0 || value === null || typeof value !== 'object')) {
    yield leaf(value, indent, step);
    return;
  }
  const inner = indent + step;
  const open = step ? `\n${inner}` : '';
  const comma = step ? `,\n${inner}` : ',';
  const close = step ? `\n${indent}` : '';
  if (value instanceof MappedArray || Array.isArray(value)) {
    const items: readonly unknown[] = value instanceof MappedArray ? value.items : value;
    if (items.length === 0) {
      yield '[]';
      return;
    }
    yield '[';
    for (let i = 0; i < items.length; i++) {
      yield i === 0 ? open : comma;
      const raw = value instanceof MappedArray ? value.map(items[i], i) : items[i];
      const element = jsonable(raw, String(i));
      if (element === undefined) yield 'null';
      else yield* walk(element, depth - 1, inner, step);
    }
    yield `${close}]`;
    return;
  }
  const colon = step ? ': ' : ':';
  let first = true;
  for (const key of Object.keys(value)) {
    const member = jsonable((value as Record<string, unknown>)[key], key);
    if (member === undefined) continue;
    yield `${first ? `{${open}` : comma}${escapeJsonText(JSON.stringify(key))}${colon}`;
    first = false;
    yield* walk(member, depth - 1, inner, step);
  }
  yield first ? '{}' : `${close}}`;
}

function leaf(value: unknown, indent: string, step: string): string {
  if (!indent || !step || value === null || typeof value !== 'object') {
    return escapeJsonText(JSON.stringify(value, null, step) as string);
  }
  // Indented `levels` deep: stringify it inside as many one-element arrays and cut those off (faster
  // than re-indenting every line of the text afterwards).
  const levels = indent.length / step.length;
  let wrapped: unknown = value;
  for (let i = 0; i < levels; i++) wrapped = [wrapped];
  const text = JSON.stringify(wrapped, null, step);
  let head = 0;
  let tail = 0;
  for (let i = 0; i < levels; i++) {
    head += 2 + step.length * (i + 1);
    tail += 2 + step.length * i;
  }
  return escapeJsonText(text.slice(head, text.length - tail));
}

/** Joins small chunks into ~64 KiB pieces, so writers make few system calls. */
export function* batched(chunks: Iterable<string>, size = 64 * 1024): Generator<string> {
  let buffer = '';
  for (const chunk of chunks) {
    buffer += chunk;
    if (buffer.length >= size) {
      yield buffer;
      buffer = '';
    }
  }
  if (buffer) yield buffer;
}

/** The whole text, for callers that want a string (small reports, tests). */
export function joinChunks(chunks: Iterable<string>): string {
  let text = '';
  for (const chunk of chunks) text += chunk;
  return text;
}
