/** Streamed reports through the built binary: a reader that goes away early, and a large report to a file. */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, runCli } from './helpers.js';

const example = JSON.parse(readFileSync(new URL('../../examples/snapshot.json', import.meta.url), 'utf8'));
const dir = mkdtempSync(join(tmpdir(), 'tg-stream-'));
const big = join(dir, 'big.json');
const template = example.buckets.find((b: { name: string }) => b.name === 'mgmt-app-data');
writeFileSync(
  big,
  JSON.stringify({
    ...example,
    buckets: [
      ...example.buckets,
      ...Array.from({ length: 5000 }, (_, i) => ({ ...template, name: `bulk-${i}` })),
    ],
  }),
);

describe('streamed reports (built CLI)', () => {
  it('`scan -f json | head -c 100`: no error, the findings decide the exit code', async () => {
    const child = spawn(process.execPath, [BIN, 'scan', '--snapshot', big, '-f', 'json'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d) => {
      stderr += d;
    });
    // Read the first chunk, then close the pipe as `head` does.
    await new Promise<void>((resolve) => child.stdout.once('data', () => resolve()));
    child.stdout.destroy();
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(stderr).toBe('');
    expect(code).toBe(1);
  });

  it('a large report to a file is the same as to stdout, and valid JSON', () => {
    const out = join(dir, 'report.json');
    const toFile = runCli(['scan', '--snapshot', big, '-f', 'json', '-o', out]);
    expect(toFile.code).toBe(1);
    // (runCli's spawnSync keeps only 1 MB of stdout.)
    const toStdout = spawnSync(process.execPath, [BIN, 'scan', '--snapshot', big, '-f', 'json'], {
      encoding: 'utf8',
      maxBuffer: 256 * 1024 * 1024,
    });
    const written = readFileSync(out, 'utf8');
    expect(toStdout.stdout.length).toBeGreaterThan(1024 * 1024);
    expect(written).toBe(toStdout.stdout);
    expect(JSON.parse(written).findings.length).toBeGreaterThan(5000);
  });
});
