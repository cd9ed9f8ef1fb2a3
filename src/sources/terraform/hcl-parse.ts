/**
 * HCL native syntax → the small typed AST of `hcl-ast.ts`, with 1-based line and column on every node.
 *
 * A hand-written recursive-descent parser (see docs/notes/terraform.md, "Parser", for why it replaced the
 * tree-sitter grammar): one linear pass over the text, literal runs copied once as slices, nesting counted
 * against the `depth` budget so hostile input ends in a clear error instead of a stack overflow.
 * Grammar: the HCL native syntax specification (hashicorp/hcl, hclsyntax/spec.md).
 */
import type { Block, Body, Expr, HclFile, HclSyntaxError, Pos, Step, TemplatePart } from './hcl-ast.js';

export type ParseResult =
  | {
      ok: true;
      file: HclFile;
      /** Items nested deeper than the depth budget: each was skipped (an attribute's value is then unknown). */
      depthErrors?: HclSyntaxError[];
    }
  | {
      ok: false;
      error: HclSyntaxError /** Set when the nesting budget, not the syntax, stopped the parse. */;
      depthExceeded?: boolean;
    };

export interface ParseOptions {
  /** Deepest nesting of blocks, expressions and templates (the `depth` input limit). */
  maxDepth?: number;
}

const DEFAULT_MAX_DEPTH = 200;

/** Parses one file's text. A syntax error gives its first position and a short message. */
export async function parseHcl(file: string, text: string, options: ParseOptions = {}): Promise<ParseResult> {
  return parseHclSync(file, text, options);
}

export function parseHclSync(file: string, text: string, options: ParseOptions = {}): ParseResult {
  const parser = new HclParser(text, options.maxDepth ?? DEFAULT_MAX_DEPTH);
  try {
    const body = parser.file();
    if (parser.depthErrors.length === 0) return { ok: true, file: { file, body } };
    const depthErrors = parser.depthErrors.map((e) => ({
      file,
      line: e.pos.line,
      column: e.pos.column,
      message: e.message,
    }));
    return { ok: true, file: { file, body }, depthErrors };
  } catch (error) {
    if (error instanceof SyntaxFailure) {
      return {
        ok: false,
        error: { file, line: error.pos.line, column: error.pos.column, message: error.message },
        ...(error.depth ? { depthExceeded: true } : {}),
      };
    }
    if (error instanceof RangeError) {
      // A stack overflow despite the depth budget (a budget raised far above the default).
      return {
        ok: false,
        error: { file, line: 1, column: 1, message: `nesting too deep for this process: ${error.message}` },
        depthExceeded: true,
      };
    }
    throw error;
  }
}

/** Parses a template string (the content of a JSON-syntax string, `"${…}"` included) into an expression. */
export function parseTemplateString(text: string, at: Pos, maxDepth = DEFAULT_MAX_DEPTH): Expr {
  const parser = new HclParser(text, maxDepth, at);
  return templateExpr(parser.bareTemplate(), at);
}

class SyntaxFailure extends Error {
  constructor(
    message: string,
    readonly pos: Pos,
    readonly depth = false,
  ) {
    super(message);
  }
}

type TokenType = 'ident' | 'number' | 'nl' | 'eof' | 'oquote' | 'heredoc' | 'punct';

interface Mark {
  i: number;
  line: number;
  lineStart: number;
}

interface Token {
  type: TokenType;
  /** Lexer state before the blanks and comments that precede the token (to re-scan it in another mode). */
  before: Mark;
  /** Identifier name, number text, punctuation, heredoc marker. */
  text: string;
  start: number;
  end: number;
  pos: Pos;
}

const PUNCTUATION = [
  '...',
  '=>',
  '==',
  '!=',
  '<=',
  '>=',
  '&&',
  '||',
  '::',
  '{',
  '}',
  '[',
  ']',
  '(',
  ')',
  ',',
  '.',
  '=',
  ':',
  '?',
  '!',
  '+',
  '-',
  '*',
  '/',
  '%',
  '<',
  '>',
  '~',
];

const BINARY_LEVELS: readonly (readonly string[])[] = [
  ['||'],
  ['&&'],
  ['==', '!='],
  ['<', '>', '<=', '>='],
  ['+', '-'],
  ['*', '/', '%'],
];

