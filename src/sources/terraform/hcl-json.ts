/**
 * Terraform's JSON syntax (`.tf.json`, `.tfvars.json`) → the same AST as native HCL (`hcl-ast.ts`), with
 * the line of every key, so the evaluator and the findings treat both syntaxes alike.
 *
 * Mapping (Terraform "JSON Configuration Syntax"): top-level keys are block types; `resource` / `data` nest
 * two labels, `module` / `variable` / `output` / `provider` one; inside a body, strings are templates
 * (`"${aws_s3_bucket.logs.id}"`), except `variable.default` and tfvars values, which are literal. Without
 * the provider schema a JSON object (or array of objects) cannot be told from a nested block, so it is
 * both: an attribute (object / tuple) and block(s) — each reader asks for the one it expects.
 */
import type { Block, Body, Expr, HclFile, Pos } from './hcl-ast.js';
import type { ParseResult } from './hcl-parse.js';
import { parseTemplateString } from './hcl-parse.js';

type JsonNode =
  | { type: 'object'; entries: { key: string; keyPos: Pos; value: JsonNode }[]; pos: Pos }
  | { type: 'array'; items: JsonNode[]; pos: Pos }
  | { type: 'string'; value: string; pos: Pos }
  | { type: 'literal'; value: number | boolean | null; pos: Pos };

class JsonFailure extends Error {
  constructor(
    message: string,
    readonly pos: Pos,
    readonly depth = false,
  ) {
    super(message);
  }
}

/** A JSON reader that keeps the line and column of every value and key, with a nesting budget. */
class JsonReader {
  private i = 0;
  private line = 1;
  private lineStart = 0;
  private depth = 0;

  constructor(
    private readonly src: string,
    private readonly maxDepth: number,
  ) {
    if (src.charCodeAt(0) === 0xfeff) this.i = this.lineStart = 1;
  }

  document(): JsonNode {
    const value = this.value();
    this.skip();
    if (this.i < this.src.length) this.fail('unexpected text after the JSON value');
    return value;
  }

  private pos(): Pos {
    return { line: this.line, column: this.i - this.lineStart + 1 };
  }

  private fail(message: string): never {
    throw new JsonFailure(`syntax error: ${message}`, this.pos());
  }

  private skip(): void {
    const src = this.src;
    for (;;) {
      const c = src.charCodeAt(this.i);
      if (c === 10) {
        this.i++;
        this.line++;
        this.lineStart = this.i;
      } else if (c === 32 || c === 9 || c === 13) this.i++;
      else return;
    }
  }

  private value(): JsonNode {
    this.skip();
    const pos = this.pos();
    const c = this.src[this.i];
    if (c === '{' || c === '[') {
      if (++this.depth > this.maxDepth) {
        throw new JsonFailure(
          `nesting deeper than ${this.maxDepth} levels: over the depth limit of ${this.maxDepth} (raise it with --limit depth=N)`,
          pos,
          true,
        );
      }
      const node = c === '{' ? this.object(pos) : this.array(pos);
      this.depth--;
      return node;
    }
    if (c === '"') return { type: 'string', value: this.string(), pos };
    const m = /-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?|true|false|null/y;
    m.lastIndex = this.i;
    const found = m.exec(this.src);
    if (!found) this.fail(this.i >= this.src.length ? 'unexpected end of file' : 'expected a JSON value');
    this.i += found[0].length;
    const text = found[0];
    const value = text === 'true' ? true : text === 'false' ? false : text === 'null' ? null : Number(text);
    return { type: 'literal', value, pos };
  }

  private string(): string {
    const src = this.src;
    const start = this.i;
    let at = start + 1;
    for (;;) {
      const c = src.charCodeAt(at);
      if (Number.isNaN(c) || c === 10) this.fail('unterminated string');
      if (c === 92) at += 2;
      else if (c === 34) break;
      else at++;
    }
    this.i = at + 1;
    try {
      return JSON.parse(src.slice(start, at + 1)) as string;
    } catch {
      this.i = start;
      return this.fail('invalid string escape');
    }
  }

