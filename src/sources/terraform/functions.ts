/**
 * Terraform built-in functions, evaluated statically: the pure ones, regular expressions (RE2 syntax and
 * linear-time matching through re2js, as Terraform's Go regexp), and `file()` / `templatefile()` for files
 * inside the scanned tree. Functions that read the clock or randomness (timestamp, uuid…) and anything not
 * listed here give an `Unknown`. Work and result sizes are counted against the root module's budget.
 */
import type { EvalBudget } from './budget.js';
import { canonicalKey, equal } from './compare.js';
import type { FileAccess } from './file-access.js';
import { MORE_FUNCTIONS } from './functions-more.js';
import { regexAll, regexOne, regexReplace } from './regex.js';
import { renderTemplateFile, type TemplateEvaluator } from './template-file.js';
import {
  firstUnknown,
  isPlainObject,
  isUnknown,
  LazyObject,
  newObject,
  partialJson,
  toStringValue,
  Unknown,
  type Value,
  withPartial,
} from './values.js';

/** What a function call may use besides its arguments. */
export interface FnEnv {
  budget: EvalBudget;
  files: FileAccess | undefined;
  /** Line of the call, for messages. */
  line: number;
  /** The calling evaluator, for `templatefile()` (passed in: the evaluator imports this library). */
  evaluateTemplate: TemplateEvaluator;
}

type Fn = (args: Value[], env: FnEnv) => Value;

const err = (message: string) => new Unknown(message, undefined, true);

function strings(args: Value[]): string[] | Unknown {
  const out: string[] = [];
  for (const arg of args) {
    const s = toStringValue(arg);
    if (isUnknown(s)) return s;
    out.push(s);
  }
  return out;
}

function list(value: Value | undefined): Value[] | Unknown {
  if (value === undefined) return err('missing argument');
  if (isUnknown(value)) return value;
  if (Array.isArray(value)) return value;
  return err('expected a list');
}

function str(fn: (...s: string[]) => Value): Fn {
  return (args) => {
    const s = strings(args);
    return isUnknown(s) ? s : fn(...s);
  };
}

/** Terraform `format` verbs: %s %d %v %q %% (width/precision flags are not modelled). */
function format(args: Value[]): Value {
  const [spec, ...rest] = args;
  if (typeof spec !== 'string') return isUnknown(spec) ? spec : err('format needs a string');
  let i = 0;
  let failed: Unknown | null = null;
  const out = spec.replace(/%([%sdvqt])/g, (_m, verb: string) => {
    if (verb === '%') return '%';
    const arg = rest[i++];
    if (arg === undefined) {
      failed = err('format: too few arguments');
      return '';
    }
    if (isUnknown(arg)) {
      failed = arg;
      return '';
    }
    if (verb === 'q') return JSON.stringify(toStringValue(arg));
    if (verb === 'd' && typeof arg !== 'number') {
      failed = err('format %d needs a number');
      return '';
    }
    const s = verb === 'v' && typeof arg === 'object' && arg !== null ? jsonText(arg) : toStringValue(arg);
    if (isUnknown(s)) {
      failed = s;
      return '';
    }
    return s;
  });
  return failed ?? out;
}

function jsonText(value: Value): string | Unknown {
  const u = firstUnknown(value, 0, true);
  // The document as far as it is known (a policy with one unknown ARN or condition), see `Unknown.partial`.
  if (u) return u.isError ? u : withPartial(u, u.message, { json: partialJson(value) });
  return JSON.stringify(toJson(value));
}

/** Terraform's jsonencode sorts object keys; plain data only (a symbolic value prints as its token). */
export function toJson(value: Value): unknown {
  if (isUnknown(value)) return toStringValue(value);
  if (Array.isArray(value)) return value.map(toJson);
  if (isPlainObject(value)) {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(value).sort()) out[k] = toJson(value[k] as Value);
    return out;
  }
  return value;
}

function fromJson(value: unknown, depth = 0): Value {
  if (depth > 64) return err('JSON nested too deeply');
  if (Array.isArray(value)) return value.map((v) => fromJson(v, depth + 1));
  if (value !== null && typeof value === 'object') {
    const out = newObject();
    for (const [k, v] of Object.entries(value)) out[k] = fromJson(v, depth + 1);
    return out;
  }
  return value as Value;
}

