/**
 * HCL parsing with tree-sitter (web-tree-sitter + the Terraform grammar shipped as WebAssembly by
 * @tree-sitter-grammars/tree-sitter-hcl): a real parser that keeps positions, with no native build.
 * The concrete tree is converted into the small typed AST of `hcl-ast.ts`.
 */
import { createRequire } from 'node:module';
import { Language, type Node, Parser } from 'web-tree-sitter';
import type {
  Attribute,
  Block,
  Body,
  Expr,
  HclFile,
  HclSyntaxError,
  Pos,
  Step,
  TemplatePart,
} from './hcl-ast.js';

let parserPromise: Promise<Parser> | undefined;
/** The parser once loaded, for synchronous parses during evaluation (`templatefile()`). */
let loadedParser: Parser | undefined;

/** Loads the grammar once per process (about 30 ms); later calls reuse it. */
function getParser(): Promise<Parser> {
  parserPromise ??= (async () => {
    const require = createRequire(import.meta.url);
    await Parser.init();
    const wasm = require.resolve('@tree-sitter-grammars/tree-sitter-hcl/tree-sitter-terraform.wasm');
    const language = await Language.load(wasm);
    const parser = new Parser();
    parser.setLanguage(language);
    loadedParser = parser;
    return parser;
  })();
  return parserPromise;
}

export type ParseResult = { ok: true; file: HclFile } | { ok: false; error: HclSyntaxError };

/** Parses one file's text. A syntax error gives its first position and a short message. */
export async function parseHcl(file: string, text: string): Promise<ParseResult> {
  const parser = await getParser();
  const tree = parser.parse(text);
  if (!tree) return { ok: false, error: { file, line: 1, column: 1, message: 'the parser gave no tree' } };
  try {
    const root = tree.rootNode;
    if (root.hasError) {
      const bad = firstError(root);
      const pos = bad ? posOf(bad) : { line: 1, column: 1 };
      return { ok: false, error: { file, ...pos, message: bad ? errorMessage(bad) : 'syntax error' } };
    }
    const bodyNode = root.namedChildren.find((c) => c?.type === 'body');
    const body = bodyNode ? new Converter(text).body(bodyNode) : emptyBody();
    return { ok: true, file: { file, body } };
  } finally {
    tree.delete();
  }
}

function emptyBody(): Body {
  return { attributes: new Map(), blocks: [] };
}

function posOf(node: Node): Pos {
  return { line: node.startPosition.row + 1, column: node.startPosition.column + 1 };
}

function firstError(node: Node): Node | null {
  if (node.isError || node.isMissing) return node;
  if (!node.hasError) return null;
  for (const child of node.children) {
    if (!child) continue;
    const found = firstError(child);
    if (found) return found;
  }
  return node.hasError && node.isError ? node : null;
}

function errorMessage(node: Node): string {
  if (node.isMissing) return `syntax error: missing ${JSON.stringify(node.type)}`;
  const text = node.text.split('\n')[0]?.slice(0, 40) ?? '';
  return `syntax error: unexpected ${JSON.stringify(text)}`;
}

const BINARY_OPS = new Set(['==', '!=', '<', '>', '<=', '>=', '&&', '||', '+', '-', '*', '/', '%']);

/** tree-sitter node types that are expressions in their own right (operands are not always wrapped). */
const EXPR_TYPES = new Set([
  'expression',
  'literal_value',
  'collection_value',
  'template_expr',
  'variable_expr',
  'function_call',
  'for_expr',
  'operation',
  'conditional',
  'unary_operation',
  'binary_operation',
  'numeric_lit',
  'bool_lit',
  'null_lit',
  'string_lit',
  'tuple',
  'object',
  'quoted_template',
  'heredoc_template',
]);

class Converter {
  constructor(private readonly src: string) {}

  body(node: Node): Body {
    const body = emptyBody();
    for (const child of node.namedChildren) {
      if (!child) continue;
      if (child.type === 'attribute') {
        const attr = this.attribute(child);
        if (attr) body.attributes.set(attr.name, attr);
      } else if (child.type === 'block') {
        body.blocks.push(this.block(child));
      }
    }
    return body;
  }

  attribute(node: Node): Attribute | null {
    const name = node.namedChildren.find((c) => c?.type === 'identifier');
    const exprNode = node.namedChildren.find((c) => c && EXPR_TYPES.has(c.type));
    if (!name || !exprNode) return null;
    return { name: name.text, expr: this.expr(exprNode), pos: posOf(node) };
  }

