/**
 * A short, readable rendering of an expression for messages (`aws_s3_bucket.logs[0].id`,
 * `one(aws_s3_bucket.logs[*].id)`): an UNRESOLVED value names the expression that could not be evaluated.
 * Long expressions are cut; nesting is bounded (the text is for people, not for re-parsing).
 */
import type { Expr, Step, TemplatePart } from './hcl-ast.js';

const MAX_TEXT = 120;

export function exprText(expr: Expr): string {
  const text = render(expr, 0);
  return text.length > MAX_TEXT ? `${text.slice(0, MAX_TEXT - 1)}…` : text;
}

function render(expr: Expr, depth: number): string {
  if (depth > 12) return '…';
  const r = (e: Expr) => render(e, depth + 1);
  switch (expr.kind) {
    case 'literal':
      return typeof expr.value === 'string' ? JSON.stringify(expr.value) : String(expr.value);
    case 'template':
      return `"${parts(expr.parts, depth)}"`;
    case 'templateIf':
      return `%{ if ${r(expr.cond)} }…%{ endif }`;
    case 'templateFor':
      return `%{ for ${expr.valueVar} in ${r(expr.collection)} }…%{ endfor }`;
    case 'tuple':
      return `[${expr.items.map(r).join(', ')}]`;
    case 'object':
      return `{ ${expr.items.map((i) => `${r(i.key)} = ${r(i.value)}`).join(', ')} }`;
    case 'var':
      return expr.name;
    case 'traversal':
      return r(expr.base) + expr.steps.map((s) => step(s, depth)).join('');
    case 'call':
      return `${expr.name}(${expr.args.map(r).join(', ')}${expr.expandFinal ? '...' : ''})`;
    case 'conditional':
      return `${r(expr.cond)} ? ${r(expr.then)} : ${r(expr.else)}`;
    case 'for':
      return `[for ${expr.keyVar ? `${expr.keyVar}, ` : ''}${expr.valueVar} in ${r(expr.collection)} : …]`;
    case 'unary':
      return `${expr.op}${r(expr.operand)}`;
    case 'binary':
      return `${r(expr.left)} ${expr.op} ${r(expr.right)}`;
    case 'unsupported':
      return expr.text;
  }
}

function step(s: Step, depth: number): string {
  if (s.kind === 'attr') return `.${s.name}`;
  if (s.kind === 'splat') return '[*]';
  return `[${render(s.key, depth + 1)}]`;
}

function parts(list: TemplatePart[], depth: number): string {
  return list
    .map((p) => (typeof p === 'string' ? p.replace(/"/g, '\\"') : `\${${render(p, depth + 1)}}`))
    .join('');
}
