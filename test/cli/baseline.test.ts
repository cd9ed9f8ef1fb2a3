/**
 * Issue 14, baselines end to end: `scan --baseline report.json` fails only on new findings and marks new vs
 * existing in text, Markdown and SARIF (baselineState, valid SARIF 2.1.0); `trailguard diff OLD NEW` in
 * text, markdown and json with its exit code. Built binary, fixtures in temporary folders.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Ajv04Module from 'ajv-draft-04';
import addFormatsModule from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import type { Report } from '../../src/engine/types.js';
import { expectOneLineError, runCli } from './helpers.js';

const addFormats = addFormatsModule.default;
const Ajv04 = Ajv04Module.default;
const ajv = new Ajv04({ allErrors: true, strict: false, unicodeRegExp: false });
addFormats(ajv);
const validate = ajv.compile(
  JSON.parse(readFileSync(new URL('../../schemas/sarif-2.1.0.json', import.meta.url), 'utf8')),
);

const bucket = (label: string, name: string) =>
  `resource "aws_s3_bucket" "${label}" {\n  bucket = "${name}"\n}\n`;

describe('--baseline and diff', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tg-baseline-'));
  writeFileSync(join(dir, 'main.tf'), bucket('a', 'acme-a') + bucket('b', 'acme-b'));
  const first = runCli(['scan', '.', '-f', 'json', '-o', 'base.json'], { cwd: dir });
  // Then a commit adds c and removes b.
  writeFileSync(join(dir, 'main.tf'), bucket('a', 'acme-a') + bucket('c', 'acme-c'));

  it('the first run fails (no baseline); with its report as baseline only the new finding fails', () => {
    expect(first.code).toBe(1);
    const run = runCli(['scan', '.', '--baseline', 'base.json', '-f', 'json'], { cwd: dir });
    expect(run.code).toBe(1);
    const report = JSON.parse(run.stdout) as Report;
    expect(report.findings.map((f) => [f.resource.name, f.baseline])).toEqual([
      ['acme-a', 'unchanged'],
      ['acme-c', 'new'],
    ]);
    expect(report.baseline).toMatchObject({ file: 'base.json', new: 1, unchanged: 1, updated: 0 });
    expect(report.baseline?.absent.map((f) => f.resource.name)).toEqual(['acme-b']);
  });

  it('a scan with nothing new passes (exit 0) and -q says so on one line', () => {
    const again = runCli(['scan', '.', '-f', 'json', '-o', 'now.json'], { cwd: dir });
    expect(again.code).toBe(1);
    const run = runCli(['scan', '.', '--baseline', 'now.json', '-q'], { cwd: dir });
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(
      '2 findings: 2 non-compliant, 0 undetermined, 0 compliant, 0 not applicable, 0 suppressed; baseline: 0 new, 2 existing, 0 fixed\n',
    );
  });

  it('text marks NEW and existing; Markdown marks 🆕 new and (existing); SARIF carries baselineState', () => {
    const text = runCli(['scan', '.', '--baseline', 'base.json'], { cwd: dir }).stdout;
    expect(text).toMatch(/acme-a .*· existing/);
    expect(text).toMatch(/acme-c .*· NEW/);
    const md = runCli(['scan', '.', '--baseline', 'base.json', '-f', 'markdown'], { cwd: dir }).stdout;
    expect(md).toContain('baseline: 1 new, 1 existing, 1 fixed');
    expect(md).toMatch(/❌ Non-compliant 🆕 new \| acme-c/);
    expect(md).toMatch(/❌ Non-compliant \(existing\) \| acme-a/);
    const sarif = JSON.parse(
      runCli(['scan', '.', '--baseline', 'base.json', '-f', 'sarif'], { cwd: dir }).stdout,
    );
    expect(validate(sarif), JSON.stringify(validate.errors)).toBe(true);
    const states = sarif.runs[0].results.map((r: { message: { text: string }; baselineState: string }) => [
      r.message.text.split(':')[0],
      r.baselineState,
    ]);
    expect(states).toEqual([
      ['acme-a', 'unchanged'],
      ['acme-c', 'new'],
    ]);
    expect(sarif.runs[0].properties.baseline).toEqual({
      file: 'base.json',
      new: 1,
      unchanged: 1,
      updated: 0,
      absent: 1,
    });
  });

  it('a bad baseline is one line, exit 2', () => {
    writeFileSync(join(dir, 'not-a-report.json'), '{"version":"2.1.0"}');
    expect(
      expectOneLineError(runCli(['scan', '.', '--baseline', 'not-a-report.json'], { cwd: dir })),
    ).toMatch(/not-a-report\.json: not a trailguard JSON report/);
    expect(expectOneLineError(runCli(['scan', '.', '--baseline', 'missing.json'], { cwd: dir }))).toMatch(
      /missing\.json: no such file/,
    );
  });

  it('diff: new, fixed and changed in text, markdown and json; exit 1 only when something is new', () => {
    runCli(['scan', '.', '-f', 'json', '-o', 'after.json'], { cwd: dir });
    const text = runCli(['diff', 'base.json', 'after.json'], { cwd: dir });
    expect(text.code).toBe(1);
    expect(text.stdout).toMatch(/^trailguard diff: 1 new, 1 fixed, 0 changed, 1 unchanged/);
    expect(text.stdout).toMatch(/NEW \(1\)\n {2}✗ acme-c · main\.tf:4:1/);
    expect(text.stdout).toMatch(/FIXED \(1\)\n {2}✓ acme-b · main\.tf:4:1/);
    const md = runCli(['diff', 'base.json', 'after.json', '-f', 'markdown'], { cwd: dir }).stdout;
    expect(md).toMatch(/^### ❌ trailguard diff: 1 new, 1 fixed/);
    expect(md).toContain('#### New (1)');
    const json = JSON.parse(runCli(['diff', 'base.json', 'after.json', '-f', 'json'], { cwd: dir }).stdout);
    expect(json.summary).toEqual({ new: 1, fixed: 1, changed: 0, unchanged: 1 });
    expect(json.newFindings[0].resource.name).toBe('acme-c');
    expect(json.fixedFindings[0].resource.name).toBe('acme-b');
    // Only fixes: exit 0.
    const fixedOnly = mkdtempSync(join(tmpdir(), 'tg-baseline-fixed-'));
    writeFileSync(join(fixedOnly, 'main.tf'), bucket('a', 'acme-a'));
    runCli(['scan', '.', '-f', 'json', '-o', join(dir, 'only-a.json')], { cwd: fixedOnly });
    const back = runCli(['diff', 'after.json', 'only-a.json'], { cwd: dir });
    expect(back.code, back.stderr).toBe(0);
    expect(back.stdout).toMatch(/^trailguard diff: 0 new, 1 fixed, 0 changed, 1 unchanged/);
    expect(runCli(['diff', 'after.json', 'after.json'], { cwd: dir }).code).toBe(0);
  });

  it('diff with a file that is not a report: one line, exit 2', () => {
    expect(expectOneLineError(runCli(['diff', 'base.json', 'main.tf'], { cwd: dir }))).toMatch(
      /main\.tf: not JSON/,
    );
  });
});
