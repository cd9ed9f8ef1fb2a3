/**
 * More pure Terraform built-ins (strings, sets, numbers, encodings, hashes, paths) that real modules use
 * around bucket names and policies. Same conventions as functions.ts: unknown in, unknown out; a type
 * error is an evaluation error (`try` skips it).
 */
import { createHash } from 'node:crypto';
import { posix } from 'node:path';
import { canonicalKey } from './compare.js';
import { firstUnknown, isUnknown, toStringValue, Unknown, type Value } from './values.js';

type Fn = (args: Value[]) => Value;

const err = (message: string) => new Unknown(message, undefined, true);

function str1(fn: (s: string, rest: Value[]) => Value): Fn {
  return (args) => {
    const s = toStringValue(args[0] ?? null);
    return isUnknown(s) ? s : fn(s, args.slice(1));
  };
}

function lists(args: Value[]): Value[][] | Unknown {
  const u = firstUnknown(args);
  if (u) return u;
  if (!args.every(Array.isArray)) return err('expected lists or sets');
  return args as Value[][];
}

function numbers(args: Value[]): number[] | Unknown {
  const out: number[] = [];
  for (const a of args) {
    if (isUnknown(a)) return a;
    if (typeof a !== 'number') return err('expected numbers');
    out.push(a);
  }
  return out;
}

function setOp(keep: (inOthers: boolean[]) => boolean, union = false): Fn {
  return (args) => {
    const all = lists(args);
    if (isUnknown(all)) return all;
    const keys = all.map((l) => new Set(l.map(canonicalKey)));
    const seen = new Set<string>();
    const out: Value[] = [];
    for (const item of union ? all.flat() : (all[0] ?? [])) {
      const key = canonicalKey(item);
      if (seen.has(key)) continue;
      seen.add(key);
      if (union || keep(keys.slice(1).map((k) => k.has(key)))) out.push(item);
    }
    return out;
  };
}

const hash = (algorithm: string): Fn => str1((s) => createHash(algorithm).update(s, 'utf8').digest('hex'));

export const MORE_FUNCTIONS: Record<string, Fn> = {
  title: str1((s) =>
    s.replace(/(^|[^\p{L}\p{N}])(\p{L})/gu, (_m, before: string, c: string) => before + c.toUpperCase()),
  ),
  chomp: str1((s) => s.replace(/(\r\n|\n|\r)+$/, '')),
  strrev: str1((s) => [...s].reverse().join('')),
  strcontains: (args) => {
    const [s, sub] = [toStringValue(args[0] ?? null), toStringValue(args[1] ?? null)];
    if (isUnknown(s)) return s;
    if (isUnknown(sub)) return sub;
    return s.includes(sub);
  },
  trim: str1((s, [chars]) => {
    const set = toStringValue(chars ?? '');
    if (isUnknown(set)) return set;
    const cut = new Set([...set]);
    const cs = [...s];
    let a = 0;
    let b = cs.length;
    while (a < b && cut.has(cs[a] as string)) a++;
    while (b > a && cut.has(cs[b - 1] as string)) b--;
    return cs.slice(a, b).join('');
  }),
  indent: (args) => {
    const [n, s] = args;
    if (isUnknown(n)) return n;
    if (isUnknown(s)) return s;
    if (typeof n !== 'number' || typeof s !== 'string') return err('indent(spaces, string)');
    return s.replace(/\n/g, `\n${' '.repeat(Math.max(0, n))}`);
  },
  alltrue: (args) => {
    const l = lists([args[0] ?? null]);
    if (isUnknown(l)) return l;
    return (l[0] ?? []).every((v) => v === true || v === 'true');
  },
  anytrue: (args) => {
    const l = lists([args[0] ?? null]);
    if (isUnknown(l)) return l;
    return (l[0] ?? []).some((v) => v === true || v === 'true');
  },
  sum: (args) => {
    const l = lists([args[0] ?? null]);
    if (isUnknown(l)) return l;
    const ns = numbers(l[0] ?? []);
    return isUnknown(ns) ? ns : ns.length === 0 ? err('sum of an empty list') : ns.reduce((a, b) => a + b, 0);
  },
  ceil: (args) => {
    const n = numbers(args.slice(0, 1));
    return isUnknown(n) ? n : Math.ceil(n[0] ?? Number.NaN);
  },
  floor: (args) => {
    const n = numbers(args.slice(0, 1));
    return isUnknown(n) ? n : Math.floor(n[0] ?? Number.NaN);
  },
  slice: (args) => {
    const l = lists([args[0] ?? null]);
    if (isUnknown(l)) return l;
    const ns = numbers(args.slice(1, 3));
    if (isUnknown(ns)) return ns;
    const [from = 0, to = 0] = ns;
    const list = l[0] ?? [];
    if (from < 0 || to > list.length || from > to) return err('slice: index out of range');
    return list.slice(from, to);
  },
  index: (args) => {
    const l = lists([args[0] ?? null]);
    if (isUnknown(l)) return l;
    const u = firstUnknown(args[1] ?? null);
    if (u) return u;
    const key = canonicalKey(args[1] ?? null);
    const at = (l[0] ?? []).findIndex((v) => canonicalKey(v) === key);
    return at >= 0 ? at : err('index: the value is not in the list');
  },
  setunion: setOp(() => true, true),
  setintersection: setOp((inOthers) => inOthers.every(Boolean)),
  setsubtract: setOp((inOthers) => !inOthers.some(Boolean)),
  base64encode: str1((s) => Buffer.from(s, 'utf8').toString('base64')),
  base64decode: str1((s) => {
    const text = Buffer.from(s, 'base64').toString('utf8');
    return Buffer.from(text, 'utf8').toString('base64').replace(/=+$/, '') === s.replace(/=+$/, '')
      ? text
      : err('base64decode: not valid base64 of UTF-8 text');
  }),
  md5: hash('md5'),
  sha1: hash('sha1'),
  sha256: hash('sha256'),
  sha512: hash('sha512'),
  basename: str1((s) => posix.basename(s)),
  dirname: str1((s) => posix.dirname(s)),
};
