/**
 * `trailguard fix --undo FILE`: reverses what an apply recorded, compared with the state AWS has NOW.
 *
 * 1. The file is verified before any AWS call (undo-file.ts: schema, SHA-256, HMAC, scope).
 * 2. A restore plan is built from fresh reads, newest change first, one line per entry:
 *    - logging: restored to the previous configuration (or disabled) only while it is still what the
 *      apply wrote; already as before → nothing to do; changed since (other target or prefix) → skipped;
 *    - policy: the apply's own statements are removed by Sid from the current policy, every other
 *      statement (including ones added since the apply) is kept; a statement of ours that was edited
 *      since is left in place (skipped); nothing left → the policy is deleted;
 *    - created bucket: deleted only while it still carries what the apply set (Block Public Access on,
 *      SSE-S3, no bucket policy once our statements are gone) and is empty (S3 refuses DeleteBucket on a
 *      bucket with objects: BucketNotEmpty → kept);
 *    `force` turns the "changed since" skips into writes (never the emptiness check).
 * 3. The caller confirms the plan (the CLI prints it, asks y/N or prints it under --yes).
 * 4. Each write re-reads its resource right before the call and is skipped if it changed since the plan
 *    was shown; every write is checked against the file's scope and re-read after.
 * A resource that no longer exists needs nothing: a second undo of the same file reports "nothing to do".
 */
