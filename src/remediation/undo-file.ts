/**
 * The undo file (`trailguard/fix-undo@1`): what an apply changed, written BEFORE each change and
 * updated after it, so an interrupted run still leaves a file that restores everything it touched.
 */
import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { InputError } from '../errors.js';
import { writeFileAtomic } from '../util/atomic-write.js';

export const UNDO_SCHEMA_ID = 'trailguard/fix-undo@1';

const where = { bucket: z.string().min(1), account: z.string().min(1), region: z.string().min(1) };
/** pending: about to change (the change may or may not have happened); done: changed and verified. */
const state = z.enum(['pending', 'done']);
const loggingEnabled = z.record(z.string(), z.unknown());

const entry = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('bucket-created'), ...where, state }),
  z.strictObject({
    kind: z.literal('policy'),
    ...where,
    state,
    /** The policy text as GetBucketPolicy returned it; null = the bucket had no policy. */
    previous: z.string().nullable(),
    applied: z.string(),
  }),
  z.strictObject({
    kind: z.literal('logging'),
    ...where,
    state,
    /** The LoggingEnabled element as GetBucketLogging returned it; null = logging was disabled. */
    previous: loggingEnabled.nullable(),
    applied: loggingEnabled,
  }),
]);

const undoSchema = z.strictObject({
  schema: z.literal(UNDO_SCHEMA_ID),
  createdAt: z.string(),
  partition: z.string(),
  entries: z.array(entry),
});

export type UndoEntry = z.infer<typeof entry>;
export type UndoFile = z.infer<typeof undoSchema>;

/**
 * Writes the undo file atomically (a crash never leaves half of it). `create: true` is the first write of
 * a run: it refuses to replace a file that is already there — an earlier run's undo file is the only
 * record of what that run changed. Later writes of the same run update the file it created.
 */
export async function writeUndoFile(file: string, data: UndoFile, options: { create?: boolean } = {}) {
  try {
    await writeFileAtomic(file, `${JSON.stringify(data, null, 2)}\n`, {
      exclusive: options.create,
      mode: 0o600,
    });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST' && options.create) {
      throw new InputError(
        `undo file ${file} already exists: it may be the only record of an earlier apply; pass another --undo-file (nothing was changed)`,
      );
    }
    throw new InputError(`cannot write undo file ${file}: ${code ?? (error as Error).message}`);
  }
}

export async function readUndoFile(file: string): Promise<UndoFile> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new InputError(
      `undo file ${file}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'file not found' : 'cannot read'}`,
    );
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new InputError(`undo file ${file}: not valid JSON (${(error as Error).message})`);
  }
  const parsed = undoSchema.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const path = issue
      ? `$${issue.path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('')}`
      : '$';
    throw new InputError(`undo file ${file}: ${path}: ${issue?.message ?? 'invalid'}`);
  }
  return parsed.data;
}
