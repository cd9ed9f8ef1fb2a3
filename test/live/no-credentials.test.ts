/**
 * The built CLI with no credentials anywhere (empty HOME, no AWS_* variables, instance metadata off):
 * one line saying how to provide them, exit 2, nothing on stdout.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..');
const built = existsSync(join(root, 'dist', 'cli', 'main.js'));

describe.skipIf(!built)('no credentials (built CLI; run `npm run build` first)', () => {
  it.each([['scan'], ['collect']])(
    '`trailguard %s` → one line, exit 2',
    (command) => {
      const home = mkdtempSync(join(tmpdir(), 'trailguard-home-'));
      try {
        const run = spawnSync(
          process.execPath,
          [join(root, 'bin', 'trailguard.js'), command, '--region', 'us-east-1'],
          {
            env: { HOME: home, PATH: process.env.PATH ?? '', AWS_EC2_METADATA_DISABLED: 'true' },
            encoding: 'utf8',
            timeout: 60_000,
          },
        );
        expect(run.status).toBe(2);
        expect(run.stdout).toBe('');
        const lines = run.stderr.split('\n').filter(Boolean);
        expect(lines).toHaveLength(1);
        expect(lines[0]).toMatch(/^trailguard: no AWS credentials found: set AWS_ACCESS_KEY_ID .*--profile/);
      } finally {
        rmSync(home, { recursive: true, force: true });
      }
    },
    90_000,
  );
});
