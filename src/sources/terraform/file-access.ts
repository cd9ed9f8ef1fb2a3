/**
 * What `file()` / `templatefile()` may read: files inside the module folders of the scan (the scanned tree
 * and the local modules it calls), after symlinks are resolved, up to the file-bytes limit. Anything else
 * (an absolute path elsewhere, `../../etc/passwd`, a symlink out of the tree, a missing file) is an unknown
 * value naming the path, never a read outside the scan.
 */
import { realpathSync } from 'node:fs';
import { isAbsolute, join, relative, sep } from 'node:path';
import { readFileBoundedSync } from '../files.js';
import { type InputLimits, LIMIT_FLAG_NAMES, resolveLimits } from '../limits.js';
import { Unknown } from './values.js';

export class FileAccess {
  private readonly roots: string[];
  private readonly cache = new Map<string, string | Unknown>();

  constructor(
    roots: Iterable<string>,
    /** The root module folder: Terraform resolves relative paths from the working directory. */
    readonly cwd: string,
    private readonly limits: InputLimits = resolveLimits(),
  ) {
    this.roots = [...new Set([...roots].filter(isAbsolute).map(real))];
  }

  /** The text of `path` (relative paths are relative to `cwd`, the root module folder, as in Terraform). */
  read(path: string): string | Unknown {
    const full = isAbsolute(path) ? path : join(this.cwd, path);
    const hit = this.cache.get(full);
    if (hit !== undefined) return hit;
    const value = this.load(path, full);
    this.cache.set(full, value);
    return value;
  }

  private load(shown: string, full: string): string | Unknown {
    let resolved: string;
    try {
      resolved = realpathSync(full);
    } catch {
      return new Unknown(`file ${JSON.stringify(shown)} does not exist in the scanned tree`, undefined, true);
    }
    if (!this.roots.some((root) => inside(root, resolved))) {
      return new Unknown(`file ${JSON.stringify(shown)} is outside the scanned tree: not read`);
    }
    // Through the bounded reader: "regular file" and the size are checked on the opened file, so one
    // swapped for a FIFO or a larger file after the checks above is still never read; a symlink swapped in
    // for the (resolved) file is not followed. Not covered: a parent folder swapped for a symlink between
    // realpath and open (Node has no openat2 RESOLVE_BENEATH); that needs write access to the scanned tree.
    const read = readFileBoundedSync(resolved, this.limits.fileBytes, { noFollow: true });
    switch (read.kind) {
      case 'text':
        return read.text;
      case 'too-large':
        return new Unknown(
          `file ${JSON.stringify(shown)} is ${read.size} bytes, over the ${LIMIT_FLAG_NAMES.fileBytes} limit of ${this.limits.fileBytes}`,
        );
      case 'not-regular':
        return new Unknown(`file ${JSON.stringify(shown)} is not a regular file: not read`);
      case 'error':
        return new Unknown(`file ${JSON.stringify(shown)} cannot be read: ${read.error.message}`);
    }
  }
}

function real(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return path;
  }
}

function inside(root: string, path: string): boolean {
  const rel = relative(root, path);
  return rel === '' || (!rel.startsWith(`..${sep}`) && rel !== '..' && !isAbsolute(rel));
}
