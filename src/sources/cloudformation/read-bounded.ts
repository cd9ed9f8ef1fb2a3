/**
 * Reading template and manifest files under the input budget (issue 11): the size is checked before a
 * byte is read, only regular files are read (a device such as /dev/zero, a FIFO or a socket is refused
 * without blocking), and paths that a manifest supplies must stay inside the cloud assembly they belong to.
 */
import { realpath, stat } from 'node:fs/promises';
import { isAbsolute, join, resolve } from 'node:path';
import { INPUT_ERROR_CODES, type InputErrorCode } from '../../inventory/input-errors.js';
import { isInside, readFileBounded } from '../files.js';
import { type JsonFileFailure, jsonFileProblem } from '../json-file.js';
import { type InputLimits, LimitExceeded } from '../limits.js';

/** A file that was not read (or not parsed), with the input-error code the engine turns into a finding. */
export interface Failure {
  file: string;
  line?: number;
  message: string;
  code: InputErrorCode;
}

export type ReadOutcome = { text: string } | { failure: Failure };

function unreadable(file: string, error: unknown): Failure {
  const code = (error as NodeJS.ErrnoException).code;
  return {
    file,
    code: INPUT_ERROR_CODES.INPUT_UNREADABLE,
    message: code === 'ENOENT' ? 'file not found' : `cannot read (${code ?? (error as Error).message})`,
  };
}

/** Reads a regular file of at most `limits.fileBytes` bytes as UTF-8. */
export async function readBounded(file: string, limits: InputLimits): Promise<ReadOutcome> {
  const read = await readFileBounded(file, limits.fileBytes);
  return read.kind === 'text' ? { text: read.text } : { failure: readFailure(file, read, limits) };
}

/** Why a file (template, manifest) was not read. */
export function readFailure(
  file: string,
  read: Exclude<JsonFileFailure, { kind: 'not-json' }>,
  limits: InputLimits,
): Failure {
  switch (read.kind) {
    case 'not-regular':
      return {
        file,
        code: INPUT_ERROR_CODES.INPUT_UNREADABLE,
        message: 'not a regular file (a device, FIFO or socket is never read)',
      };
    case 'too-large':
      return overBudget(file, read.size, limits);
    case 'too-long':
      return {
        file,
        code: INPUT_ERROR_CODES.INPUT_UNREADABLE,
        message: jsonFileProblem(read, limits.fileBytes),
      };
    case 'error':
      return unreadable(file, read.error);
  }
}

function overBudget(file: string, size: number, limits: InputLimits): Failure {
  const error = new LimitExceeded('fileBytes', limits.fileBytes, `file of ${size} bytes not read`);
  return { file, code: INPUT_ERROR_CODES.BUDGET_EXCEEDED, message: error.message };
}

/**
 * `path` resolved against `base`, when it stays inside `root` after following symbolic links; otherwise a
 * failure (the file is never opened). A manifest that names `../../etc/passwd` is an input error.
 */
export async function insideRoot(
  root: string,
  base: string,
  path: string,
  what: string,
): Promise<{ path: string } | { failure: Failure }> {
  const joined = resolve(base, path);
  const shown = isAbsolute(path) ? path : join(base, path);
  const outside = (): { failure: Failure } => ({
    failure: {
      file: shown,
      code: INPUT_ERROR_CODES.INPUT_UNREADABLE,
      message: `${what} ${JSON.stringify(path)} points outside the cloud assembly ${root}; not read`,
    },
  });
  const realRoot = await realpath(root).catch(() => resolve(root));
  if (!isInside(realRoot, joined) && !isInside(resolve(root), joined)) return outside();
  const real = await realpath(joined).catch(() => undefined);
  if (real === undefined) {
    // Does not exist (reported when read); its lexical path is inside the root.
    return stat(joined).then(
      () => outside(),
      () => ({ path: shown }),
    );
  }
  return isInside(realRoot, real) ? { path: shown } : outside();
}
