/**
 * IAM wildcard matching (`*` = any run of characters, `?` = one character), as used in Action, Resource
 * and the String/Arn *Like condition operators. Written as a small position-set automaton instead of a
 * RegExp so that it can also answer "does this pattern match every key that starts with PREFIX?" — the
 * question a log-delivery grant raises, since S3 writes keys `<TargetPrefix><generated name>`.
 */

export interface MatchOptions {
  /** Action names are case-insensitive; ARNs and condition values are not (IAM policy grammar). */
  ignoreCase?: boolean;
}

/** Pattern positions reachable from `states` without consuming input (a star may match nothing). */
function closure(pattern: string, states: Iterable<number>): Set<number> {
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

function step(pattern: string, states: Set<number>, char: string): Set<number> {
  const next: number[] = [];
  for (const i of states) {
    const p = pattern[i];
    if (p === undefined) continue;
    if (p === '*') next.push(i);
    else if (p === '?' || p === char) next.push(i + 1);
  }
  return closure(pattern, next);
}

function consume(
  pattern: string,
  subject: string,
  options: MatchOptions,
): { states: Set<number>; p: string } {
  const p = options.ignoreCase ? pattern.toLowerCase() : pattern;
  const s = options.ignoreCase ? subject.toLowerCase() : subject;
  let states = closure(p, [0]);
  for (const char of s) {
    if (states.size === 0) break;
    states = step(p, states, char);
  }
  return { states, p };
}

/** True when the whole `subject` matches `pattern`. */
export function wildcardMatch(pattern: string, subject: string, options: MatchOptions = {}): boolean {
  const { states, p } = consume(pattern, subject, options);
  return states.has(p.length);
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
  const { states, p } = consume(pattern, prefix, options);
  let some = false;
  for (const i of states) {
    if (i >= p.length) continue; // pattern used up: only prefix + "" would match, and T is never empty
    some = true;
    if (matchesEveryNonEmpty(p.slice(i))) return 'all';
  }
  return some ? 'some' : 'none';
}

/** A rest made of stars and at most one `?`, with at least one star, matches every non-empty string. */
function matchesEveryNonEmpty(rest: string): boolean {
  let stars = 0;
  let singles = 0;
  for (const char of rest) {
    if (char === '*') stars += 1;
    else if (char === '?') singles += 1;
    else return false;
  }
  return stars > 0 && singles <= 1;
}
