/**
 * README "Library API", the `fix` example: runs as written with `trailguard` resolved to the build
 * (dist/index.js), from the repository root, and prints what its comments say.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT } from '../cli/helpers.js';
import { libraryExamples, runLibraryExample } from '../helpers/readme-example.js';

const work = mkdtempSync(join(tmpdir(), 'tg-readme-fix-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function fixExample(): string {
  const block = libraryExamples().find((code) => code.includes('scanAndPlanFix'));
  if (!block) throw new Error('README "Library API" has no fix example');
  return block;
}

describe('README library example for fix', () => {
  it('imports only from trailguard and prints the plan counts, the patch header and the diff header', () => {
    const code = fixExample();
    expect(code).toMatch(/from 'trailguard';/);
    const before = readFileSync(join(ROOT, 'test/fixtures/terraform/missing-target/main.tf'), 'utf8');
    const run = runLibraryExample(code, work);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout.split('\n')).toEqual([
      '2 buckets, 6 API calls',
      '# trailguard fix: Terraform patch (AWS provider >= 4). Review, add to your configuration, then plan and apply.',
      '+++ b/test/fixtures/terraform/missing-target/main.tf 0 0',
      '',
    ]);
    // Nothing was written into the fixture.
    expect(readFileSync(join(ROOT, 'test/fixtures/terraform/missing-target/main.tf'), 'utf8')).toBe(before);
  });
});
