import { execFileSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type JsonFileFailure, jsonFileProblem, readJsonFile } from './json-file.js';

let dir = '';
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tg-json-file-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

async function file(name: string, content: string | Buffer): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, content);
  return path;
}

function failure(read: Awaited<ReturnType<typeof readJsonFile>>): JsonFileFailure {
  if (read.kind === 'json') throw new Error('expected a failure');
  return read;
}

describe('readJsonFile', () => {
  it('parses a JSON file; the text only on request', async () => {
    const path = await file('ok.json', '{"a":[1,2]}');
    expect(await readJsonFile(path, 100)).toEqual({ kind: 'json', value: { a: [1, 2] } });
    expect(await readJsonFile(path, 100, { keepText: true })).toEqual({
      kind: 'json',
      value: { a: [1, 2] },
      text: '{"a":[1,2]}',
    });
  });

  it('gives the parser message for text that is not JSON', async () => {
    const read = failure(await readJsonFile(await file('bad.json', '{ nope'), 100));
    expect(read).toEqual({ kind: 'not-json', message: expect.stringMatching(/property name/) });
    expect(jsonFileProblem(read, 100)).toMatch(/^not valid JSON \(.+\)$/);
  });

  it('accepts a UTF-8 byte order mark only when asked', async () => {
    const path = await file('bom.json', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('[1]')]));
    expect((await readJsonFile(path, 100)).kind).toBe('not-json');
    expect(await readJsonFile(path, 100, { allowBom: true })).toEqual({ kind: 'json', value: [1] });
  });

  it('refuses a file over the limit before parsing it, a folder, a FIFO, and a missing file', async () => {
    const big = failure(await readJsonFile(await file('big.json', '[1,2,3]'), 6));
    expect(big).toEqual({ kind: 'too-large', size: 7 });
    expect(jsonFileProblem(big, 6)).toBe('larger than 6 bytes');
    const folder = failure(await readJsonFile(dir, 100));
    expect(jsonFileProblem(folder, 100)).toBe('not a regular file');
    const fifo = join(dir, 'fifo.json');
    execFileSync('mkfifo', [fifo]);
    // Never blocks: no writer ever opens the FIFO.
    expect((await readJsonFile(fifo, 100)).kind).toBe('not-regular');
    const missing = failure(await readJsonFile(join(dir, 'missing.json'), 100));
    expect(jsonFileProblem(missing, 100)).toBe('file not found');
  });
});
