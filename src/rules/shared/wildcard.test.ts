import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { coverageByAutomaton, matchByAutomaton, prefixCoverage, wildcardMatch } from './wildcard.js';

/** Reference implementation: the pattern turned into an anchored RegExp. */
function reference(pattern: string, subject: string): boolean {
  const source = [...pattern]
    .map((c) => (c === '*' ? '.*' : c === '?' ? '.' : c.replace(/[.+^${}()|[\]\\]/g, '\\$&')))
    .join('');
  return new RegExp(`^${source}$`, 's').test(subject);
}

const alphabet = fc.constantFrom('a', 'b', '/', ':', '*', '?');
const textAlphabet = fc.constantFrom('a', 'b', '/', ':');
const pattern = fc.string({ unit: alphabet, maxLength: 8 });
const text = fc.string({ unit: textAlphabet, maxLength: 8 });

describe('wildcardMatch', () => {
  it.each([
    ['s3:*', 's3:PutObject', true],
    ['s3:Put*', 's3:PutObject', true],
    ['s3:Get*', 's3:PutObject', false],
    ['s3:PutObjec?', 's3:PutObject', true],
    ['arn:aws:s3:::t/logs/*', 'arn:aws:s3:::t/logs/x', true],
    ['arn:aws:s3:::t/logs/*', 'arn:aws:s3:::t/other/x', false],
    ['*', '', true],
  ])('%s ~ %s = %s', (p, s, expected) => {
    expect(wildcardMatch(p, s)).toBe(expected);
  });

  it('ignores case only when asked (actions)', () => {
    expect(wildcardMatch('S3:PUTOBJECT', 's3:PutObject')).toBe(false);
    expect(wildcardMatch('S3:PUT*', 's3:PutObject', { ignoreCase: true })).toBe(true);
  });

  it('agrees with a RegExp reference on random patterns', () => {
    fc.assert(
      fc.property(pattern, text, (p, s) => {
        expect(wildcardMatch(p, s)).toBe(reference(p, s));
      }),
      { numRuns: 2000 },
    );
  });
});

describe('prefixCoverage', () => {
  it.each([
    ['arn:aws:s3:::t/logs/*', 'arn:aws:s3:::t/logs/', 'all'],
    ['arn:aws:s3:::t/*', 'arn:aws:s3:::t/logs/', 'all'],
    ['arn:aws:s3:::t/logs/*', 'arn:aws:s3:::t/other/', 'none'],
    ['arn:aws:s3:::t/logs/*', 'arn:aws:s3:::t/', 'some'],
    ['arn:aws:s3:::t/logs/2024*', 'arn:aws:s3:::t/logs/', 'some'],
    ['arn:aws:s3:::t', 'arn:aws:s3:::t/', 'none'],
    ['arn:aws:s3:::t/', 'arn:aws:s3:::t/', 'none'],
    ['*', 'anything', 'all'],
  ])('%s over %s… = %s', (p, prefix, expected) => {
    expect(prefixCoverage(p, prefix)).toBe(expected);
  });

  it('"all" means every non-empty suffix matches; "none" means none does', () => {
    fc.assert(
      fc.property(
        pattern,
        text,
        fc.string({ unit: textAlphabet, minLength: 1, maxLength: 6 }),
        (p, prefix, t) => {
          const coverage = prefixCoverage(p, prefix);
          if (coverage === 'all') expect(wildcardMatch(p, prefix + t)).toBe(true);
          if (coverage === 'none') expect(wildcardMatch(p, prefix + t)).toBe(false);
        },
      ),
      { numRuns: 3000 },
    );
  });

  it('"some" has a witness suffix that matches', () => {
    fc.assert(
      fc.property(pattern, text, (p, prefix) => {
        fc.pre(prefixCoverage(p, prefix) === 'some');
        // Build a witness by replacing wildcards in each reachable rest; try a few candidate suffixes.
        const candidates = ['a', 'b', '/', ':', 'ab', 'a/b', 'a:b', 'aaaaaaaa', 'b/a:b/a'];
        const restPatterns = [...Array(p.length + 1).keys()].map((i) =>
          p.slice(i).replaceAll('*', '').replaceAll('?', 'a'),
        );
        const found = [...candidates, ...restPatterns]
          .filter((t) => t.length > 0)
          .some((t) => wildcardMatch(p, prefix + t));
        expect(found).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('compiled fast paths agree with the automaton', () => {
  // Astral characters (a surrogate pair in UTF-16) are where `?` must take one code point, not one unit.
  const wide = fc.constantFrom('a', 'b', '/', '*', '?', '\u{1F600}', 'A');
  const wideText = fc.constantFrom('a', 'b', '/', '\u{1F600}', 'A');
  const widePattern = fc.string({ unit: wide, maxLength: 10 });
  const wideSubject = fc.string({ unit: wideText, maxLength: 10 });

  it('wildcardMatch = automaton, case-sensitive and ignoring case', () => {
    fc.assert(
      fc.property(widePattern, wideSubject, fc.boolean(), (p, s, ignoreCase) => {
        const expected = ignoreCase
          ? matchByAutomaton(p.toLowerCase(), s.toLowerCase())
          : matchByAutomaton(p, s);
        expect(wildcardMatch(p, s, { ignoreCase })).toBe(expected);
        // A second call is served from the compiled cache and must give the same answer.
        expect(wildcardMatch(p, s, { ignoreCase })).toBe(expected);
      }),
      { numRuns: 3000 },
    );
  });

  it('prefixCoverage = automaton, including the `L*` and literal shortcuts', () => {
    const shaped = fc.oneof(
      widePattern,
      wideSubject.map((l) => `${l}*`),
      wideSubject,
    );
    fc.assert(
      fc.property(shaped, wideSubject, (p, prefix) => {
        expect(prefixCoverage(p, prefix)).toBe(coverageByAutomaton(p, prefix));
      }),
      { numRuns: 3000 },
    );
  });

  it('an astral character counts as one character for `?`', () => {
    expect(wildcardMatch('a?b', 'a\u{1F600}b')).toBe(true);
    expect(wildcardMatch('a??b', 'a\u{1F600}b')).toBe(false);
    expect(wildcardMatch('\u{1F600}*', '\u{1F600}x')).toBe(true);
  });

  it('stays fast on a pattern built to make a backtracking matcher explode', () => {
    const hostile = `${'*a'.repeat(30)}*b`;
    const subject = 'a'.repeat(5000);
    const t0 = performance.now();
    expect(wildcardMatch(hostile, subject)).toBe(false);
    expect(performance.now() - t0).toBeLessThan(200);
  });
});
