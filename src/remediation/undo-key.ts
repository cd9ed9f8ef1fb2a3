/**
 * The key that signs undo files (HMAC-SHA-256), kept outside them.
 *
 * Why a key and not only a hash: anyone who can edit an undo file can also recompute a SHA-256 over
 * the edited content, so a hash only catches corruption and careless edits. A keyed MAC catches a
 * deliberate edit (an added bucket, another logging target) by anyone who can write the file but not
 * read the key — a file left in a shared folder, a CI artifact, a ticket attachment.
 *
 * Where the key is: `TRAILGUARD_UNDO_KEY` (32 characters or more; for CI, from its secret store), else
 * `$XDG_CONFIG_HOME/trailguard/undo.key` (default `~/.config/trailguard/undo.key`), created by the first
 * apply with 32 random bytes, mode 0600. An undo on another machine needs the same key there.
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { InputError } from '../errors.js';
import { readFileBounded } from '../sources/files.js';
import { writeFileAtomic } from '../util/atomic-write.js';

export const UNDO_KEY_ENV = 'TRAILGUARD_UNDO_KEY';
const MIN_KEY_CHARS = 32;
const MAX_KEY_BYTES = 4096;

export interface UndoKey {
  bytes: Buffer;
  /** First 16 hex digits of SHA-256(key): names the key in the file without revealing it. */
  id: string;
  /** Where it came from, for messages. */
  source: string;
}

function keyOf(bytes: Buffer, source: string): UndoKey {
  return { bytes, id: createHash('sha256').update(bytes).digest('hex').slice(0, 16), source };
}

export function undoKeyPath(env: NodeJS.ProcessEnv): string {
  const config = env.XDG_CONFIG_HOME || join(env.HOME || homedir(), '.config');
  return join(config, 'trailguard', 'undo.key');
}

/**
 * The key from the environment or the key file. `create: true` (apply) makes the key file when there is
 * none; undo never creates one (a new key cannot verify an old file).
 */
export async function loadUndoKey(
  env: NodeJS.ProcessEnv,
  options: { create: boolean; file?: string },
): Promise<UndoKey> {
  const fromEnv = env[UNDO_KEY_ENV];
  if (fromEnv !== undefined && fromEnv !== '') {
    if (fromEnv.length < MIN_KEY_CHARS) {
      throw new InputError(`${UNDO_KEY_ENV} must be at least ${MIN_KEY_CHARS} characters`);
    }
    return keyOf(Buffer.from(fromEnv, 'utf8'), UNDO_KEY_ENV);
  }
  const path = undoKeyPath(env);
  const read = await readKeyFile(path);
  if (read) return read;
  if (!options.create) {
    throw new InputError(
      `${options.file ? `undo file ${options.file}: ` : ''}cannot verify it: no undo key on this machine (${path}); run the undo where the apply ran, or set ${UNDO_KEY_ENV} to the key the apply used`,
    );
  }
  await mkdir(join(path, '..'), { recursive: true, mode: 0o700 });
  try {
    await writeFileAtomic(path, `${randomBytes(32).toString('hex')}\n`, { exclusive: true, mode: 0o600 });
  } catch (error) {
    // Another run created it first: use that one.
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') {
      throw new InputError(
        `cannot create the undo key ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
      );
    }
  }
  const created = await readKeyFile(path);
  if (!created) throw new InputError(`cannot read the undo key ${path}`);
  return created;
}

async function readKeyFile(path: string): Promise<UndoKey | undefined> {
  const read = await readFileBounded(path, MAX_KEY_BYTES, { withMode: true });
  if (read.kind === 'error' && read.error.code === 'ENOENT') return undefined;
  if (read.kind !== 'text') {
    const why =
      read.kind === 'error'
        ? (read.error.code ?? read.error.message)
        : read.kind === 'too-large'
          ? `larger than ${MAX_KEY_BYTES} bytes`
          : 'not a regular file';
    throw new InputError(`cannot read the undo key ${path}: ${why}`);
  }
  if (process.platform !== 'win32') {
    // The mode of the file that was read (its open handle), not of whatever the path names now.
    const mode = (read.mode ?? 0o777) & 0o777;
    if (mode & 0o077) {
      throw new InputError(
        `the undo key ${path} is readable or writable by other users (mode ${mode.toString(8)}): chmod 600 it`,
      );
    }
  }
  const text = read.text.trim();
  if (text.length < MIN_KEY_CHARS) throw new InputError(`the undo key ${path} is too short`);
  return keyOf(Buffer.from(text, 'utf8'), path);
}
