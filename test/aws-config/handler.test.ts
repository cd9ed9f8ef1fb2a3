/**
 * The AWS Config custom rule handler end to end against the emulator, fed real-format Config events:
 * which buckets a change re-evaluates (and how many AWS calls that takes), what a deleted trail bucket
 * or a denied read gives, test mode, left scope, PutEvaluations batches, and results read back through
 * the real @aws-sdk/client-config-service.
 */
import { GetComplianceDetailsByConfigRuleCommand } from '@aws-sdk/client-config-service';
import { DeleteBucketCommand, DeleteBucketPolicyCommand } from '@aws-sdk/client-s3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type EmulatorHandle, startEmulator } from '../../src/emulator/index.js';
import { type RunResult, runConfigRule } from '../../src/integrations/aws-config/handler.js';
import { config, s3 } from '../emulator/helpers.js';
import { bucketChange, type EventBase, oversizedBucketChange, scheduled, trailChange } from './events.js';
import { A, configScenario, FILLERS, KEYS } from './scenario.js';

const CT_RULE = 'trailguard-cloudtrail-bucket-access-logging';
const S3_RULE = 'trailguard-s3-bucket-access-logging';

let emu: EmulatorHandle;
beforeEach(async () => {
  emu = await startEmulator(configScenario(), { seed: 3 });
});
afterEach(async () => {
  await emu.stop();
});

function base(rule = CT_RULE, extra: Partial<EventBase> = {}): EventBase {
  return {
    account: A,
    token: emu.config.resultToken(A, rule),
    ruleName: rule,
    ...(rule === S3_RULE ? { params: { rule: 'aws-s3-bucket-access-logging' } } : {}),
    ...extra,
  };
}

function run(event: unknown): Promise<RunResult> {
  return runConfigRule(event, {
    env: { AWS_REGION: 'us-east-1' },
    endpointUrl: emu.endpoint,
    credentials: KEYS,
    maxAttempts: 2,
  });
}

/** `bucket → COMPLIANCE` of a run's evaluations. */
function verdicts(result: RunResult): Record<string, string> {
  return Object.fromEntries(result.evaluations.map((e) => [e.ComplianceResourceId, e.ComplianceType]));
}

/** The rule's results as AWS Config stores them, read back with the real SDK (paged). */
async function stored(rule: string): Promise<Record<string, { type: string; annotation: string }>> {
  const client = config(emu, KEYS);
  const out: Record<string, { type: string; annotation: string }> = {};
  let token: string | undefined;
  do {
    const page = await client.send(
      new GetComplianceDetailsByConfigRuleCommand({
        ConfigRuleName: rule,
        Limit: 100,
        ...(token ? { NextToken: token } : {}),
      }),
    );
    for (const r of page.EvaluationResults ?? [])
      out[r.EvaluationResultIdentifier?.EvaluationResultQualifier?.ResourceId ?? '?'] = {
        type: r.ComplianceType ?? '?',
        annotation: r.Annotation ?? '',
      };
    token = page.NextToken;
  } while (token);
  return out;
}

const nonFiller = (v: Record<string, unknown>) =>
  Object.fromEntries(Object.entries(v).filter(([k]) => !k.startsWith('filler-')));

