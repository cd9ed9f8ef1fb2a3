import { describe, expect, it } from 'vitest';
import { text } from '../../src/reporters/text.js';
import { fixtureReport, OPTIONS, SCRIPT_BUCKET } from './fixture.js';

// biome-ignore lint/suspicious/noControlCharactersInRegex: looking for ANSI escape sequences.
const ANSI = /\u001b\[/;
// biome-ignore lint/suspicious/noControlCharactersInRegex: removing ANSI colour codes.
const ANSI_CODE = /\u001b\[\d+m/g;

const SUMMARY =
  '13 findings: 5 non-compliant, 2 undetermined, 3 compliant, 2 not applicable, 1 suppressed; 1 collection error';

/** The text between a heading line and the next blank line. */
function section(out: string, heading: string): string {
  const start = out.indexOf(`\n${heading}\n`);
  if (start < 0) throw new Error(`no section ${heading}`);
  const body = out.slice(start + heading.length + 2);
  return body.slice(0, body.indexOf('\n\n') < 0 ? undefined : body.indexOf('\n\n'));
}

describe('text reporter', () => {
  const out = text(fixtureReport(), OPTIONS);
  const lines = out.split('\n');
  const findingLines = lines.filter((l) => /^ {2}[✗?✓-] \S/.test(l));

  it('lists failing and undetermined findings one line each, grouped by account or file, suppressed last', () => {
    const groups = lines.filter((l) => /^(account \S+|[\w/.-]+\.(tf|yaml))$/.test(l));
    expect(groups).toEqual([
      'account 111111111111',
      'account 222222222222',
      'account 999999999999',
      'infra/main.tf',
    ]);
    // 5 non-compliant (one suppressed) + 2 undetermined, no compliant or not-applicable line.
    expect(findingLines).toHaveLength(8);
    expect(findingLines.filter((l) => l.startsWith('  ✗ '))).toHaveLength(6);
    expect(findingLines.filter((l) => l.startsWith('  ? '))).toHaveLength(2);
    expect(out).not.toContain('app-assets');
    expect(out).not.toContain('access-logs-111111111111-us-east-1 ·');
    const account2 = section(out, 'account 222222222222').split('\n');
    expect(account2.map((l) => l.slice(0, 3))).toEqual(['  ✗', '  ✗', '  ?', '  ✗']);
    expect(account2.at(-1)).toContain('dev-scratch');
  });

  it('ends with one summary line per status, a per-rule and a per-account/file table, then the verdict', () => {
    const summary = section(out, 'Summary').split('\n');
    expect(summary.map((l) => l.trim())).toEqual([
      '✗     5 non-compliant',
      '?     2 undetermined',
      '✓     3 compliant (2 with warnings; listed with --show compliant)',
      '-     2 not applicable (listed with --show not-applicable)',
      '1 suppressed',
      '1 collection error',
    ]);
    const rules = out.slice(out.indexOf('\n  rule ')).split('\n\n')[0]?.trim().split('\n') ?? [];
    expect(rules.map((l) => l.trim().split(/\s+/))).toEqual([
      ['rule', 'fail', 'undet.', 'pass', 'n/a', 'suppr.'],
      ['aws-s3-bucket-access-logging', '3', '1', '1', '1', '1'],
      ['aws-cloudtrail-bucket-access-logging', '2', '1', '2', '1', '0'],
    ]);
    const places = out.slice(out.indexOf('\n  account / file ')).split('\n\n')[0]?.trim().split('\n') ?? [];
    expect(places.map((l) => l.trim().split(/\s+/))).toEqual([
      ['account', '/', 'file', 'fail', 'undet.', 'pass', 'n/a', 'suppr.'],
      ['222222222222', '2', '1', '1', '0', '1'],
      ['111111111111', '2', '0', '1', '1', '0'],
      ['infra/main.tf', '1', '0', '0', '0', '0'],
      ['999999999999', '0', '1', '0', '0', '0'],
      ['333333333333', '0', '0', '0', '1', '0'],
      ['templates/trail.yaml', '0', '0', '1', '0', '0'],
    ]);
    // Not wrapped (no width): the verdict is the last line, whole.
    expect(out.trimEnd().split('\n').at(-1)).toBe(SUMMARY);
  });

  it('shows where, the reason, the message; the reason in words and a fix line once per failing reason', () => {
    const line = findingLines.find((l) => l.includes('ct-logs-111111111111')) ?? '';
    expect(line).toBe(
      '  ✗ ct-logs-111111111111 · us-east-1 · aws-cloudtrail-bucket-access-logging · LOGGING_DISABLED — CloudTrail bucket ct-logs-111111111111 has server access logging disabled.',
    );
    expect(out).toContain('tf-trail-logs · line 12:1 aws_s3_bucket.trail_logs · ');
    const legend = section(out, 'Reasons and fixes');
    expect(legend).toContain(
      '  LOGGING_DISABLED: server access logging is disabled\n    fix: enable server access logging',
    );
    expect(legend.match(/LOGGING_DISABLED:/g)).toHaveLength(1);
    expect(legend).toContain('ACCESS_DENIED: access denied');
    expect(legend).not.toContain('LOGGING_ENABLED');
    // Listed with --show: compliant findings carry their warnings, explained once.
    const all = text(fixtureReport(), { ...OPTIONS, show: ['COMPLIANT', 'NOT_APPLICABLE'] });
    expect(all).toContain(
      'ct-logs-222222222222 · eu-west-1 · aws-cloudtrail-bucket-access-logging · LOGGING_ENABLED · !SELF_TARGET !TRAIL_NOT_LOGGING',
    );
    expect(all).toContain('! SELF_TARGET: the bucket logs into itself');
    expect(all).toContain('  - sandbox · aws-cloudtrail-bucket-access-logging · NO_TRAILS');
    const legendAll = section(all, 'Reasons and fixes');
    expect(legendAll.slice(legendAll.indexOf('LOGGING_ENABLED'))).not.toMatch(/^ {4}fix:/m);
    expect(all.split('\n').filter((l) => /^ {2}[✗?✓-] \S/.test(l))).toHaveLength(13);
  });

  it('marks suppressed findings with their reason and expiry', () => {
    const line = findingLines.find((l) => l.includes('dev-scratch')) ?? '';
    expect(line).toContain(
      '[suppressed (was non-compliant, until 2027-03-31): Scratch bucket, no sensitive data (risk accepted by SEC-142)]',
    );
  });

  it('wraps to a terminal width when given one, never otherwise, and neutralises control characters', () => {
    expect(Math.max(...lines.map((l) => l.length))).toBeGreaterThan(120);
    for (const width of [80, 50]) {
      const wrapped = text(fixtureReport(), { ...OPTIONS, width });
      // The count tables are as wide as their longest rule id or file (72 columns here); all else fits.
      const table = /^ {2}\S.*(\s+(\d+|fail|undet\.|pass|n\/a|suppr\.)){5}$/;
      for (const row of wrapped.split('\n')) {
        if (table.test(row)) expect(row.length).toBeLessThanOrEqual(Math.max(width, 72));
        else expect(row.length).toBeLessThanOrEqual(width);
      }
      expect(wrapped.replace(/\n {6}/g, ' ')).toContain(lineWith(out, 'payments-raw'));
    }
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
    expect(text(fixtureReport(), { ...OPTIONS, quiet: true })).toBe(`${SUMMARY}\n`);
    expect(text(fixtureReport(), { ...OPTIONS, quiet: true, width: 40 })).toBe(`${SUMMARY}\n`);
  });

  it('says so when there is nothing to act on', () => {
    const report = fixtureReport();
    report.findings = report.findings.filter((f) => f.status === 'COMPLIANT');
    expect(text(report, OPTIONS)).toContain('\nNo non-compliant or undetermined findings.\n');
  });
});

function lineWith(out: string, needle: string): string {
  return out.split('\n').find((l) => l.includes(needle)) ?? '';
}
