/**
 * With -o / --output-dir the report goes to files, and stderr still carries one summary line: a CI
 * log that fails with no output says nothing. Through the built binary.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from './helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'tg-summary-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const SUMMARY =
  /^trailguard: (\d+) findings: (\d+) non-compliant, (\d+) undetermined, (\d+) compliant, (\d+) not applicable, (\d+) suppressed \(exit (\d)/;

function summaryOf(stderr: string): number[] {
  const lines = stderr.trimEnd().split('\n');
  expect(lines).toHaveLength(1);
  const match = SUMMARY.exec(lines[0]!);
  expect(match, lines[0]).not.toBeNull();
  return match!.slice(1).map(Number);
}

describe('summary line on stderr when reports go to files', () => {
  it('--output-dir: one line whose counts match the written JSON report, stdout empty', () => {
    const out = join(dir, 'reports');
    const run = runCli([
      'scan',
      '--snapshot',
      'examples/snapshot.json',
      '-f',
      'json,sarif',
      '--output-dir',
      out,
    ]);
    expect(run.stdout).toBe('');
    const report = JSON.parse(readFileSync(join(out, 'trailguard.json'), 'utf8'));
    const s = report.summary;
    expect(summaryOf(run.stderr)).toEqual([
      report.findings.length,
      s.NON_COMPLIANT,
      s.UNDETERMINED,
      s.COMPLIANT,
      s.NOT_APPLICABLE,
      s.suppressed,
      run.code,
    ]);
    expect(run.stderr).toContain(out);
  });

  it('-o with -q: still the one line (and exit 0 is reported as such)', () => {
    const file = join(dir, 'report.md');
    const run = runCli([
      'scan',
      '--snapshot',
      'examples/snapshot.json',
      '-f',
      'markdown',
      '-o',
      file,
      '-q',
      '--fail-on',
      'none',
    ]);
    expect(run.code).toBe(0);
    expect(summaryOf(run.stderr).at(-1)).toBe(0);
    expect(readFileSync(file, 'utf8')).toMatch(/^### /);
  });

  it('to stdout: no extra line on stderr (the report itself carries the summary)', () => {
    const run = runCli(['scan', '--snapshot', 'examples/snapshot.json', '-f', 'json']);
    expect(run.stderr).toBe('');
  });
});
