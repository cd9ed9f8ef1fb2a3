/** The undo file and its key without AWS: signing round trip, key handling, existing paths, the printed hint. */
import { chmodSync, mkdirSync, mkdtempSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ApplyResult } from '../../src/remediation/executor.js';
import {
  assertUndoFileFree,
  readUndoFile,
  UNDO_SCHEMA_ID,
  type UndoContent,
  writeUndoFile,
} from '../../src/remediation/undo-file.js';
import { loadUndoKey, undoKeyPath } from '../../src/remediation/undo-key.js';
import { applyResultText } from '../../src/remediation/writers/results.js';

const dir = () => mkdtempSync(join(tmpdir(), 'tg-undo-unit-'));

const content: UndoContent = {
  schema: UNDO_SCHEMA_ID,
  createdAt: '2026-12-06T00:00:00.000Z',
  scope: {
    partition: 'aws',
    region: 'us-east-1',
    accounts: ['111111111111'],
    buckets: ['src-bucket', 'log-bucket'],
    actions: ['s3:PutBucketLogging'],
  },
  entries: [
    {
      kind: 'logging',
      bucket: 'src-bucket',
      account: '111111111111',
      region: 'us-east-1',
      state: 'done',
      previous: null,
      applied: { TargetBucket: 'log-bucket', TargetPrefix: 'src-bucket/' },
    },
  ],
};

describe('undo file', () => {
  it('reads back what it wrote, signed with the key; refuses it under another key', async () => {
    const d = dir();
    const env = { XDG_CONFIG_HOME: join(d, 'config') };
    const key = await loadUndoKey(env, { create: true });
    expect(statSync(undoKeyPath(env)).mode & 0o777).toBe(0o600);
    // A second load reads the same key (never a new one).
    expect((await loadUndoKey(env, { create: true })).id).toBe(key.id);
    const file = join(d, 'undo.json');
    await writeUndoFile(file, content, key, { create: true });
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const read = await readUndoFile(file, key);
    expect(read).toMatchObject(content);
    const other = await loadUndoKey({ TRAILGUARD_UNDO_KEY: 'x'.repeat(32) }, { create: false });
    await expect(readUndoFile(file, other)).rejects.toThrow(/signed with another undo key/);
  });

  it('refuses a key that is short or readable by others', async () => {
    await expect(loadUndoKey({ TRAILGUARD_UNDO_KEY: 'short' }, { create: false })).rejects.toThrow(
      'TRAILGUARD_UNDO_KEY must be at least 32 characters',
    );
    const d = dir();
    const env = { XDG_CONFIG_HOME: d };
    mkdirSync(join(d, 'trailguard'));
    writeFileSync(undoKeyPath(env), `${'a'.repeat(64)}\n`);
    chmodSync(undoKeyPath(env), 0o644);
    await expect(loadUndoKey(env, { create: false })).rejects.toThrow(
      `the undo key ${undoKeyPath(env)} is readable or writable by other users (mode 644): chmod 600 it`,
    );
  });

  it('any existing path at the undo file is refused, a dangling symlink too', async () => {
    const d = dir();
    await expect(assertUndoFileFree(join(d, 'new.json'))).resolves.toBeUndefined();
    symlinkSync(join(d, 'nowhere'), join(d, 'link.json'));
    await expect(assertUndoFileFree(join(d, 'link.json'))).rejects.toThrow(/already exists/);
  });

  it('the printed hint names the flags the file does not carry (profile, endpoint), shell-quoted', () => {
    const result: ApplyResult = {
      ok: true,
      outcomes: [],
      undoFile: 'my undo.json',
      calls: { total: 0, errors: 0 },
    };
    expect(applyResultText(result)).toContain("Undo with: trailguard fix --undo 'my undo.json'\n");
    expect(applyResultText(result, ['--profile', 'prod-admin'])).toContain(
      "Undo with: trailguard fix --undo 'my undo.json' --profile prod-admin\n",
    );
  });
});
