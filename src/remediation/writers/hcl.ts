/** A tiny HCL emitter for the Terraform patch: JSON-like values as HCL expressions, and raw expressions. */
import { replaceUnsafe } from '../../util/sanitize.js';

/** An HCL expression written as-is (a reference such as `aws_s3_bucket.logs.id`). */
export class HclExpr {
  constructor(readonly text: string) {}
}

export type HclValue = string | number | boolean | null | HclExpr | HclValue[] | { [key: string]: HclValue };

/**
 * An HCL string literal: escapes quotes and backslashes, and `${` / `%{` so nothing is interpolated;
 * other control and bidi / zero-width characters become `\uNNNN` / `\UNNNNNNNN` (same value, visible).
 */
export function hclString(text: string): string {
  const escaped = text
    .replace(/\\/g, '\\\\')
    .replace(/"/g, '\\"')
    .replace(/\n/g, '\\n')
    .replace(/\r/g, '\\r')
    .replace(/\t/g, '\\t')
    // A function replacer: in a replacement string `$$` would itself mean one `$`.
    .replace(/([$%])\{/g, (_m, sigil: string) => `${sigil}${sigil}{`);
  return `"${replaceUnsafe(escaped, (c) => {
    const code = c.codePointAt(0) ?? 0;
    return code > 0xffff
      ? `\\U${code.toString(16).padStart(8, '0')}`
      : `\\u${code.toString(16).padStart(4, '0')}`;
  })}"`;
}

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_-]*$/;

export function hclValue(value: HclValue | unknown, indent = ''): string {
  if (value instanceof HclExpr) return value.text;
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'string') return hclString(value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  const inner = `${indent}  `;
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    return `[\n${value.map((v) => `${inner}${hclValue(v, inner)},`).join('\n')}\n${indent}]`;
  }
  const entries = Object.entries(value as Record<string, unknown>);
  if (entries.length === 0) return '{}';
  const lines = entries.map(
    ([k, v]) => `${inner}${IDENTIFIER.test(k) ? k : hclString(k)} = ${hclValue(v, inner)}`,
  );
  return `{\n${lines.join('\n')}\n${indent}}`;
}

/** A Terraform identifier (resource name) from any text: letters, digits, underscores, starting with a letter. */
export function tfName(text: string): string {
  const name = text
    .toLowerCase()
    .replace(/[^a-z0-9_]+/g, '_')
    .replace(/^_+|_+$/g, '');
  return /^[a-z]/.test(name) ? name : `b_${name}`;
}
