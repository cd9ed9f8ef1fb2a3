/**
 * A short, readable rendering of a template expression for messages (`!If [Unknown, !Ref A, !Ref B]`),
 * in the short-form syntax people write. Bounded: the text stops at `MAX_CHARS` whatever the input.
 */
import type { Json } from './parse-template.js';

const MAX_CHARS = 120;

export function renderExpression(expr: Json): string {
  const out = { text: '' };
  render(expr, out);
  return out.text.length > MAX_CHARS ? `${out.text.slice(0, MAX_CHARS - 1)}…` : out.text;
}

function render(expr: Json, out: { text: string }): void {
  if (out.text.length > MAX_CHARS) return;
  if (expr === null || typeof expr !== 'object') {
    out.text += typeof expr === 'string' && /^[\w:./@${}*-]+$/.test(expr) ? expr : JSON.stringify(expr);
    return;
  }
  if (Array.isArray(expr)) {
    out.text += '[';
    expr.forEach((item, i) => {
      if (i > 0) out.text += ', ';
      render(item, out);
    });
    out.text += ']';
    return;
  }
  const keys = Object.keys(expr);
  const only = keys.length === 1 ? keys[0] : undefined;
  if (only === 'Ref' || only === 'Condition' || only?.startsWith('Fn::')) {
    out.text += `!${only.replace(/^Fn::/, '')} `;
    render(expr[only] as Json, out);
    return;
  }
  out.text += '{';
  keys.forEach((key, i) => {
    if (i > 0) out.text += ', ';
    out.text += `${key}: `;
    render(expr[key] as Json, out);
  });
  out.text += '}';
}
