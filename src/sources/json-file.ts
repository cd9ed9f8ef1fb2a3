/**
 * The one reader for a JSON file (snapshots, plan JSON, undo files, reports for `--baseline` and `diff`,
 * the CDK manifest, the module cache manifest, Config events, emulator scenarios): through the bounded
 * reader of files.ts (regular files only, size checked on the opened file, so a FIFO never blocks and
 * /dev/zero is never read), then parsed. It never throws: every outcome is a value, so each caller keeps
 * its own words — an error, a finding, or "not this kind of input" — and `jsonFileProblem` gives the
 * common one-line wording for callers without their own.
 */
import { readBytesBounded } from './files.js';

export type JsonFileRead =
  /** `text` (with `keepText`): the decoded file, for callers that map positions back to it. */
  | { kind: 'json'; value: unknown; text?: string }
  /** The file is valid UTF-8 bytes but not JSON; `message` is the parser's. */
  | { kind: 'not-json'; message: string }
  /** More bytes than one JavaScript string can hold (V8: about 512 MiB). */
  | { kind: 'too-long'; size: number }
  | { kind: 'not-regular' }
  | { kind: 'too-large'; size: number }
  | { kind: 'error'; error: NodeJS.ErrnoException };

export type JsonFileFailure = Exclude<JsonFileRead, { kind: 'json' }>;

export interface JsonFileOptions {
  /** Accept a leading UTF-8 byte order mark (editors on Windows write one; JSON itself has none). */
  allowBom?: boolean;
  /**
   * Return the text with the value. Off by default: holding a 500 MB snapshot's text while its parsed
   * value is validated would double the peak memory (the text is garbage once parsed).
   */
  keepText?: boolean;
}

/** Reads and parses a JSON file of at most `maxBytes` bytes. */
export async function readJsonFile(
  file: string,
  maxBytes: number,
  options: JsonFileOptions = {},
): Promise<JsonFileRead> {
  const read = await readBytesBounded(file, maxBytes);
  if (read.kind !== 'bytes') return read;
  const { bytes } = read;
  const bom = options.allowBom && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  let text: string;
  try {
    text = bytes.toString('utf8', bom ? 3 : 0);
  } catch {
    return { kind: 'too-long', size: bytes.length };
  }
  try {
    const value: unknown = JSON.parse(text);
    return options.keepText ? { kind: 'json', value, text } : { kind: 'json', value };
  } catch (error) {
    return { kind: 'not-json', message: (error as Error).message };
  }
}

/**
 * Why a JSON file was not read, in the words most callers use after `<what> <file>: `: `file not found`,
 * `cannot read (EACCES)`, `not a regular file`, `larger than N bytes`, `not valid JSON (…)`.
 */
export function jsonFileProblem(read: JsonFileFailure, maxBytes: number): string {
  switch (read.kind) {
    case 'error':
      return read.error.code === 'ENOENT' ? 'file not found' : `cannot read (${read.error.code ?? 'error'})`;
    case 'not-regular':
      return 'not a regular file';
    case 'too-large':
      return `larger than ${maxBytes} bytes`;
    case 'too-long':
      return `${read.size} bytes is more than one JavaScript string can hold`;
    case 'not-json':
      return `not valid JSON (${read.message})`;
  }
}
