/**
 * Template text (YAML or JSON) → plain data, with the source position of every resource.
 *
 * JSON is parsed by the YAML parser too (JSON is valid YAML 1.2 flow syntax), so both formats keep
 * source ranges with one code path. Short-form intrinsic tags (`!Ref`, `!Sub`, `!GetAtt`…) are turned
 * into their long form (`{ "Fn::Sub": … }`) as the CloudFormation template reference describes
 * ("Intrinsic function reference": every function has a full-name and a short form).
 */
import { isAlias, isMap, isPair, isScalar, isSeq, LineCounter, type Node, parseDocument } from 'yaml';
import { DEFAULT_LIMITS, type InputLimits, LimitExceeded } from '../limits.js';
import { buildJson, setKey } from './json-positions.js';
import { type Json, type ParsedTemplate, type Position, TemplateSyntaxError } from './template-types.js';

// The parsed shapes live in template-types.ts (json-positions.ts builds them too); re-exported for callers.
export { type Json, type ParsedTemplate, type Position, TemplateSyntaxError } from './template-types.js';

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

/**
 * Parses a template under the input budget (issue 11):
 * - nesting deeper than `limits.depth` is a `LimitExceeded` (checked before any recursive step: JSON is
 *   built by an iterative parser; YAML text is pre-scanned for flow nesting, and a stack overflow inside
 *   the YAML composer that the pre-scan did not foresee is reported as the same budget error);
 * - YAML aliases are expanded only after the expanded size has been measured (linear, memoised), and may
 *   add at most `limits.fileBytes` of content (the "billion laughs" document and merge-key chains);
 * - aliases are resolved through one anchor table built in document order (the `yaml` package's
 *   `Alias.resolve` walks the whole document on every call, which made a 200-level merge-key chain take
 *   seconds).
 *
 * JSON text (a `.json` file, or text starting with `{`) is first checked by the strict JSON parser,
 * because YAML's flow syntax accepts things CloudFormation's JSON parser rejects (trailing commas,
 * unquoted keys); it is then built by `json-positions.ts`, which keeps the line of every object.
 */
