/**
 * The undo file (`trailguard/fix-undo@2`): what an apply changed, written BEFORE each change and
 * updated after it, so an interrupted run still leaves a file that restores everything it touched.
 *
 * It carries:
 * - its **scope**: the partition and Region of the apply, how it reached each account (role name or
 *   role ARNs, external id), and the only accounts, buckets and actions an undo may touch;
 * - **entries** that are inverses, not documents to write back: the exact statements the apply appended
 *   (undo removes those, by Sid, from the policy as it is then), the logging configuration before and
 *   after, and the buckets it created;
 * - an **integrity** block: SHA-256 over the canonical JSON of everything else, and an HMAC-SHA-256 of the
 *   same bytes with a key kept outside the file (undo-key.ts).
 *
 * Reading verifies all of it before any AWS call: one line (exit 2) on any mismatch.
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { lstat } from 'node:fs/promises';
import { z } from 'zod';
import { InputError } from '../errors.js';
import { jsonFileProblem, readJsonFile } from '../sources/json-file.js';
import { DEFAULT_LIMITS } from '../sources/limits.js';
import { writeFileAtomic } from '../util/atomic-write.js';
import { formatJsonPath } from '../util/json-path.js';
import { canonicalJson } from './s3-shapes.js';
import type { UndoKey } from './undo-key.js';

export const UNDO_SCHEMA_ID = 'trailguard/fix-undo@2';
const OLD_SCHEMA_IDS = ['trailguard/fix-undo@1'];

const ACCOUNT = /^\d{12}$/;
// Bucket naming rules (S3 User Guide, "General purpose bucket naming rules").
const BUCKET = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
const REGION = /^[a-z]{2}(-[a-z]+)+-\d+$/;
const ROLE_NAME = /^[\w+=,.@-]{1,64}$/;
const ROLE_ARN = /^arn:aws(-cn|-us-gov)?:iam::(\d{12}):role\/[\w+=,.@/-]{1,512}$/;
/** The Sids trailguard gives its log-delivery statements (remediation/policy.ts). */
export const STATEMENT_SID = /^TrailguardAccessLogs[A-Za-z0-9]{1,200}$/;

const account = z.string().regex(ACCOUNT, 'not a 12-digit account id');
const bucket = z.string().regex(BUCKET, 'not a bucket name');
const region = z.string().regex(REGION, 'not a Region name');
const where = { bucket, account, region };
/** pending: about to change (the change may or may not have happened); done: changed and verified. */
const state = z.enum(['pending', 'done']);

/** The undo actions an apply can need, by what it did. */
export const UNDO_ACTIONS = [
  's3:PutBucketLogging',
  's3:PutBucketPolicy',
  's3:DeleteBucketPolicy',
  's3:DeleteBucket',
] as const;
export type UndoAction = (typeof UNDO_ACTIONS)[number];

/** LoggingEnabled as GetBucketLogging returns it (S3 API Reference), nothing else. */
const loggingEnabled = z.strictObject({
  TargetBucket: bucket,
  TargetPrefix: z.string().max(1024).optional(),
  TargetGrants: z.array(z.record(z.string(), z.unknown())).max(100).optional(),
  TargetObjectKeyFormat: z
    .strictObject({
      SimplePrefix: z.strictObject({}).optional(),
      PartitionedPrefix: z
        .strictObject({ PartitionDateSource: z.enum(['EventTime', 'DeliveryTime']).optional() })
        .optional(),
    })
    .optional(),
});
export type RecordedLogging = z.infer<typeof loggingEnabled>;

/** A statement the apply appended: an Allow with trailguard's Sid (undo only ever removes these). */
const statement = z
  .object({
    Sid: z.string().regex(STATEMENT_SID, 'not a trailguard statement Sid'),
    Effect: z.literal('Allow'),
  })
  .catchall(z.unknown());

