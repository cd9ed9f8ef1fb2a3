/**
 * The executor: applies a FixPlan with the AWS SDK, one step at a time, in plan order.
 *
 * Safety rules (DESIGN section 7):
 * - before each change, the undo file records what is about to change (read fresh from AWS) and is
 *   written to disk; after the change it is marked done;
 * - policies are merged into the policy read just before the write (not the scan's copy): existing
 *   statements are kept in order and unchanged, ours are appended, an identical one is not added twice;
 * - a logging configuration that changed since the scan is not overwritten;
 * - every change is re-read and verified; the first failure stops the run, and the result says which
 *   steps were done, which failed and which did not run. Each step changes one resource in one call, so
 *   every resource is left in a valid state.
 */
import {
  CreateBucketCommand,
  type CreateBucketCommandInput,
  GetBucketEncryptionCommand,
  GetBucketLoggingCommand,
  GetBucketPolicyCommand,
  GetPublicAccessBlockCommand,
  HeadBucketCommand,
  type LoggingEnabled,
  PutBucketEncryptionCommand,
  PutBucketLoggingCommand,
  PutBucketPolicyCommand,
  PutPublicAccessBlockCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import type { AwsOptions } from '../aws/options.js';
import { UsageError } from '../errors.js';
import type { PolicyDocument } from '../inventory/model.js';
import { createClientFactory, type S3ClientFactory } from './clients.js';
import { describeStep } from './describe.js';
import { mergePolicy, policyText, statementsOf } from './policy.js';
import { canonicalJson, loggingEnabledFor, sameLogging, settingsOf } from './s3-shapes.js';
import type {
  FixPlan,
  FixStep,
  PolicyStatement,
  PutBucketLoggingStep,
  PutBucketPolicyStep,
} from './types.js';
import {
  type RecordedLogging,
  UNDO_SCHEMA_ID,
  type UndoAction,
  type UndoContent,
  type UndoEntry,
  type UndoScope,
  writeUndoFile,
} from './undo-file.js';
import { loadUndoKey, type UndoKey } from './undo-key.js';

export type StepStatus = 'done' | 'unchanged' | 'failed' | 'not-run';

export interface StepOutcome {
  index: number;
  step: FixStep;
  status: StepStatus;
  detail: string;
}

export interface ApplyResult {
  ok: boolean;
  outcomes: StepOutcome[];
  undoFile: string;
  /** AWS operations the apply started (and how many failed), SDK retries not counted twice. */
  calls: { total: number; errors: number };
}

export interface ApplyOptions {
  aws: AwsOptions;
  /** Where the undo file is written (created before the first change). */
  undoFile: string;
  /** Called after each step (progress on stderr). */
  onStep?: (outcome: StepOutcome) => void;
  /** Injected client factory (tests); default: from `aws`. */
  clients?: S3ClientFactory;
  /** The key that signs the undo file; default: TRAILGUARD_UNDO_KEY or the key file (undo-key.ts), made if missing. */
  undoKey?: UndoKey;
  /** Where the default undo key is looked up (`TRAILGUARD_UNDO_KEY`, `XDG_CONFIG_HOME`, `HOME`); default process.env. */
  env?: NodeJS.ProcessEnv;
  now?: () => Date;
}

class StepFailure extends Error {}

function errorName(error: unknown): string {
  const e = error as { name?: string; $metadata?: { httpStatusCode?: number } };
  return e?.name && e.name !== 'Unknown' ? e.name : `HTTP ${e?.$metadata?.httpStatusCode ?? '?'}`;
}

function errorText(error: unknown): string {
  if (error instanceof StepFailure) return error.message;
  return `${errorName(error)}: ${(error as Error)?.message ?? String(error)}`;
}

/** Refuses plans that cannot be applied to AWS (IaC inputs without account or Region). */
export function assertApplicable(plan: FixPlan): void {
  const bad = plan.steps.find((s) => !s.account || !s.region);
  if (bad) {
    throw new UsageError(
      `cannot apply: ${bad.bucket} has no known account/Region (IaC input); use --format terraform|cloudformation, or scan live AWS`,
    );
  }
}

/** What an undo of this plan may touch: its accounts, its buckets, the inverse of its actions. */
export function undoScopeOf(plan: FixPlan, aws: AwsOptions, region: string): UndoScope {
  const accounts = [...new Set(plan.steps.map((s) => s.account as string))].sort();
  const actions = new Set<UndoAction>();
  for (const step of plan.steps) {
    if (step.kind === 'CreateBucket') actions.add('s3:DeleteBucket');
    if (step.kind === 'PutBucketPolicy') {
      actions.add('s3:PutBucketPolicy');
      actions.add('s3:DeleteBucketPolicy');
    }
    if (step.kind === 'PutBucketLogging') actions.add('s3:PutBucketLogging');
  }
  const roleArns = Object.entries(aws.roleArns ?? {}).filter(([account]) => accounts.includes(account));
  return {
    partition: plan.partition,
    region,
    ...(aws.roleName ? { roleName: aws.roleName } : {}),
    ...(roleArns.length > 0 ? { roleArns: Object.fromEntries(roleArns) } : {}),
    ...(aws.externalId ? { externalId: aws.externalId } : {}),
    accounts,
    buckets: [...new Set(plan.steps.map((s) => s.bucket))].sort(),
    actions: [...actions].sort(),
  };
}

export async function applyFix(plan: FixPlan, options: ApplyOptions): Promise<ApplyResult> {
  assertApplicable(plan);
  const key = options.undoKey ?? (await loadUndoKey(options.env ?? process.env, { create: true }));
  const clients = options.clients ?? createClientFactory({ ...options.aws, partition: plan.partition });
  const now = options.now ?? (() => new Date());
  const undo: UndoContent = {
    schema: UNDO_SCHEMA_ID,
    createdAt: now().toISOString(),
    scope: undoScopeOf(plan, options.aws, await clients.homeRegion()),
    entries: [],
  };
  // Written before anything changes: even a run killed at the first call leaves a valid undo file.
  // Never over an existing one (an earlier run's record of what it changed).
  try {
    await writeUndoFile(options.undoFile, undo, key, { create: true });
  } catch (error) {
    if (!options.clients) clients.close();
    throw error;
  }
  const record = async (entry: UndoEntry) => {
    undo.entries.push(entry);
    await writeUndoFile(options.undoFile, undo, key);
    return async () => {
      entry.state = 'done';
      await writeUndoFile(options.undoFile, undo, key);
    };
  };

  const outcomes: StepOutcome[] = [];
  let failed = false;
  for (const [index, step] of plan.steps.entries()) {
    if (failed) {
      outcomes.push({ index, step, status: 'not-run', detail: 'not run: an earlier step failed' });
      continue;
    }
    let outcome: StepOutcome;
    try {
      const client = await clients.s3(step.account as string, step.region as string);
      const detail = await runStep(client, step, record);
      outcome = { index, step, status: detail.unchanged ? 'unchanged' : 'done', detail: detail.text };
    } catch (error) {
      failed = true;
      outcome = { index, step, status: 'failed', detail: errorText(error) };
    }
    outcomes.push(outcome);
    options.onStep?.(outcome);
  }
  // The factory this call made (not one the caller passed in) is closed here: its sockets end.
  const stats = clients.stats();
  if (!options.clients) clients.close();
  return {
    ok: !failed,
    outcomes,
    undoFile: options.undoFile,
    calls: { total: stats.calls, errors: stats.errors },
  };
}

type Recorder = (entry: UndoEntry) => Promise<() => Promise<void>>;

interface StepDetail {
  text: string;
  unchanged?: boolean;
}

async function runStep(client: S3Client, step: FixStep, record: Recorder): Promise<StepDetail> {
  const where = { bucket: step.bucket, account: step.account as string, region: step.region as string };
  const owner = { ExpectedBucketOwner: where.account };
  switch (step.kind) {
    case 'CreateBucket': {
      await assertBucketAbsent(client, step.bucket);
      const done = await record({ kind: 'bucket-created', ...where, state: 'pending' });
      const input: CreateBucketCommandInput = { Bucket: step.bucket, ObjectOwnership: step.objectOwnership };
      if (step.locationConstraint) {
        input.CreateBucketConfiguration = {
          LocationConstraint: step.locationConstraint as NonNullable<
            CreateBucketCommandInput['CreateBucketConfiguration']
          >['LocationConstraint'],
        };
      }
      await client.send(new CreateBucketCommand(input));
      const head = await client.send(new HeadBucketCommand({ Bucket: step.bucket, ...owner }));
      if (head.BucketRegion && head.BucketRegion !== where.region) {
        throw new StepFailure(
          `verify: ${step.bucket} was created in ${head.BucketRegion}, not ${where.region}`,
        );
      }
      await done();
      return { text: `created ${step.bucket} in ${where.region}` };
    }
    case 'PutPublicAccessBlock': {
      const config = {
        BlockPublicAcls: true,
        IgnorePublicAcls: true,
        BlockPublicPolicy: true,
        RestrictPublicBuckets: true,
      };
      await client.send(
        new PutPublicAccessBlockCommand({
          Bucket: step.bucket,
          PublicAccessBlockConfiguration: config,
          ...owner,
        }),
      );
      const read = await client.send(new GetPublicAccessBlockCommand({ Bucket: step.bucket, ...owner }));
      const got = read.PublicAccessBlockConfiguration ?? {};
      if (!Object.keys(config).every((k) => got[k as keyof typeof got] === true)) {
        throw new StepFailure(`verify: Block Public Access on ${step.bucket} is not all on`);
      }
      return { text: 'Block Public Access on' };
    }
    case 'PutBucketEncryption': {
      await client.send(
        new PutBucketEncryptionCommand({
          Bucket: step.bucket,
          ServerSideEncryptionConfiguration: {
            Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }],
          },
          ...owner,
        }),
      );
      const read = await client.send(new GetBucketEncryptionCommand({ Bucket: step.bucket, ...owner }));
      const algorithm =
        read.ServerSideEncryptionConfiguration?.Rules?.[0]?.ApplyServerSideEncryptionByDefault?.SSEAlgorithm;
      if (algorithm !== 'AES256')
        throw new StepFailure(`verify: default encryption of ${step.bucket} is ${algorithm}`);
      return { text: 'SSE-S3 default encryption' };
    }
    case 'PutBucketPolicy':
      return putPolicy(client, step, where, record);
    case 'PutBucketLogging':
      return putLogging(client, step, where, record);
  }
}

