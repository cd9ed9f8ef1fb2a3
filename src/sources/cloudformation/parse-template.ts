/**
 * Template text (YAML or JSON) → plain data, with the source position of every resource.
 *
 * JSON is parsed by the YAML parser too (JSON is valid YAML 1.2 flow syntax), so both formats keep
 * source ranges with one code path. Short-form intrinsic tags (`!Ref`, `!Sub`, `!GetAtt`…) are turned
 * into their long form (`{ "Fn::Sub": … }`) as the CloudFormation template reference describes
 * ("Intrinsic function reference": every function has a full-name and a short form).
 */
import { isAlias, isMap, isPair, isScalar, isSeq, LineCounter, type Node, parseDocument } from 'yaml';

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

export interface Position {
  line: number;
  column: number;
}

export interface ParsedTemplate {
  data: Json;
  /** Position of each logical id under `Resources`. */
  resourcePositions: Map<string, Position>;
}

/** A syntax error with the parser's message and where it happened. */
export class TemplateSyntaxError extends Error {
  constructor(
    message: string,
    readonly line?: number,
    readonly column?: number,
  ) {
    super(message);
    this.name = 'TemplateSyntaxError';
  }
}

/** Short-form tags that map to `Fn::<Name>`. `!Ref` and `!Condition` keep their own key. */
const FN_TAGS = new Set([
  'Sub',
  'Join',
  'If',
  'ImportValue',
  'FindInMap',
  'Select',
  'Split',
  'Equals',
  'Not',
  'And',
  'Or',
  'Base64',
  'GetAZs',
  'Cidr',
  'Transform',
  'Length',
  'ToJsonString',
  'GetAtt',
]);

/** Bound on nodes produced (alias expansion can blow up: the "billion laughs" document). */
const MAX_NODES = 2_000_000;
/** Deeper than any real template; keeps the recursive walk far from the JS stack limit. */
const MAX_DEPTH = 500;

/**
 * Parses a template. JSON text (a `.json` file, or text starting with `{`) is first checked by the strict
 * JSON parser, because YAML's flow syntax accepts things CloudFormation's JSON parser rejects (trailing
 * commas, unquoted keys); the YAML parse then supplies the positions.
 */