  block(node: Node): Block {
    let type = '';
    const labels: string[] = [];
    let body = emptyBody();
    for (const child of node.namedChildren) {
      if (!child) continue;
      if (child.type === 'identifier') {
        if (type === '') type = child.text;
        else labels.push(child.text);
      } else if (child.type === 'string_lit') {
        labels.push(this.stringLit(child));
      } else if (child.type === 'body') {
        body = this.body(child);
      }
    }
    return { type, labels, body, pos: posOf(node) };
  }

  stringLit(node: Node): string {
    const start = node.children[0];
    const end = node.children[node.children.length - 1];
    if (!start || !end || start === end) return '';
    return unescapeQuoted(this.src.slice(start.endIndex, end.startIndex));
  }

  expr(node: Node): Expr {
    const pos = posOf(node);
    switch (node.type) {
      case 'expression':
        return this.expression(node);
      case 'literal_value':
      case 'collection_value':
      case 'template_expr':
      case 'operation': {
        const inner = node.namedChildren[0];
        return inner ? this.expr(inner) : unsupported(node);
      }
      case 'numeric_lit':
        return { kind: 'literal', value: Number(node.text), pos };
      case 'bool_lit':
        return { kind: 'literal', value: node.text === 'true', pos };
      case 'null_lit':
        return { kind: 'literal', value: null, pos };
      case 'string_lit':
        return { kind: 'literal', value: this.stringLit(node), pos };
      case 'quoted_template':
        return this.quotedTemplate(node);
      case 'heredoc_template':
        return this.heredoc(node);
      case 'variable_expr':
        return { kind: 'var', name: node.text, pos };
      case 'tuple':
        return { kind: 'tuple', items: this.exprChildren(node), pos };
      case 'object':
        return this.object(node);
      case 'function_call':
        return this.call(node);
      case 'conditional': {
        const [cond, then, otherwise] = this.exprChildren(node);
        if (!cond || !then || !otherwise) return unsupported(node);
        return { kind: 'conditional', cond, then, else: otherwise, pos };
      }
      case 'unary_operation': {
        // Operands are flat sequences (a primary then its attribute/index steps), not wrapped nodes.
        const children = node.children.filter((c): c is Node => c !== null);
        const op = children[0]?.text ?? '';
        const operand = this.sequence(children.slice(1), node);
        return { kind: 'unary', op, operand, pos };
      }
      case 'binary_operation': {
        const children = node.children.filter((c): c is Node => c !== null);
        const at = children.findIndex((c, i) => i > 0 && !c.isNamed && BINARY_OPS.has(c.type));
        const opNode = children[at];
        if (at < 0 || !opNode) return unsupported(node);
        const left = this.sequence(children.slice(0, at), node);
        const right = this.sequence(children.slice(at + 1), node);
        return { kind: 'binary', op: opNode.type, left, right, pos };
      }
      case 'for_expr':
        return this.forExpr(node);
      default:
        return unsupported(node);
    }
  }

  exprChildren(node: Node): Expr[] {
    const out: Expr[] = [];
    for (const c of node.namedChildren) if (c && EXPR_TYPES.has(c.type)) out.push(this.expr(c));
    return out;
  }

  /** `expression` = a primary expression followed by attribute / index / splat steps. */
  expression(node: Node): Expr {
    return this.sequence(
      node.children.filter((c): c is Node => c !== null),
      node,
    );
  }

  sequence(children: Node[], node: Node): Expr {
    const first = children[0];
    if (!first) return unsupported(node);
    let base: Expr;
    let rest: Node[];
    if (first.type === '(') {
      const inner = children.find((c) => EXPR_TYPES.has(c.type));
      if (!inner) return unsupported(node);
      base = this.expr(inner);
      const close = children.findIndex((c) => c.type === ')');
      rest = children.slice(close + 1);
    } else {
      base = this.expr(first);
      rest = children.slice(1);
    }
    const steps: Step[] = [];
    for (const step of rest) this.steps(step, steps);
    if (steps.length === 0) return base;
    return { kind: 'traversal', base, steps, pos: posOf(first) };
  }

  steps(node: Node, out: Step[]): void {
    switch (node.type) {
      case 'get_attr': {
        const id = node.namedChildren.find((c) => c?.type === 'identifier');
        if (id) out.push({ kind: 'attr', name: id.text });
        return;
      }
      case 'index': {
        const inner = node.namedChildren[0];
        if (!inner) return;
        if (inner.type === 'legacy_index') {
          const n = Number(inner.text.replace(/^\./, ''));
          out.push({ kind: 'index', key: { kind: 'literal', value: n, pos: posOf(inner) } });
        } else {
          const key = inner.namedChildren.find((c) => c && EXPR_TYPES.has(c.type));
          if (key) out.push({ kind: 'index', key: this.expr(key) });
        }
        return;
      }
      case 'splat': {
        const inner = node.namedChildren[0];
        out.push({ kind: 'splat' });
        if (inner) for (const c of inner.namedChildren) if (c) this.steps(c, out);
        return;
      }
      default:
        return;
    }
  }

