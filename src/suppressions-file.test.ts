import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError } from './errors.js';
import { readSuppressionsFile } from './suppressions-file.js';

async function failure(file: string): Promise<string> {
  const error = await readSuppressionsFile(file).then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(InputError);
  const { message } = error as Error;
  expect(message).not.toContain('\n');
  return message;
}

describe('readSuppressionsFile', () => {
  it('reads a file and reports a missing one as InputError', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'tg-supp-'));
    const file = join(dir, 'supp.yaml');
    await writeFile(file, 'suppressions:\n  - trail: main\n    reason: r\n');
    expect(await readSuppressionsFile(file)).toEqual([{ trail: 'main', reason: 'r', source: `${file}:2` }]);
    await expect(readSuppressionsFile(join(dir, 'nope.yaml'))).rejects.toThrow(InputError);
    expect(await failure(join(dir, 'nope.yaml'))).toBe(
      `cannot read suppressions file ${join(dir, 'nope.yaml')}: ENOENT`,
    );
  });

  it('names the file as the user knows it (shownAs) in entries and errors', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'tg-supp-'));
    const file = join(dir, '.trailguard.yaml');
    await writeFile(file, 'suppressions:\n  - bucket: b\n    reason: r\n');
    expect(await readSuppressionsFile(file, '.trailguard.yaml')).toEqual([
      { bucket: 'b', reason: 'r', source: '.trailguard.yaml:2' },
    ]);
  });

  // A FIFO would block the read forever (old code: plain readFile); the bounded reader never waits for a writer.
  it('never reads a FIFO, a device or a folder: one line each', { timeout: 10_000 }, async () => {
    const dir = await mkdtemp(join(tmpdir(), 'tg-supp-'));
    const fifo = join(dir, 'fifo.yaml');
    execFileSync('mkfifo', [fifo]);
    const folder = join(dir, 'folder.yaml');
    await mkdir(folder);
    const notRegular = 'not a regular file (a folder, device or FIFO is never read)';
    expect(await failure(fifo)).toBe(`cannot read suppressions file ${fifo}: ${notRegular}`);
    expect(await failure('/dev/zero')).toBe(`cannot read suppressions file /dev/zero: ${notRegular}`);
    expect(await failure(folder)).toBe(`cannot read suppressions file ${folder}: ${notRegular}`);
  });

  it('does not read a file over 4 MiB (a sparse file: nothing is written)', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'tg-supp-'));
    const huge = join(dir, 'huge.yaml');
    await writeFile(huge, '');
    await truncate(huge, 4 * 1024 * 1024 + 1);
    expect(await failure(huge)).toBe(
      `cannot read suppressions file ${huge}: larger than 4 MiB (4194304 bytes)`,
    );
    const limit = join(dir, 'limit.yaml');
    await writeFile(limit, `# ${'x'.repeat(4 * 1024 * 1024 - 3)}\n`);
    expect(await readSuppressionsFile(limit)).toEqual([]);
  });
});
