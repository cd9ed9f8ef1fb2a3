/**
 * `--skip-path GLOB` (repeatable): files and folders a directory walk does not enter or read.
 *
 * Semantics (README "Scanning a repository"):
 * - a glob is matched against each path as reports show it: relative to the current directory, `/`
 *   separators (a path outside the current directory: its absolute path);
 * - a glob without `/` matches a file or folder name anywhere in the tree (`--skip-path examples`,
 *   `--skip-path '*.test.yaml'`); one with `/` matches the whole relative path (`infra/legacy`,
 *   `'test/**'`, `'**\/fixtures'`); a leading `./` and a trailing `/` are ignored;
 * - a skipped folder is not entered, so nothing below it is read; `*` does not cross `/`, `**` does,
 *   dot files match like any other (picomatch with `dot: true`).
 * Paths given explicitly on the command line are always read; the globs apply to what a walk finds.
 */
import { isAbsolute, relative, sep } from 'node:path';
import picomatch from 'picomatch';
import { UsageError } from '../errors.js';

export type SkipPredicate = (absolutePath: string) => boolean;

export function skipMatcher(globs: readonly string[], cwd: string): SkipPredicate | undefined {
  if (globs.length === 0) return undefined;
  const byName: string[] = [];
  const byPath: string[] = [];
  for (const raw of globs) {
    const glob = raw.trim().replace(/^\.\//, '').replace(/\/+$/, '');
    if (glob === '' || glob === '.') throw new UsageError(`--skip-path "${raw}" would skip everything`);
    (glob.includes('/') ? byPath : byName).push(glob);
  }
  const name = byName.length > 0 ? picomatch(byName, { dot: true }) : undefined;
  const path = byPath.length > 0 ? picomatch(byPath, { dot: true }) : undefined;
  return (absolutePath) => {
    const rel = relative(cwd, absolutePath);
    const outside = rel === '..' || rel.startsWith(`..${sep}`) || isAbsolute(rel);
    const shown = (outside ? absolutePath : rel).split(sep).join('/');
    if (name?.(shown.slice(shown.lastIndexOf('/') + 1))) return true;
    return path?.(shown) ?? false;
  };
}