  object(node: Node): Expr {
    const items: { key: Expr; value: Expr }[] = [];
    for (const elem of node.namedChildren) {
      if (elem?.type !== 'object_elem') continue;
      const [key, value] = this.exprChildren(elem);
      if (!key || !value) continue;
      // A bare identifier key (`{ a = 1 }`) is the string "a", not a variable.
      const bareKey: Expr = key.kind === 'var' ? { kind: 'literal', value: key.name, pos: key.pos } : key;
      items.push({ key: bareKey, value });
    }
    return { kind: 'object', items, pos: posOf(node) };
  }

  call(node: Node): Expr {
    const name = node.namedChildren.filter((c) => c?.type === 'identifier').map((c) => c?.text ?? '');
    const argsNode = node.namedChildren.find((c) => c?.type === 'function_arguments');
    const args = argsNode ? this.exprChildren(argsNode) : [];
    const expandFinal = argsNode ? argsNode.children.some((c) => c?.type === 'ellipsis') : false;
    return { kind: 'call', name: name.join('::'), args, expandFinal, pos: posOf(node) };
  }

  forExpr(node: Node): Expr {
    const inner = node.namedChildren[0];
    if (!inner) return unsupported(node);
    const intro = inner.namedChildren.find((c) => c?.type === 'for_intro');
    if (!intro) return unsupported(node);
    const ids = intro.namedChildren.filter((c) => c?.type === 'identifier').map((c) => c?.text ?? '');
    const collection = this.exprChildren(intro)[0];
    const condNode = inner.namedChildren.find((c) => c?.type === 'for_cond');
    const cond = condNode ? (this.exprChildren(condNode)[0] ?? null) : null;
    const bodyExprs = this.exprChildren(inner);
    if (!collection || ids.length === 0) return unsupported(node);
    const isObject = inner.type === 'for_object_expr';
    const keyVar = ids.length > 1 ? (ids[0] ?? null) : null;
    const valueVar = ids[ids.length - 1] ?? '';
    const grouping = inner.namedChildren.some((c) => c?.type === 'ellipsis');
    if (isObject) {
      const [keyExpr, valueExpr] = bodyExprs;
      if (!keyExpr || !valueExpr) return unsupported(node);
      return {
        kind: 'for',
        keyVar,
        valueVar,
        collection,
        keyExpr,
        valueExpr,
        cond,
        grouping,
        pos: posOf(node),
      };
    }
    const valueExpr = bodyExprs[0];
    if (!valueExpr) return unsupported(node);
    return {
      kind: 'for',
      keyVar,
      valueVar,
      collection,
      keyExpr: null,
      valueExpr,
      cond,
      grouping: false,
      pos: posOf(node),
    };
  }

  quotedTemplate(node: Node): Expr {
    const children = node.children.filter((c): c is Node => c !== null);
    const start = children[0];
    const end = children[children.length - 1];
    if (!start || !end) return unsupported(node);
    return this.templateParts(node, children.slice(1, -1), start.endIndex, end.startIndex, (s) =>
      unescapeQuoted(s),
    );
  }

