import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, rm, symlink, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BoundedRead, readFileBounded, readFileBoundedSync } from './files.js';

let dir = '';
let fifo = '';
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tg-files-'));
  fifo = join(dir, 'fifo');
  execFileSync('mkfifo', [fifo]);
  await mkdir(join(dir, 'folder'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

async function file(name: string, content: string): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, content);
  return path;
}

/** The asynchronous reader and the synchronous one give the same outcomes. */
const READERS: [string, (file: string, maxBytes: number) => Promise<BoundedRead>][] = [
  ['readFileBounded', (path, maxBytes) => readFileBounded(path, maxBytes)],
  ['readFileBoundedSync', async (path, maxBytes) => readFileBoundedSync(path, maxBytes)],
];

describe.each(READERS)('%s', (_name, read) => {
  it('reads a regular file up to and at the limit', async () => {
    expect(await read(await file('ok.txt', 'héllo'), 6)).toEqual({ kind: 'text', text: 'héllo' });
    expect(await read(await file('empty.txt', ''), 6)).toEqual({ kind: 'text', text: '' });
  });

  it('refuses a file over the limit before reading it (a sparse file: nothing is written)', async () => {
    const huge = await file('huge.txt', '');
    await truncate(huge, 64 * 1024 * 1024);
    expect(await read(huge, 1024)).toEqual({ kind: 'too-large', size: 64 * 1024 * 1024 });
  });

  // Opened with O_NONBLOCK and checked with fstat: a FIFO never blocks, /dev/zero is never read.
  it('never reads a FIFO, a device or a folder', { timeout: 10_000 }, async () => {
    expect(await read(fifo, 1024)).toEqual({ kind: 'not-regular' });
    expect(await read('/dev/zero', 1024)).toEqual({ kind: 'not-regular' });
    expect(await read(join(dir, 'folder'), 1024)).toEqual({ kind: 'not-regular' });
  });

  it('gives the error of a missing file as a value', async () => {
    const missing = await read(join(dir, 'nope'), 1024);
    expect(missing.kind === 'error' && missing.error.code).toBe('ENOENT');
  });

  // A file longer than its stat says (one being appended to; /proc reports size 0) is read whole up to the
  // limit, not cut after size + 1 bytes.
  it.skipIf(!existsSync('/proc/self/status'))(
    'reads a file longer than its stat size whole, and refuses it past the limit',
    async () => {
      const whole = await read('/proc/self/status', 1024 * 1024);
      expect(whole.kind === 'text' && whole.text).toMatch(/^Name:.*\n[\s\S]*\nPid:\s+\d+\n/);
      expect(await read('/proc/self/status', 10)).toEqual({ kind: 'too-large', size: 11 });
    },
  );
});

describe('readFileBoundedSync with noFollow', () => {
  it('does not follow a symlink in place of the resolved file', async () => {
    const target = await file('target.txt', 'secret');
    const link = join(dir, 'link.txt');
    await symlink(target, link);
    expect(readFileBoundedSync(link, 100)).toEqual({ kind: 'text', text: 'secret' });
    const read = readFileBoundedSync(link, 100, { noFollow: true });
    expect(read.kind === 'error' && read.error.code).toBe('ELOOP');
    expect(readFileBoundedSync(target, 100, { noFollow: true })).toEqual({ kind: 'text', text: 'secret' });
  });
});

describe('readFileBounded with head', () => {
  it('reads the first bytes of a longer file, all of a shorter one', async () => {
    const path = await file('long.txt', `${'a'.repeat(100_000)}b`);
    expect(await readFileBounded(path, 5, { head: true })).toEqual({ kind: 'text', text: 'aaaaa' });
    const read = await readFileBounded(path, 200_000, { head: true });
    expect(read.kind === 'text' && read.text.length).toBe(100_001);
    expect(await readFileBounded(fifo, 5, { head: true })).toEqual({ kind: 'not-regular' });
  });
});

describe('readFileBounded withMode', () => {
  it("gives the opened file's permission bits (what a key file's check reads), only when asked", async () => {
    const key = await file('key.txt', 'secret');
    await chmod(key, 0o640);
    const read = await readFileBounded(key, 100, { withMode: true });
    expect(read.kind === 'text' && (read.mode ?? 0) & 0o777).toBe(0o640);
    expect(await readFileBounded(key, 100)).toEqual({ kind: 'text', text: 'secret' });
  });
});
