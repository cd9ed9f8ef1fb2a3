/**
 * IAM wildcard matching (`*` = any run of characters, `?` = one character), as used in Action, Resource
 * and the String/Arn *Like condition operators, plus "does this pattern match every key that starts with
 * PREFIX?" — the question a log-delivery grant raises, since S3 writes keys `<TargetPrefix><generated name>`.
 *
 * Patterns are compiled once and cached (the same few statements are evaluated for every source bucket of
 * a log bucket). Matching splits the pattern on `*` and places the literal segments leftmost-first, which is
 * linear in practice and cannot backtrack badly on hostile policy text (no RegExp is built from it). The
 * original position-set automaton stays as the general answer for prefix coverage and for astral-plane
 * characters, where `?` must consume one code point rather than one UTF-16 unit.
 */

export interface MatchOptions {
  /** Action names are case-insensitive; ARNs and condition values are not (IAM policy grammar). */
  ignoreCase?: boolean;
}

interface Compiled {
  /** The pattern, lower-cased when compiled for ignoreCase. */
  p: string;
  /** Literal runs between stars; a single entry when the pattern has no star. */
  segments: string[];
  hasStar: boolean;
  hasSingle: boolean;
  /** Contains a UTF-16 surrogate: code-unit matching could split a character, so use the automaton. */
  astral: boolean;
  /** `L*` with L free of wildcards (the shape of nearly every Resource pattern): L, else null. */
  head: string | null;
}

const MAX_CACHE = 10_000;
/** One cache per case mode, keyed by the pattern itself (no key strings built per call). */
const compiledCache = { exact: new Map<string, Compiled>(), folded: new Map<string, Compiled>() };
const coverageCache = new Map<string, 'all' | 'some' | 'none'>();
const SURROGATE = /[\uD800-\uDFFF]/;

function remember<K, V>(cache: Map<K, V>, key: K, value: V): V {
  // Bounded so a long-lived process scanning many policies cannot grow without limit.
  if (cache.size >= MAX_CACHE) cache.clear();
  cache.set(key, value);
  return value;
}

function compile(pattern: string, ignoreCase: boolean): Compiled {
  const cache = ignoreCase ? compiledCache.folded : compiledCache.exact;
  const cached = cache.get(pattern);
  if (cached) return cached;
  const p = ignoreCase ? pattern.toLowerCase() : pattern;
  const segments = p.split('*');
  const hasStar = segments.length > 1;
  const hasSingle = p.includes('?');
  const last = segments.length - 1;
  const head = !hasSingle && segments.length === 2 && segments[last] === '' ? (segments[0] as string) : null;
  return remember(cache, pattern, {
    p,
    segments,
    hasStar,
    hasSingle,
    astral: SURROGATE.test(p),
    head,
  });
}

/** Does `segment` (with `?` = any one unit) match `s` at `at`? */
function segmentAt(segment: string, s: string, at: number): boolean {
  if (at < 0 || at + segment.length > s.length) return false;
  for (let k = 0; k < segment.length; k++) {
    const c = segment.charCodeAt(k);
    if (c !== 63 /* ? */ && c !== s.charCodeAt(at + k)) return false;
  }
  return true;
}

/** Leftmost start of `segment` in s[from, limit), or -1. */
function findSegment(segment: string, s: string, from: number, limit: number, single: boolean): number {
  if (!single) {
    const at = s.indexOf(segment, from);
    return at >= 0 && at + segment.length <= limit ? at : -1;
  }
  for (let at = from; at + segment.length <= limit; at++) if (segmentAt(segment, s, at)) return at;
  return -1;
}

function segmentsMatch(c: Compiled, s: string): boolean {
  const { segments } = c;
  const first = segments[0] as string;
  if (!c.hasStar) return s.length === first.length && segmentAt(first, s, 0);
  const last = segments[segments.length - 1] as string;
  if (s.length < first.length + last.length) return false;
  if (!segmentAt(first, s, 0) || !segmentAt(last, s, s.length - last.length)) return false;
  // Each star absorbs anything, so placing every middle segment as far left as possible is optimal.
  let pos = first.length;
  const end = s.length - last.length;
  for (let i = 1; i < segments.length - 1; i++) {
    const segment = segments[i] as string;
    if (segment === '') continue;
    const at = findSegment(segment, s, pos, end, c.hasSingle);
    if (at < 0) return false;
    pos = at + segment.length;
  }
  return true;
}

