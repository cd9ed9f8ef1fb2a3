import { describe, expect, it } from 'vitest';
import { text } from '../../src/reporters/text.js';
import { fixtureReport, OPTIONS, SCRIPT_BUCKET } from './fixture.js';

// biome-ignore lint/suspicious/noControlCharactersInRegex: looking for ANSI escape sequences.
const ANSI = /\u001b\[/;
// biome-ignore lint/suspicious/noControlCharactersInRegex: removing ANSI colour codes.
const ANSI_CODE = /\u001b\[\d+m/g;

describe('text reporter', () => {
  const out = text(fixtureReport(), OPTIONS);
  const lines = out.split('\n');

  it('groups by status in order, suppressed findings last, then errors and the summary', () => {
    const headings = lines.filter((l) => /^[A-Z][A-Z -]+ \(\d+\)$/.test(l));
    expect(headings).toEqual([
      'NON-COMPLIANT (5)',
      'UNDETERMINED (2)',
      'COMPLIANT (3)',
      'NOT APPLICABLE (2)',
      'SUPPRESSED (1)',
      'COLLECTION ERRORS (1)',
    ]);
    expect(out.trimEnd().split('\n').slice(-2).join(' ')).toBe(
      '13 findings: 5 non-compliant, 2 undetermined, 3 compliant, 2 not applicable, 1 suppressed; 1 collection error',
    );
  });

  it('shows where, the reason in words, warnings and a fix line for failing findings', () => {
    const block = out.slice(out.indexOf('✗ ct-logs-111111111111'), out.indexOf('✗ tf-trail-logs'));
    expect(block).toContain('111111111111/us-east-1 · aws-cloudtrail-bucket-access-logging · medium');
    expect(block).toContain('LOGGING_DISABLED: server access logging is disabled');
    expect(block).toMatch(/fix: enable server access logging/);
    expect(out).toContain('infra/main.tf:12:1');
    expect(out).toContain('! SELF_TARGET: the bucket logs into itself');
    const compliant = out.slice(out.indexOf('COMPLIANT (3)'));
    expect(compliant.slice(0, compliant.indexOf('NOT APPLICABLE'))).not.toContain('fix:');
  });

  it('marks suppressed findings with their reason and expiry, without a fix line', () => {
    const block = out.slice(out.indexOf('SUPPRESSED (1)'), out.indexOf('COLLECTION ERRORS'));
    expect(block.replace(/\s+/g, ' ')).toContain(
      'suppressed (was non-compliant, until 2027-03-31): Scratch bucket, no sensitive data (risk accepted by SEC-142)',
    );
    expect(block).not.toContain('fix:');
  });

  it('fits an 80-column terminal and neutralises control characters', () => {
    for (const line of lines) expect(line.length).toBeLessThanOrEqual(80);
    expect(out).toContain(SCRIPT_BUCKET);
    expect(out).toContain('logs to a deleted bucket. Second line.');
    const report = fixtureReport();
    const first = report.findings[0];
    if (first) first.resource.name = 'evil\u001b[2Jname';
    const evil = text(report, OPTIONS);
    expect(evil).not.toMatch(ANSI);
    expect(evil).toContain('evil\\x1b[2Jname');
  });

  it('colours only when asked', () => {
    expect(out).not.toMatch(ANSI);
    const colored = text(fixtureReport(), { ...OPTIONS, color: true });
    expect(colored).toMatch(ANSI);
    expect(colored.replace(ANSI_CODE, '')).toBe(out);
  });

  it('quiet prints the summary only, on exactly one line (issue 14: never wrapped)', () => {
    expect(text(fixtureReport(), { ...OPTIONS, quiet: true })).toBe(
      '13 findings: 5 non-compliant, 2 undetermined, 3 compliant, 2 not applicable, 1 suppressed; 1 collection error\n',
    );
  });
});