  private object(pos: Pos): JsonNode {
    this.i++;
    const entries: { key: string; keyPos: Pos; value: JsonNode }[] = [];
    this.skip();
    if (this.src[this.i] === '}') {
      this.i++;
      return { type: 'object', entries, pos };
    }
    for (;;) {
      this.skip();
      const keyPos = this.pos();
      if (this.src[this.i] !== '"') this.fail('expected a quoted key');
      const key = this.string();
      this.skip();
      if (this.src[this.i] !== ':') this.fail('expected ":"');
      this.i++;
      entries.push({ key, keyPos, value: this.value() });
      this.skip();
      const c = this.src[this.i];
      this.i++;
      if (c === '}') return { type: 'object', entries, pos };
      if (c !== ',') {
        this.i--;
        this.fail('expected "," or "}"');
      }
    }
  }

  private array(pos: Pos): JsonNode {
    this.i++;
    const items: JsonNode[] = [];
    this.skip();
    if (this.src[this.i] === ']') {
      this.i++;
      return { type: 'array', items, pos };
    }
    for (;;) {
      items.push(this.value());
      this.skip();
      const c = this.src[this.i];
      this.i++;
      if (c === ']') return { type: 'array', items, pos };
      if (c !== ',') {
        this.i--;
        this.fail('expected "," or "]"');
      }
    }
  }
}

/** Block types whose JSON form nests labels as object keys, and how many. */
const LABELS: Record<string, number> = {
  resource: 2,
  data: 2,
  module: 1,
  variable: 1,
  output: 1,
  provider: 1,
};
/** Nested blocks with one label (`dynamic "logging" {…}`). */
const NESTED_LABELS: Record<string, number> = { dynamic: 1, provisioner: 1 };

export function parseTfJson(
  file: string,
  text: string,
  options: { maxDepth: number; tfvars?: boolean },
): ParseResult {
  try {
    const root = new JsonReader(text, options.maxDepth).document();
    if (root.type !== 'object') {
      return {
        ok: false,
        error: { file, ...root.pos, message: 'syntax error: a Terraform JSON file holds one object' },
      };
    }
    const convert = new Converter(options.maxDepth);
    const body: Body = options.tfvars ? convert.literalBody(root) : convert.topLevel(root);
    const result: HclFile = { file, body };
    return { ok: true, file: result };
  } catch (error) {
    if (error instanceof JsonFailure) {
      return {
        ok: false,
        error: { file, line: error.pos.line, column: error.pos.column, message: error.message },
        ...(error.depth ? { depthExceeded: true } : {}),
      };
    }
    if (error instanceof TemplateFailure) {
      return {
        ok: false,
        error: { file, line: error.pos.line, column: error.pos.column, message: error.message },
      };
    }
    throw error;
  }
}

class TemplateFailure extends Error {
  constructor(
    message: string,
    readonly pos: Pos,
  ) {
    super(message);
  }
}

type ObjectNode = Extract<JsonNode, { type: 'object' }>;

class Converter {
  constructor(private readonly maxDepth: number) {}

  topLevel(root: ObjectNode): Body {
    const body: Body = { attributes: new Map(), blocks: [] };
    for (const { key, keyPos, value } of root.entries) {
      if (key === '//') continue;
      if (key === 'locals') {
        for (const obj of objectsOf(value)) {
          for (const e of obj.entries) {
            if (e.key === '//') continue;
            body.blocks.push({
              type: 'locals',
              labels: [],
              body: {
                attributes: new Map([[e.key, { name: e.key, expr: this.expr(e.value), pos: e.keyPos }]]),
                blocks: [],
              },
              pos: e.keyPos,
            });
          }
        }
        continue;
      }
      body.blocks.push(...this.labelled(key, value, LABELS[key] ?? 0, [], keyPos));
    }
    return body;
  }

