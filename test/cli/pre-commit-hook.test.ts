/**
 * .pre-commit-hooks.yaml (issue 14): the `trailguard` hook's entry and args, run as pre-commit runs them (entry
 * words + args, no file names: pass_filenames false) with the built CLI in place of the installed `trailguard`
 * bin, pass on a compliant fixture repository and fail on a non-compliant one; its `files` pattern selects IaC.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { BIN, ROOT } from './helpers.js';

interface Hook {
  id: string;
  name: string;
  entry: string;
  args?: string[];
  language: string;
  files?: string;
  pass_filenames?: boolean;
  require_serial?: boolean;
}

const hooks = parse(readFileSync(join(ROOT, '.pre-commit-hooks.yaml'), 'utf8')) as Hook[];
const hook = hooks.find((h) => h.id === 'trailguard') as Hook;
const work = mkdtempSync(join(tmpdir(), 'trailguard-hook-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** The command pre-commit runs: the entry's words (its first one resolved to the package's bin) + args. */
function runHook(cwd: string) {
  const [bin, ...words] = hook.entry.split(/\s+/);
  expect(bin).toBe('trailguard');
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { bin: Record<string, string> };
  expect(pkg.bin[bin as string]).toBe('bin/trailguard.js');
  return spawnSync(process.execPath, [BIN, ...words, ...(hook.args ?? [])], {
    cwd,
    env: { PATH: process.env.PATH, HOME: work, NO_COLOR: '1' },
    encoding: 'utf8',
  });
}

function fixtureRepo(name: string, fixture: string): string {
  const repo = join(work, name);
  cpSync(join(ROOT, 'test/fixtures/terraform', fixture), join(repo, 'infra'), { recursive: true });
  return repo;
}

describe('.pre-commit-hooks.yaml', () => {
  it('declares one node hook `trailguard` that scans the tree, not the changed files', () => {
    expect(hooks.map((h) => h.id)).toEqual(['trailguard']);
    expect(hook.language).toBe('node');
    expect(hook.pass_filenames).toBe(false);
    expect(hook.entry).toBe('trailguard scan');
    expect(hook.args).toEqual(['.']);
    const files = new RegExp(hook.files ?? '');
    for (const name of [
      'main.tf',
      'infra/x.tf.json',
      'prod.tfvars',
      'stack.yaml',
      'template.yml',
      'cdk.out/A.template.json',
    ])
      expect(files.test(name), name).toBe(true);
    for (const name of ['README.md', 'src/index.ts', 'Makefile']) expect(files.test(name), name).toBe(false);
  });

  it('its command passes on a compliant repository and fails (exit 1) on a non-compliant one', () => {
    const good = runHook(fixtureRepo('good', 'literal-names'));
    expect(good.stderr).toBe('');
    expect(good.status).toBe(0);
    expect(good.stdout).toMatch(/\n2 findings: 0 non-compliant, 0 undetermined, 2 compliant/);
    const bad = runHook(fixtureRepo('bad', 'missing-target'));
    expect(bad.status).toBe(1);
    expect(bad.stdout).toMatch(/^infra\/main\.tf$/m);
    expect(bad.stdout).toMatch(/^ {2}✗ .* · line \d+/m);
  });
});
