import { describe, expect, it } from 'vitest';
import { markdown, mdCell } from '../../src/reporters/markdown.js';
import { fixtureReport, OPTIONS } from './fixture.js';

/** Cell separators: pipes not escaped by a backslash. */
function columns(line: string): number {
  return line.replace(/\\\|/g, '').split('|').length - 2;
}

describe('markdown reporter', () => {
  const out = markdown(fixtureReport(), OPTIONS);

  it('starts with a one-line verdict with the counts', () => {
    expect(out.split('\n')[0]).toBe(
      '### ❌ trailguard: 5 non-compliant · 2 undetermined · 3 compliant · 2 not applicable · 1 suppressed',
    );
  });

  it('lists what needs action first, with a fix, and folds the rest away', () => {
    const [action, rest] = out.split('<details>');
    expect(action).toContain('ct-logs-111111111111');
    expect(action).toContain('**Fix:**');
    expect(action).not.toContain('app-assets');
    expect(rest).toContain('app-assets');
    expect(rest).toContain('🔕 Suppressed (non-compliant)');
  });

  it('every table row has exactly five cells, whatever the names contain', () => {
    const rows = out.split('\n').filter((l) => l.startsWith('| '));
    expect(rows.length).toBeGreaterThan(13);
    for (const row of rows) expect(columns(row)).toBe(5);
  });

  it('escapes HTML, links, emphasis and mentions from AWS or IaC values', () => {
    expect(out).not.toMatch(/<script|<img/i);
    expect(out).toContain('&lt;script&gt;alert\\(1\\)&lt;/script&gt;');
    expect(mdCell('@security-team [x](http://e) *a* `b`')).toBe(
      '&#64;security-team \\[x\\]\\(http://e\\) \\*a\\* \\`b\\`',
    );
    expect(mdCell('a|b\r\nc')).toBe('a\\|b c');
  });

  it('lists collection errors', () => {
    expect(out).toContain('**1 collection error(s)**');
    expect(out).toContain('ListBuckets 444444444444/us-east-1: AccessDenied');
  });
});