export function parseTemplate(text: string, options: { json?: boolean } = {}): ParsedTemplate {
  if (options.json ?? /^\s*\{/.test(text)) checkJson(text);
  const lineCounter = new LineCounter();
  // uniqueKeys: CloudFormation rejects duplicate keys, so do we (and it keeps "last one wins" guesses out).
  const doc = parseDocument(text, { lineCounter, prettyErrors: true, uniqueKeys: true, strict: false });
  const first = doc.errors[0];
  if (first) {
    const pos = first.linePos?.[0];
    throw new TemplateSyntaxError(firstLine(first.message), pos?.line, pos?.col);
  }
  // Measure the expanded size first (memoized per node, so this is linear in the text): an alias bomb
  // is rejected before any expansion work is done.
  if (expandedSize(doc.contents as Node | null, doc, new Map(), 0) > MAX_NODES)
    throw new TemplateSyntaxError('document too large after alias expansion');
  const budget = { nodes: 0 };
  const data = toJson(doc.contents as Node | null, doc, budget, 0);
  const resourcePositions = new Map<string, Position>();
  const root = doc.contents;
  if (isMap(root)) {
    const resources = root.items.find((pair) => isScalar(pair.key) && pair.key.value === 'Resources');
    if (resources && isMap(resources.value)) {
      for (const pair of resources.value.items) {
        if (!isScalar(pair.key) || !pair.key.range) continue;
        const pos = lineCounter.linePos(pair.key.range[0]);
        resourcePositions.set(String(pair.key.value), { line: pos.line, column: pos.col });
      }
    }
  }
  return { data, resourcePositions };
}

function checkJson(text: string): void {
  try {
    JSON.parse(text);
  } catch (error) {
    const message = (error as Error).message;
    const at = /at position (\d+)/.exec(message);
    if (!at) throw new TemplateSyntaxError(`invalid JSON: ${message}`);
    const offset = Number(at[1]);
    const before = text.slice(0, offset).split('\n');
    const line = before.length;
    const column = (before[before.length - 1]?.length ?? 0) + 1;
    throw new TemplateSyntaxError(
      `invalid JSON: ${message.replace(/ in JSON at position \d+.*$/s, '')}`,
      line,
      column,
    );
  }
}

function firstLine(message: string): string {
  const line = message.split('\n')[0] ?? message;
  return line.replace(/ at line \d+, column \d+:?$/, '');
}

type Doc = ReturnType<typeof parseDocument>;

function expandedSize(
  node: Node | null | undefined,
  doc: Doc,
  memo: Map<Node, number>,
  depth: number,
): number {
  if (node === null || node === undefined) return 1;
  const known = memo.get(node);
  if (known !== undefined) return known;
  if (depth > MAX_DEPTH) throw new TemplateSyntaxError(`nesting deeper than ${MAX_DEPTH} levels`);
  memo.set(node, 1); // a self-referencing alias counts as one node; toJson rejects it below
  let size = 1;
  if (isAlias(node)) size = expandedSize(node.resolve(doc) as Node | undefined, doc, memo, depth + 1);
  else if (isSeq(node))
    for (const item of node.items) size += expandedSize(item as Node, doc, memo, depth + 1);
  else if (isMap(node))
    for (const pair of node.items) {
      size += expandedSize(pair.key as Node, doc, memo, depth + 1);
      size += expandedSize(pair.value as Node, doc, memo, depth + 1);
      if (size > MAX_NODES) break;
    }
  memo.set(node, Math.min(size, MAX_NODES + 1));
  return Math.min(size, MAX_NODES + 1);
}

function toJson(node: Node | null | undefined, doc: Doc, budget: { nodes: number }, depth: number): Json {
  if (node === null || node === undefined) return null;
  budget.nodes += 1;
  if (budget.nodes > MAX_NODES) throw new TemplateSyntaxError('document too large after alias expansion');
  if (depth > MAX_DEPTH) throw new TemplateSyntaxError(`nesting deeper than ${MAX_DEPTH} levels`);
  if (isAlias(node)) {
    const target = node.resolve(doc);
    if (!target) throw new TemplateSyntaxError(`unknown alias *${node.source}`);
    return toJson(target as Node, doc, budget, depth + 1);
  }
  let value: Json;
  if (isScalar(node)) {
    value = scalarValue(node.value);
  } else if (isSeq(node)) {
    value = node.items.map((item) => toJson(item as Node, doc, budget, depth + 1));
  } else if (isMap(node)) {
    const out: { [key: string]: Json } = {};
    for (const pair of node.items) {
      if (!isPair(pair)) continue;
      const key = toJson(pair.key as Node, doc, budget, depth + 1);
      out[keyString(key)] = toJson(pair.value as Node, doc, budget, depth + 1);
    }
    value = out;
  } else {
    value = null;
  }
  return applyTag(node.tag, value);
}

function scalarValue(value: unknown): Json {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') return Number.isFinite(value) ? value : String(value);
  if (typeof value === 'bigint') return value.toString();
  if (value instanceof Date) return value.toISOString();
  return String(value);
}

function keyString(key: Json): string {
  if (key === null) return '';
  return typeof key === 'object' ? JSON.stringify(key) : String(key);
}

/** `!Ref X` → `{Ref: X}`; `!GetAtt A.B` → `{"Fn::GetAtt": ["A", "B"]}`; `!Sub …` → `{"Fn::Sub": …}`. */
function applyTag(tag: string | undefined, value: Json): Json {
  if (!tag?.startsWith('!') || tag.startsWith('!!')) return value;
  const name = tag.slice(1);
  if (name === 'Ref' || name === 'Condition') return { [name]: value };
  if (!FN_TAGS.has(name)) return value;
  if (name === 'GetAtt' && typeof value === 'string') {
    // The dotted short form splits at the FIRST dot: attribute names may contain dots (Endpoint.Address).
    const dot = value.indexOf('.');
    return { 'Fn::GetAtt': dot < 0 ? [value] : [value.slice(0, dot), value.slice(dot + 1)] };
  }
  return { [`Fn::${name}`]: value };
}