export function parseTemplate(
  text: string,
  options: { json?: boolean; limits?: Pick<InputLimits, 'depth' | 'fileBytes'> } = {},
): ParsedTemplate {
  const limits = options.limits ?? DEFAULT_LIMITS;
  if (options.json ?? /^\s*\{/.test(text)) {
    checkJson(text);
    return buildJson(text, limits.depth);
  }
  checkFlowDepth(text, limits.depth);
  const lineCounter = new LineCounter();
  let doc: Doc;
  try {
    // Duplicate keys are rejected by toJson (CloudFormation rejects them; it keeps "last one wins" guesses
    // out): the parser's own uniqueKeys check compares every key with every other key of its map, which
    // took over a minute for a template with 100,000 resources.
    doc = parseDocument(text, { lineCounter, prettyErrors: true, uniqueKeys: false, strict: false });
  } catch (error) {
    if (error instanceof RangeError) throw tooDeep(limits.depth, 'YAML nesting');
    throw error;
  }
  const first = doc.errors[0];
  if (first) {
    const pos = first.linePos?.[0];
    throw new TemplateSyntaxError(firstLine(first.message), pos?.line, pos?.col);
  }
  const walk: Walk = {
    doc,
    lineCounter,
    depthLimit: limits.depth,
    anchors: new Map(),
    aliasTargets: new Map(),
    sizes: new Map(),
    plainSize: 0,
    nodes: 0,
    positions: new WeakMap(),
  };
  // Measure the expanded size first (memoised per node, so this is linear in the text): an alias bomb
  // is rejected before any expansion work is done.
  const expanded = expandedSize(doc.contents as Node | null, walk, 0);
  if (expanded - walk.plainSize > limits.fileBytes)
    throw new LimitExceeded('fileBytes', limits.fileBytes, 'document too large after YAML alias expansion');
  const data = toJson(doc.contents as Node | null, walk, 0, expanded);
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
  return { data, resourcePositions, lines: walk.positions };
}

function tooDeep(limit: number, what: string): LimitExceeded {
  return new LimitExceeded('depth', limit, `${what} deeper than ${limit} levels`);
}

/**
 * Upper bound of the flow-collection nesting of YAML text (`[`/`{` outside quotes and comments), checked
 * before the recursive YAML composer sees the text. A heuristic (a quote inside a plain scalar can fool
 * it), which is why parseTemplate also turns a stack overflow in the composer into the same budget error.
 */
function checkFlowDepth(text: string, limit: number): void {
  let depth = 0;
  let previous = '\n';
  for (let i = 0; i < text.length; i++) {
    const c = text[i] as string;
    if (c === '#' && (previous === ' ' || previous === '\t' || previous === '\n')) {
      const end = text.indexOf('\n', i);
      if (end < 0) return;
      i = end;
      previous = '\n';
      continue;
    }
    if ((c === '"' || c === "'") && /[\s[{,:]/.test(previous)) {
      i = quoteEnd(text, i, c);
      previous = c;
      continue;
    }
    if (c === '[' || c === '{') {
      depth += 1;
      if (depth > limit) throw tooDeep(limit, 'flow collections nested');
    } else if ((c === ']' || c === '}') && depth > 0) depth -= 1;
    previous = c;
  }
}

/** Index of the closing quote (or the end of the text) of a quoted YAML scalar opened at `start`. */
function quoteEnd(text: string, start: number, quote: string): number {
  let i = start + 1;
  while (i < text.length) {
    const c = text[i];
    if (quote === '"' && c === '\\') i += 2;
    else if (c === quote) {
      if (quote === "'" && text[i + 1] === "'") i += 2;
      else return i;
    } else i += 1;
  }
  return text.length;
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

interface Walk {
  doc: Doc;
  lineCounter: LineCounter;
  depthLimit: number;
  /** Anchor name → the node that most recently defined it, in document order (filled by expandedSize). */
  anchors: Map<string, Node>;
  aliasTargets: Map<Node, Node | undefined>;
  /** Expanded size (nodes + scalar characters) of each node seen. */
  sizes: Map<Node, number>;
  /** Size of the document without following aliases. */
  plainSize: number;
  nodes: number;
  positions: WeakMap<object, number>;
}

function ownSize(node: Node): number {
  return 1 + (isScalar(node) && typeof node.source === 'string' ? node.source.length : 0);
}

/** The expanded size of a node (memoised), recording anchors and alias targets in document order. */
function expandedSize(node: Node | null | undefined, walk: Walk, depth: number): number {
  if (node === null || node === undefined) return 1;
  const known = walk.sizes.get(node);
  if (known !== undefined) return known;
  if (depth > walk.depthLimit) throw tooDeep(walk.depthLimit, 'YAML nesting');
  walk.sizes.set(node, 1); // a self-referencing alias counts as one node; toJson rejects it below
  const own = ownSize(node);
  walk.plainSize += own;
  if (node.anchor) walk.anchors.set(node.anchor, node);
  let size = own;
  if (isAlias(node)) {
    const target = walk.anchors.get(node.source);
    walk.aliasTargets.set(node, target);
    size += target ? expandedSize(target, walk, depth + 1) : 0;
  } else if (isSeq(node)) {
    for (const item of node.items) size += expandedSize(item as Node, walk, depth + 1);
  } else if (isMap(node)) {
    for (const pair of node.items) {
      size += expandedSize(pair.key as Node, walk, depth + 1);
      size += expandedSize(pair.value as Node, walk, depth + 1);
    }
  }
  walk.sizes.set(node, size);
  return size;
}

function toJson(node: Node | null | undefined, walk: Walk, depth: number, bound: number): Json {
  if (node === null || node === undefined) return null;
  walk.nodes += 1;
  // Cannot trigger after expandedSize unless an alias refers to its own ancestor (a cycle).
  if (walk.nodes > bound) throw new TemplateSyntaxError('document too large after alias expansion');
  if (depth > walk.depthLimit) throw tooDeep(walk.depthLimit, 'YAML nesting (through aliases)');
  if (isAlias(node)) {
    const target = walk.aliasTargets.get(node);
    if (!target) throw new TemplateSyntaxError(`unknown alias *${node.source}`);
    return toJson(target, walk, depth + 1, bound);
  }
  let value: Json;
  if (isScalar(node)) {
    value = scalarValue(node.value);
  } else if (isSeq(node)) {
    value = node.items.map((item) => toJson(item as Node, walk, depth + 1, bound));
  } else if (isMap(node)) {
    const out: { [key: string]: Json } = {};
    const seen = new Set<string>();
    for (const pair of node.items) {
      if (!isPair(pair)) continue;
      const key = keyString(toJson(pair.key as Node, walk, depth + 1, bound));
      if (seen.has(key)) {
        const at = (pair.key as Node | null)?.range?.[0];
        const pos = at === undefined ? undefined : walk.lineCounter.linePos(at);
        throw new TemplateSyntaxError(`Map keys must be unique ("${key}")`, pos?.line, pos?.col);
      }
      seen.add(key);
      setKey(out, key, toJson(pair.value as Node, walk, depth + 1, bound));
    }
    value = out;
  } else {
    value = null;
  }
  const tagged = applyTag(node.tag, value);
  if (tagged !== null && typeof tagged === 'object' && node.range)
    walk.positions.set(tagged, walk.lineCounter.linePos(node.range[0]).line);
  return tagged;
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
