/**
 * File access shared by the file sources (Terraform, CloudFormation/CDK, detection): the folders a walk
 * never enters, the lexical "is this path inside that root" test, and reading one file under the
 * file-bytes budget (issue 11). Each source words its own findings; the checks themselves live here once.
 */
import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { isAbsolute, relative, sep } from 'node:path';

/** Folders no walk enters (as Terraform and the CDK never read them either). */
export const SKIP_DIRS: ReadonlySet<string> = new Set(['node_modules', '.git', '.terraform']);

/** Whether `path` is `root` or inside it (lexically: `..` segments are resolved, symlinks are not). */
export function isInside(root: string, path: string): boolean {
  const rel = relative(root, path);
  return rel === '' || (!rel.startsWith(`..${sep}`) && rel !== '..' && !isAbsolute(rel));
}

type Outcome<T> =
  | T
  /** A device, FIFO, socket or folder: never read. */
  | { kind: 'not-regular' }
  /** Over the budget (checked before a byte is read, and again if the file grew while being read). */
  | { kind: 'too-large'; size: number }
  | { kind: 'error'; error: NodeJS.ErrnoException };

// `mode`: the permission bits of the file that was read (from the opened file, not the path).
export type BoundedBytes = Outcome<{ kind: 'bytes'; bytes: Buffer; mode?: number }>;
export type BoundedRead = Outcome<{ kind: 'text'; text: string; mode?: number }>;

// O_NONBLOCK: opening a FIFO (or a symlink to one) must not wait for a writer; no effect on regular files.
const OPEN_FLAGS = constants.O_RDONLY | constants.O_NONBLOCK;

interface ReadOptions {
  /** A longer file is no error: its first `maxBytes` bytes are read (to tell its kind from its start). */
  head?: boolean;
  /**
   * The path is already resolved (realpath) and checked: a symlink put in its place since then is not
   * followed (O_NOFOLLOW: the open fails with ELOOP).
   */
  noFollow?: boolean;
  /** Also return the permission bits of the file read (`mode`, from the opened file: a key file's check). */
  withMode?: boolean;
}

/** Reads a regular file of at most `maxBytes` bytes as UTF-8. */
export async function readFileBounded(
  file: string,
  maxBytes: number,
  options: ReadOptions = {},
): Promise<BoundedRead> {
  return asText(await readBytesBounded(file, maxBytes, options));
}

/** Reads a regular file of at most `maxBytes` bytes (never a device, FIFO, socket or folder). */
export async function readBytesBounded(
  file: string,
  maxBytes: number,
  options: ReadOptions = {},
): Promise<BoundedBytes> {
  let handle: Awaited<ReturnType<typeof open>> | undefined;
  try {
    handle = await open(file, OPEN_FLAGS);
    const info = await handle.stat();
    if (!info.isFile()) return { kind: 'not-regular' };
    if (info.size > maxBytes && !options.head) return { kind: 'too-large', size: info.size };
    const reader = new Filler(info.size, maxBytes, options);
    for (let chunk = reader.next(); chunk; chunk = reader.next()) {
      const { bytesRead } = await handle.read(chunk.buffer, chunk.offset, chunk.length, chunk.offset);
      if (reader.done(bytesRead)) break;
    }
    const result = reader.result();
    return result.kind === 'bytes' && options.withMode ? { ...result, mode: info.mode } : result;
  } catch (error) {
    return { kind: 'error', error: error as NodeJS.ErrnoException };
  } finally {
    await handle?.close().catch(() => undefined);
  }
}

/**
 * `readFileBounded` for a synchronous caller (Terraform's `file()` / `templatefile()`: the evaluator is
 * synchronous): the same checks on the opened file, the same outcomes.
 */
export function readFileBoundedSync(
  file: string,
  maxBytes: number,
  options: Pick<ReadOptions, 'noFollow'> = {},
): BoundedRead {
  let fd: number | undefined;
  try {
    fd = openSync(file, OPEN_FLAGS | (options.noFollow ? constants.O_NOFOLLOW : 0));
    const info = fstatSync(fd);
    if (!info.isFile()) return { kind: 'not-regular' };
    if (info.size > maxBytes) return { kind: 'too-large', size: info.size };
    const reader = new Filler(info.size, maxBytes, {});
    for (let chunk = reader.next(); chunk; chunk = reader.next()) {
      if (reader.done(readSync(fd, chunk.buffer, chunk.offset, chunk.length, chunk.offset))) break;
    }
    return asText(reader.result());
  } catch (error) {
    return { kind: 'error', error: error as NodeJS.ErrnoException };
  } finally {
    if (fd !== undefined) {
      try {
        closeSync(fd);
      } catch {
        // Nothing was written: a failed close loses nothing.
      }
    }
  }
}

function asText(read: BoundedBytes): BoundedRead {
  if (read.kind !== 'bytes') return read;
  const text = read.bytes.toString('utf8');
  return read.mode === undefined ? { kind: 'text', text } : { kind: 'text', text, mode: read.mode };
}

/**
 * The buffer a bounded read fills: sized from the opened file's stat, plus one byte so that a file that
 * grew after the stat is noticed; it grows (never past `maxBytes` + 1) when the file is longer than its
 * stat said (a file being appended to, or /proc files that report size 0), so nothing is cut silently.
 */
class Filler {
  // Unzeroed is fine: only the bytes read (0..length) are ever returned.
  private buffer: Buffer;
  private length = 0;
  private readonly cap: number;

  constructor(
    size: number,
    private readonly maxBytes: number,
    options: ReadOptions,
  ) {
    // A head read stops at maxBytes; a whole read needs one byte more to tell "too large".
    this.cap = options.head ? maxBytes : maxBytes + 1;
    this.buffer = Buffer.allocUnsafe(Math.min(size + 1, this.cap));
  }

  /** Where the next read goes, or undefined when the buffer is full at the cap. */
  next(): { buffer: Buffer; offset: number; length: number } | undefined {
    if (this.length === this.buffer.length) {
      if (this.length >= this.cap) return undefined;
      const bigger = Buffer.allocUnsafe(Math.min(Math.max(this.length * 2, 64 * 1024), this.cap));
      this.buffer.copy(bigger, 0, 0, this.length);
      this.buffer = bigger;
    }
    return { buffer: this.buffer, offset: this.length, length: this.buffer.length - this.length };
  }

  /** Counts a read; true at the end of the file. */
  done(bytesRead: number): boolean {
    this.length += bytesRead;
    return bytesRead === 0;
  }

  result(): BoundedBytes {
    if (this.length > this.maxBytes) return { kind: 'too-large', size: this.length };
    return { kind: 'bytes', bytes: this.buffer.subarray(0, this.length) };
  }
}