const entry = z.discriminatedUnion('kind', [
  /** A bucket the apply created (with Block Public Access on and SSE-S3). */
  z.strictObject({ kind: z.literal('bucket-created'), ...where, state }),
  z.strictObject({
    kind: z.literal('policy'),
    ...where,
    state,
    /** The statements appended to the bucket policy; undo removes exactly these (by Sid, if unchanged). */
    added: z.array(statement).min(1).max(1000),
  }),
  z.strictObject({
    kind: z.literal('logging'),
    ...where,
    state,
    /** LoggingEnabled before the apply (null = logging was disabled). */
    previous: loggingEnabled.nullable(),
    /** LoggingEnabled the apply wrote. */
    applied: loggingEnabled,
  }),
]);

const scope = z.strictObject({
  partition: z.enum(['aws', 'aws-cn', 'aws-us-gov']),
  /** The Region of the apply's STS calls (GetCallerIdentity, AssumeRole). */
  region,
  /** How the apply reached other accounts: --role-name (org mode)… */
  roleName: z.string().regex(ROLE_NAME).optional(),
  /** …and --role-arn ACCOUNT=ARN pairs. */
  roleArns: z.record(account, z.string().regex(ROLE_ARN, 'not an IAM role ARN')).optional(),
  /** AssumeRole's external id (not a secret: AWS IAM User Guide, "external ID"). */
  externalId: z.string().min(2).max(1224).optional(),
  /** The only accounts, buckets and actions an undo of this file may touch. */
  accounts: z.array(account).max(100_000),
  buckets: z.array(bucket).max(1_000_000),
  actions: z.array(z.enum(UNDO_ACTIONS)),
});

const integrity = z.strictObject({
  /** SHA-256 (hex) of the canonical JSON of the file without this block. */
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  /** HMAC-SHA-256 (hex) of the same bytes, with the undo key. */
  hmacSha256: z.string().regex(/^[0-9a-f]{64}$/),
  /** Which key (undo-key.ts `id`). */
  keyId: z.string().regex(/^[0-9a-f]{16}$/),
});

const body = {
  schema: z.literal(UNDO_SCHEMA_ID),
  createdAt: z.string().max(64),
  scope,
  entries: z.array(entry).max(1_000_000),
};
const undoSchema = z.strictObject({ ...body, integrity });

export type UndoEntry = z.infer<typeof entry>;
export type UndoScope = z.infer<typeof scope>;
/** An undo file without its integrity block (what the apply builds; the writer signs it). */
export type UndoContent = z.infer<z.ZodObject<typeof body>>;
export type UndoFile = z.infer<typeof undoSchema>;

/** What each kind of entry may need an undo to call. */
export function actionsFor(kind: UndoEntry['kind']): UndoAction[] {
  switch (kind) {
    case 'bucket-created':
      return ['s3:DeleteBucket'];
    case 'policy':
      return ['s3:PutBucketPolicy', 's3:DeleteBucketPolicy'];
    case 'logging':
      return ['s3:PutBucketLogging'];
  }
}

function digests(content: UndoContent, key: UndoKey) {
  const bytes = Buffer.from(canonicalJson(content), 'utf8');
  return {
    sha256: createHash('sha256').update(bytes).digest('hex'),
    hmacSha256: createHmac('sha256', key.bytes).update(bytes).digest('hex'),
    keyId: key.id,
  };
}

/**
 * Before an apply asks anything of AWS: an existing file (or symlink, or anything else) at the undo path
 * is an earlier run's record — refused (exit 2) before the scan. The exclusive create of the first write
 * settles a race with another run.
 */
export async function assertUndoFileFree(file: string): Promise<void> {
  const found = await lstat(file).catch((error: NodeJS.ErrnoException) =>
    error.code === 'ENOENT' ? undefined : Promise.reject(error),
  );
  if (found) throw alreadyExists(file);
}

function alreadyExists(file: string): InputError {
  return new InputError(
    `undo file ${file} already exists: it may be the only record of an earlier apply; pass another --undo-file (nothing was changed)`,
  );
}

/**
 * Writes the undo file atomically (a crash never leaves half of it), signed with `key`. `create: true` is
 * the first write of a run: it refuses to replace a file that is already there — an earlier run's undo
 * file is the only record of what that run changed. Later writes of the same run update the file it created.
 */
