/**
 * `-f markdown` is for pull-request comments: GitHub rejects a body over 65,536 characters. A report
 * with thousands of findings (a snapshot generated here) is cut with counts of what was left out and a
 * pointer to the full report; a small report is not cut. Through the built binary.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { markdown } from '../../src/reporters/markdown.js';
import { fixtureReport, OPTIONS } from '../reporters/fixture.js';
import { ROOT, runCli } from './helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'tg-md-limit-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The example snapshot plus `count` buckets without access logging in the management account. */
function bigSnapshot(count: number): string {
  const snapshot = JSON.parse(readFileSync(join(ROOT, 'examples/snapshot.json'), 'utf8'));
  const names = Array.from(
    { length: count },
    (_, i) => `bulk-bucket-without-logging-${String(i).padStart(5, '0')}`,
  );
  snapshot.accounts[0].buckets.push(...names);
  for (const name of names) {
    snapshot.buckets.push({
      name,
      account: '111111111111',
      region: 'us-east-1',
      exists: true,
      logging: null,
    });
  }
  const file = join(dir, `snapshot-${count}.json`);
  writeFileSync(file, JSON.stringify(snapshot));
  return file;
}

const rows = (md: string) =>
  md.split('\n').filter((l) => l.startsWith('| ') && !l.startsWith('| Status') && !l.startsWith('| ---'));

describe('markdown stays under the GitHub comment limit', () => {
  it('a 3,000-bucket report is cut with counts that add up and a pointer to the full report', () => {
    const snapshot = bigSnapshot(3000);
    const md = runCli(['scan', '--snapshot', snapshot, '-f', 'markdown']);
    // The JSON report is larger than a pipe buffer: written to a file.
    const jsonFile = join(dir, 'report.json');
    const json = runCli(['scan', '--snapshot', snapshot, '-f', 'json', '-o', jsonFile]);
    expect(md.code).toBe(1);
    expect(json.code).toBe(1);
    const report = JSON.parse(readFileSync(jsonFile, 'utf8'));
    expect(report.findings.length).toBeGreaterThan(3000);
    const out = md.stdout;
    expect(out.length).toBeLessThanOrEqual(65_536);
    // Filled up to the limit, not cut far below it.
    expect(out.length).toBeGreaterThan(60_000);
    const action = report.findings.filter(
      (f: { suppressed: unknown; status: string }) =>
        f.suppressed === null && (f.status === 'NON_COMPLIANT' || f.status === 'UNDETERMINED'),
    );
    const notes = [...out.matchAll(/\*\*(\d+) more not shown\*\* \(([^)]*)\)/g)];
    expect(notes.length).toBeGreaterThanOrEqual(1);
    const hidden = notes.reduce((sum, m) => sum + Number(m[1]), 0);
    // Every finding is either a row or counted in a note.
    expect(rows(out).length + hidden).toBe(report.findings.length);
    // The action table is the one cut first: its note counts the non-compliant ones left out.
    const actionShown = rows(out.split('<details>')[0]!).length;
    expect(notes[0]![1]).toBe(String(action.length - actionShown));
    expect(notes[0]![2]).toMatch(/^\d+ non-compliant/);
    expect(out).toContain('The full report is in the other formats of the same run');
    // The verdict still counts everything, and the document still ends with its footer.
    expect(out.split('\n')[0]).toContain(`${report.summary.NON_COMPLIANT} non-compliant`);
    expect(out.trimEnd().split('\n').at(-1)).toMatch(/^<sub>trailguard .*<\/sub>$/);
    expect(out).toContain('</details>');
  });

  it('a small report is not cut', () => {
    const md = runCli(['scan', '--snapshot', 'examples/snapshot.json', '-f', 'markdown']);
    const report = JSON.parse(runCli(['scan', '--snapshot', 'examples/snapshot.json', '-f', 'json']).stdout);
    expect(md.stdout).not.toContain('more not shown');
    expect(rows(md.stdout).length).toBe(report.findings.length);
  });

  it('thousands of collection errors are cut too, with the count left out', () => {
    const report = fixtureReport();
    report.errors = Array.from({ length: 2000 }, (_, i) => ({
      operation: 'GetBucketLogging',
      account: '111111111111',
      region: 'us-east-1',
      resource: `bucket-${i}`,
      code: 'AccessDenied',
      message: 'Access Denied '.repeat(5),
    })) as typeof report.errors;
    const out = markdown(report, OPTIONS);
    expect(out.length).toBeLessThanOrEqual(65_536);
    const listed = out.split('\n').filter((l) => l.startsWith('- GetBucketLogging')).length;
    expect(listed).toBeGreaterThan(100);
    expect(out).toContain(`- … ${2000 - listed} more.`);
  });
});
