/**
 * Undo compares what AWS has now with what the apply wrote (issue 13): it removes only its own
 * statements, skips what changed since the apply (unless force), deletes a created bucket only while it
 * is as the apply left it, and a second undo has nothing to do. Real SDK against the emulator.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type UndoResult, undoFix } from '../../src/remediation/undo.js';
import { CENTRAL_POLICY, fixerOptions } from './scenario.js';
import {
  bucketOf,
  EU_TARGET,
  type Fixture,
  policyOf,
  putKms,
  putLogging,
  putPolicy,
  scanPlanApply,
  start,
  writes,
} from './undo-setup.js';

let f: Fixture;
beforeEach(async () => {
  f = await start();
});
afterEach(async () => {
  await f.stop();
});

const undo = (force = false, extra: Partial<Parameters<typeof undoFix>[1]> = {}) =>
  undoFix(f.undoFile, { aws: fixerOptions(f.handle), force, ...extra });

function outcome(result: UndoResult, kind: string, bucket: string) {
  const found = result.outcomes.find((o) => o.entry.kind === kind && o.entry.bucket === bucket);
  if (!found) throw new Error(`no ${kind} outcome for ${bucket}`);
  return found;
}

const sidFor = (source: string) => (s: Record<string, unknown>) =>
  String(s.Sid).startsWith(`TrailguardAccessLogs${source.replace(/[^A-Za-z0-9]/g, '')}`);

describe('undo against drift', () => {
  it('keeps a statement added to the target policy after the apply and removes only its own', async () => {
    await scanPlanApply(f);
    const admin = f.admin();
    const added = {
      Sid: 'AddedLater',
      Effect: 'Allow',
      Principal: { AWS: 'arn:aws:iam::333333333333:root' },
      Action: 's3:GetObject',
      Resource: 'arn:aws:s3:::w-central/later/*',
    };
    const now = await policyOf(admin, 'w-central');
    await putPolicy(admin, 'w-central', { ...now, Statement: [...now.Statement, added] });

    const result = await undo();
    expect(
      result.outcomes.filter(
        (o) => o.status !== 'restored' && o.status !== 'deleted' && o.status !== 'disabled',
      ),
    ).toEqual([]);
    expect(result.ok).toBe(true);
    expect(outcome(result, 'policy', 'w-central').detail).toBe("removed the apply's 5 statement(s), kept 4");
    const after = await policyOf(admin, 'w-central');
    expect(after.Id).toBe(CENTRAL_POLICY.Id);
    expect(after.Statement).toEqual([...CENTRAL_POLICY.Statement, added]);
  }, 60_000);

  it('skips a logging configuration changed since the apply (and keeps the grant it still uses); --force restores', async () => {
    await scanPlanApply(f);
    const admin = f.admin();
    await putLogging(admin, 'w-app-1', 'w-central', 'w-app-1/moved/');

    const first = await undo();
    expect(first.ok).toBe(false);
    expect(outcome(first, 'logging', 'w-app-1')).toMatchObject({
      status: 'skipped',
      detail:
        'logging changed since the apply (now w-central/w-app-1/moved/; the apply set w-central/w-app-1/): left as it is (--force restores disabled anyway)',
    });
    expect(bucketOf(f, 'w-app-1')?.logging).toEqual({
      targetBucket: 'w-central',
      targetPrefix: 'w-app-1/moved/',
    });
    // Its grant stays (it still logs with it); the other four are removed.
    const policy = outcome(first, 'policy', 'w-central');
    expect(policy.status).toBe('skipped');
    expect(policy.detail).toMatch(
      /^removed the apply's 4 statement\(s\), kept 4; 1 statement\(s\) kept \[TrailguardAccessLogswapp1[0-9a-f]{8}\]: their source still logs here/,
    );
    const kept = (await policyOf(admin, 'w-central')).Statement;
    expect(kept.slice(0, 3)).toEqual(CENTRAL_POLICY.Statement);
    expect(kept.slice(3).every(sidFor('w-app-1'))).toBe(true);
    expect(kept).toHaveLength(4);
    // Everything else is back.
    expect(bucketOf(f, 'w-trail')?.logging).toBeUndefined();
    expect(outcome(first, 'logging', 'w-eu').status).toBe('disabled');

    const forced = await undo(true);
    expect(forced.ok).toBe(true);
    expect(outcome(forced, 'logging', 'w-app-1')).toMatchObject({
      status: 'restored',
      detail: 'logging disabled again',
    });
    expect(bucketOf(f, 'w-app-1')?.logging).toBeUndefined();
    expect(await policyOf(admin, 'w-central')).toEqual(CENTRAL_POLICY);
  }, 60_000);

  it('leaves a statement of its own that was edited since the apply, unless --force', async () => {
    await scanPlanApply(f);
    const admin = f.admin();
    const now = await policyOf(admin, 'w-central');
    const edited = now.Statement.map((s) =>
      sidFor('w-trail')(s) ? { ...s, Resource: 'arn:aws:s3:::w-central/w-trail/edited/*' } : s,
    );
    await putPolicy(admin, 'w-central', { ...now, Statement: edited });

    const first = await undo();
    expect(first.ok).toBe(false);
    expect(outcome(first, 'policy', 'w-central')).toMatchObject({ status: 'skipped' });
    expect(outcome(first, 'policy', 'w-central').detail).toMatch(
      /^removed the apply's 4 statement\(s\), kept 4; 1 of its statement\(s\) changed since the apply, left in place \[TrailguardAccessLogswtrail[0-9a-f]{8}\] \(--force removes them anyway\)$/,
    );
    const left = (await policyOf(admin, 'w-central')).Statement;
    expect(left).toEqual([...CENTRAL_POLICY.Statement, edited.find(sidFor('w-trail'))]);

    const forced = await undo(true);
    expect(forced.ok).toBe(true);
    expect(await policyOf(admin, 'w-central')).toEqual(CENTRAL_POLICY);
  }, 60_000);

  it('keeps a created bucket whose settings changed since the apply; --force deletes it', async () => {
    await scanPlanApply(f);
    await putKms(f.admin('eu-west-1'), EU_TARGET);

    const first = await undo();
    expect(first.ok).toBe(false);
    expect(outcome(first, 'bucket-created', EU_TARGET)).toMatchObject({
      status: 'skipped',
      detail:
        'created by the apply, but changed since: default encryption is now aws:kms: kept (--force deletes it anyway if empty)',
    });
    expect(bucketOf(f, EU_TARGET)).toBeDefined();

    const forced = await undo(true);
    expect(forced.ok).toBe(true);
    expect(outcome(forced, 'bucket-created', EU_TARGET).status).toBe('deleted');
    expect(bucketOf(f, EU_TARGET)).toBeUndefined();
  }, 60_000);

  it('keeps a created bucket that got a statement from someone else (removing only its own)', async () => {
    await scanPlanApply(f);
    const admin = f.admin('eu-west-1');
    const foreign = {
      Sid: 'TeamReaders',
      Effect: 'Allow',
      Principal: { AWS: 'arn:aws:iam::333333333333:root' },
      Action: 's3:GetObject',
      Resource: `arn:aws:s3:::${EU_TARGET}/*`,
    };
    const now = await policyOf(admin, EU_TARGET);
    await putPolicy(admin, EU_TARGET, { ...now, Statement: [...now.Statement, foreign] });

    const result = await undo();
    expect(outcome(result, 'policy', EU_TARGET)).toMatchObject({
      status: 'restored',
      detail: "removed the apply's 1 statement(s), kept 1",
    });
    expect(outcome(result, 'bucket-created', EU_TARGET)).toMatchObject({
      status: 'skipped',
      detail:
        'created by the apply, but changed since: its bucket policy has statements the apply did not write: kept (--force deletes it anyway if empty)',
    });
    expect((await policyOf(admin, EU_TARGET)).Statement).toEqual([foreign]);
  }, 60_000);

  it('keeps a created bucket that is not empty (S3 BucketNotEmpty)', async () => {
    await scanPlanApply(f);
    f.handle.faults.add({
      kind: 'plainError',
      operation: 'DeleteBucket',
      resource: EU_TARGET,
      status: 409,
      contentType: 'application/xml',
      body: '<?xml version="1.0" encoding="UTF-8"?><Error><Code>BucketNotEmpty</Code><Message>The bucket you tried to delete is not empty</Message></Error>',
    });
    const result = await undo();
    expect(result.ok).toBe(true);
    expect(outcome(result, 'bucket-created', EU_TARGET)).toMatchObject({ status: 'kept' });
    expect(bucketOf(f, EU_TARGET)).toBeDefined();
  }, 60_000);

  it('a second undo of the same file has nothing to do and changes nothing', async () => {
    await scanPlanApply(f);
    const first = await undo();
    expect(first.ok).toBe(true);
    const before = writes(f.handle);
    const second = await undo();
    expect(second.outcomes.filter((o) => o.status !== 'nothing-to-do')).toEqual([]);
    expect(second.ok).toBe(true);
    expect(second.outcomes.map((o) => o.status)).toEqual(second.outcomes.map(() => 'nothing-to-do'));
    expect(second.outcomes.length).toBe(first.outcomes.length);
    expect(writes(f.handle)).toBe(before);
  }, 60_000);

  it('does not write what changed between the plan shown and the confirmation', async () => {
    await scanPlanApply(f);
    const admin = f.admin();
    const result = await undo(false, {
      confirm: async () => {
        await putLogging(admin, 'w-app-1', 'w-central', 'w-app-1/late/');
        return true;
      },
    });
    expect(result.ok).toBe(false);
    expect(outcome(result, 'logging', 'w-app-1').status).toBe('skipped');
    expect(outcome(result, 'logging', 'w-app-1').detail).toMatch(/^changed since the restore plan was shown/);
    expect(bucketOf(f, 'w-app-1')?.logging).toEqual({
      targetBucket: 'w-central',
      targetPrefix: 'w-app-1/late/',
    });
    // The plan said "remove 5"; w-app-1 still logs with its grant, so the policy is left for a new run.
    expect(outcome(result, 'policy', 'w-central').detail).toMatch(
      /^changed since the restore plan was shown/,
    );
    expect((await policyOf(admin, 'w-central')).Statement).toHaveLength(8);
  }, 60_000);

  it('changes nothing when the plan is declined', async () => {
    await scanPlanApply(f);
    const before = writes(f.handle);
    const result = await undo(false, { confirm: async () => false });
    expect(result).toMatchObject({ ok: false, cancelled: true, outcomes: [] });
    expect(result.plan.entries.filter((p) => p.kind === 'write').length).toBeGreaterThan(0);
    expect(writes(f.handle)).toBe(before);
  }, 60_000);
});