export async function writeUndoFile(
  file: string,
  content: UndoContent,
  key: UndoKey,
  options: { create?: boolean } = {},
) {
  const signed: UndoFile = { ...content, integrity: digests(content, key) };
  try {
    await writeFileAtomic(file, `${JSON.stringify(signed, null, 2)}\n`, {
      exclusive: options.create,
      mode: 0o600,
    });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST' && options.create) throw alreadyExists(file);
    throw new InputError(`cannot write undo file ${file}: ${code ?? (error as Error).message}`);
  }
}

/** The file's content, checked: size, JSON, schema, SHA-256, HMAC with `key`, entries inside the scope. */
export async function readUndoFile(file: string, key: UndoKey | (() => Promise<UndoKey>)): Promise<UndoFile> {
  const bad = (why: string) => new InputError(`undo file ${file}: ${why}`);
  const read = await readJsonFile(file, DEFAULT_LIMITS.fileBytes);
  if (read.kind !== 'json') throw bad(jsonFileProblem(read, DEFAULT_LIMITS.fileBytes));
  const data = read.value;
  const schemaId = (data as { schema?: unknown } | null)?.schema;
  if (typeof schemaId === 'string' && OLD_SCHEMA_IDS.includes(schemaId)) {
    throw bad(
      `${schemaId} was written by an older trailguard without a scope or an integrity check, so it is not replayed; restore the settings it lists by hand`,
    );
  }
  const parsed = undoSchema.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw bad(`${formatJsonPath(issue?.path ?? [])}: ${issue?.message ?? 'invalid'}`);
  }
  const undo = parsed.data;
  const { integrity: recorded, ...content } = undo;
  const theKey = typeof key === 'function' ? await key() : key;
  const expected = digests(content, theKey);
  if (!hexEqual(expected.sha256, recorded.sha256)) {
    throw bad('content does not match its SHA-256: the file was changed after trailguard wrote it; refused');
  }
  if (recorded.keyId !== theKey.id) {
    throw bad(
      `signed with another undo key (${recorded.keyId}; this machine's is ${theKey.id} from ${theKey.source}); refused`,
    );
  }
  if (!hexEqual(expected.hmacSha256, recorded.hmacSha256)) {
    throw bad('HMAC does not match: the file was changed after trailguard wrote it; refused');
  }
  assertInScope(undo, bad);
  return undo;
}

function hexEqual(a: string, b: string): boolean {
  const x = Buffer.from(a, 'hex');
  const y = Buffer.from(b, 'hex');
  return x.length === y.length && timingSafeEqual(x, y);
}

/** Every entry names an account, a bucket and actions of the scope (defence in depth behind the HMAC). */
function assertInScope(undo: UndoFile, bad: (why: string) => InputError): void {
  const accounts = new Set(undo.scope.accounts);
  const buckets = new Set(undo.scope.buckets);
  const actions = new Set<string>(undo.scope.actions);
  for (const [i, e] of undo.entries.entries()) {
    const out = !accounts.has(e.account)
      ? `account ${e.account}`
      : !buckets.has(e.bucket)
        ? `bucket ${e.bucket}`
        : actionsFor(e.kind).find((a) => !actions.has(a));
    if (out) throw bad(`${formatJsonPath(['entries', i])}: ${out} is outside the file's scope; refused`);
  }
  for (const [acct, arn] of Object.entries(undo.scope.roleArns ?? {})) {
    const at = formatJsonPath(['scope', 'roleArns', acct]);
    if (ROLE_ARN.exec(arn)?.[2] !== acct) throw bad(`${at}: the role is in another account`);
    if (arn.split(':')[1] !== undo.scope.partition) {
      throw bad(`${at}: the role is not in partition ${undo.scope.partition}`);
    }
  }
}

/** Whether an undo of this file may call `action` on `bucket` in `account` (checked again before each call). */
export function inScope(scope: UndoScope, action: UndoAction, account: string, bucketName: string): boolean {
  return (
    scope.accounts.includes(account) && scope.buckets.includes(bucketName) && scope.actions.includes(action)
  );
}
