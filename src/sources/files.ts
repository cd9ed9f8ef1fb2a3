/**
 * File access shared by the file sources (Terraform, CloudFormation/CDK, detection): the folders a walk
 * never enters, the lexical "is this path inside that root" test, and reading one file under the
 * file-bytes budget (issue 11). Each source words its own findings; the checks themselves live here once.
 */
import { constants } from 'node:fs';
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
  /** A device, FIFO or socket: never read. */
  | { kind: 'not-regular' }
  /** Over the budget (checked before a byte is read, and again if the file grew while being read). */
  | { kind: 'too-large'; size: number }
  | { kind: 'error'; error: NodeJS.ErrnoException };

export type BoundedBytes = Outcome<{ kind: 'bytes'; bytes: Buffer }>;
export type BoundedRead = Outcome<{ kind: 'text'; text: string }>;

/** Reads a regular file of at most `maxBytes` bytes as UTF-8. */
export async function readFileBounded(file: string, maxBytes: number): Promise<BoundedRead> {
  const read = await readBytesBounded(file, maxBytes);
  return read.kind === 'bytes' ? { kind: 'text', text: read.bytes.toString('utf8') } : read;
}

/** Reads a regular file of at most `maxBytes` bytes (never a device, FIFO or socket). */
export async function readBytesBounded(file: string, maxBytes: number): Promise<BoundedBytes> {
  let handle: Awaited<ReturnType<typeof open>> | undefined;
  try {
    // O_NONBLOCK: opening a FIFO (or a symlink to one) must not wait for a writer; no effect on regular files.
    handle = await open(file, constants.O_RDONLY | constants.O_NONBLOCK);
    const info = await handle.stat();
    if (!info.isFile()) return { kind: 'not-regular' };
    if (info.size > maxBytes) return { kind: 'too-large', size: info.size };
    // Read at most one byte more than allowed: a file that grew after the stat is still caught.
    // Unzeroed is fine: only the bytes read (0..length) are ever returned.
    const buffer = Buffer.allocUnsafe(Math.min(info.size, maxBytes) + 1);
    let length = 0;
    for (;;) {
      const { bytesRead } = await handle.read(buffer, length, buffer.length - length, length);
      if (bytesRead === 0) break;
      length += bytesRead;
      if (length === buffer.length) break;
    }
    if (length > maxBytes) return { kind: 'too-large', size: length };
    return { kind: 'bytes', bytes: buffer.subarray(0, length) };
  } catch (error) {
    return { kind: 'error', error: error as NodeJS.ErrnoException };
  } finally {
    await handle?.close().catch(() => undefined);
  }
}