/** HeadBucket: 404 = free to create. 200 = exists and ours (appeared since the scan); 403 = someone else's. */
async function assertBucketAbsent(client: S3Client, bucket: string): Promise<void> {
  try {
    await client.send(new HeadBucketCommand({ Bucket: bucket }));
  } catch (error) {
    const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
    if (status === 404) return;
    if (status === 403 || status === 301 || status === 400) {
      throw new StepFailure(
        `${bucket} already exists and is not accessible (owned by another account or Region): choose another name with --target-bucket`,
      );
    }
    throw error;
  }
  throw new StepFailure(`${bucket} exists now but did not at scan time: run fix again to plan with it`);
}

export async function readPolicy(
  client: S3Client,
  bucket: string,
  owner: { ExpectedBucketOwner: string },
): Promise<string | null> {
  try {
    const out = await client.send(new GetBucketPolicyCommand({ Bucket: bucket, ...owner }));
    return out.Policy ?? null;
  } catch (error) {
    if (errorName(error) === 'NoSuchBucketPolicy') return null;
    throw error;
  }
}

async function putPolicy(
  client: S3Client,
  step: PutBucketPolicyStep,
  where: { bucket: string; account: string; region: string },
  record: Recorder,
): Promise<StepDetail> {
  const owner = { ExpectedBucketOwner: where.account };
  const currentText = await readPolicy(client, step.bucket, owner);
  const current = currentText === null ? null : (JSON.parse(currentText) as PolicyDocument);
  const existing = statementsOf(current);
  const add: PolicyStatement[] = [];
  for (const statement of step.add) {
    const same = existing.find((s) => (s as PolicyStatement | null)?.Sid === statement.Sid);
    if (!same) add.push(statement);
    else if (canonicalJson(same) !== canonicalJson(statement)) {
      throw new StepFailure(
        `${step.bucket}: the policy already has a different statement with Sid ${statement.Sid}; not overwritten`,
      );
    }
  }
  if (add.length === 0) return { text: 'the statements are already in the policy', unchanged: true };
  const text = policyText(mergePolicy(current, add));
  const done = await record({
    kind: 'policy',
    ...where,
    state: 'pending',
    added: add as (PolicyStatement & { Sid: string; Effect: 'Allow' })[],
  });
  await client.send(new PutBucketPolicyCommand({ Bucket: step.bucket, Policy: text, ...owner }));

  const afterText = await readPolicy(client, step.bucket, owner);
  const after = statementsOf(afterText ? (JSON.parse(afterText) as PolicyDocument) : null).map(canonicalJson);
  const expected = [...existing, ...add].map(canonicalJson);
  if (after.length !== expected.length || after.some((s, i) => s !== expected[i])) {
    throw new StepFailure(`verify: the policy of ${step.bucket} read back differs from the one written`);
  }
  await done();
  return { text: `appended ${add.length} statement(s), kept ${existing.length}` };
}