  heredoc(node: Node): Expr {
    const children = node.children.filter((c): c is Node => c !== null);
    const idents = children.filter((c) => c.type === 'heredoc_identifier');
    const open = idents[0];
    const close = idents[1];
    if (!open || !close) return unsupported(node);
    const strip = children.some((c) => c.type === 'heredoc_start' && c.text === '<<-');
    // Content starts on the line after `<<EOT` and ends before the line holding the closing marker.
    const contentStart = this.src.indexOf('\n', open.endIndex) + 1;
    const contentEnd = this.src.lastIndexOf('\n', close.startIndex - 1) + 1;
    const inner = children.filter((c) => c.startIndex >= contentStart && c.endIndex <= contentEnd);
    let indent = 0;
    if (strip) {
      // `<<-` removes the smallest indentation of the non-blank lines (HCL native syntax spec, heredocs).
      const lines = this.src.slice(contentStart, contentEnd).split('\n');
      const widths = lines.filter((l) => l.trim() !== '').map((l) => l.length - l.trimStart().length);
      indent = widths.length ? Math.min(...widths) : 0;
    }
    const dedent = (s: string, atLineStart: boolean): string => {
      if (indent === 0) return s;
      const re = new RegExp(`\\n[ \\t]{0,${indent}}`, 'g');
      const body = s.replace(re, '\n');
      return atLineStart ? body.replace(new RegExp(`^[ \\t]{0,${indent}}`), '') : body;
    };
    const heredocLiteral = (s: string, atLineStart: boolean) =>
      dedent(s, atLineStart)
        .replace(/\$\$\{/g, '${')
        .replace(/%%\{/g, '%{');
    return this.templateParts(node, inner, contentStart, Math.max(contentStart, contentEnd), heredocLiteral);
  }

  templateParts(
    node: Node,
    children: Node[],
    from: number,
    to: number,
    literal: (s: string, atLineStart: boolean) => string,
  ): Expr {
    const parts = this.templateSeq(children, from, to, literal, false, false);
    const directive = children.some((c) => c.type === 'template_directive');
    return { kind: 'template', parts, directive, pos: posOf(node) };
  }

  /**
   * Literal text and expressions of a run of template nodes between `from` and `to`; `%{ if }` and
   * `%{ for }` become nested parts. Strip markers (`~`) trim the whitespace of the neighbouring literal text
   * (HCL template spec); `stripStart` / `stripEnd` come from the directive that encloses this run.
   */
  templateSeq(
    children: Node[],
    from: number,
    to: number,
    literal: (s: string, atLineStart: boolean) => string,
    stripStart: boolean,
    stripEnd: boolean,
  ): TemplatePart[] {
    const parts: (TemplatePart | Strip)[] = [];
    if (stripStart) parts.push(STRIP_AFTER);
    let cursor = from;
    const pushLiteral = (end: number) => {
      if (end > cursor) {
        const atLineStart = cursor === 0 || this.src[cursor - 1] === '\n';
        parts.push(literal(this.src.slice(cursor, end), atLineStart));
      }
    };
    for (const child of children) {
      if (child.type === 'template_interpolation') {
        pushLiteral(child.startIndex);
        const [before, after] = stripMarks(child);
        if (before) parts.push(STRIP_BEFORE);
        const inner = child.namedChildren.find((c) => c && EXPR_TYPES.has(c.type));
        parts.push(inner ? this.expr(inner) : unsupported(child));
        if (after) parts.push(STRIP_AFTER);
        cursor = child.endIndex;
      } else if (child.type === 'template_directive') {
        pushLiteral(child.startIndex);
        parts.push(...this.directive(child, literal));
        cursor = child.endIndex;
      }
    }
    pushLiteral(to);
    if (stripEnd) parts.push(STRIP_BEFORE);
    return applyStrips(parts);
  }

  /** `%{ if }…%{ else }…%{ endif }` or `%{ for }…%{ endfor }`, with the strips outside it. */
  directive(node: Node, literal: (s: string, atLineStart: boolean) => string): (TemplatePart | Strip)[] {
    const inner = node.namedChildren.find((c) => c?.type === 'template_if' || c?.type === 'template_for');
    if (!inner) return [unsupported(node)];
    const kids = inner.children.filter((c): c is Node => c !== null);
    const intro = kids[0];
    const end = kids[kids.length - 1];
    if (!intro || !end || kids.length < 2) return [unsupported(node)];
    const [introBefore, introAfter] = stripMarks(intro);
    const [endBefore, endAfter] = stripMarks(end);
    const condition = intro.namedChildren.find((c) => c && EXPR_TYPES.has(c.type));
    if (!condition) return [unsupported(node)];
    const out: (TemplatePart | Strip)[] = [];
    if (introBefore) out.push(STRIP_BEFORE);
    const pos = posOf(node);
    if (inner.type === 'template_if') {
      const elseAt = kids.findIndex((c) => c.type === 'template_else_intro');
      const elseNode = elseAt > 0 ? kids[elseAt] : undefined;
      const [elseBefore, elseAfter] = elseNode ? stripMarks(elseNode) : [false, false];
      const thenNodes = kids.slice(1, elseAt > 0 ? elseAt : -1);
      const thenEnd = elseNode ? elseNode.startIndex : end.startIndex;
      const then = this.templateSeq(
        thenNodes,
        intro.endIndex,
        thenEnd,
        literal,
        introAfter,
        elseNode ? elseBefore : endBefore,
      );
      const otherwise = elseNode
        ? this.templateSeq(
            kids.slice(elseAt + 1, -1),
            elseNode.endIndex,
            end.startIndex,
            literal,
            elseAfter,
            endBefore,
          )
        : [];
      out.push({ kind: 'templateIf', cond: this.expr(condition), then, else: otherwise, pos });
    } else {
      const names = intro.namedChildren.filter((c): c is Node => c?.type === 'identifier').map((c) => c.text);
      const valueVar = names[names.length - 1];
      if (!valueVar) return [unsupported(node)];
      const body = this.templateSeq(
        kids.slice(1, -1),
        intro.endIndex,
        end.startIndex,
        literal,
        introAfter,
        endBefore,
      );
      out.push({
        kind: 'templateFor',
        keyVar: names.length > 1 ? (names[0] ?? null) : null,
        valueVar,
        collection: this.expr(condition),
        body,
        pos,
      });
    }
    if (endAfter) out.push(STRIP_AFTER);
    return out;
  }
}

/** Strip-marker sentinels while a template run is assembled. */
type Strip = { strip: 'before' | 'after' };
const STRIP_BEFORE: Strip = { strip: 'before' };
const STRIP_AFTER: Strip = { strip: 'after' };

/** Whether `${~`/`%{~` (whitespace before) and `~}` (whitespace after) strip markers are present. */
function stripMarks(node: Node): [boolean, boolean] {
  const kids = node.children.filter((c): c is Node => c !== null);
  const before = kids[1]?.type === 'strip_marker';
  const after = kids.length > 2 && kids[kids.length - 2]?.type === 'strip_marker';
  return [before, after];
}

function applyStrips(parts: (TemplatePart | Strip)[]): TemplatePart[] {
  const out: TemplatePart[] = [];
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i];
    if (part === STRIP_BEFORE) {
      const prev = out[out.length - 1];
      if (typeof prev === 'string') out[out.length - 1] = prev.replace(/\s+$/, '');
    } else if (part === STRIP_AFTER) {
      const next = parts[i + 1];
      if (typeof next === 'string') parts[i + 1] = next.replace(/^\s+/, '');
    } else if (part !== undefined) out.push(part as TemplatePart);
  }
  return out.filter((p) => p !== '');
}