  /** `{"aws_s3_bucket": {"logs": {…}}}` → blocks with labels ["aws_s3_bucket", "logs"]. */
  private labelled(type: string, value: JsonNode, labels: number, got: string[], pos: Pos): Block[] {
    if (labels === got.length) {
      return objectsOf(value).map((obj) => ({
        type,
        labels: got,
        body: this.body(obj, type),
        pos,
      }));
    }
    const out: Block[] = [];
    for (const obj of objectsOf(value)) {
      for (const e of obj.entries) {
        if (e.key === '//') continue;
        out.push(...this.labelled(type, e.value, labels, [...got, e.key], e.keyPos));
      }
    }
    return out;
  }

  private body(obj: ObjectNode, blockType: string): Body {
    const body: Body = { attributes: new Map(), blocks: [] };
    for (const { key, keyPos, value } of obj.entries) {
      if (key === '//') continue;
      const nested = NESTED_LABELS[key];
      if (nested !== undefined) {
        body.blocks.push(...this.labelled(key, value, nested, [], keyPos));
        continue;
      }
      const literal = blockType === 'variable' && (key === 'default' || key === 'type');
      body.attributes.set(key, {
        name: key,
        expr: literal ? literalExpr(value) : this.expr(value),
        pos: keyPos,
      });
      // An object or a list of objects may equally be nested blocks: offer both readings.
      const blocks = objectsOf(value);
      const allObjects =
        value.type === 'object' || (value.type === 'array' && blocks.length === value.items.length);
      if (!literal && blocks.length > 0 && allObjects) {
        for (const b of blocks)
          body.blocks.push({ type: key, labels: [], body: this.body(b, key), pos: keyPos });
      }
    }
    return body;
  }

  literalBody(obj: ObjectNode): Body {
    const body: Body = { attributes: new Map(), blocks: [] };
    for (const { key, keyPos, value } of obj.entries) {
      body.attributes.set(key, { name: key, expr: literalExpr(value), pos: keyPos });
    }
    return body;
  }

  private expr(node: JsonNode): Expr {
    switch (node.type) {
      case 'string': {
        try {
          return parseTemplateString(node.value, node.pos, this.maxDepth);
        } catch (error) {
          const message = error instanceof Error ? error.message : String(error);
          throw new TemplateFailure(message, node.pos);
        }
      }
      case 'literal':
        return { kind: 'literal', value: node.value, pos: node.pos };
      case 'array':
        return { kind: 'tuple', items: node.items.map((i) => this.expr(i)), pos: node.pos };
      case 'object':
        return {
          kind: 'object',
          items: node.entries
            .filter((e) => e.key !== '//')
            .map((e) => ({
              key: { kind: 'literal', value: e.key, pos: e.keyPos } as Expr,
              value: this.expr(e.value),
            })),
          pos: node.pos,
        };
    }
  }
}

/** A JSON value as a literal expression (no templates). */
function literalExpr(node: JsonNode): Expr {
  switch (node.type) {
    case 'string':
    case 'literal':
      return { kind: 'literal', value: node.value, pos: node.pos };
    case 'array':
      return { kind: 'tuple', items: node.items.map(literalExpr), pos: node.pos };
    case 'object':
      return {
        kind: 'object',
        items: node.entries.map((e) => ({
          key: { kind: 'literal', value: e.key, pos: e.keyPos } as Expr,
          value: literalExpr(e.value),
        })),
        pos: node.pos,
      };
  }
}

/** An object, or the objects of an array (the JSON forms of one or several blocks). */
function objectsOf(node: JsonNode): ObjectNode[] {
  if (node.type === 'object') return [node];
  if (node.type === 'array') return node.items.filter((i): i is ObjectNode => i.type === 'object');
  return [];
}
