import { lstat, mkdtemp, readdir, readFile, readlink, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeFileAtomic } from '../../src/util/atomic-write.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tg-atomic-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('writeFileAtomic', () => {
  it('writes a string or a stream of chunks, creating the folder, and leaves no temporary file', async () => {
    await writeFileAtomic(join(dir, 'a', 'one.txt'), 'hello\n');
    await writeFileAtomic(join(dir, 'a', 'two.txt'), ['he', 'llo', '\n']);
    expect(await readFile(join(dir, 'a', 'one.txt'), 'utf8')).toBe('hello\n');
    expect(await readFile(join(dir, 'a', 'two.txt'), 'utf8')).toBe('hello\n');
    expect((await readdir(join(dir, 'a'))).sort()).toEqual(['one.txt', 'two.txt']);
  });

  it('replaces a planted symlink at the target instead of writing through it', async () => {
    const victim = join(dir, 'victim');
    await writeFile(victim, 'precious');
    const target = join(dir, 'report.json');
    await symlink(victim, target);
    await writeFileAtomic(target, 'report');
    expect(await readFile(victim, 'utf8')).toBe('precious');
    expect((await lstat(target)).isSymbolicLink()).toBe(false);
    expect(await readFile(target, 'utf8')).toBe('report');
  });

  it('never follows symlinks planted at the old predictable temporary names', async () => {
    const victim = join(dir, 'victim');
    await writeFile(victim, 'precious');
    const target = join(dir, 'report.json');
    // The names the previous implementation used (`<file>.tmp-<pid>`) and a few guesses of ours.
    for (const name of [`report.json.tmp-${process.pid}`, '.report.json.tmp', 'report.json.tmp']) {
      await symlink(victim, join(dir, name));
    }
    await writeFileAtomic(target, 'report');
    expect(await readFile(victim, 'utf8')).toBe('precious');
    expect(await readFile(target, 'utf8')).toBe('report');
    for (const name of [`report.json.tmp-${process.pid}`, '.report.json.tmp', 'report.json.tmp']) {
      expect(await readlink(join(dir, name))).toBe(victim);
    }
  });

  it('exclusive: refuses an existing file or symlink with EEXIST and changes nothing', async () => {
    const file = join(dir, 'undo.json');
    await writeFile(file, 'earlier run');
    await expect(writeFileAtomic(file, 'new', { exclusive: true })).rejects.toMatchObject({ code: 'EEXIST' });
    expect(await readFile(file, 'utf8')).toBe('earlier run');
    const victim = join(dir, 'victim');
    await writeFile(victim, 'precious');
    await symlink(victim, join(dir, 'link.json'));
    await expect(writeFileAtomic(join(dir, 'link.json'), 'new', { exclusive: true })).rejects.toMatchObject({
      code: 'EEXIST',
    });
    expect(await readFile(victim, 'utf8')).toBe('precious');
    expect((await readdir(dir)).sort()).toEqual(['link.json', 'undo.json', 'victim']);
    await writeFileAtomic(join(dir, 'fresh.json'), 'new', { exclusive: true });
    expect(await readFile(join(dir, 'fresh.json'), 'utf8')).toBe('new');
  });

  it('a failing stream leaves the old file and no temporary file', async () => {
    const file = join(dir, 'report.txt');
    await writeFile(file, 'old');
    function* failing() {
      yield 'half';
      throw new Error('reporter failed');
    }
    await expect(writeFileAtomic(file, failing())).rejects.toThrow('reporter failed');
    expect(await readFile(file, 'utf8')).toBe('old');
    expect(await readdir(dir)).toEqual(['report.txt']);
  });

  it('writes through to a FIFO or a device instead of replacing the node (`-o /dev/null`)', async () => {
    const { execFileSync } = await import('node:child_process');
    const fifo = join(dir, 'pipe');
    execFileSync('mkfifo', [fifo]);
    const reader = readFile(fifo, 'utf8');
    await writeFileAtomic(fifo, ['re', 'port']);
    expect(await reader).toBe('report');
    expect((await lstat(fifo)).isFIFO()).toBe(true);
    await writeFileAtomic('/dev/null', 'discarded');
    expect((await lstat('/dev/null')).isCharacterDevice()).toBe(true);
  });
});
