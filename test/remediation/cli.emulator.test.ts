/** `trailguard fix` through the CLI entry point (in process), against the emulator. */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { type EmulatorHandle, startEmulator } from '../../src/emulator/index.js';
import { memoryIO } from '../helpers/memory-io.js';
import { AUDIT_ROLE, fixScenario, M } from './scenario.js';

let handle: EmulatorHandle;
const saved = { ...process.env };

function io(stdinIsTTY = false, answers: string[] = []) {
  return memoryIO({ stdinIsTTY, answers, env: process.env });
}

async function run(args: string[], terminal?: { answers: string[] }) {
  const cli = io(terminal !== undefined, terminal?.answers);
  const code = await main(['node', 'trailguard', 'fix', '--org', '--role-name', AUDIT_ROLE, ...args], cli);
  return { code, stdout: cli.out.join(''), stderr: cli.err.join(''), asked: cli.asked };
}

beforeAll(async () => {
  handle = await startEmulator(fixScenario(), {});
  const credentials = handle.credentialsFor(M, 'scanner');
  // The CLI uses the standard credential chain, as a user's shell would provide it.
  Object.assign(process.env, {
    AWS_ACCESS_KEY_ID: credentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
    AWS_ENDPOINT_URL: handle.endpoint,
    AWS_REGION: 'us-east-1',
    // The undo key (undo-key.ts) goes to a temporary config folder, not the user's.
    XDG_CONFIG_HOME: mkdtempSync(join(tmpdir(), 'tg-cli-config-')),
  });
  delete process.env.AWS_PROFILE;
});
afterAll(async () => {
  process.env = saved;
  await handle.stop();
});

describe('trailguard fix (CLI)', () => {
  it('plans, refuses --apply without --yes off a terminal, applies, plans nothing, undoes', async () => {
    const plan = await run(['--target-bucket', 'us-east-1=w-central', '-f', 'json']);
    expect(plan.code).toBe(0);
    const data = JSON.parse(plan.stdout);
    expect(data.schema).toBe('trailguard/fix-plan@1');
    expect(data.fixes.length).toBe(6);

    const noYes = await run(['--apply']);
    expect(noYes.code).toBe(2);
    expect(noYes.stderr.trim().split('\n')).toEqual([
      'trailguard: --apply needs --yes when stdin is not a terminal (nothing to confirm with)',
    ]);

    const dir = mkdtempSync(join(tmpdir(), 'tg-cli-'));
    const undoFile = join(dir, 'undo.json');
    const applied = await run([
      '--target-bucket',
      'us-east-1=w-central',
      '--apply',
      '--yes',
      '--undo-file',
      undoFile,
    ]);
    expect(applied.code).toBe(0);
    expect(applied.stdout).toMatch(/Applied: \d+ done, 0 already in place, 0 failed, 0 not run\./);
    expect(JSON.parse(readFileSync(undoFile, 'utf8')).entries.length).toBeGreaterThan(0);

    const again = await run(['--target-bucket', 'us-east-1=w-central']);
    expect(again.stdout).toMatch(/^trailguard fix plan: 0 bucket\(s\) to fix/);
    expect(again.stdout).toMatch(/Nothing to do\./);

    const undone = await run(['--undo', undoFile, '--yes']);
    expect(undone.code).toBe(0);
    expect(undone.stdout).toMatch(/Undo complete\./);
    const replanned = JSON.parse(
      (await run(['--target-bucket', 'us-east-1=w-central', '-f', 'json'])).stdout,
    );
    expect(replanned.fixes.length).toBe(6);
  }, 60_000);

  it('on a terminal, asks before applying: "n" changes nothing, "y" applies', async () => {
    const writes = () =>
      Object.entries(handle.counters.byOperation())
        .filter(([op]) => /:(Put|Create|Delete)/.test(op))
        .reduce((sum, [, n]) => sum + n, 0);
    const before = writes();
    const declined = await run(['--target-bucket', 'us-east-1=w-central', '--apply'], { answers: ['n'] });
    expect(declined.asked).toEqual([expect.stringMatching(/^Apply \d+ change\(s\)\? \[y\/N\] $/)]);
    expect(declined.code).toBe(1);
    expect(declined.stderr).toContain('nothing applied');
    expect(writes()).toBe(before);

    const dir = mkdtempSync(join(tmpdir(), 'tg-cli-'));
    const undoFile = join(dir, 'undo.json');
    const accepted = await run(
      ['--target-bucket', 'us-east-1=w-central', '--apply', '--undo-file', undoFile],
      { answers: ['yes'] },
    );
    expect(accepted.code).toBe(0);
    expect(writes()).toBeGreaterThan(before);
    const restored = await run(['--undo', undoFile], { answers: ['y'] });
    expect(restored.asked).toEqual([expect.stringContaining('Restore everything recorded in')]);
    expect(restored.stdout).toMatch(/Undo complete\./);
  }, 60_000);

  it('rejects a malformed --target-bucket with one line', async () => {
    const bad = await run(['--target-bucket', 'us-east-1=Bad_Name']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toBe('trailguard: --target-bucket: "us-east-1=Bad_Name" is not REGION=BUCKET\n');
  });

  it('refuses to overwrite an existing undo file: one line, exit 2, nothing changed', async () => {
    const writes = () =>
      Object.entries(handle.counters.byOperation())
        .filter(([op]) => /:(Put|Create|Delete)/.test(op))
        .reduce((sum, [, n]) => sum + n, 0);
    const dir = mkdtempSync(join(tmpdir(), 'tg-cli-'));
    const undoFile = join(dir, 'undo.json');
    writeFileSync(undoFile, 'an earlier run\n');
    const before = writes();
    const refused = await run([
      '--target-bucket',
      'us-east-1=w-central',
      '--apply',
      '--yes',
      '--undo-file',
      undoFile,
    ]);
    expect(refused.code).toBe(2);
    expect(refused.stderr.split('\n').filter((l) => /already exists/.test(l))).toEqual([
      `trailguard: undo file ${undoFile} already exists: it may be the only record of an earlier apply; pass another --undo-file (nothing was changed)`,
    ]);
    expect(readFileSync(undoFile, 'utf8')).toBe('an earlier run\n');
    expect(writes()).toBe(before);
  }, 60_000);
});
