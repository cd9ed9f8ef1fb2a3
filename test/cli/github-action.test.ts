/**
 * action.yml (issue 14): a composite action whose inputs, steps and `trailguard scan` flags are real. Its
 * scan step is run with bash as the runner would (GITHUB_ACTION_PATH = this checkout, RUNNER_TEMP, GITHUB_OUTPUT)
 * against a fixture repository: it writes the SARIF, Markdown and text reports and the step outputs.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { ROOT, runCli } from './helpers.js';

interface Step {
  name?: string;
  id?: string;
  uses?: string;
  run?: string;
  shell?: string;
  if?: string;
  env?: Record<string, string>;
  with?: Record<string, string>;
  'working-directory'?: string;
}
interface Action {
  name: string;
  description: string;
  inputs: Record<string, { description: string; default?: string; required?: boolean }>;
  outputs: Record<string, { value: string }>;
  runs: { using: string; steps: Step[] };
}

const action = parse(readFileSync(join(ROOT, 'action.yml'), 'utf8')) as Action;
const steps = action.runs.steps;
const work = mkdtempSync(join(tmpdir(), 'trailguard-action-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** The long flags of `trailguard scan --help` (and their short forms). */
function scanFlags(): Set<string> {
  const help = runCli(['scan', '--help']).stdout;
  return new Set([...help.matchAll(/(?:^|[\s,])(--?[a-z][\w-]*)/gm)].map((m) => m[1] ?? ''));
}

describe('action.yml', () => {
  it('is a composite action: setup-node, install from its checkout, scan, upload SARIF, comment, fail', () => {
    expect(action.runs.using).toBe('composite');
    expect(action.name).toBe('trailguard');
    expect(steps.map((s) => s.uses ?? s.id ?? s.name)).toEqual([
      'actions/setup-node@v4',
      "Install trailguard (from this action's checkout)",
      'scan',
      'github/codeql-action/upload-sarif@v3',
      'Comment on the pull request',
      'Fail on findings',
    ]);
    const install = steps[1];
    expect(install?.['working-directory']).toBe('${{ github.action_path }}');
    expect(install?.run).toBe('npm ci --ignore-scripts --no-audit --no-fund && npm run build');
    for (const step of steps.filter((s) => s.run)) expect(step.shell).toBe('bash');
    expect(steps[3]?.with?.sarif_file).toBe('${{ steps.scan.outputs.sarif-file }}');
  });

  it('uses only declared inputs and step outputs it sets, never inputs inside run scripts', () => {
    const text = readFileSync(join(ROOT, 'action.yml'), 'utf8');
    const expressions = [...text.matchAll(/\$\{\{(.*?)\}\}/g)].map((m) => m[1] ?? '');
    const used = new Set(expressions.flatMap((e) => [...e.matchAll(/\binputs\.([\w-]+)/g)].map((m) => m[1])));
    const declared = new Set(Object.keys(action.inputs));
    expect([...used].filter((i) => !declared.has(i as string))).toEqual([]);
    // Every declared input is used somewhere.
    expect([...declared].filter((i) => !used.has(i))).toEqual([]);
    // Inputs reach scripts through env only (an input in a run script would be script injection).
    for (const step of steps) expect(step.run ?? '').not.toMatch(/\$\{\{/);
    const scan = steps.find((s) => s.id === 'scan');
    for (const name of ['exit-code', 'report-dir', 'sarif-file']) {
      expect(scan?.run).toContain(`echo "${name}=`);
      expect(action.outputs[name]?.value).toBe(`\${{ steps.scan.outputs.${name} }}`);
    }
  });

  it('passes only flags `trailguard scan --help` lists, and runs files that exist', () => {
    const scan = steps.find((s) => s.id === 'scan')?.run ?? '';
    const command = scan.slice(scan.indexOf('trailguard.js" scan'), scan.indexOf('code=$?'));
    const flags = [...command.matchAll(/\s(--?[a-z][\w-]*)/g)].map((m) => m[1] ?? '');
    expect(flags.sort()).toEqual(['--fail-on', '--format', '--output-dir']);
    const known = scanFlags();
    expect(known.has('--skip-path')).toBe(true); // the parser of the help works
    for (const flag of flags) expect(known.has(flag), flag).toBe(true);
    expect(scan).toContain('node "$TRAILGUARD_ACTION_PATH/bin/trailguard.js" scan');
    expect(existsSync(join(ROOT, 'bin/trailguard.js'))).toBe(true);
    // The fail-on input's description names exactly the CLI's choices.
    for (const choice of ['undetermined', 'non-compliant', 'none'])
      expect(action.inputs['fail-on']?.description).toContain(choice);
  });

  it('its scan step, run as the runner would, writes the reports and the outputs', () => {
    const repo = join(work, 'repo');
    mkdirSync(repo);
    cpSync(join(ROOT, 'test/fixtures/terraform/literal-names'), join(repo, 'infra'), { recursive: true });
    const runnerTemp = join(work, 'runner-temp');
    mkdirSync(runnerTemp);
    const output = join(work, 'github-output');
    const summary = join(work, 'step-summary');
    writeFileSync(output, '');
    writeFileSync(summary, '');
    const step = steps.find((s) => s.id === 'scan') as Step;
    const inputs = (name: string, value: string) => [name, value] as const;
    const env: Record<string, string> = {
      PATH: process.env.PATH ?? '',
      HOME: work,
      RUNNER_TEMP: runnerTemp,
      GITHUB_OUTPUT: output,
      GITHUB_STEP_SUMMARY: summary,
      ...Object.fromEntries([
        inputs('TRAILGUARD_PATHS', '.'),
        inputs('TRAILGUARD_FORMAT', 'json'),
        inputs('TRAILGUARD_FAIL_ON', 'non-compliant'),
        inputs('TRAILGUARD_ARGS', '--skip-path node_modules --min-severity low'),
        inputs('TRAILGUARD_ACTION_PATH', ROOT),
      ]),
    };
    // The step's env maps exactly these variables from inputs.
    expect(Object.keys(step.env ?? {}).sort()).toEqual([
      'TRAILGUARD_ACTION_PATH',
      'TRAILGUARD_ARGS',
      'TRAILGUARD_FAIL_ON',
      'TRAILGUARD_FORMAT',
      'TRAILGUARD_PATHS',
    ]);
    const result = spawnSync('bash', ['-eo', 'pipefail', '-c', step.run ?? ''], {
      cwd: repo,
      env,
      encoding: 'utf8',
    });
    expect(result.status, result.stderr).toBe(0);
    const outputs = Object.fromEntries(
      readFileSync(output, 'utf8')
        .trim()
        .split('\n')
        .map((l) => l.split(/=(.*)/s).slice(0, 2)),
    );
    const dir = join(runnerTemp, 'trailguard');
    expect(outputs).toEqual({
      'exit-code': '0',
      'report-dir': dir,
      'sarif-file': join(dir, 'trailguard.sarif'),
    });
    const sarif = JSON.parse(readFileSync(join(dir, 'trailguard.sarif'), 'utf8'));
    expect(sarif.version).toBe('2.1.0');
    expect(existsSync(join(dir, 'trailguard.json'))).toBe(true);
    expect(readFileSync(summary, 'utf8')).toBe(readFileSync(join(dir, 'trailguard.md'), 'utf8'));
    // The log shows the text report.
    expect(result.stdout).toContain(readFileSync(join(dir, 'trailguard.txt'), 'utf8'));
    expect(result.stderr).toMatch(/^trailguard: 2 findings: .*\(exit 0; sarif, markdown, text, json in /m);
  });
});
