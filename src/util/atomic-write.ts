/**
 * The one way trailguard writes a file (reports, snapshots, undo files, fix patches): the content goes
 * to a new temporary file in the target's folder, created exclusively (O_CREAT|O_EXCL|O_NOFOLLOW) under a
 * random name — so a symlink or file planted at a predictable name is never followed or truncated —
 * then flushed to disk (fsync) and renamed over the target in one step. A reader sees the old file or
 * the complete new one, never half a report; an interrupted run leaves at most a temporary file that
 * was removed on the way out. Renaming replaces a symlink at the target path itself, it never writes
 * through it.
 *
 * `exclusive: true` (undo files) refuses to replace an existing target: the temporary file is hard-linked
 * to the target name, which fails with EEXIST if anything — file or symlink — is already there.
 */
import { randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import { link, lstat, mkdir, open, realpath, rename, stat, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

export interface AtomicWriteOptions {
  /** Fail with code EEXIST instead of replacing an existing file. */
  exclusive?: boolean;
  /** Permission bits of the new file (before the umask); default 0o666. */
  mode?: number;
}

export type Content = string | Iterable<string> | AsyncIterable<string>;

const FLAGS = constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | (constants.O_NOFOLLOW ?? 0);

/** Writes `content` (a string or chunks) to `file` atomically. Errors keep their Node.js `code`. */
export async function writeFileAtomic(file: string, content: Content, options: AtomicWriteOptions = {}) {
  if (!options.exclusive && (await isStreamTarget(file))) return writeThrough(file, content);
  const dir = dirname(file);
  await mkdir(dir, { recursive: true });
  const tmp = join(dir, `.${basename(file)}.${randomBytes(8).toString('hex')}.tmp`);
  const handle = await open(tmp, FLAGS, options.mode ?? 0o666);
  let placed = false;
  try {
    try {
      if (typeof content === 'string') await handle.writeFile(content, 'utf8');
      else for await (const chunk of content) await handle.write(chunk, null, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
    if (options.exclusive) {
      await link(tmp, file);
      await unlink(tmp);
    } else {
      await rename(tmp, file);
    }
    placed = true;
  } finally {
    if (!placed) await unlink(tmp).catch(() => undefined);
  }
  await syncDirectory(dir);
}

/**
 * `-o /dev/null`, `-o /dev/stdout`, a FIFO: the target is a stream, not a file to replace. Renaming over it
 * would replace the device node or the symlink in /dev with a regular file (seen: /dev/null became a file),
 * so such targets are written through, as any shell redirection would.
 */
async function isStreamTarget(file: string): Promise<boolean> {
  const link = await lstat(file).catch(() => undefined);
  if (!link) return false;
  if (!link.isSymbolicLink()) return !link.isFile() && !link.isDirectory();
  // A symlink: only a link to a device/FIFO/socket (or into /proc, like /dev/stdout) is written through;
  // a symlink to a regular file is replaced, never followed (a planted link must not redirect the write).
  const target = await stat(file).catch(() => undefined);
  if (target === undefined || target.isDirectory()) return false;
  if (!target.isFile()) return true;
  return (await realpath(file).catch(() => '')).startsWith('/proc/');
}

async function writeThrough(file: string, content: Content): Promise<void> {
  const handle = await open(file, constants.O_WRONLY | constants.O_APPEND);
  try {
    if (typeof content === 'string') await handle.writeFile(content, 'utf8');
    else for await (const chunk of content) await handle.write(chunk, null, 'utf8');
  } finally {
    await handle.close();
  }
}

/** Makes the rename itself durable; some systems (or file systems) cannot open a folder: skip there. */
async function syncDirectory(dir: string): Promise<void> {
  try {
    const handle = await open(dir, constants.O_RDONLY);
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch {
    // Best effort: the file content itself is already synced.
  }
}