async function putLogging(
  client: S3Client,
  step: PutBucketLoggingStep,
  where: { bucket: string; account: string; region: string },
  record: Recorder,
): Promise<StepDetail> {
  const owner = { ExpectedBucketOwner: where.account };
  const before = (await client.send(new GetBucketLoggingCommand({ Bucket: step.bucket, ...owner })))
    .LoggingEnabled;
  const current = settingsOf(before);
  if (sameLogging(current, step.logging)) return { text: 'logging already set', unchanged: true };
  if (!sameLogging(current, step.previous)) {
    throw new StepFailure(
      `the logging of ${step.bucket} changed since the scan (now ${current ? `${current.targetBucket}/${current.targetPrefix}` : 'disabled'}); not overwritten — run fix again`,
    );
  }
  const enabled: LoggingEnabled = loggingEnabledFor(step.logging);
  const done = await record({
    kind: 'logging',
    ...where,
    state: 'pending',
    previous: before ? (JSON.parse(JSON.stringify(before)) as RecordedLogging) : null,
    applied: enabled as RecordedLogging,
  });
  await client.send(
    new PutBucketLoggingCommand({
      Bucket: step.bucket,
      BucketLoggingStatus: { LoggingEnabled: enabled },
      ...owner,
    }),
  );
  const after = settingsOf(
    (await client.send(new GetBucketLoggingCommand({ Bucket: step.bucket, ...owner }))).LoggingEnabled,
  );
  if (!sameLogging(after, step.logging)) {
    throw new StepFailure(`verify: the logging of ${step.bucket} read back differs from the one written`);
  }
  await done();
  return { text: describeStep(step).replace(/^s3:PutBucketLogging /, '') };
}