/** True when the whole `subject` matches `pattern`. */
export function wildcardMatch(pattern: string, subject: string, options: MatchOptions = {}): boolean {
  const ignoreCase = options.ignoreCase === true;
  const c = compile(pattern, ignoreCase);
  const s = ignoreCase ? subject.toLowerCase() : subject;
  if (c.astral || (c.hasSingle && SURROGATE.test(s))) return matchByAutomaton(c.p, s);
  return segmentsMatch(c, s);
}

/**
 * How much of the set { prefix + T : T a non-empty string } the pattern matches:
 * `all` (every such string), `some` (at least one, maybe not all) or `none`.
 * `all` is exact for the common shapes (`prefix*`, `*`); a union of states that covers everything only
 * together is reported as `some`, which callers treat as unknown (never as a verdict).
 */
export function prefixCoverage(
  pattern: string,
  prefix: string,
  options: MatchOptions = {},
): 'all' | 'some' | 'none' {
  const ignoreCase = options.ignoreCase === true;
  const c = compile(pattern, ignoreCase);
  const pre = ignoreCase ? prefix.toLowerCase() : prefix;
  if (!c.astral && !SURROGATE.test(pre)) {
    if (c.head !== null) {
      // `L*`: covers all when the prefix already spells L; some when L runs on past the prefix.
      if (pre.startsWith(c.head)) return 'all';
      return c.head.startsWith(pre) ? 'some' : 'none';
    }
    if (!c.hasStar && !c.hasSingle) return c.p.length > pre.length && c.p.startsWith(pre) ? 'some' : 'none';
  }
  const key = `${ignoreCase ? 'i' : 's'}${pattern}\u0000${prefix}`;
  const cached = coverageCache.get(key);
  if (cached) return cached;
  return remember(coverageCache, key, coverageByAutomaton(c.p, pre));
}

/** The general answer (also the reference the fast paths are tested against). Works on code points. */
export function coverageByAutomaton(pattern: string, prefix: string): 'all' | 'some' | 'none' {
  const p = [...pattern];
  const states = consume(p, prefix);
  let some = false;
  for (const i of states) {
    if (i >= p.length) continue; // pattern used up: only prefix + "" would match, and T is never empty
    some = true;
    if (matchesEveryNonEmpty(p.slice(i))) return 'all';
  }
  return some ? 'some' : 'none';
}

/** Whole-string match by the automaton (code points), the reference for the segment matcher. */
export function matchByAutomaton(pattern: string, subject: string): boolean {
  const p = [...pattern];
  return consume(p, subject).has(p.length);
}

/** Pattern positions reachable from `states` without consuming input (a star may match nothing). */
function closure(pattern: readonly string[], states: Iterable<number>): Set<number> {
  const result = new Set<number>();
  for (const start of states) {
    let i = start;
    result.add(i);
    while (pattern[i] === '*') {
      i += 1;
      result.add(i);
    }
  }
  return result;
}

function step(pattern: readonly string[], states: Set<number>, char: string): Set<number> {
  const next: number[] = [];
  for (const i of states) {
    const p = pattern[i];
    if (p === undefined) continue;
    if (p === '*') next.push(i);
    else if (p === '?' || p === char) next.push(i + 1);
  }
  return closure(pattern, next);
}

/** Pattern positions (code-point indexes) reachable after reading all of `s`, one code point at a time. */
function consume(p: readonly string[], s: string): Set<number> {
  let states = closure(p, [0]);
  for (const char of s) {
    if (states.size === 0) break;
    states = step(p, states, char);
  }
  return states;
}

/** A rest made of stars and at most one `?`, with at least one star, matches every non-empty string. */
function matchesEveryNonEmpty(rest: readonly string[]): boolean {
  let stars = 0;
  let singles = 0;
  for (const char of rest) {
    if (char === '*') stars += 1;
    else if (char === '?') singles += 1;
    else return false;
  }
  return stars > 0 && singles <= 1;
}