describe('AWS Config rule handler (CloudTrail rule, the default)', () => {
  it('a scheduled run evaluates every bucket of the account and posts them with the notification time', async () => {
    const result = await run(scheduled(base()));
    expect(result).toMatchObject({
      rule: 'aws-cloudtrail-bucket-access-logging',
      trigger: 'scheduled',
      posted: true,
    });
    expect(nonFiller(verdicts(result))).toEqual({
      'access-logs': 'NOT_APPLICABLE',
      'ct-logs': 'COMPLIANT',
      'ct-logs-2': 'COMPLIANT',
      'data-1': 'NOT_APPLICABLE',
      'data-2': 'NOT_APPLICABLE',
    });
    expect(result.evaluations).toHaveLength(5 + FILLERS);
    expect(result.putCalls).toBe(2);
    for (const e of result.evaluations) {
      expect(e.ComplianceResourceType).toBe('AWS::S3::Bucket');
      expect(e.OrderingTimestamp).toEqual(new Date('2026-03-02T00:00:00.000Z'));
      expect(e.Annotation.length).toBeGreaterThan(0);
      expect(e.Annotation.length).toBeLessThanOrEqual(256);
    }
    const back = await stored(CT_RULE);
    expect(Object.keys(back)).toHaveLength(5 + FILLERS);
    expect(back['ct-logs']?.type).toBe('COMPLIANT');
    expect(back['ct-logs']?.annotation).toContain('access-logs');
  });

  it("a change to a target's policy re-evaluates its sources, reading only the buckets involved", async () => {
    await run(scheduled(base()));
    await s3(emu, KEYS).send(new DeleteBucketPolicyCommand({ Bucket: 'access-logs' }));
    emu.counters.reset();
    const result = await run(
      bucketChange(base(), 'access-logs', { captureTime: '2026-03-03T08:00:00.000Z' }),
    );
    expect(verdicts(result)).toEqual({ 'access-logs': 'NOT_APPLICABLE', 'ct-logs': 'NON_COMPLIANT' });
    const ct = result.evaluations.find((e) => e.ComplianceResourceId === 'ct-logs');
    expect(ct?.Annotation).toMatch(/cannot receive them/);
    expect(ct?.OrderingTimestamp).toEqual(new Date('2026-03-03T08:00:00.000Z'));
    // ListBuckets, the trails, the logging of the changed bucket and of the two trail buckets (to
    // find which of them log into it), the six health reads of the changed target, one PutEvaluations.
    expect(emu.counters.byOperation()).toEqual({
      's3:ListBuckets': 1,
      'cloudtrail:ListTrails': 1,
      'cloudtrail:DescribeTrails': 1,
      'cloudtrail:GetTrailStatus': 2,
      's3:GetBucketLogging': 3,
      's3:GetBucketPolicy': 1,
      's3:GetBucketAcl': 1,
      's3:GetBucketOwnershipControls': 1,
      's3:GetObjectLockConfiguration': 1,
      's3:GetBucketEncryption': 1,
      's3:GetBucketRequestPayment': 1,
      'config:PutEvaluations': 1,
    });
    expect(emu.counters.total()).toBe(15);
    const back = await stored(CT_RULE);
    expect(back['ct-logs']?.type).toBe('NON_COMPLIANT');
    expect(back['ct-logs-2']?.type).toBe('COMPLIANT');
  });

  it('deleting a trail bucket flips the verdicts that depend on it', async () => {
    const before = await run(scheduled(base()));
    expect(verdicts(before)['ct-logs-2']).toBe('COMPLIANT');
    await s3(emu, KEYS).send(new DeleteBucketCommand({ Bucket: 'ct-logs' }));
    const result = await run(bucketChange(base(), 'ct-logs', { status: 'ResourceDeleted' }));
    expect(verdicts(result)).toEqual({ 'ct-logs': 'NON_COMPLIANT', 'ct-logs-2': 'NON_COMPLIANT' });
    const [gone, source] = result.evaluations;
    expect(gone?.Annotation).toMatch(/does not exist/);
    expect(source?.Annotation).toMatch(/ct-logs, which does not exist/);
    const back = await stored(CT_RULE);
    expect(back['ct-logs']?.type).toBe('NON_COMPLIANT');
    expect(back['ct-logs-2']?.type).toBe('NON_COMPLIANT');
  });

  it('AccessDenied is never a verdict: posted NON_COMPLIANT (Config refuses INSUFFICIENT_DATA) saying UNDETERMINED and why', async () => {
    emu.faults.add({ kind: 'accessDenied', operation: 'GetBucketLogging', resource: 'ct-logs-2' });
    const result = await run(bucketChange(base(), 'ct-logs-2'));
    expect(verdicts(result)).toEqual({ 'ct-logs-2': 'NON_COMPLIANT' });
    expect(result.evaluations[0]?.Annotation).toMatch(/^UNDETERMINED \(ACCESS_DENIED\): .*AccessDenied/);
    expect((await stored(CT_RULE))['ct-logs-2']?.annotation).toMatch(/^UNDETERMINED/);
  });

  it('a trail change re-evaluates its bucket, and the bucket it used to write to', async () => {
    const result = await run(
      trailChange(base(), { name: 'main', bucket: 'ct-logs', previousBucket: 'old-trail-bucket' }),
    );
    // ct-logs-2 logs into ct-logs: its verdict depends on ct-logs, so it is re-evaluated too.
    expect(verdicts(result)).toEqual({
      'ct-logs': 'COMPLIANT',
      'ct-logs-2': 'COMPLIANT',
      'old-trail-bucket': 'NOT_APPLICABLE',
    });
    expect(result.evaluations[2]?.Annotation).toBe('Bucket old-trail-bucket does not exist.');
    // A deleted trail whose item names no bucket: every trail bucket is re-evaluated.
    const deleted = await run(trailChange(base(), { name: 'gone', status: 'ResourceDeleted' }));
    expect(verdicts(deleted)).toEqual({ 'ct-logs': 'COMPLIANT', 'ct-logs-2': 'COMPLIANT' });
  });

  it('an oversized change notification is handled like a change', async () => {
    const result = await run(oversizedBucketChange(base(), 'ct-logs-2'));
    expect(verdicts(result)).toEqual({ 'ct-logs-2': 'COMPLIANT' });
  });

  it('ResultToken TESTMODE evaluates and posts nothing; eventLeftScope posts NOT_APPLICABLE reading nothing', async () => {
    const test = await run(bucketChange({ ...base(), token: 'TESTMODE' }, 'ct-logs-2'));
    expect(test.posted).toBe(false);
    expect(verdicts(test)).toEqual({ 'ct-logs-2': 'COMPLIANT' });
    expect(emu.counters.byOperation()['config:PutEvaluations']).toBeUndefined();
    emu.counters.reset();
    const left = await run(bucketChange(base(CT_RULE, { leftScope: true }), 'ct-logs'));
    expect(verdicts(left)).toEqual({ 'ct-logs': 'NOT_APPLICABLE' });
    expect(emu.counters.byOperation()).toEqual({ 'config:PutEvaluations': 1 });
  });
});

