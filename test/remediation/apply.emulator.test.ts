/**
 * End to end against the wire-level emulator with the real SDK: scan → plan → apply (under exactly the
 * shipped remediation policy) → re-scan → idempotence → undo; a failure injected half way; refusals.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ScenarioSpec } from '../../src/emulator/index.js';
import {
  type EmulatorHandle,
  isActionAllowed,
  OPERATION_ACTIONS,
  startEmulator,
} from '../../src/emulator/index.js';
import type { Finding } from '../../src/engine/types.js';
import { applyFix } from '../../src/remediation/executor.js';
import { scanAndPlanFix } from '../../src/remediation/flows.js';
import type { FixOptions } from '../../src/remediation/types.js';
import { type UndoResult, undoFix } from '../../src/remediation/undo.js';
import {
  CENTRAL_POLICY,
  fixerOptions,
  fixScenario,
  remediationActions,
  scannerOptions,
  W,
} from './scenario.js';

const OPTIONS: FixOptions = { targetBucket: { 'us-east-1': 'w-central' } };
const EU_TARGET = `${W}-eu-west-1-s3-access-logs`;
const FIXED = ['w-app-1', 'w-app-2', 'w-eu', 'w-kms', 'w-locked', 'w-trail'];

let handle: EmulatorHandle;
let dir: string;

beforeEach(async () => {
  handle = await startEmulator(fixScenario(), {});
  dir = mkdtempSync(join(tmpdir(), 'tg-fix-'));
  // The undo key (undo-key.ts) goes to a temporary config folder, not the user's.
  process.env.XDG_CONFIG_HOME = join(dir, 'config');
});
afterEach(async () => {
  await handle.stop();
});

async function scanAndPlan(options: FixOptions = OPTIONS) {
  const { report, plan } = await scanAndPlanFix({ aws: scannerOptions(handle), ...options });
  return { report, plan };
}

function statusOf(findings: Finding[], bucket: string): string[] {
  return findings.filter((f) => f.resource.name === bucket).map((f) => `${f.ruleId}:${f.status}:${f.reason}`);
}

function world(name: string) {
  return handle.snapshot().buckets.find((b) => b.name === name);
}

/**
 * Policies and logging are back as they were. Exception (S3 behaviour): a previous logging configuration
 * that pointed at a deleted or other-Region target cannot be written back (PutBucketLogging validates the
 * target); undo disables logging there and says so — the old configuration delivered nothing either.
 */
function expectRestored(before: ScenarioSpec, undone: UndoResult) {
  const after = handle.snapshot();
  const disabled = undone.outcomes.filter((o) => o.status === 'disabled').map((o) => o.entry.bucket);
  expect(
    disabled.every((b) => ['w-app-2', 'w-eu'].includes(b)),
    disabled.join(),
  ).toBe(true);
  for (const b of before.buckets.filter((x) => !x.deleted)) {
    const now = after.buckets.find((x) => x.name === b.name);
    if (disabled.includes(b.name)) expect(now?.logging, b.name).toBeUndefined();
    else expect(now?.logging, b.name).toEqual(b.logging);
    expect(now?.policy, b.name).toEqual(b.policy);
  }
}

