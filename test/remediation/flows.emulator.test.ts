/**
 * The fix flows as a library against the emulator (issue 18 item 3): plan with `scanAndPlanFix`, apply with
 * `applyFix`, undo with `undoFix` — the undo key found only through the explicit `env` option (never the
 * process's), the confirmation a callback, the reports from the library's writers.
 */
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type EmulatorHandle, startEmulator } from '../../src/emulator/index.js';
import { InputError } from '../../src/errors.js';
import {
  applyFix,
  applyResultText,
  scanAndPlanFix,
  undoFix,
  undoResultJson,
  undoResultText,
} from '../../src/index.js';
import { fixerOptions, fixScenario, scannerOptions } from './scenario.js';

const FIXED = ['w-app-1', 'w-app-2', 'w-eu', 'w-kms', 'w-locked', 'w-trail'];

let handle: EmulatorHandle;
let dir: string;
let savedConfigHome: string | undefined;

beforeEach(async () => {
  handle = await startEmulator(fixScenario(), {});
  dir = mkdtempSync(join(tmpdir(), 'tg-fix-flows-emu-'));
  // The process's own config folder: the flows must not look there when given `env`.
  savedConfigHome = process.env.XDG_CONFIG_HOME;
  process.env.XDG_CONFIG_HOME = join(dir, 'process-config');
});
afterEach(async () => {
  if (savedConfigHome === undefined) delete process.env.XDG_CONFIG_HOME;
  else process.env.XDG_CONFIG_HOME = savedConfigHome;
  await handle.stop();
});

const loggingOf = (name: string) => handle.snapshot().buckets.find((b) => b.name === name)?.logging;

describe('fix flows on the emulator', () => {
  it('plan → apply → re-plan is empty → undo (declined, wrong key, confirmed) → nothing left to undo', async () => {
    const options = { targetBucket: { 'us-east-1': 'w-central' } };
    const planned = await scanAndPlanFix({ aws: scannerOptions(handle), ...options });
    expect(planned.iac).toBe(false);
    expect(planned.report.source.kind).toBe('aws');
    expect(planned.plan.fixes.map((f) => f.bucket).sort()).toEqual(FIXED);
    const appLoggingBefore = loggingOf('w-app-1');
    expect(appLoggingBefore).toBeUndefined();

    const env = { XDG_CONFIG_HOME: join(dir, 'env-config') };
    const undoFile = join(dir, 'undo.json');
    const steps: number[] = [];
    const applied = await applyFix(planned.plan, {
      aws: fixerOptions(handle),
      undoFile,
      env,
      onStep: (o) => steps.push(o.index),
    });
    expect(applied.ok).toBe(true);
    expect(steps).toEqual(planned.plan.steps.map((_, i) => i));
    // The key was made where `env` says, not in the process's config folder.
    expect(existsSync(join(dir, 'env-config/trailguard/undo.key'))).toBe(true);
    expect(existsSync(join(dir, 'process-config'))).toBe(false);
    const text = applyResultText(applied, ['--endpoint-url', handle.endpoint]);
    expect(text).toContain(
      `Applied: ${planned.plan.steps.length} done, 0 already in place, 0 failed, 0 not run.\n`,
    );
    expect(text).toContain(
      `Undo with: trailguard fix --undo ${undoFile} --endpoint-url ${handle.endpoint}\n`,
    );
    expect(loggingOf('w-app-1')).toMatchObject({ targetBucket: 'w-central', targetPrefix: 'w-app-1/' });

    const again = await scanAndPlanFix({ aws: scannerOptions(handle), ...options });
    expect(again.plan.fixes).toEqual([]);
    expect(again.plan.steps).toEqual([]);

    // Declined: nothing changes.
    const declined = await undoFix(undoFile, { aws: fixerOptions(handle), env, confirm: async () => false });
    expect(declined.cancelled).toBe(true);
    expect(declined.outcomes).toEqual([]);
    expect(loggingOf('w-app-1')).toMatchObject({ targetBucket: 'w-central' });

    // Another environment has no key: the file cannot be verified, nothing changes.
    await expect(
      undoFix(undoFile, { aws: fixerOptions(handle), env: { XDG_CONFIG_HOME: join(dir, 'elsewhere') } }),
    ).rejects.toThrow(InputError);
    await expect(
      undoFix(undoFile, { aws: fixerOptions(handle), env: { XDG_CONFIG_HOME: join(dir, 'elsewhere') } }),
    ).rejects.toThrow(/no undo key on this machine/);
    expect(loggingOf('w-app-1')).toMatchObject({ targetBucket: 'w-central' });

    let asked = 0;
    const undone = await undoFix(undoFile, {
      aws: fixerOptions(handle),
      env,
      confirm: async (plan) => {
        asked++;
        expect(plan.entries.filter((p) => p.kind === 'write').length).toBeGreaterThan(0);
        return true;
      },
    });
    expect(asked).toBe(1);
    expect(undone.ok).toBe(true);
    expect(loggingOf('w-app-1')).toEqual(appLoggingBefore);
    expect(undoResultText(undone)).toMatch(/\nUndo complete\.\n$/);
    expect(JSON.parse(undoResultJson(undone))).toMatchObject({
      file: undoFile,
      ok: true,
      summary: 'Undo complete.',
    });

    const second = await undoFix(undoFile, { aws: fixerOptions(handle), env });
    expect(second.ok).toBe(true);
    expect(second.outcomes.every((o) => o.status === 'nothing-to-do')).toBe(true);
    expect(undoResultText(second)).toContain(
      `Nothing to undo: everything recorded in ${undoFile} is already as before the apply.\n`,
    );
  }, 90_000);
});
