/**
 * The default text report through the built binary (issue 14): failing and undetermined findings one line
 * each, grouped by account; `--show` / `-v` list the rest; wrapped to the terminal only on a terminal
 * (a real pseudo-terminal through `script`), never when piped; `-q` stays one line.
 */
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { BIN, expectOneLineError, ROOT, runCli } from './helpers.js';

const SNAPSHOT = ['scan', '--snapshot', 'examples/snapshot.json'];
const FINDING = /^ {2}[✗?✓-] \S/;

function findingLines(stdout: string): string[] {
  return stdout.split('\n').filter((l) => FINDING.test(l));
}

describe('text output', () => {
  it('piped: failing and undetermined findings one unwrapped line each, under their account', () => {
    const run = runCli(SNAPSHOT);
    expect(run.code).toBe(1);
    const lines = findingLines(run.stdout);
    // examples/snapshot.json: 3 non-compliant, 2 undetermined (json has the same counts).
    expect(lines).toHaveLength(5);
    expect(Math.max(...lines.map((l) => l.length))).toBeGreaterThan(150);
    expect(run.stdout).toContain(
      '\naccount 111111111111\n  ✗ mgmt-app-data · us-east-1 · aws-s3-bucket-access-logging · LOGGING_DISABLED — Bucket mgmt-app-data has server access logging disabled.\n',
    );
    expect(run.stdout).not.toContain('org-cloudtrail-logs ·');
    expect(run.stdout).toMatch(/\n {2}✓ +2 compliant \(listed with --show compliant\)\n/);
    expect(run.stdout).toMatch(
      /\n {2}account +fail +undet\. +pass +n\/a +suppr\.\n {2}333333333333 +2 +0 +0 +1 +0\n/,
    );
    expect(run.stdout.trimEnd().split('\n').at(-1)).toBe(
      '9 findings: 3 non-compliant, 2 undetermined, 2 compliant, 2 not applicable, 0 suppressed',
    );
  });

  it('--show and -v list the other statuses; a wrong --show value is exit 2 before scanning', () => {
    const compliant = findingLines(runCli([...SNAPSHOT, '--show', 'compliant']).stdout);
    expect(compliant).toHaveLength(7);
    expect(compliant.filter((l) => l.startsWith('  ✓ org-cloudtrail-logs'))).toHaveLength(2);
    const all = runCli([...SNAPSHOT, '-v']);
    expect(findingLines(all.stdout)).toHaveLength(9);
    expect(findingLines(runCli([...SNAPSHOT, '--show', 'all']).stdout)).toEqual(findingLines(all.stdout));
    expect(findingLines(runCli([...SNAPSHOT, '--show', 'compliant,not-applicable']).stdout)).toHaveLength(9);
    expect(expectOneLineError(runCli([...SNAPSHOT, '--show', 'passing']))).toMatch(
      /unknown --show value "passing" \(choose from: non-compliant, undetermined, compliant, not-applicable, all\)/,
    );
    // --show is about the text report: json is unchanged.
    expect(runCli([...SNAPSHOT, '-f', 'json', '-v']).stdout).toBe(runCli([...SNAPSHOT, '-f', 'json']).stdout);
  });

  it('on a terminal: wrapped to its width (stty cols); -q still one line', () => {
    const onTerminal = (args: string[], cols: number) => {
      const command = `stty cols ${cols}; ${[process.execPath, BIN, ...args].map((a) => `'${a}'`).join(' ')}`;
      const result = spawnSync('script', ['-qec', command, '/dev/null'], {
        cwd: ROOT,
        env: { PATH: process.env.PATH, HOME: process.env.HOME, NO_COLOR: '1', TERM: 'dumb' },
        encoding: 'utf8',
        timeout: 60_000,
      });
      return result.stdout.replace(/\r\n/g, '\n');
    };
    const probe = spawnSync('script', ['-qec', 'true', '/dev/null']);
    if (probe.status !== 0) return; // no `script` (util-linux): the in-process width tests still run
    const wrapped = onTerminal(SNAPSHOT, 60);
    expect(wrapped).toContain('account 333333333333');
    const lines = wrapped.trimEnd().split('\n');
    const table = /^ {2}\S.*(\s+(\d+|fail|undet\.|pass|n\/a|suppr\.)){5}$/;
    for (const line of lines.filter((l) => !table.test(l))) expect(line.length).toBeLessThanOrEqual(60);
    expect(lines.filter((l) => l.startsWith('      ')).length).toBeGreaterThan(5);
    const quiet = onTerminal([...SNAPSHOT, '-q'], 40);
    expect(quiet.trimEnd().split('\n')).toHaveLength(1);
    expect(quiet.length).toBeGreaterThan(40);
  });
});
