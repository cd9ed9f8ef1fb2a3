/**
 * The single-file CLI (issue 14, `npm run bundle:single`): one file with every dependency inlined, the AWS
 * SDK included, run from a folder with nothing else in it (no node_modules, no package.json): --version,
 * a snapshot scan (the same report as the checkout's CLI) and the demo (emulator + AWS SDK, all inlined).
 * Needs the tsc output (`npm run build`, which `npm test` runs first).
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error: a plain .mjs script, no type declarations.
import { bundleCli } from '../../scripts/bundle-single.mjs';
import { ROOT, runCli } from './helpers.js';

const work = mkdtempSync(join(tmpdir(), 'trailguard-single-'));
const bundle = join(work, 'trailguard.mjs');
let bytes = 0;

function runBundle(args: string[]) {
  const result = spawnSync(process.execPath, [bundle, ...args], {
    cwd: work,
    env: { PATH: process.env.PATH, HOME: work, NO_COLOR: '1' },
    encoding: 'utf8',
    timeout: 120_000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

beforeAll(async () => {
  const built = (await bundleCli(join(work, 'out/trailguard.mjs'))) as { outFile: string; bytes: number };
  bytes = built.bytes;
  copyFileSync(built.outFile, bundle);
  rmSync(dirname(built.outFile), { recursive: true });
  copyFileSync(join(ROOT, 'examples/snapshot.json'), join(work, 'snapshot.json'));
}, 120_000);
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('single-file CLI', () => {
  it('is one file that imports nothing but Node built-ins, and nothing beside it', () => {
    expect(readdirSync(work).sort()).toEqual(['snapshot.json', 'trailguard.mjs']);
    // No node_modules in the folder or above it that Node could resolve a package from.
    for (let dir = work; dir !== dirname(dir); dir = dirname(dir))
      expect(existsSync(join(dir, 'node_modules'))).toBe(false);
    const source = readFileSync(bundle, 'utf8');
    // The bundler writes code with double quotes; single-quoted require('…') are examples in comments.
    // (A line with several requires counts once: enough, every one of them is checked by running it.)
    const specifiers = [
      ...source.matchAll(/^import\b[^"]*?\bfrom\s*"([^"]+)"/gm),
      // Not on JSDoc lines (`* @typedef { import("./x.js") }`).
      ...source.matchAll(/^(?![\t ]*\*).*?\brequire\(\s*"([^"]+)"\s*\)/gm),
      ...source.matchAll(/^(?![\t ]*\*).*?\bimport\(\s*"([^"]+)"\s*\)/gm),
    ].map((m) => m[1] ?? '');
    expect(specifiers.length).toBeGreaterThan(5);
    const builtins = new Set([...builtinModules, ...builtinModules.map((m) => `node:${m}`)]);
    expect(specifiers.filter((s) => !builtins.has(s) && !s.startsWith('node:'))).toEqual([]);
    expect(source.startsWith('#!/usr/bin/env node\n')).toBe(true);
    expect(bytes).toBeGreaterThan(1_000_000); // the AWS SDK is in it
  });

  it('--version, a snapshot scan (same report as the checkout) and the demo run from that folder', () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };
    expect(runBundle(['--version'])).toMatchObject({ code: 0, stdout: `${pkg.version}\n` });
    const scan = runBundle(['scan', '--snapshot', 'snapshot.json', '-f', 'json']);
    expect(scan.code).toBe(1);
    const checkout = runCli(['scan', '--snapshot', 'snapshot.json', '-f', 'json'], { cwd: work });
    expect(JSON.parse(scan.stdout)).toEqual(JSON.parse(checkout.stdout));
    const text = runBundle(['scan', '--snapshot', 'snapshot.json']);
    expect(text.stdout).toContain('  ✗ mgmt-app-data · us-east-1 ·');
    const demo = runBundle(['demo', '-q']);
    expect(demo.stderr).toBe('');
    expect(demo.code).toBe(0);
    expect(demo.stdout).toBe(runCli(['demo', '-q']).stdout);
  }, 180_000);
});
