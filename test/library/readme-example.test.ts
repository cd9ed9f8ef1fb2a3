/**
 * README "Library API": the example runs as written, with `trailguard` resolved to the build
 * (dist/index.js, what the package's "exports" names), from the repository root.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT } from '../cli/helpers.js';

const work = mkdtempSync(join(tmpdir(), 'tg-readme-example-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function libraryExample(): string {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('\n## Library API\n'));
  const match = /```ts\n([\s\S]*?)```/.exec(section);
  if (!match?.[1]) throw new Error('README "Library API" has no ts example');
  return match[1];
}

describe('README library example', () => {
  it('imports only from trailguard and runs: the documented summary, exit code and demo counts', () => {
    const code = libraryExample();
    expect(code).toMatch(/from 'trailguard';/);
    const script = join(work, 'example.mjs');
    const entry = pathToFileURL(join(ROOT, 'dist/index.js')).href;
    writeFileSync(script, code.replace(/from 'trailguard';/, `from ${JSON.stringify(entry)};`));
    const run = spawnSync(process.execPath, [script], {
      cwd: ROOT,
      encoding: 'utf8',
      // (On Node 20 the AWS SDK prints a notice about its future Node support; the CLI turns it off too.)
      env: { PATH: process.env.PATH, HOME: work, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
      timeout: 60_000,
    });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/^\{\s+COMPLIANT: 2,\s+NON_COMPLIANT: 3,[^}]*\} 0\n/);
    const lines = run.stdout.split('\n');
    expect(lines).toEqual(
      expect.arrayContaining([
        'exit code 1',
        'SARIF true',
        expect.stringMatching(/^\d+ findings, \d+ API calls$/),
      ]),
    );
  });
});