describe('fix against the emulator', () => {
  it('applies under exactly the remediation policy, re-scan is compliant, second plan is empty, undo restores', async () => {
    const before = handle.snapshot();
    const { report, plan } = await scanAndPlan();
    for (const bucket of FIXED) {
      expect(
        statusOf(report.findings, bucket).some((s) => s.includes('NON_COMPLIANT')),
        bucket,
      ).toBe(true);
    }
    expect(plan.fixes.map((f) => f.bucket).sort()).toEqual(FIXED);
    expect(plan.targets.map((t) => [t.bucket, t.create])).toEqual([
      [EU_TARGET, true],
      ['w-central', false],
    ]);

    handle.counters.reset();
    const undoFile = join(dir, 'undo.json');
    const result = await applyFix(plan, { aws: fixerOptions(handle), undoFile });
    expect(result.outcomes.filter((o) => o.status !== 'done').map((o) => o.detail)).toEqual([]);
    expect(result.ok).toBe(true);
    // Every operation the executor sent is allowed by the shipped policy (the emulator enforced it too).
    const allow = remediationActions();
    for (const operation of Object.keys(handle.counters.byOperation())) {
      const action = OPERATION_ACTIONS[operation];
      expect(action === null || (action !== undefined && isActionAllowed(allow, action)), operation).toBe(
        true,
      );
    }

    // Re-scan: every fixed bucket compliant; the untouched compliant bucket is unchanged.
    const again = await scanAndPlan();
    for (const bucket of FIXED) {
      expect(
        statusOf(again.report.findings, bucket).every((s) => s.includes(':COMPLIANT:')),
        bucket,
      ).toBe(true);
    }
    expect(world('w-good')?.logging).toEqual(before.buckets.find((b) => b.name === 'w-good')?.logging);
    // Existing statements preserved, in order, unchanged; Id and Version kept; ours appended.
    const central = world('w-central')?.policy as typeof CENTRAL_POLICY;
    expect(central.Id).toBe(CENTRAL_POLICY.Id);
    expect(central.Version).toBe(CENTRAL_POLICY.Version);
    expect(central.Statement.slice(0, 3)).toEqual(CENTRAL_POLICY.Statement);
    expect(central.Statement).toHaveLength(3 + 5);
    const eu = world(EU_TARGET);
    expect(eu).toMatchObject({ region: 'eu-west-1', account: W, ownership: 'BucketOwnerEnforced' });
    expect(world('w-eu')?.logging).toMatchObject({ targetBucket: EU_TARGET, targetPrefix: 'w-eu/' });
    // Idempotent: nothing left to plan.
    expect(again.plan.steps).toEqual([]);
    expect(again.plan.fixes).toEqual([]);

    // Undo: logging, policies and the created bucket are back as they were.
    const undone = await undoFix(undoFile, { aws: fixerOptions(handle) });
    expect(undone.outcomes.filter((o) => o.status === 'failed')).toEqual([]);
    expect(undone.ok).toBe(true);
    expectRestored(before, undone);
    expect(undone.outcomes.find((o) => o.entry.kind === 'bucket-created')).toMatchObject({
      status: 'deleted',
    });
    // The emulator keeps deleted buckets in its snapshot, marked deleted (they answer NoSuchBucket).
    expect(handle.snapshot().buckets.find((b) => b.name === EU_TARGET)?.deleted).toBe(true);
  }, 60_000);

  it('stops at an injected failure on the third PutBucketLogging, reports exactly, and undo restores', async () => {
    const before = handle.snapshot();
    const { plan } = await scanAndPlan();
    const loggingSteps = plan.steps.filter((s) => s.kind === 'PutBucketLogging').map((s) => s.bucket);
    const third = loggingSteps[2] as string;
    handle.faults.add({ kind: 'accessDenied', operation: 'PutBucketLogging', resource: third });
    const undoFile = join(dir, 'undo.json');
    const result = await applyFix(plan, { aws: fixerOptions(handle), undoFile });
    expect(result.ok).toBe(false);
    const failedIndex = plan.steps.findIndex((s) => s.kind === 'PutBucketLogging' && s.bucket === third);
    expect(result.outcomes.map((o) => o.status)).toEqual(
      plan.steps.map((_, i) => (i < failedIndex ? 'done' : i === failedIndex ? 'failed' : 'not-run')),
    );
    expect(result.outcomes[failedIndex]?.detail).toMatch(/AccessDenied/);
    // The world matches the report: done buckets log to their target, the rest are untouched.
    for (const [i, step] of plan.steps.entries()) {
      if (step.kind !== 'PutBucketLogging') continue;
      const logging = world(step.bucket)?.logging;
      if (i < failedIndex) expect(logging?.targetBucket, step.bucket).toBe(step.logging.targetBucket);
      else expect(logging, step.bucket).toEqual(before.buckets.find((b) => b.name === step.bucket)?.logging);
    }
    // The undo file records the failed step as pending and the done ones as done.
    const recorded = JSON.parse(readFileSync(undoFile, 'utf8')) as {
      entries: { kind: string; bucket: string; state: string }[];
    };
    expect(recorded.entries.filter((e) => e.kind === 'logging').map((e) => [e.bucket, e.state])).toEqual([
      ...loggingSteps.slice(0, 2).map((b) => [b, 'done']),
      [third, 'pending'],
    ]);

    handle.faults.clear();
    const undone = await undoFix(undoFile, { aws: fixerOptions(handle) });
    expect(undone.ok).toBe(true);
    expectRestored(before, undone);
    expect(undone.outcomes.find((o) => o.entry.bucket === third)?.status).toBe('nothing-to-do');
    const live = (spec: ScenarioSpec) =>
      spec.buckets
        .filter((b) => !b.deleted)
        .map((b) => b.name)
        .sort();
    expect(live(handle.snapshot())).toEqual(live(before));
  }, 60_000);

  it('refuses targets with SSE-KMS or Object Lock default retention and changes nothing', async () => {
    for (const target of ['w-kms', 'w-locked']) {
      const { plan } = await scanAndPlan({ targetBucket: target, bucketGlobs: ['w-app-*'] });
      expect(plan.steps, target).toEqual([]);
      expect(
        plan.skipped.map((s) => [s.bucket, s.code, s.refused]),
        target,
      ).toEqual([
        ['w-app-1', 'TARGET_CANNOT_RECEIVE', true],
        ['w-app-2', 'TARGET_CANNOT_RECEIVE', true],
      ]);
    }
  }, 60_000);
});