import {
  DeleteBucketCommand,
  DeleteBucketPolicyCommand,
  GetBucketEncryptionCommand,
  GetBucketLoggingCommand,
  GetPublicAccessBlockCommand,
  HeadBucketCommand,
  type LoggingEnabled,
  PutBucketLoggingCommand,
  PutBucketPolicyCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import type { AwsOptions } from '../aws/options.js';
import type { PolicyDocument } from '../inventory/model.js';
import { createClientFactory, type S3ClientFactory } from './clients.js';
import { readPolicy } from './executor.js';
import { statementsOf } from './policy.js';
import { canonicalJson, sameLogging, settingsOf } from './s3-shapes.js';
import type { LoggingSettings } from './types.js';
import {
  inScope,
  readUndoFile,
  type UndoAction,
  type UndoEntry,
  type UndoFile,
  type UndoScope,
} from './undo-file.js';
import { loadUndoKey, type UndoKey } from './undo-key.js';

export type UndoStatus =
  | 'restored'
  | 'disabled'
  | 'deleted'
  | 'kept'
  | 'nothing-to-do'
  | 'skipped'
  | 'failed';

/** PutBucketLogging errors that mean "this target can no longer be configured" (AWS-WIRE-NOTES 2.9). */
const UNRESTORABLE = new Set(['InvalidTargetBucketForLogging', 'CrossLocationLoggingProhibited']);

export interface UndoOutcome {
  entry: UndoEntry;
  status: UndoStatus;
  detail: string;
}

/** One entry of the restore plan, from the state read just now. */
export interface PlannedRestore {
  entry: UndoEntry;
  /** write: a change will be made; nothing: already as before the apply; skip: changed since the apply. */
  kind: 'write' | 'nothing' | 'skip' | 'failed';
  /** The call a `write` makes. */
  action?: UndoAction;
  /** What will be done, or why not, in words. */
  detail: string;
  /** What was read (canonical): the write happens only if a fresh read still sees this. */
  seen: string;
  /** The write (internal). */
  run?: () => Promise<Omit<UndoOutcome, 'entry'>>;
}

export interface RestorePlan {
  file: string;
  undo: UndoFile;
  /** Newest change first. */
  entries: PlannedRestore[];
  force: boolean;
  /** Sources whose logging undo was skipped or failed while running: they still log with the apply's grant. */
  stillLogging: Set<string>;
}

export interface UndoResult {
  ok: boolean;
  /** The caller declined the plan: nothing was changed. */
  cancelled: boolean;
  plan: RestorePlan;
  outcomes: UndoOutcome[];
  /** AWS operations the undo started (reads included), SDK retries not counted twice. */
  calls: { total: number; errors: number };
}

export interface UndoOptions {
  /** Flags of this run; the file's scope fills the role name / role ARNs / external id / Region not given. */
  aws: AwsOptions;
  clients?: S3ClientFactory;
  /** Undo what changed since the apply too (other logging target, an edited statement, a changed bucket). */
  force?: boolean;
  /** The key that verifies the file; default: TRAILGUARD_UNDO_KEY or the key file (undo-key.ts). */
  undoKey?: UndoKey | (() => Promise<UndoKey>);
  /** Where the default undo key is looked up (`TRAILGUARD_UNDO_KEY`, `XDG_CONFIG_HOME`, `HOME`); default process.env. */
  env?: NodeJS.ProcessEnv;
  /** Called with the plan before any change (only when it has writes); false = change nothing. */
  confirm?: (plan: RestorePlan) => Promise<boolean>;
  onEntry?: (outcome: UndoOutcome) => void;
}

/** The AWS options of an undo: this run's flags first, then what the apply used (the file's scope). */
export function awsForUndo(flags: AwsOptions, scope: UndoScope): AwsOptions {
  const roleArns = { ...scope.roleArns, ...flags.roleArns };
  const roleName = flags.roleName ?? scope.roleName;
  const externalId = flags.externalId ?? scope.externalId;
  return {
    ...flags,
    partition: scope.partition,
    region: flags.region ?? scope.region,
    ...(roleName ? { roleName } : {}),
    ...(Object.keys(roleArns).length > 0 ? { roleArns } : {}),
    ...(externalId ? { externalId } : {}),
  };
}

/** Verifies the file (no AWS call), plans from fresh reads, asks `confirm`, then restores. */
export async function undoFix(file: string, options: UndoOptions): Promise<UndoResult> {
  const undo = await readUndoFile(
    file,
    options.undoKey ?? (() => loadUndoKey(options.env ?? process.env, { create: false, file })),
  );
  const clients = options.clients ?? createClientFactory(awsForUndo(options.aws, undo.scope));
  try {
    const plan = await planRestore(file, undo, clients, options.force === true);
    const writes = plan.entries.filter((p) => p.kind === 'write').length;
    if (writes > 0 && options.confirm && !(await options.confirm(plan))) {
      return { ok: false, cancelled: true, plan, outcomes: [], calls: callsOf(clients) };
    }
    const outcomes: UndoOutcome[] = [];
    for (const planned of plan.entries) {
      const outcome = { entry: planned.entry, ...(await execute(planned, clients, plan)) };
      if (outcome.entry.kind === 'logging' && (outcome.status === 'skipped' || outcome.status === 'failed')) {
        plan.stillLogging.add(outcome.entry.bucket);
      }
      outcomes.push(outcome);
      options.onEntry?.(outcome);
    }
    return {
      ok: outcomes.every((o) => o.status !== 'failed' && o.status !== 'skipped'),
      cancelled: false,
      plan,
      outcomes,
      calls: callsOf(clients),
    };
  } finally {
    if (!options.clients) clients.close();
  }
}

function callsOf(clients: S3ClientFactory) {
  const stats = clients.stats();
  return { total: stats.calls, errors: stats.errors };
}

export async function planRestore(
  file: string,
  undo: UndoFile,
  clients: S3ClientFactory,
  force: boolean,
): Promise<RestorePlan> {
  const plan: RestorePlan = { file, undo, entries: [], force, stillLogging: new Set() };
  for (const entry of [...undo.entries].reverse()) {
    plan.entries.push(await inspectSafely(entry, clients, plan, 'plan'));
  }
  return plan;
}

async function inspectSafely(
  entry: UndoEntry,
  clients: S3ClientFactory,
  plan: RestorePlan,
  phase: 'plan' | 'run',
): Promise<PlannedRestore> {
  try {
    const client = await clients.s3(entry.account, entry.region);
    return await inspect(client, entry, plan, phase);
  } catch (error) {
    return { entry, kind: 'failed', detail: errorText(error), seen: '' };
  }
}

async function execute(
  planned: PlannedRestore,
  clients: S3ClientFactory,
  plan: RestorePlan,
): Promise<Omit<UndoOutcome, 'entry'>> {
  switch (planned.kind) {
    case 'nothing':
      return { status: 'nothing-to-do', detail: planned.detail };
    case 'skip':
      return { status: 'skipped', detail: planned.detail };
    case 'failed':
      return { status: 'failed', detail: planned.detail };
    case 'write':
      break;
  }
  // Read again right before the write: the plan may have been shown minutes ago.
  const fresh = await inspectSafely(planned.entry, clients, plan, 'run');
  if (fresh.kind === 'failed') return { status: 'failed', detail: fresh.detail };
  if (fresh.kind === 'nothing') return { status: 'nothing-to-do', detail: fresh.detail };
  if (
    fresh.kind !== 'write' ||
    fresh.seen !== planned.seen ||
    fresh.detail !== planned.detail ||
    !fresh.run
  ) {
    return {
      status: 'skipped',
      detail: `changed since the restore plan was shown (${fresh.detail}); nothing written — run the undo again`,
    };
  }
  try {
    return await fresh.run();
  } catch (error) {
    return { status: 'failed', detail: errorText(error) };
  }
}

function errorName(error: unknown): string {
  const e = error as { name?: string; $metadata?: { httpStatusCode?: number } };
  return e?.name && e.name !== 'Unknown' ? e.name : `HTTP ${e?.$metadata?.httpStatusCode ?? '?'}`;
}

function errorText(error: unknown): string {
  return `${errorName(error)}: ${(error as Error)?.message ?? String(error)}`;
}

function isNoSuchBucket(error: unknown): boolean {
  const name = errorName(error);
  return name === 'NoSuchBucket' || (name === 'NotFound' && httpStatus(error) === 404);
}

function httpStatus(error: unknown): number | undefined {
  return (error as { $metadata?: { httpStatusCode?: number } })?.$metadata?.httpStatusCode;
}

function logText(settings: LoggingSettings | null): string {
  if (!settings) return 'disabled';
  return `${settings.targetBucket}/${settings.targetPrefix}${settings.partitioned ? ' (partitioned)' : ''}`;
}

/** A write that is outside the file's scope is never sent (the file was verified; this is a second lock). */
function guard(scope: UndoScope, action: UndoAction, entry: UndoEntry): void {
  if (!inScope(scope, action, entry.account, entry.bucket)) {
    throw new Error(
      `${action} on ${entry.bucket} (account ${entry.account}) is outside the undo file's scope`,
    );
  }
}

async function inspect(
  client: S3Client,
  entry: UndoEntry,
  plan: RestorePlan,
  phase: 'plan' | 'run',
): Promise<PlannedRestore> {
  switch (entry.kind) {
    case 'logging':
      return inspectLogging(client, entry, plan);
    case 'policy':
      return inspectPolicy(client, entry, plan);
    case 'bucket-created':
      return inspectBucket(client, entry, plan, phase);
  }
}

type Entry<K extends UndoEntry['kind']> = Extract<UndoEntry, { kind: K }>;

async function inspectLogging(
  client: S3Client,
  entry: Entry<'logging'>,
  plan: RestorePlan,
): Promise<PlannedRestore> {
  const owner = { Bucket: entry.bucket, ExpectedBucketOwner: entry.account };
  const read = async () => settingsOf((await client.send(new GetBucketLoggingCommand(owner))).LoggingEnabled);
  let current: LoggingSettings | null;
  try {
    current = await read();
  } catch (error) {
    if (isNoSuchBucket(error))
      return { entry, kind: 'nothing', detail: 'the bucket no longer exists', seen: '' };
    throw error;
  }
  const previous = settingsOf((entry.previous ?? undefined) as LoggingEnabled | undefined);
  const applied = settingsOf(entry.applied as LoggingEnabled);
  const seen = canonicalJson(current);
  // A pending entry whose change never happened (the step failed before S3 applied it) needs nothing.
  if (sameLogging(current, previous)) {
    return {
      entry,
      kind: 'nothing',
      detail: `logging is already as before the apply (${logText(previous)})`,
      seen,
    };
  }
  const changed = !sameLogging(current, applied);
  if (changed && current === null && previous) {
    // An earlier undo disabled logging because S3 refused the previous configuration: as far as it goes.
    const why = await unrestorableTarget(client, entry, previous.targetBucket);
    if (why) {
      return {
        entry,
        kind: 'nothing',
        detail: `logging is disabled; the configuration before the apply (${logText(previous)}) cannot be written back (${why})`,
        seen,
      };
    }
  }
  if (changed && !plan.force) {
    return {
      entry,
      kind: 'skip',
      detail: `logging changed since the apply (now ${logText(current)}; the apply set ${logText(applied)}): left as it is (--force restores ${logText(previous)} anyway)`,
      seen,
    };
  }
  const note = changed ? ` (--force: replaces ${logText(current)}, set after the apply)` : '';
  return {
    entry,
    kind: 'write',
    action: 's3:PutBucketLogging',
    detail: `${previous ? `restore logging to ${logText(previous)}` : 'disable logging'} (now ${logText(applied)}, as the apply set it)${note}`,
    seen,
    run: async () => {
      guard(plan.undo.scope, 's3:PutBucketLogging', entry);
      const status = entry.previous ? { LoggingEnabled: entry.previous as LoggingEnabled } : {};
      try {
        // An empty BucketLoggingStatus disables logging (PutBucketLogging API Reference).
        await client.send(new PutBucketLoggingCommand({ ...owner, BucketLoggingStatus: status }));
      } catch (error) {
        const name = errorName(error);
        if (!previous || !UNRESTORABLE.has(name)) throw error;
        // S3 validates the target on PutBucketLogging, so a previous configuration pointing at a deleted or
        // other-Region target cannot be written back. It delivered nothing; disabling is the same in effect.
        await client.send(new PutBucketLoggingCommand({ ...owner, BucketLoggingStatus: {} }));
        if ((await read()) !== null) throw new Error(`logging of ${entry.bucket} could not be disabled`);
        return {
          status: 'disabled',
          detail: `S3 refuses the previous configuration (${logText(previous)}: ${name}), which could not deliver logs; logging disabled instead`,
        };
      }
      if (!sameLogging(await read(), previous)) {
        return {
          status: 'failed',
          detail: `logging of ${entry.bucket} read back differs from the previous configuration`,
        };
      }
      return {
        status: 'restored',
        detail: previous ? `logging restored to ${logText(previous)}` : 'logging disabled again',
      };
    },
  };
}

/** Why S3 would refuse logging into `target` from this entry's bucket (PutBucketLogging's checks), if it would. */
async function unrestorableTarget(
  client: S3Client,
  entry: UndoEntry,
  target: string,
): Promise<string | undefined> {
  try {
    const head = await client.send(
      new HeadBucketCommand({ Bucket: target, ExpectedBucketOwner: entry.account }),
    );
    if (head.BucketRegion && head.BucketRegion !== entry.region)
      return `${target} is in ${head.BucketRegion}`;
    return undefined;
  } catch (error) {
    const status = httpStatus(error);
    if (status === 404) return `${target} no longer exists`;
    if (status === 403) return `${target} is not owned by account ${entry.account}`;
    if (status === 301 || status === 400) return `${target} is in another Region`;
    throw error;
  }
}

interface PolicyRead {
  text: string | null;
  /** The bucket does not exist. */
  gone?: boolean;
}

async function currentPolicy(client: S3Client, entry: UndoEntry): Promise<PolicyRead> {
  try {
    return { text: await readPolicy(client, entry.bucket, { ExpectedBucketOwner: entry.account }) };
  } catch (error) {
    if (isNoSuchBucket(error)) return { text: null, gone: true };
    throw error;
  }
}

/** The source bucket a delivery statement of ours is for (its `aws:SourceArn` condition). */
function sourceOf(statement: Record<string, unknown>): string | undefined {
  const arn = (statement.Condition as { ArnLike?: Record<string, unknown> } | undefined)?.ArnLike?.[
    'aws:SourceArn'
  ];
  return typeof arn === 'string' ? arn.slice(arn.indexOf(':::') + 3) : undefined;
}

/**
 * What removing the apply's statements from the current policy leaves (pure). Kept: statements edited
 * since the apply (unless `force`), and the grant of a source whose logging undo was skipped or failed —
 * that source still logs here through it.
 */
function policyRemoval(
  current: PolicyDocument,
  entry: Entry<'policy'>,
  force: boolean,
  stillLogging: ReadonlySet<string>,
) {
  const statements = statementsOf(current);
  const remove = new Set<number>();
  const changed: string[] = [];
  const inUse: string[] = [];
  for (const ours of entry.added) {
    const matches = statements
      .map((s, i) => [s as { Sid?: unknown } | null, i] as const)
      .filter(([s]) => s?.Sid === ours.Sid);
    for (const [s, i] of matches) {
      const source = sourceOf(ours);
      if (source !== undefined && stillLogging.has(source)) inUse.push(ours.Sid);
      else if (canonicalJson(s) === canonicalJson(ours) || force) remove.add(i);
      else changed.push(ours.Sid);
    }
  }
  const remaining = statements.filter((_, i) => !remove.has(i));
  return { remove, remaining, changed: [...new Set(changed)], inUse: [...new Set(inUse)] };
}

async function inspectPolicy(
  client: S3Client,
  entry: Entry<'policy'>,
  plan: RestorePlan,
): Promise<PlannedRestore> {
  const read = await currentPolicy(client, entry);
  if (read.gone) return { entry, kind: 'nothing', detail: 'the bucket no longer exists', seen: '' };
  if (read.text === null) {
    return {
      entry,
      kind: 'nothing',
      detail: "no bucket policy: the apply's statements are gone",
      seen: 'null',
    };
  }
  const current = JSON.parse(read.text) as PolicyDocument;
  const seen = canonicalJson(current);
  const stillLogging = new Set([
    ...plan.entries
      .filter((p) => p.entry.kind === 'logging' && (p.kind === 'skip' || p.kind === 'failed'))
      .map((p) => p.entry.bucket),
    ...plan.stillLogging,
  ]);
  const { remove, remaining, changed, inUse } = policyRemoval(current, entry, plan.force, stillLogging);
  const sids = (list: string[]) => `[${list.join(', ')}]`;
  const changedNote = [
    changed.length
      ? `; ${changed.length} of its statement(s) changed since the apply, left in place ${sids(changed)} (--force removes them anyway)`
      : '',
    inUse.length
      ? `; ${inUse.length} statement(s) kept ${sids(inUse)}: their source still logs here (its logging undo was skipped)`
      : '',
  ].join('');
  const leftOver = changed.length + inUse.length;
  if (remove.size === 0) {
    return leftOver
      ? { entry, kind: 'skip', detail: `nothing removed${changedNote.replace(/^; /, ': ')}`, seen }
      : {
          entry,
          kind: 'nothing',
          detail: `the apply's ${entry.added.length} statement(s) are no longer in the policy`,
          seen,
        };
  }
  const removedSids = [...remove].map((i) => String((statementsOf(current)[i] as { Sid?: unknown })?.Sid));
  const deleting = remaining.length === 0;
  const action: UndoAction = deleting ? 's3:DeleteBucketPolicy' : 's3:PutBucketPolicy';
  return {
    entry,
    kind: 'write',
    action,
    detail: deleting
      ? `remove the apply's ${remove.size} statement(s) ${sids(removedSids)}: none other left, so delete the policy${changedNote}`
      : `remove the apply's ${remove.size} statement(s) ${sids(removedSids)}, keep the other ${remaining.length} unchanged${changedNote}`,
    seen,
    run: async () => {
      guard(plan.undo.scope, action, entry);
      const owner = { Bucket: entry.bucket, ExpectedBucketOwner: entry.account };
      if (deleting) await client.send(new DeleteBucketPolicyCommand(owner));
      else {
        const next: PolicyDocument = { ...current, Statement: remaining };
        await client.send(new PutBucketPolicyCommand({ ...owner, Policy: JSON.stringify(next) }));
      }
      const after = await currentPolicy(client, entry);
      const afterStatements =
        after.text === null ? [] : statementsOf(JSON.parse(after.text) as PolicyDocument);
      const ok =
        afterStatements.length === remaining.length &&
        afterStatements.every((s, i) => canonicalJson(s) === canonicalJson(remaining[i]));
      if (!ok)
        return {
          status: 'failed',
          detail: `policy of ${entry.bucket} read back differs from the one written`,
        };
      const what = deleting
        ? `removed the apply's ${remove.size} statement(s); no other statement, policy deleted`
        : `removed the apply's ${remove.size} statement(s), kept ${remaining.length}`;
      return leftOver
        ? { status: 'skipped', detail: `${what}${changedNote}` }
        : { status: 'restored', detail: what };
    },
  };
}

const PUBLIC_ACCESS_FLAGS = [
  'BlockPublicAcls',
  'IgnorePublicAcls',
  'BlockPublicPolicy',
  'RestrictPublicBuckets',
];

/** What the apply set on a bucket it created and that is no longer so (read now). */
async function createdSettingsChanged(client: S3Client, entry: UndoEntry): Promise<string[]> {
  const owner = { Bucket: entry.bucket, ExpectedBucketOwner: entry.account };
  const changed: string[] = [];
  try {
    const pab =
      (await client.send(new GetPublicAccessBlockCommand(owner))).PublicAccessBlockConfiguration ?? {};
    if (!PUBLIC_ACCESS_FLAGS.every((k) => pab[k as keyof typeof pab] === true)) {
      changed.push('Block Public Access is no longer all on');
    }
  } catch (error) {
    if (errorName(error) !== 'NoSuchPublicAccessBlockConfiguration') throw error;
    changed.push('Block Public Access was removed');
  }
  try {
    const rules = (await client.send(new GetBucketEncryptionCommand(owner))).ServerSideEncryptionConfiguration
      ?.Rules;
    const algorithm = rules?.[0]?.ApplyServerSideEncryptionByDefault?.SSEAlgorithm;
    if (algorithm !== 'AES256') changed.push(`default encryption is now ${algorithm ?? 'none'}`);
  } catch (error) {
    if (errorName(error) !== 'ServerSideEncryptionConfigurationNotFoundError') throw error;
    changed.push('default encryption was removed');
  }
  return changed;
}

async function inspectBucket(
  client: S3Client,
  entry: Entry<'bucket-created'>,
  plan: RestorePlan,
  phase: 'plan' | 'run',
): Promise<PlannedRestore> {
  const owner = { Bucket: entry.bucket, ExpectedBucketOwner: entry.account };
  try {
    await client.send(new HeadBucketCommand(owner));
  } catch (error) {
    if (httpStatus(error) === 404)
      return { entry, kind: 'nothing', detail: `${entry.bucket} no longer exists`, seen: '' };
    if (httpStatus(error) === 403) {
      return {
        entry,
        kind: 'skip',
        detail: `${entry.bucket} is not accessible as account ${entry.account} (deleted and re-created by someone else?): left alone`,
        seen: '',
      };
    }
    throw error;
  }
  const changed = await createdSettingsChanged(client, entry);
  // While planning, the policy entries of this bucket (undone just before) have not run yet: judge the
  // policy they will leave. When running, read it.
  const policyPlanned = plan.entries.find(
    (p) => p.entry.kind === 'policy' && p.entry.bucket === entry.bucket,
  );
  let policyLeft: boolean;
  if (phase === 'plan' && policyPlanned && policyPlanned.kind === 'write') {
    policyLeft = policyPlanned.action !== 's3:DeleteBucketPolicy';
  } else {
    policyLeft = (await currentPolicy(client, entry)).text !== null;
  }
  if (policyLeft) changed.push('its bucket policy has statements the apply did not write');
  const seen = canonicalJson(changed);
  if (changed.length > 0 && !plan.force) {
    return {
      entry,
      kind: 'skip',
      detail: `created by the apply, but changed since: ${changed.join('; ')}: kept (--force deletes it anyway if empty)`,
      seen,
    };
  }
  const note = changed.length > 0 ? ` (--force: ${changed.join('; ')})` : '';
  return {
    entry,
    kind: 'write',
    action: 's3:DeleteBucket',
    detail: `delete ${entry.bucket} (created by the apply; S3 deletes it only if empty)${note}`,
    seen,
    run: async () => {
      guard(plan.undo.scope, 's3:DeleteBucket', entry);
      try {
        await client.send(new DeleteBucketCommand(owner));
        return { status: 'deleted', detail: `deleted ${entry.bucket} (created by the apply, empty)` };
      } catch (error) {
        const name = errorName(error);
        if (name === 'BucketNotEmpty') {
          return {
            status: 'kept',
            detail: `${entry.bucket} is not empty (logs were delivered): kept; delete it yourself if you wish`,
          };
        }
        if (isNoSuchBucket(error))
          return { status: 'nothing-to-do', detail: `${entry.bucket} no longer exists` };
        throw error;
      }
    },
  };
}

/** The restore plan in words, one line per entry (printed before asking, and under --yes). */
export function restorePlanText(plan: RestorePlan): string {
  const { scope, createdAt } = plan.undo;
  const via = [
    scope.roleName ? `role ${scope.roleName}` : null,
    scope.roleArns ? `${Object.keys(scope.roleArns).length} role ARN(s)` : null,
  ].filter(Boolean);
  const lines = [
    `trailguard undo plan for ${plan.file} (apply of ${createdAt}; ${scope.partition}, ${scope.region}; account(s) ${scope.accounts.join(', ')}${via.length ? ` via ${via.join(' and ')}` : ''}):`,
  ];
  let n = 0;
  for (const p of plan.entries) {
    const where = `${p.entry.bucket} (account ${p.entry.account}, ${p.entry.region})`;
    if (p.kind === 'write') lines.push(`  ${String(++n).padStart(3)}. ${p.action} ${where}: ${p.detail}`);
    else {
      const label = p.kind === 'nothing' ? 'nothing to do' : p.kind === 'skip' ? 'SKIP' : 'CANNOT READ';
      lines.push(`       ${label}: ${p.entry.kind} ${where}: ${p.detail}`);
    }
  }
  const count = (kind: PlannedRestore['kind']) => plan.entries.filter((p) => p.kind === kind).length;
  lines.push(
    `${count('write')} change(s) to make, ${count('nothing')} already as before the apply, ${count('skip')} skipped (changed since the apply${plan.force ? '' : '; --force overrides'}), ${count('failed')} unreadable.`,
  );
  return `${lines.join('\n')}\n`;
}