function flatten(value: Value, out: Value[], depth = 0): Unknown | null {
  if (depth > 64) return err('flatten: nested too deeply');
  if (!Array.isArray(value)) {
    out.push(value);
    return null;
  }
  for (const item of value) {
    if (isUnknown(item)) return item;
    const u = flatten(item, out, depth + 1);
    if (u) return u;
  }
  return null;
}

/** Removes repeated elements, keeping the first (Terraform `distinct`, `toset`): one hash per element. */
function distinct(items: Value[], env: FnEnv): Value[] | Unknown {
  const u = firstUnknown(items);
  if (u) return u;
  env.budget.step(items.length);
  const seen = new Set<string>();
  const out: Value[] = [];
  for (const item of items) {
    const key = canonicalKey(item);
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(item);
  }
  return out;
}

const FUNCTIONS: Record<string, Fn> = {
  format,
  join: (args) => {
    const [sep, ...lists] = args;
    if (typeof sep !== 'string') return isUnknown(sep) ? sep : err('join needs a separator');
    const items: Value[] = [];
    for (const l of lists) {
      const v = list(l);
      if (isUnknown(v)) return v;
      items.push(...v);
    }
    const s = strings(items);
    return isUnknown(s) ? s : s.join(sep);
  },
  lower: str((s) => (s ?? '').toLowerCase()),
  upper: str((s) => (s ?? '').toUpperCase()),
  trimspace: str((s) => (s ?? '').trim()),
  trimprefix: str((s = '', p = '') => (p && s.startsWith(p) ? s.slice(p.length) : s)),
  trimsuffix: str((s = '', p = '') => (p && s.endsWith(p) ? s.slice(0, -p.length) : s)),
  startswith: str((s = '', p = '') => s.startsWith(p)),
  endswith: str((s = '', p = '') => s.endsWith(p)),
  replace: (args, env) => {
    const s = strings(args);
    if (isUnknown(s)) return s;
    const [text = '', from = '', to = ''] = s;
    // A search string in slashes is a regular expression (RE2 syntax, `$1` / `${name}` in the replacement).
    if (from.length > 1 && from.startsWith('/') && from.endsWith('/'))
      return regexReplace(text, from.slice(1, -1), to, env.budget);
    return from === '' ? text : text.split(from).join(to);
  },
  regex: (args, env) => {
    const s = strings(args);
    return isUnknown(s) ? s : regexOne(s[0] ?? '', s[1] ?? '', env.budget);
  },
  regexall: (args, env) => {
    const s = strings(args);
    return isUnknown(s) ? s : regexAll(s[0] ?? '', s[1] ?? '', env.budget);
  },
  file: (args, env) => {
    const path = toStringValue(args[0] ?? null);
    if (isUnknown(path)) return path;
    return env.files ? env.files.read(path) : new Unknown(`file(${JSON.stringify(path)}) is not read here`);
  },
  fileexists: (args, env) => {
    const path = toStringValue(args[0] ?? null);
    if (isUnknown(path)) return path;
    if (!env.files) return new Unknown(`fileexists(${JSON.stringify(path)}) is not checked here`);
    const text = env.files.read(path);
    if (typeof text === 'string') return true;
    // A file the scan may not look at stays unknown; a missing one inside the tree is a known "false".
    return text.isError ? false : text;
  },
  templatefile: (args, env) => {
    const path = toStringValue(args[0] ?? null);
    if (isUnknown(path)) return path;
    if (!env.files) return new Unknown(`templatefile(${JSON.stringify(path)}) is not read here`);
    const text = env.files.read(path);
    if (isUnknown(text)) return text;
    return renderTemplateFile(path, text, args[1] ?? newObject(), env.evaluateTemplate);
  },
  split: str((sep = '', s = '') => (s === '' ? [] : s.split(sep))),
  substr: (args) => {
    const [s, off, len] = args;
    if (isUnknown(s) || isUnknown(off) || isUnknown(len)) return new Unknown('substr of unknown');
    if (typeof s !== 'string' || typeof off !== 'number' || typeof len !== 'number')
      return err('substr types');
    const chars = [...s];
    const start = off < 0 ? chars.length + off : off;
    return chars.slice(start, len < 0 ? undefined : start + len).join('');
  },
  tostring: (args) => (args[0] === null ? null : toStringValue(args[0] ?? null)),
  tonumber: (args) => {
    const v = args[0];
    if (isUnknown(v) || typeof v === 'number' || v === null) return v ?? null;
    const n = Number(v);
    return typeof v === 'string' && v.trim() !== '' && !Number.isNaN(n) ? n : err('tonumber');
  },
  tobool: (args) => {
    const v = args[0];
    if (v === 'true') return true;
    if (v === 'false') return false;
    return v ?? null;
  },
  tolist: (args) => list(args[0]),
  toset: (args, env) => {
    const l = list(args[0]);
    return isUnknown(l) ? l : distinct(l, env);
  },
  tomap: (args) => args[0] ?? null,
  concat: (args) => {
    const out: Value[] = [];
    for (const a of args) {
      const l = list(a);
      if (isUnknown(l)) return l;
      out.push(...l);
    }
    return out;
  },
  merge: (args) => {
    const out = newObject();
    for (const a of args) {
      if (a === null) continue;
      if (isUnknown(a)) return a;
      if (!isPlainObject(a)) return err('merge needs maps');
      Object.assign(out, a);
    }
    return out;
  },
  lookup: (args) => {
    const [m, k, dflt] = args;
    if (isUnknown(m)) return m;
    if (isUnknown(k)) return k;
    const key = toStringValue(k ?? null);
    if (isUnknown(key)) return key;
    if (m instanceof LazyObject) return m.get(key);
    if (!isPlainObject(m)) return err('lookup needs a map');
    if (Object.hasOwn(m, key)) return m[key] as Value;
    return dflt === undefined ? err(`lookup: no key "${key}"`) : dflt;
  },
  element: (args) => {
    const l = list(args[0]);
    const i = args[1];
    if (isUnknown(l)) return l;
    if (isUnknown(i)) return i;
    if (typeof i !== 'number' || l.length === 0) return err('element');
    return l[((Math.floor(i) % l.length) + l.length) % l.length] as Value;
  },
  coalesce: (args) => {
    for (const a of args) {
      if (isUnknown(a)) return a;
      if (a !== null && a !== '') return a;
    }
    return err('coalesce: no non-null argument');
  },
  coalescelist: (args) => {
    for (const a of args) {
      if (isUnknown(a)) return a;
      if (Array.isArray(a) && a.length > 0) return a;
    }
    return [];
  },
  try: (args) => {
    // `try` returns the first argument that evaluates without an error; an apply-time unknown stays unknown.
    for (const a of args) {
      if (isUnknown(a) && a.isError) continue;
      return a;
    }
    return err('try: every argument failed');
  },
  can: (args) => {
    const a = args[0];
    if (isUnknown(a)) return a.isError ? false : a;
    return true;
  },
  length: (args) => {
    const a = args[0] ?? null;
    if (isUnknown(a)) return a;
    if (typeof a === 'string') return [...a].length;
    if (Array.isArray(a)) return a.length;
    if (isPlainObject(a)) return Object.keys(a).length;
    return err('length');
  },
  keys: (args) => {
    const a = args[0] ?? null;
    if (isUnknown(a)) return a;
    if (isPlainObject(a)) return Object.keys(a).sort();
    return err('keys needs a map');
  },
  values: (args) => {
    const a = args[0] ?? null;
    if (isUnknown(a)) return a;
    if (isPlainObject(a))
      return Object.keys(a)
        .sort()
        .map((k) => a[k] as Value);
    return err('values needs a map');
  },
  flatten: (args) => {
    const out: Value[] = [];
    const u = flatten(args[0] ?? null, out);
    return u ?? out;
  },
  distinct: (args, env) => {
    const l = list(args[0]);
    return isUnknown(l) ? l : distinct(l, env);
  },
  compact: (args) => {
    const l = list(args[0]);
    if (isUnknown(l)) return l;
    const u = firstUnknown(l);
    return u ?? l.filter((v) => v !== null && v !== '');
  },
  contains: (args) => {
    const l = list(args[0]);
    if (isUnknown(l)) return l;
    for (const v of l) {
      const eq = equal(v, args[1] ?? null);
      if (isUnknown(eq)) return eq;
      if (eq) return true;
    }
    return false;
  },
  zipmap: (args) => {
    const ks = list(args[0]);
    const vs = list(args[1]);
    if (isUnknown(ks)) return ks;
    if (isUnknown(vs)) return vs;
    const names = strings(ks);
    if (isUnknown(names)) return names;
    const out = newObject();
    names.forEach((k, i) => {
      out[k] = vs[i] ?? null;
    });
    return out;
  },
  range: (args, env) => {
    const nums = args.map((a) => (typeof a === 'number' ? a : Number.NaN));
    if (args.some(isUnknown)) return new Unknown('range of unknown');
    const [a = 0, b, step = 1] = nums.length === 1 ? [0, nums[0], 1] : nums;
    if (b === undefined || Number.isNaN(a) || Number.isNaN(b) || Number.isNaN(step) || step === 0) {
      return err('range');
    }
    const n = Math.max(0, Math.ceil((b - a) / step));
    env.budget.size(n, 'range()');
    env.budget.step(n);
    return Array.from({ length: n }, (_v, i) => a + i * step);
  },
  min: (args) => (args.some(isUnknown) ? new Unknown('min of unknown') : Math.min(...(args as number[]))),
  max: (args) => (args.some(isUnknown) ? new Unknown('max of unknown') : Math.max(...(args as number[]))),
  abs: (args) => (typeof args[0] === 'number' ? Math.abs(args[0]) : err('abs')),
  one: (args) => {
    const l = list(args[0]);
    if (isUnknown(l)) return l;
    if (l.length > 1) return err('one: more than one element');
    return l[0] ?? null;
  },
  sort: (args) => {
    const l = list(args[0]);
    if (isUnknown(l)) return l;
    const s = strings(l);
    return isUnknown(s) ? s : [...s].sort();
  },
  reverse: (args) => {
    const l = list(args[0]);
    return isUnknown(l) ? l : [...l].reverse();
  },
  jsonencode: (args) => jsonText(args[0] ?? null),
  jsondecode: (args) => {
    const s = args[0];
    if (typeof s !== 'string') return isUnknown(s) ? s : err('jsondecode needs a string');
    try {
      return fromJson(JSON.parse(s));
    } catch {
      return err('jsondecode: invalid JSON');
    }
  },
  formatlist: (args) => {
    const [spec, ...rest] = args;
    const n = rest.find(Array.isArray)?.length ?? 1;
    const out: Value[] = [];
    for (let i = 0; i < n; i++) {
      out.push(format([spec ?? null, ...rest.map((r) => (Array.isArray(r) ? (r[i] ?? null) : r))]));
    }
    return out;
  },
};

export function callFunction(name: string, args: Value[], env: FnEnv): Value {
  // Provider-namespaced functions (`provider::aws::arn_parse`) and unmodelled built-ins stay unknown.
  const fn = Object.hasOwn(FUNCTIONS, name)
    ? FUNCTIONS[name]
    : Object.hasOwn(MORE_FUNCTIONS, name)
      ? MORE_FUNCTIONS[name]
      : undefined;
  if (!fn) return new Unknown(`function ${name}() is not evaluated statically (line ${env.line})`);
  const result = fn(args, env);
  // Every function's result is bounded like a literal of that size, and building it is work.
  if (Array.isArray(result)) {
    env.budget.size(result.length, `${name}()`);
    env.budget.step(result.length);
  } else if (typeof result === 'string') env.budget.size(result.length, `the string ${name}() builds`);
  else if (isPlainObject(result)) {
    const n = Object.keys(result).length;
    env.budget.size(n, `${name}()`);
    env.budget.step(n);
  }
  return result;
}
