/**
 * A small typed HCL syntax tree: only what trailguard evaluates. Every node keeps its 1-based
 * line and column so findings point at the declaration (DESIGN 5.2: every IaC finding has file + line).
 */

export interface Pos {
  line: number;
  column: number;
}

/** Character offsets into the file text (`text.slice(start, end)`), for tools that edit it (`fix --write`). */
export interface Range {
  start: number;
  end: number;
}

export type Step =
  | { kind: 'attr'; name: string }
  | { kind: 'index'; key: Expr }
  /** `[*]` / `.*`: the remaining steps apply to every element. */
  | { kind: 'splat' };

/** The parts of a template: literal text and expressions (interpolations and `%{ if }` / `%{ for }` directives). */
export type TemplatePart = string | Expr;

export type Expr =
  | { kind: 'literal'; value: null | boolean | number | string; pos: Pos }
  /** A quoted or heredoc template: literal text and `${…}` interpolations. `directive` = uses `%{…}`. */
  | { kind: 'template'; parts: (string | Expr)[]; directive: boolean; pos: Pos }
  /** `close`: offset of the closing `]` (native syntax only). */
  | { kind: 'tuple'; items: Expr[]; pos: Pos; close?: number }
  /** `close`: offset of the closing `}` (native syntax only). */
  | { kind: 'object'; items: { key: Expr; value: Expr }[]; pos: Pos; close?: number }
  | { kind: 'var'; name: string; pos: Pos }
  | { kind: 'traversal'; base: Expr; steps: Step[]; pos: Pos }
  | { kind: 'call'; name: string; args: Expr[]; expandFinal: boolean; pos: Pos }
  | { kind: 'conditional'; cond: Expr; then: Expr; else: Expr; pos: Pos }
  | {
      kind: 'for';
      keyVar: string | null;
      valueVar: string;
      collection: Expr;
      keyExpr: Expr | null;
      valueExpr: Expr;
      cond: Expr | null;
      grouping: boolean;
      pos: Pos;
    }
  | { kind: 'unary'; op: string; operand: Expr; pos: Pos }
  | { kind: 'binary'; op: string; left: Expr; right: Expr; pos: Pos }
  /** `%{ if cond }…%{ else }…%{ endif }` inside a template (strip markers already applied to the text). */
  | { kind: 'templateIf'; cond: Expr; then: TemplatePart[]; else: TemplatePart[]; pos: Pos }
  /** `%{ for k, v in coll }…%{ endfor }` inside a template. */
  | {
      kind: 'templateFor';
      keyVar: string | null;
      valueVar: string;
      collection: Expr;
      body: TemplatePart[];
      pos: Pos;
    }
  /** Syntax the evaluator does not model: always evaluates to an unknown value, never to a guess. */
  | { kind: 'unsupported'; text: string; pos: Pos };

export interface Attribute {
  name: string;
  expr: Expr;
  pos: Pos;
  /** From the name to the end of the value (native syntax only). */
  range?: Range;
}

export interface Body {
  attributes: Map<string, Attribute>;
  blocks: Block[];
}

export interface Block {
  type: string;
  labels: string[];
  body: Body;
  pos: Pos;
  /** From the block type to just after its closing `}` (native syntax only). */
  range?: Range;
}

export interface HclFile {
  /** Path relative to the scan root, with `/` separators. */
  file: string;
  body: Body;
}

export interface HclSyntaxError {
  file: string;
  line: number;
  column: number;
  message: string;
}
