import { describe, expect, it } from 'vitest';
import { summarize } from '../../src/engine/report.js';
import type { Report } from '../../src/engine/types.js';
import { FORMAT_EXTENSIONS, isFormatName, reporters, reportStreams } from '../../src/reporters/index.js';
import { fixtureReport, OPTIONS } from './fixture.js';

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}

const FORMATS = ['text', 'json', 'sarif', 'junit', 'csv', 'markdown', 'html', 'asff', 'ocsf'];

describe('reporter registry', () => {
  it('the fixture report is consistent: its summary is the summary of its findings, every status present', () => {
    const report = fixtureReport();
    expect(report.summary).toEqual(summarize(report.findings));
    expect(new Set(report.findings.map((f) => f.status))).toEqual(
      new Set(['NON_COMPLIANT', 'UNDETERMINED', 'COMPLIANT', 'NOT_APPLICABLE']),
    );
  });

  it('registers every format of DESIGN section 6 with a file extension', () => {
    expect(Object.keys(reporters).sort()).toEqual([...FORMATS].sort());
    for (const name of FORMATS) {
      expect(isFormatName(name)).toBe(true);
      expect(FORMAT_EXTENSIONS[name as keyof typeof FORMAT_EXTENSIONS]).toMatch(/^[a-z.]+$/);
    }
    expect(isFormatName('toString')).toBe(false);
  });

  it.each(FORMATS)('%s is pure: same output twice, the report untouched', (name) => {
    const reporter = reporters[name as keyof typeof reporters];
    const report = deepFreeze(fixtureReport()) as Report;
    const first = reporter(report, OPTIONS);
    expect(reporter(report, OPTIONS)).toBe(first);
    expect(first.endsWith('\n')).toBe(true);
    expect(report).toEqual(fixtureReport());
  });

  it.each(FORMATS)('%s works with the rule registry, known rules or not, and an empty report', (name) => {
    const reporter = reporters[name as keyof typeof reporters];
    expect(reporter(fixtureReport(), { color: false }).length).toBeGreaterThan(0);
    const empty: Report = {
      ...fixtureReport(),
      findings: [],
      errors: [],
      summary: { COMPLIANT: 0, NON_COMPLIANT: 0, NOT_APPLICABLE: 0, UNDETERMINED: 0, suppressed: 0 },
    };
    expect(() => reporter(empty, { color: false })).not.toThrow();
  });

  it.each(FORMATS)('%s streams: many chunks whose concatenation is the string report', (name) => {
    const format = name as keyof typeof reporters;
    const report = fixtureReport();
    for (const options of [OPTIONS, { ...OPTIONS, color: true }, { ...OPTIONS, quiet: true }]) {
      const chunks = [...reportStreams[format](report, options)];
      expect(chunks.join('')).toBe(reporters[format](report, options));
    }
    // Grow the report: the stream must yield per finding (or per small group), never one string.
    const many = { ...report, findings: Array.from({ length: 300 }, () => report.findings).flat() };
    const chunks = [...reportStreams[format](many, OPTIONS)];
    expect(chunks.length).toBeGreaterThan(10);
    const longest = chunks.reduce((max, c) => Math.max(max, c.length), 0);
    expect(longest).toBeLessThan(chunks.join('').length / 5);
  });
});