const IDENT = /[\p{ID_Start}_][\p{ID_Continue}-]*/uy;
const NUMBER = /[0-9]+(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/y;
const HEREDOC_START = /<<(-?)([\p{ID_Start}_][\p{ID_Continue}-]*)[ \t]*\r?\n/uy;
/** Next character that can end a run of literal text inside a quoted template. */
const QUOTED_SPECIAL = /["\\$%\n]/g;
/** … inside a heredoc line. */
const HEREDOC_SPECIAL = /[$%\n]/g;

class HclParser {
  private i = 0;
  private line: number;
  private lineStart: number;
  /** Newlines are insignificant inside ( ), [ ] and ${ } (HCL spec: "newline sensitivity"). */
  private ignoreNewlines = false;
  private depth = 0;
  private peeked: Token | undefined;
  private peekedWithNl = false;

  constructor(
    private readonly src: string,
    private readonly maxDepth: number,
    at: Pos = { line: 1, column: 1 },
  ) {
    this.line = at.line;
    this.lineStart = -(at.column - 1);
    // A byte-order mark is not content.
    if (src.charCodeAt(0) === 0xfeff) {
      this.i = 1;
      this.lineStart = 1 - (at.column - 1);
    }
  }

  // ---- positions and errors ----

  private posAt(index: number): Pos {
    return { line: this.line, column: index - this.lineStart + 1 };
  }

  private fail(message: string, pos: Pos): never {
    throw new SyntaxFailure(`syntax error: ${message}`, pos);
  }

  private unexpected(token: Token, expected: string): never {
    const found =
      token.type === 'eof'
        ? 'end of file'
        : token.type === 'nl'
          ? 'end of line'
          : JSON.stringify(this.src.slice(token.start, Math.min(token.end, token.start + 40)));
    this.fail(`expected ${expected}, found ${found}`, token.pos);
  }

  private enter(pos: Pos): void {
    if (++this.depth > this.maxDepth) {
      throw new SyntaxFailure(
        `nesting deeper than ${this.maxDepth} levels: over the depth limit of ${this.maxDepth} (raise it with --limit depth=N)`,
        pos,
        true,
      );
    }
  }

  private leave(): void {
    this.depth--;
  }

  /** Advances over `length` characters that contain no newline. */
  private advance(length: number): void {
    this.i += length;
  }

  /** Advances to `end`, counting the newlines in between. */
  private advanceTo(end: number): void {
    let nl = this.src.indexOf('\n', this.i);
    while (nl !== -1 && nl < end) {
      this.line++;
      this.lineStart = nl + 1;
      nl = this.src.indexOf('\n', nl + 1);
    }
    this.i = end;
  }

  // ---- tokens ----

  /** Skips blanks and comments; newlines too when they are insignificant. */
  private skipTrivia(skipNewlines: boolean): void {
    const src = this.src;
    for (;;) {
      const c = src.charCodeAt(this.i);
      if (c === 32 || c === 9 || c === 13) {
        this.i++;
      } else if (c === 10 && skipNewlines) {
        this.i++;
        this.line++;
        this.lineStart = this.i;
      } else if (c === 35 || (c === 47 && src.charCodeAt(this.i + 1) === 47)) {
        // `#` and `//` comments run to the end of the line (the newline itself is a token).
        const nl = src.indexOf('\n', this.i);
        this.i = nl === -1 ? src.length : nl;
      } else if (c === 47 && src.charCodeAt(this.i + 1) === 42) {
        const close = src.indexOf('*/', this.i + 2);
        if (close === -1) this.fail('unterminated /* comment', this.posAt(this.i));
        this.advanceTo(close + 2);
      } else {
        return;
      }
    }
  }

  private mark(): Mark {
    return { i: this.i, line: this.line, lineStart: this.lineStart };
  }

  private reset(mark: Mark): void {
    this.peeked = undefined;
    this.i = mark.i;
    this.line = mark.line;
    this.lineStart = mark.lineStart;
  }

  private peek(): Token {
    if (this.peeked && this.peekedWithNl === this.ignoreNewlines) return this.peeked;
    // A token peeked in the other newline mode is scanned again.
    this.dropPeek();
    const before = this.mark();
    this.skipTrivia(this.ignoreNewlines);
    const token = this.scan(before);
    this.peeked = token;
    this.peekedWithNl = this.ignoreNewlines;
    return token;
  }

  private scan(before: Mark): Token {
    const src = this.src;
    const start = this.i;
    const pos = this.posAt(start);
    const token = (type: TokenType, text: string): Token => ({ type, text, before, start, end: this.i, pos });
    if (start >= src.length) return token('eof', '');
    const c = src.charCodeAt(start);
    if (c === 10) {
      this.i++;
      this.line++;
      this.lineStart = this.i;
      return token('nl', '\n');
    }
    if (c === 34) {
      this.i++;
      return token('oquote', '"');
    }
    if (c === 60 && src.charCodeAt(start + 1) === 60) {
      HEREDOC_START.lastIndex = start;
      const m = HEREDOC_START.exec(src);
      if (m) {
        // Ends after the newline that opens the content.
        this.i = start + m[0].length;
        this.line++;
        this.lineStart = this.i;
        return token('heredoc', `${m[1]}${m[2]}`);
      }
    }
    if (c >= 48 && c <= 57) {
      NUMBER.lastIndex = start;
      const m = NUMBER.exec(src);
      const text = m?.[0] ?? '';
      this.advance(text.length);
      return token('number', text);
    }
    IDENT.lastIndex = start;
    const id = IDENT.exec(src);
    if (id) {
      this.advance(id[0].length);
      return token('ident', id[0]);
    }
    for (const p of PUNCTUATION) {
      if (src.startsWith(p, start)) {
        this.advance(p.length);
        return token('punct', p);
      }
    }
    const ch = String.fromCodePoint(src.codePointAt(start) ?? 0);
    this.fail(`unexpected character ${JSON.stringify(ch)}`, pos);
  }

  private next(): Token {
    const token = this.peek();
    this.peeked = undefined;
    return token;
  }

  /** Offset just after the last token read (before the blanks and comments that follow it). */
  private endOffset(): number {
    return this.peeked ? this.peeked.before.i : this.i;
  }

  private isPunct(token: Token, text: string): boolean {
    return token.type === 'punct' && token.text === text;
  }

  private expectPunct(text: string, what = JSON.stringify(text)): Token {
    const token = this.next();
    if (!this.isPunct(token, text)) this.unexpected(token, what);
    return token;
  }

  /** Runs `fn` with newlines (in)significant, restoring the previous mode (and re-scanning a peeked token). */
  private withNewlines<T>(ignore: boolean, fn: () => T): T {
    const saved = this.ignoreNewlines;
    this.dropPeek();
    this.ignoreNewlines = ignore;
    try {
      return fn();
    } finally {
      this.dropPeek();
      this.ignoreNewlines = saved;
    }
  }

  /** Forgets a peeked token so the next peek scans again from where it started. */
  private dropPeek(): void {
    if (this.peeked) this.reset(this.peeked.before);
  }

  // ---- bodies ----

  file(): Body {
    const body = this.body(false);
    const end = this.next();
    if (end.type !== 'eof') this.unexpected(end, 'an attribute or a block');
    return body;
  }

  /** Attributes and blocks up to `}` (inside a block) or the end of the file. */
  private body(inBlock: boolean): Body {
    const body: Body = { attributes: new Map(), blocks: [] };
    return this.withNewlines(false, () => {
      for (;;) {
        let token = this.peek();
        while (token.type === 'nl') {
          this.next();
          token = this.peek();
        }
        if (token.type === 'eof' || (inBlock && this.isPunct(token, '}'))) return body;
        if (token.type !== 'ident') this.unexpected(token, 'an attribute name or a block type');
        this.next();
        const after = this.peek();
        const depth = this.depth;
        if (this.isPunct(after, '=')) {
          this.next();
          const valueStart = this.mark();
          let expr: Expr;
          try {
            expr = this.expression();
          } catch (error) {
            // Too deep: skip the value without recursion; it is unknown, the rest of the file is read.
            if (!(error instanceof SyntaxFailure && error.depth)) throw error;
            this.recoverFromDepth(error, depth, valueStart);
            expr = { kind: 'unsupported', text: error.message, pos: after.pos };
          }
          const range = { start: token.start, end: this.endOffset() };
          this.endOfItem();
          body.attributes.set(token.text, { name: token.text, expr, pos: token.pos, range });
        } else {
          try {
            body.blocks.push(this.block(token));
          } catch (error) {
            if (!(error instanceof SyntaxFailure && error.depth)) throw error;
            this.recoverFromDepth(error, depth, token.before);
            this.endOfItem();
          }
        }
      }
    });
  }

  readonly depthErrors: SyntaxFailure[] = [];

  /** Records a depth-budget hit and skips the item it happened in (from `start`) iteratively. */
  private recoverFromDepth(error: SyntaxFailure, depth: number, start: Mark): void {
    if (!this.depthErrors.some((e) => e.pos.line === error.pos.line)) this.depthErrors.push(error);
    this.depth = depth;
    this.reset(start);
    this.skipItem();
  }

  /**
   * Skips one attribute value or block without recursion: up to a newline, the end of the file or an
   * unmatched `}` outside any bracket. Strings and heredocs are skipped as text.
   */
  private skipItem(): void {
    const saved = this.ignoreNewlines;
    let open = 0;
    try {
      for (;;) {
        this.ignoreNewlines = open > 0;
        const token = this.peek();
        if (token.type === 'eof') return;
        if (open === 0 && (token.type === 'nl' || this.isPunct(token, '}'))) return;
        this.next();
        if (token.type === 'oquote') this.skipQuoted(token.pos);
        else if (token.type === 'heredoc') this.skipHeredoc(token);
        else if (token.type === 'punct') {
          if (token.text === '(' || token.text === '[' || token.text === '{') open++;
          else if (token.text === ')' || token.text === ']' || token.text === '}') open--;
        }
      }
    } finally {
      this.dropPeek();
      this.ignoreNewlines = saved;
    }
  }

  /** Skips the rest of a quoted template (nested `${ "…" }` included) with an explicit stack. */
  private skipQuoted(open: Pos): void {
    const src = this.src;
    const stack: number[] = [-1]; // -1: inside a string; n >= 0: inside `${` with n open braces
    while (stack.length > 0) {
      const c = src.charCodeAt(this.i);
      if (Number.isNaN(c)) this.fail('unterminated string', open);
      if (c === 10) {
        this.line++;
        this.lineStart = this.i + 1;
      }
      const top = stack.length - 1;
      if (stack[top] === -1) {
        if (c === 92) this.i++;
        else if (c === 34) stack.pop();
        else if ((c === 36 || c === 37) && src.charCodeAt(this.i + 1) === 123) {
          stack.push(0);
          this.i++;
        }
      } else if (c === 34) stack.push(-1);
      else if (c === 123) stack[top] = (stack[top] ?? 0) + 1;
      else if (c === 125) {
        if (stack[top] === 0) stack.pop();
        else stack[top] = (stack[top] ?? 1) - 1;
      }
      this.i++;
    }
  }

  /** Skips heredoc lines up to the closing marker line. */
  private skipHeredoc(open: Token): void {
    const marker = open.text.replace(/^-/, '');
    while (this.closingMarkerEnd(marker) === -1) {
      const nl = this.src.indexOf('\n', this.i);
      if (nl === -1) this.fail(`heredoc without its closing "${marker}" line`, open.pos);
      this.i = nl + 1;
      this.line++;
      this.lineStart = this.i;
    }
    this.i = this.closingMarkerEnd(marker);
  }

  /** After an attribute or a block: a newline, the end of the file or the enclosing `}`. */
  private endOfItem(): void {
    const token = this.peek();
    if (token.type === 'nl') {
      this.next();
      return;
    }
    if (token.type === 'eof' || this.isPunct(token, '}')) return;
    this.unexpected(token, 'a newline');
  }

  private block(typeToken: Token): Block {
    this.enter(typeToken.pos);
    const labels: string[] = [];
    for (;;) {
      const token = this.next();
      if (token.type === 'ident') labels.push(token.text);
      else if (token.type === 'oquote') labels.push(this.quotedLabel(token));
      else if (this.isPunct(token, '{')) break;
      else this.unexpected(token, 'a block label or "{"');
    }
    const body = this.body(true);
    this.expectPunct('}');
    const range = { start: typeToken.start, end: this.endOffset() };
    this.endOfItem();
    this.leave();
    return { type: typeToken.text, labels, body, pos: typeToken.pos, range };
  }

  private quotedLabel(open: Token): string {
    const expr = this.quotedTemplate(open);
    if (expr.kind === 'literal' && typeof expr.value === 'string') return expr.value;
    this.fail('a block label cannot contain interpolations', open.pos);
  }

  // ---- expressions ----

  private expression(): Expr {
    const start = this.peek();
    this.enter(start.pos);
    const cond = this.binary(0);
    let result = cond;
    if (this.isPunct(this.peek(), '?')) {
      this.next();
      const then = this.expression();
      this.expectPunct(':');
      const otherwise = this.expression();
      result = { kind: 'conditional', cond, then, else: otherwise, pos: cond.pos };
    }
    this.leave();
    return result;
  }

  private binary(level: number): Expr {
    const ops = BINARY_LEVELS[level];
    if (!ops) return this.unary();
    let left = this.binary(level + 1);
    for (;;) {
      const token = this.peek();
      if (token.type !== 'punct' || !ops.includes(token.text)) return left;
      this.next();
      const right = this.binary(level + 1);
      left = { kind: 'binary', op: token.text, left, right, pos: left.pos };
    }
  }

  private unary(): Expr {
    const token = this.peek();
    if (this.isPunct(token, '!') || this.isPunct(token, '-')) {
      this.next();
      this.enter(token.pos);
      const operand = this.unary();
      this.leave();
      return { kind: 'unary', op: token.text, operand, pos: token.pos };
    }
    return this.postfix(this.primary());
  }

  private postfix(base: Expr): Expr {
    const steps: Step[] = [];
    for (;;) {
      const token = this.peek();
      if (this.isPunct(token, '.')) {
        this.next();
        this.dropPeek();
        const c = this.src.charCodeAt(this.i);
        if (c >= 48 && c <= 57) {
          // Legacy index `a.0` (digits only: `a.0.1` is two steps, not the number 0.1).
          const at = this.posAt(this.i);
          let end = this.i;
          while (end < this.src.length && this.src.charCodeAt(end) >= 48 && this.src.charCodeAt(end) <= 57)
            end++;
          const n = Number(this.src.slice(this.i, end));
          this.advance(end - this.i);
          steps.push({ kind: 'index', key: { kind: 'literal', value: n, pos: at } });
          continue;
        }
        const name = this.next();
        if (this.isPunct(name, '*')) steps.push({ kind: 'splat' });
        else if (name.type === 'ident') steps.push({ kind: 'attr', name: name.text });
        else this.unexpected(name, 'an attribute name');
      } else if (this.isPunct(token, '[')) {
        this.next();
        this.withNewlines(true, () => {
          if (this.isPunct(this.peek(), '*')) {
            this.next();
            steps.push({ kind: 'splat' });
          } else {
            steps.push({ kind: 'index', key: this.expression() });
          }
          this.expectPunct(']');
        });
      } else {
        break;
      }
    }
    if (steps.length === 0) return base;
    return { kind: 'traversal', base, steps, pos: base.pos };
  }

  private primary(): Expr {
    const token = this.next();
    const pos = token.pos;
    switch (token.type) {
      case 'number':
        return { kind: 'literal', value: Number(token.text), pos };
      case 'ident':
        return this.identifierExpr(token);
      case 'oquote':
        return this.quotedTemplate(token);
      case 'heredoc':
        return this.heredoc(token);
      case 'punct':
        if (token.text === '(') {
          return this.withNewlines(true, () => {
            const inner = this.expression();
            this.expectPunct(')');
            return inner;
          });
        }
        if (token.text === '[') return this.tupleOrFor(token);
        if (token.text === '{') return this.objectOrFor(token);
        return this.unexpected(token, 'an expression');
      default:
        return this.unexpected(token, 'an expression');
    }
  }

  private identifierExpr(token: Token): Expr {
    const pos = token.pos;
    const after = this.peek();
    if (this.isPunct(after, '(') || this.isPunct(after, '::')) {
      const names = [token.text];
      while (this.isPunct(this.peek(), '::')) {
        this.next();
        const part = this.next();
        if (part.type !== 'ident') this.unexpected(part, 'a function name');
        names.push(part.text);
      }
      this.expectPunct('(');
      return this.call(names.join('::'), pos);
    }
    if (token.text === 'true' || token.text === 'false')
      return { kind: 'literal', value: token.text === 'true', pos };
    if (token.text === 'null') return { kind: 'literal', value: null, pos };
    return { kind: 'var', name: token.text, pos };
  }

  private call(name: string, pos: Pos): Expr {
    return this.withNewlines(true, () => {
      const args: Expr[] = [];
      let expandFinal = false;
      while (!this.isPunct(this.peek(), ')')) {
        args.push(this.expression());
        if (this.isPunct(this.peek(), '...')) {
          this.next();
          expandFinal = true;
          if (this.isPunct(this.peek(), ',')) this.next();
          break;
        }
        if (!this.isPunct(this.peek(), ',')) break;
        this.next();
      }
      this.expectPunct(')', '"," or ")"');
      return { kind: 'call', name, args, expandFinal, pos };
    });
  }

  private isForIntro(): boolean {
    const token = this.peek();
    if (token.type !== 'ident' || token.text !== 'for') return false;
    // `for` starts a for expression only when a variable name follows (`{ for = 1 }` is an object).
    this.next();
    const isFor = this.peek().type === 'ident';
    this.reset(token.before);
    return isFor;
  }

  private tupleOrFor(open: Token): Expr {
    return this.withNewlines(true, () => {
      let result: Expr;
      if (this.isForIntro()) {
        result = this.forExpr(open, ']');
      } else {
        const items: Expr[] = [];
        while (!this.isPunct(this.peek(), ']')) {
          items.push(this.expression());
          if (!this.isPunct(this.peek(), ',')) break;
          this.next();
        }
        const close = this.expectPunct(']', '"," or "]"');
        result = { kind: 'tuple', items, pos: open.pos, close: close.start };
      }
      return result;
    });
  }

  private objectOrFor(open: Token): Expr {
    let result: Expr;
    if (this.withNewlines(true, () => this.isForIntro())) {
      result = this.withNewlines(true, () => this.forExpr(open, '}'));
    } else {
      // Inside an object constructor newlines separate elements (like commas).
      result = this.withNewlines(false, () => {
        const items: { key: Expr; value: Expr }[] = [];
        for (;;) {
          let token = this.peek();
          while (token.type === 'nl') {
            this.next();
            token = this.peek();
          }
          if (this.isPunct(token, '}')) break;
          const key = this.expression();
          const sep = this.next();
          if (!this.isPunct(sep, '=') && !this.isPunct(sep, ':')) this.unexpected(sep, '"=" or ":"');
          const value = this.expression();
          // A bare identifier key (`{ a = 1 }`) is the string "a", not a variable.
          const bareKey: Expr = key.kind === 'var' ? { kind: 'literal', value: key.name, pos: key.pos } : key;
          items.push({ key: bareKey, value });
          const after = this.peek();
          if (this.isPunct(after, ',') || after.type === 'nl') this.next();
          else if (!this.isPunct(after, '}')) this.unexpected(after, '",", a newline or "}"');
        }
        const close = this.expectPunct('}');
        return { kind: 'object', items, pos: open.pos, close: close.start } as Expr;
      });
    }
    return result;
  }

  /** `[for k, v in coll : expr if cond]` / `{for k, v in coll : key => value... if cond}`. */
  private forExpr(open: Token, close: ']' | '}'): Expr {
    this.next(); // `for`
    const first = this.next();
    if (first.type !== 'ident') this.unexpected(first, 'a variable name');
    let keyVar: string | null = null;
    let valueVar = first.text;
    if (this.isPunct(this.peek(), ',')) {
      this.next();
      const second = this.next();
      if (second.type !== 'ident') this.unexpected(second, 'a variable name');
      keyVar = first.text;
      valueVar = second.text;
    }
    const inKw = this.next();
    if (inKw.type !== 'ident' || inKw.text !== 'in') this.unexpected(inKw, '"in"');
    const collection = this.expression();
    this.expectPunct(':');
    let keyExpr: Expr | null = null;
    let valueExpr = this.expression();
    let grouping = false;
    if (close === '}') {
      this.expectPunct('=>');
      keyExpr = valueExpr;
      valueExpr = this.expression();
      if (this.isPunct(this.peek(), '...')) {
        this.next();
        grouping = true;
      }
    }
    let cond: Expr | null = null;
    const maybeIf = this.peek();
    if (maybeIf.type === 'ident' && maybeIf.text === 'if') {
      this.next();
      cond = this.expression();
    }
    this.expectPunct(close);
    return { kind: 'for', keyVar, valueVar, collection, keyExpr, valueExpr, cond, grouping, pos: open.pos };
  }

  // ---- templates ----

  /** A quoted template after its opening `"`: a plain string is a literal, anything else a template. */
  private quotedTemplate(open: Token): Expr {
    const seq = this.templateSeq({ mode: 'quoted', marker: '', open: open.pos }, false, 'close');
    return templateExpr(seq.parts, open.pos);
  }

  /** The whole text as a template (JSON-syntax strings, template files). */
  bareTemplate(): TemplatePart[] {
    return this.templateSeq({ mode: 'bare', marker: '', open: this.posAt(this.i) }, false, 'close').parts;
  }

  private heredoc(open: Token): Expr {
    const strip = open.text.startsWith('-');
    const marker = strip ? open.text.slice(1) : open.text;
    const contentStart = this.i;
    const run: TemplateRun = { mode: 'heredoc', marker, open: open.pos };
    const seq = this.templateSeq(run, false, 'close');
    const expr: Expr = {
      kind: 'template',
      parts: seq.parts,
      directive: run.directive === true,
      pos: open.pos,
    };
    if (!strip) return expr;
    // `<<-` removes the smallest indentation of the non-blank lines (HCL spec, "Template Expressions").
    let indent = Number.POSITIVE_INFINITY;
    for (let at = contentStart; at < seq.end; ) {
      let end = this.src.indexOf('\n', at);
      if (end === -1 || end > seq.end) end = seq.end;
      let w = at;
      while (w < end && (this.src.charCodeAt(w) === 32 || this.src.charCodeAt(w) === 9)) w++;
      if (w < end && this.src.charCodeAt(w) !== 13) indent = Math.min(indent, w - at);
      at = end + 1;
    }
    if (!Number.isFinite(indent) || indent === 0) return expr;
    const lineRe = new RegExp(`\\n[ \\t]{0,${indent}}`, 'g');
    const startRe = new RegExp(`^[ \\t]{0,${indent}}`);
    const dedent = (parts: TemplatePart[]): TemplatePart[] =>
      parts
        .map((part, n) => {
          if (typeof part !== 'string') {
            if (part.kind === 'templateIf') {
              const then = dedent(part.then);
              return { ...part, then, else: dedent(part.else) };
            }
            if (part.kind === 'templateFor') return { ...part, body: dedent(part.body) };
            return part;
          }
          const body = part.replace(lineRe, '\n');
          return run.lineStartParts?.get(parts)?.has(n) ? body.replace(startRe, '') : body;
        })
        .filter((part) => part !== '');
    return { ...expr, parts: dedent(seq.parts) };
  }

  /**
   * Literal text and `${…}` / `%{…}` parts up to the closing quote, the heredoc's closing marker line, the
   * end of the text ('bare'), or — inside a directive — its `%{ else }` / `%{ endif }` / `%{ endfor }`.
   * Literal text is unescaped (quoted: backslash escapes; all: `$${`, `%%{`); strip markers (`~`) trim the
   * whitespace of the neighbouring literal text.
   */
  private templateSeq(
    run: TemplateRun,
    stripFirst: boolean,
    until: 'close' | 'directive',
  ): { parts: TemplatePart[]; end: number; closer?: string; closerStrip: boolean } {
    const src = this.src;
    const parts: TemplatePart[] = [];
    let literal = '';
    let literalAtLineStart = false;
    let stripNext = stripFirst;
    const flush = () => {
      let text = literal;
      if (stripNext && text !== '') {
        text = text.replace(/^\s+/, '');
        stripNext = false;
      }
      if (text !== '') {
        parts.push(text);
        if (literalAtLineStart) markLineStart(run, parts, parts.length - 1);
      }
      literal = '';
    };
    const special = run.mode === 'quoted' ? QUOTED_SPECIAL : HEREDOC_SPECIAL;
    let atLineStart = run.mode === 'heredoc' && this.i === this.lineStart;
    for (;;) {
      if (atLineStart && run.mode === 'heredoc') {
        const end = this.closingMarkerEnd(run.marker);
        if (end !== -1) {
          if (until === 'directive')
            this.fail('template directive not closed before the heredoc ends', run.open);
          const contentEnd = this.i;
          flush();
          this.i = end;
          return { parts, end: contentEnd, closerStrip: false };
        }
      }
      atLineStart = false;
      special.lastIndex = this.i;
      const stop = special.exec(src)?.index ?? src.length;
      if (stop > this.i) {
        // A run without backslash, `$`, `%`, quote or newline: copied as is (one slice).
        if (literal === '') literalAtLineStart = this.i === this.lineStart;
        literal += src.slice(this.i, stop);
        this.i = stop;
      }
      if (stop >= src.length) {
        if (run.mode === 'bare' && until === 'close') {
          flush();
          return { parts, end: src.length, closerStrip: false };
        }
        if (until === 'directive')
          this.fail('template directive not closed (missing %{ endif } or %{ endfor })', run.open);
        this.fail(
          run.mode === 'quoted' ? 'unterminated string' : `heredoc without its closing "${run.marker}" line`,
          run.open,
        );
      }
      const c = src.charCodeAt(stop);
      const next = src.charCodeAt(stop + 1);
      if (c === 34 /* " */) {
        if (until === 'directive')
          this.fail('template directive not closed before the string ends', run.open);
        this.i++;
        flush();
        return { parts, end: stop, closerStrip: false };
      }
      if (c === 10) {
        if (run.mode === 'quoted') this.fail('unterminated string (newline inside quotes)', this.posAt(stop));
        if (literal === '') literalAtLineStart = this.i === this.lineStart;
        literal += '\n';
        this.i++;
        this.line++;
        this.lineStart = this.i;
        atLineStart = true;
        continue;
      }
      if (c === 92 /* backslash */) {
        // \n, \", \uNNNN, \UNNNNNNNN… (HCL spec, "Template Literals").
        const len = next === 117 ? 6 : next === 85 ? 10 : 2;
        if (next === 10 || Number.isNaN(next)) this.fail('unterminated string', run.open);
        if (literal === '') literalAtLineStart = false;
        literal += unescapeQuoted(src.slice(stop, stop + len));
        this.i = stop + len;
        continue;
      }
      // `$` or `%`
      if (literal === '') literalAtLineStart = this.i === this.lineStart;
      if (next === c && src.charCodeAt(stop + 2) === 123) {
        // `$${` / `%%{`: a literal `${` / `%{`.
        literal += c === 36 ? '${' : '%{';
        this.i = stop + 3;
        continue;
      }
      if (next !== 123) {
        literal += src[stop];
        this.i = stop + 1;
        continue;
      }
      const at = this.posAt(stop);
      this.i = stop + 2;
      if (src.charCodeAt(this.i) === 126 /* ~ */) {
        this.i++;
        literal = literal.replace(/\s+$/, '');
      }
      flush();
      if (c === 36) {
        const { expr, stripAfter } = this.interpolation();
        parts.push(expr);
        stripNext = stripAfter;
        continue;
      }
      run.directive = true;
      const keyword = this.withNewlines(true, () => this.next());
      if (keyword.type !== 'ident')
        this.unexpected(keyword, 'a template directive (if, for, else, endif, endfor)');
      if (keyword.text === 'else' || keyword.text === 'endif' || keyword.text === 'endfor') {
        const closerStrip = this.closeTemplateSequence();
        if (until !== 'directive') this.fail(`%{ ${keyword.text} } without its opening directive`, at);
        return { parts, end: stop, closer: keyword.text, closerStrip };
      }
      this.enter(at);
      if (keyword.text === 'if') {
        const cond = this.withNewlines(true, () => this.expression());
        const thenSeq = this.templateSeq(run, this.closeTemplateSequence(), 'directive');
        let elseParts: TemplatePart[] = [];
        let last = thenSeq;
        if (thenSeq.closer === 'else') {
          last = this.templateSeq(run, thenSeq.closerStrip, 'directive');
          elseParts = last.parts;
        }
        if (last.closer !== 'endif') this.fail(`%{ if } closed by %{ ${last.closer ?? ''} }`, at);
        const then = thenSeq.parts;
        parts.push({ kind: 'templateIf', cond, then, else: elseParts, pos: at });
        stripNext = last.closerStrip;
      } else if (keyword.text === 'for') {
        const names = this.withNewlines(true, () => {
          const first = this.next();
          if (first.type !== 'ident') this.unexpected(first, 'a variable name');
          const out = [first.text];
          if (this.isPunct(this.peek(), ',')) {
            this.next();
            const second = this.next();
            if (second.type !== 'ident') this.unexpected(second, 'a variable name');
            out.push(second.text);
          }
          const inKw = this.next();
          if (inKw.type !== 'ident' || inKw.text !== 'in') this.unexpected(inKw, '"in"');
          return out;
        });
        const collection = this.withNewlines(true, () => this.expression());
        const body = this.templateSeq(run, this.closeTemplateSequence(), 'directive');
        if (body.closer !== 'endfor') this.fail(`%{ for } closed by %{ ${body.closer ?? ''} }`, at);
        parts.push({
          kind: 'templateFor',
          keyVar: names.length > 1 ? (names[0] ?? null) : null,
          valueVar: names[names.length - 1] ?? '',
          collection,
          body: body.parts,
          pos: at,
        });
        stripNext = body.closerStrip;
      } else {
        this.unexpected(keyword, 'a template directive (if, for, else, endif, endfor)');
      }
      this.leave();
    }
  }

  /** The end of the heredoc's closing marker line at the cursor (blanks around the marker allowed), or -1. */
  private closingMarkerEnd(marker: string): number {
    const src = this.src;
    let at = this.i;
    while (src.charCodeAt(at) === 32 || src.charCodeAt(at) === 9) at++;
    if (!src.startsWith(marker, at)) return -1;
    at += marker.length;
    while (src.charCodeAt(at) === 32 || src.charCodeAt(at) === 9 || src.charCodeAt(at) === 13) at++;
    if (at < src.length && src.charCodeAt(at) !== 10) return -1;
    return at;
  }

  private interpolation(): { expr: Expr; stripAfter: boolean } {
    return this.withNewlines(true, () => {
      const expr = this.expression();
      const stripAfter = this.closeTemplateSequence();
      return { expr, stripAfter };
    });
  }

  /** The `}` (or `~}`) that ends `${…}` / `%{…}`; true when it strips the following whitespace. */
  private closeTemplateSequence(): boolean {
    return this.withNewlines(true, () => {
      let strip = false;
      if (this.isPunct(this.peek(), '~')) {
        this.next();
        strip = true;
      }
      const close = this.next();
      if (!this.isPunct(close, '}')) this.unexpected(close, '"}"');
      return strip;
    });
  }
}

interface TemplateRun {
  mode: 'quoted' | 'heredoc' | 'bare';
  /** Heredoc closing marker. */
  marker: string;
  /** Where the template opens (for errors about its end). */
  open: Pos;
  /** Heredocs: per parts array, the literal parts that start a line (their first line is dedented too). */
  lineStartParts?: Map<TemplatePart[], Set<number>>;
  directive?: boolean;
}

function markLineStart(run: TemplateRun, parts: TemplatePart[], index: number): void {
  if (run.mode !== 'heredoc') return;
  run.lineStartParts ??= new Map();
  const set = run.lineStartParts.get(parts) ?? new Set<number>();
  set.add(index);
  run.lineStartParts.set(parts, set);
}

/** A plain quoted string is a literal; anything with interpolations or directives a template. */
function templateExpr(parts: TemplatePart[], pos: Pos): Expr {
  if (parts.length === 0) return { kind: 'literal', value: '', pos };
  if (parts.length === 1 && typeof parts[0] === 'string') return { kind: 'literal', value: parts[0], pos };
  const directive = parts.some(
    (p) => typeof p !== 'string' && (p.kind === 'templateIf' || p.kind === 'templateFor'),
  );
  return { kind: 'template', parts, directive, pos };
}

/**
 * Parses the text of a template file (`templatefile()`): literal text, `${…}` and `%{…}` like a heredoc
 * body, with no escapes but `$${` / `%%{`.
 */
export function parseTemplateSync(text: string): { parts: TemplatePart[] } | { error: string } {
  const parser = new HclParser(text, DEFAULT_MAX_DEPTH);
  try {
    return { parts: parser.bareTemplate() };
  } catch (error) {
    if (error instanceof SyntaxFailure) return { error: `${error.message} at line ${error.pos.line}` };
    if (error instanceof RangeError) return { error: 'template nested too deeply' };
    throw error;
  }
}

/** Quoted-string escapes of the HCL native syntax, plus `$${` and `%%{` (literal `${` and `%{`). */
export function unescapeQuoted(raw: string): string {
  if (!raw.includes('\\') && !raw.includes('{')) return raw;
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
