/**
 * README "Library API": the example runs as written, with `trailguard` resolved to the build
 * (dist/index.js, what the package's "exports" names), from the repository root.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { libraryExamples, runLibraryExample } from '../helpers/readme-example.js';

const work = mkdtempSync(join(tmpdir(), 'tg-readme-example-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function libraryExample(): string {
  const code = libraryExamples()[0];
  if (!code) throw new Error('README "Library API" has no ts example');
  return code;
}

describe('README library example', () => {
  it('imports only from trailguard and runs: the documented summary, exit code and demo counts', () => {
    const code = libraryExample();
    expect(code).toMatch(/from 'trailguard';/);
    const run = runLibraryExample(code, work);
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
