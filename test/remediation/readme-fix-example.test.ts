/**
 * README "Library API", the `fix` example: runs as written with `trailguard` resolved to the build
 * (dist/index.js), from the repository root, and prints what its comments say.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT } from '../cli/helpers.js';

const work = mkdtempSync(join(tmpdir(), 'tg-readme-fix-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function fixExample(): string {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('\n## Library API\n'), readme.indexOf('\n## How it works\n'));
  const block = [...section.matchAll(/```ts\n([\s\S]*?)```/g)]
    .map((m) => m[1] ?? '')
    .find((code) => code.includes('scanAndPlanFix'));
  if (!block) throw new Error('README "Library API" has no fix example');
  return block;
}

describe('README library example for fix', () => {
  it('imports only from trailguard and prints the plan counts, the patch header and the diff header', () => {
    const code = fixExample();
    expect(code).toMatch(/from 'trailguard';/);
    const script = join(work, 'example.mjs');
    const entry = pathToFileURL(join(ROOT, 'dist/index.js')).href;
    writeFileSync(script, code.replace(/from 'trailguard';/, `from ${JSON.stringify(entry)};`));
    const before = readFileSync(join(ROOT, 'test/fixtures/terraform/missing-target/main.tf'), 'utf8');
    const run = spawnSync(process.execPath, [script], {
      cwd: ROOT,
      encoding: 'utf8',
      env: { PATH: process.env.PATH, HOME: work, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
      timeout: 60_000,
    });
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