/**
 * Parses the text of a template file (`templatefile()`) as a heredoc body, synchronously: the grammar is
 * loaded by then (the .tf files were parsed first). `undefined` when the parser is not loaded.
 */
export function parseTemplateSync(text: string): { parts: TemplatePart[] } | { error: string } | undefined {
  if (!loadedParser) return undefined;
  let marker = 'TRAILGUARD_TEMPLATE_END';
  while (text.includes(marker)) marker += '_';
  const body = text.endsWith('\n') ? text : `${text}\n`;
  const src = `x = <<${marker}\n${body}${marker}\n`;
  const tree = loadedParser.parse(src);
  if (!tree) return { error: 'the parser gave no tree' };
  try {
    if (tree.rootNode.hasError) {
      const bad = firstError(tree.rootNode);
      const line = bad ? bad.startPosition.row : 0;
      return { error: `${bad ? errorMessage(bad) : 'syntax error'} at line ${line}` };
    }
    const bodyNode = tree.rootNode.namedChildren.find((c) => c?.type === 'body');
    const attr = bodyNode ? new Converter(src).body(bodyNode).attributes.get('x') : undefined;
    if (attr?.expr.kind !== 'template') return { error: 'not a template' };
    const parts = [...attr.expr.parts];
    if (!text.endsWith('\n')) {
      const last = parts[parts.length - 1];
      if (typeof last === 'string') {
        if (last === '\n') parts.pop();
        else parts[parts.length - 1] = last.slice(0, -1);
      }
    }
    return { parts };
  } finally {
    tree.delete();
  }
}

function unsupported(node: Node): Expr {
  return { kind: 'unsupported', text: node.text.slice(0, 80), pos: posOf(node) };
}

/** Quoted-string escapes of the HCL native syntax, plus `$${` and `%%{` (literal `${` and `%{`). */
export function unescapeQuoted(raw: string): string {
  return raw.replace(
    /\\(u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|.)|\$\$\{|%%\{/g,
    (match, esc: string | undefined) => {
      if (match === '$${') return '${';
      if (match === '%%{') return '%{';
      if (!esc) return match;
      switch (esc[0]) {
        case 'n':
          return '\n';
        case 't':
          return '\t';
        case 'r':
          return '\r';
        case '"':
          return '"';
        case '\\':
          return '\\';
        case 'u':
        case 'U': {
          const code = Number.parseInt(esc.slice(1), 16);
          return code <= 0x10ffff ? String.fromCodePoint(code) : match;
        }
        default:
          return match;
      }
    },
  );
}
