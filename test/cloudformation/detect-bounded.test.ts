/**
 * Detection reads through the bounded reader (src/sources/files.ts): the checks are on the opened file, so
 * a file swapped for a FIFO after detection's stat, or a FIFO handed to contentKind by a walk, never hangs.
 */
import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { InputError } from '../../src/errors.js';
import { contentKind, detectInputType } from '../../src/sources/detect.js';

/**
 * The race, made deterministic: detection's `stat` says "a small regular file" for paths named
 * `swapped*` (as it would have before the swap); the file itself is a FIFO.
 */
vi.mock('node:fs/promises', async (importOriginal) => {
  const actual = await importOriginal<typeof import('node:fs/promises')>();
  const stat = async (...args: Parameters<typeof actual.stat>) => {
    const info = await actual.stat(...args);
    if (!String(args[0]).includes('swapped')) return info;
    return Object.assign(Object.create(Object.getPrototypeOf(info) as object) as typeof info, info, {
      size: 100,
      isFile: () => true,
      isDirectory: () => false,
      isFIFO: () => false,
    });
  };
  return { ...actual, stat };
});

let dir = '';
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tg-detect-bounded-'));
  execFileSync('mkfifo', [join(dir, 'swapped.json')]);
  await mkdir(join(dir, 'templates'));
  execFileSync('mkfifo', [join(dir, 'templates', 'a-swapped.yaml')]);
  await writeFile(join(dir, 'templates', 'b.yaml'), 'Resources:\n  B:\n    Type: AWS::S3::Bucket\n');
  execFileSync('mkfifo', [join(dir, 'pipe.json')]);
  await writeFile(
    join(dir, 'big-snapshot.json'),
    `{"schema":"trailguard/inventory@1","pad":"${'x'.repeat(2 * 1024 * 1024)}",`,
  );
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('detection never blocks on a FIFO', () => {
  it('a file swapped for a FIFO after the stat: one line, not a hang', { timeout: 10_000 }, async () => {
    const path = join(dir, 'swapped.json');
    await expect(detectInputType(path)).rejects.toThrow(InputError);
    await expect(detectInputType(path)).rejects.toThrow(
      `${path}: not a regular file (a device or FIFO is never read)`,
    );
  });

  it('a template in a folder swapped for a FIFO is skipped; the next one is read', {
    timeout: 10_000,
  }, async () => {
    expect(await detectInputType(join(dir, 'templates'))).toBe('cloudformation');
  });

  it('contentKind (the repository walk) gives no kind for a FIFO or a device', {
    timeout: 10_000,
  }, async () => {
    expect(await contentKind(join(dir, 'pipe.json'))).toBeUndefined();
    expect(await contentKind('/dev/zero')).toBeUndefined();
  });

  it('a file over 1 MB is recognised from its start (sniffed, not parsed)', async () => {
    expect(await contentKind(join(dir, 'big-snapshot.json'))).toBe('snapshot');
    expect(await detectInputType(join(dir, 'big-snapshot.json'))).toBe('snapshot');
  });
});