describe('AWS Config rule handler (general rule: {"rule": "aws-s3-bucket-access-logging"})', () => {
  it("a target's policy change re-evaluates the target and every source logging into it", async () => {
    await s3(emu, KEYS).send(new DeleteBucketPolicyCommand({ Bucket: 'access-logs' }));
    emu.counters.reset();
    const result = await run(bucketChange(base(S3_RULE), 'access-logs'));
    // ct-logs logs into access-logs but is itself the log destination of ct-logs-2: NOT_APPLICABLE
    // under the general rule whatever its target does.
    expect(verdicts(result)).toEqual({
      'access-logs': 'NOT_APPLICABLE',
      'ct-logs': 'NOT_APPLICABLE',
      'data-1': 'NON_COMPLIANT',
    });
    expect(result.evaluations[2]?.Annotation).toMatch(/cannot receive them/);
    expect(result.evaluations[0]?.Annotation).toMatch(/receives the access logs of/);
    // Whether a bucket is a log destination depends on every bucket: each one's logging is read once;
    // the health of the one changed target only; no trail is read.
    const ops = emu.counters.byOperation();
    expect(ops['s3:GetBucketLogging']).toBe(5 + FILLERS);
    expect(ops['s3:GetBucketPolicy']).toBe(1);
    expect(ops['cloudtrail:ListTrails']).toBeUndefined();
  });

  it('a scheduled run posts more than 100 evaluations in batches, and clears the results of deleted buckets', async () => {
    const first = await run(scheduled(base(S3_RULE)));
    expect(first.putCalls).toBe(2);
    expect((await stored(S3_RULE))['data-2']?.type).toBe('NON_COMPLIANT');
    await s3(emu, KEYS).send(new DeleteBucketCommand({ Bucket: 'data-2' }));
    const second = await run(scheduled(base(S3_RULE), '2026-03-03T00:00:00.000Z'));
    expect(verdicts(second)['data-2']).toBe('NOT_APPLICABLE');
    const back = await stored(S3_RULE);
    expect(back['data-2']).toEqual({
      type: 'NOT_APPLICABLE',
      annotation: `Bucket data-2 no longer exists in account ${A} (or is no longer evaluated by this rule).`,
    });
    expect(Object.keys(back)).toHaveLength(5 + FILLERS);
  });

  it('a trail change changes nothing for the general rule: it posts an empty batch', async () => {
    const result = await run(trailChange(base(S3_RULE), { name: 'main', bucket: 'ct-logs' }));
    expect(result.evaluations).toEqual([]);
    expect(result.putCalls).toBe(1);
  });
});
