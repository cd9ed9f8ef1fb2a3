/**
 * Builds template data from (already validated) JSON text without recursion, keeping the line of every
 * object and array and the position of each logical id under `Resources`.
 *
 * Why not the YAML parser for JSON: it needs about 36 s and 1.3 GB for a 16 MB template on this machine
 * (its duplicate-key check is quadratic in the keys of a map), where this takes about a second. Values of
 * strings and numbers come from `JSON.parse` of their token, so escapes and number syntax are exactly
 * JSON's. Duplicate keys are rejected, as CloudFormation rejects them.
 */
import { LimitExceeded } from '../limits.js';
import { type Json, type ParsedTemplate, type Position, TemplateSyntaxError } from './template-types.js';

/** Sets a key, `__proto__` included (as JSON.parse does: an own property, never the prototype). */
export function setKey(out: { [key: string]: Json }, key: string, value: Json): void {
  if (key === '__proto__')
    Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
  else out[key] = value;
}

interface Frame {
  container: Json[] | { [key: string]: Json };
  /** Pending key of an object (set after the key string, cleared once its value is stored). */
  key: string | undefined;
  keys: Set<string> | undefined;
  /** This object is the root's `Resources` map. */
  resources: boolean;
}

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const LITERAL = /true|false|null/y;

export function buildJson(text: string, depthLimit: number): ParsedTemplate {
  const lines = new WeakMap<object, number>();
  const resourcePositions = new Map<string, Position>();
  const stack: Frame[] = [];
  let line = 1;
  let lineStart = 0;
  let root: Json = null;
  let i = 0;
  const store = (value: Json): void => {
    const top = stack[stack.length - 1];
    if (!top) {
      root = value;
      return;
    }
    if (Array.isArray(top.container)) top.container.push(value);
    else {
      setKey(top.container, top.key as string, value);
      top.key = undefined;
    }
  };
  while (i < text.length) {
    const c = text[i] as string;
    if (c === '\n') {
      line += 1;
      lineStart = i + 1;
      i += 1;
    } else if (c === ' ' || c === '\t' || c === '\r' || c === ',' || c === ':') {
      i += 1;
    } else if (c === '{' || c === '[') {
      if (stack.length >= depthLimit)
        throw new LimitExceeded('depth', depthLimit, `JSON nested deeper than ${depthLimit} levels`);
      const container: Frame['container'] = c === '{' ? {} : [];
      lines.set(container, line);
      const parent = stack[stack.length - 1];
      const resources = stack.length === 1 && parent?.key === 'Resources' && c === '{';
      store(container);
      stack.push({ container, key: undefined, keys: c === '{' ? new Set() : undefined, resources });
      i += 1;
    } else if (c === '}' || c === ']') {
      stack.pop();
      i += 1;
    } else if (c === '"') {
      const end = stringEnd(text, i);
      const raw = text.slice(i, end + 1);
      const value = raw.includes('\\') ? (JSON.parse(raw) as string) : raw.slice(1, -1);
      const top = stack[stack.length - 1];
      if (top && !Array.isArray(top.container) && top.key === undefined) {
        if (top.keys?.has(value))
          throw new TemplateSyntaxError(`duplicate key "${value}"`, line, i - lineStart + 1);
        top.keys?.add(value);
        top.key = value;
        if (top.resources) resourcePositions.set(value, { line, column: i - lineStart + 1 });
      } else store(value);
      i = end + 1;
    } else {
      NUMBER.lastIndex = i;
      LITERAL.lastIndex = i;
      const number = NUMBER.exec(text);
      if (number) {
        store(JSON.parse(number[0]) as number);
        i += number[0].length;
        continue;
      }
      const literal = LITERAL.exec(text);
      if (!literal) throw new TemplateSyntaxError('invalid JSON', line, i - lineStart + 1);
      store(literal[0] === 'null' ? null : literal[0] === 'true');
      i += literal[0].length;
    }
  }
  return { data: root, resourcePositions, lines };
}

/** Index of the closing quote of the JSON string starting at `start` (the text is valid JSON). */
function stringEnd(text: string, start: number): number {
  let i = start + 1;
  for (;;) {
    const quote = text.indexOf('"', i);
    if (quote < 0) throw new TemplateSyntaxError('unterminated string');
    let backslashes = 0;
    for (let j = quote - 1; text[j] === '\\'; j--) backslashes += 1;
    if (backslashes % 2 === 0) return quote;
    i = quote + 1;
  }
}
