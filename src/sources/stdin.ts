/**
 * `trailguard scan -`: one input read from stdin (a plan JSON piped from `terraform show -json`, a template
 * from `cdk synth`, a snapshot, a .tf file). It is copied to a private temporary file — bounded by the
 * `file-bytes` limit (`snapshot-bytes` with `--input-type snapshot`), counted while it streams, so a
 * stream that never ends is cut off — then read by the ordinary loader, and removed afterwards. Its kind is
 * `--input-type` or sniffed from the content; findings name it `<stdin>` (or `--stdin-filename`).
 */
import { createWriteStream } from 'node:fs';
import { mkdtemp, rename, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InputError, UsageError } from '../errors.js';
import { contentKind } from './detect.js';
import { readFileBounded } from './files.js';
import { type InputLimits, LimitExceeded } from './limits.js';
import type { InputType } from './types.js';

export interface StdinOptions {
  /** What `-` reads (default: the process's stdin). */
  stdin?: AsyncIterable<Buffer | string>;
  /** The name findings give the stdin input (default `<stdin>`). */
  stdinName?: string;
}

export interface StdinInput {
  path: string;
  type: InputType;
  name: string;
  cleanup(): Promise<void>;
}

/** Top-level HCL blocks: what a .tf file starts with (JSON and YAML never look like this). */
const HCL_BLOCK = /^\s*(resource|data|module|variable|locals|output|provider|terraform)\s+("[^"]*"\s*)*\{/m;

export async function readStdinInput(
  inputType: InputType | undefined,
  limits: InputLimits,
  options: StdinOptions = {},
): Promise<StdinInput> {
  if (inputType === 'cdk') {
    throw new UsageError(
      'a CDK cloud assembly is a folder and cannot come from stdin (pipe one template instead)',
    );
  }
  const dir = await mkdtemp(join(tmpdir(), 'trailguard-stdin-'));
  const cleanup = () => rm(dir, { recursive: true, force: true });
  try {
    const raw = join(dir, 'input');
    const limit = inputType === 'snapshot' ? 'snapshotBytes' : 'fileBytes';
    const size = await copyBounded(options.stdin ?? process.stdin, raw, limits[limit], limit);
    const type = inputType ?? (await sniff(raw, size));
    const path = join(dir, `stdin${await extensionFor(type, raw)}`);
    await rename(raw, path);
    return { path, type, name: options.stdinName ?? '<stdin>', cleanup };
  } catch (error) {
    await cleanup();
    throw error;
  }
}

/**
 * Not `writeFileAtomic`: nothing is replaced here. The copy goes to a fresh private folder (mkdtemp, file
 * created exclusively with mode 0600), bytes as they come (no UTF-8 decoding that could split a
 * character), counted so an endless stream stops at the limit; it needs no fsync, being removed after
 * the scan. The rename afterwards only gives it the extension its loader expects, inside that folder.
 */
async function copyBounded(
  source: AsyncIterable<Buffer | string>,
  file: string,
  max: number,
  limit: 'fileBytes' | 'snapshotBytes',
): Promise<number> {
  const out = createWriteStream(file, { flags: 'wx', mode: 0o600 });
  const closed = new Promise<void>((done, fail) => {
    out.on('close', done);
    out.on('error', fail);
  });
  let size = 0;
  try {
    for await (const chunk of source) {
      const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
      size += bytes.length;
      if (size > max) {
        const error = new LimitExceeded(limit, max, 'stdin');
        throw new InputError(`${error.message}; nothing was scanned`);
      }
      if (!out.write(bytes)) await new Promise<void>((done) => out.once('drain', () => done()));
    }
  } finally {
    out.end();
    await closed;
  }
  return size;
}

async function sniff(file: string, size: number): Promise<InputType> {
  if (size === 0) throw new InputError('stdin is empty: nothing to scan');
  const kind = await contentKind(file);
  if (kind) return kind;
  if (HCL_BLOCK.test(await readStart(file, 64 * 1024))) return 'terraform';
  throw new UsageError(
    'cannot tell what stdin holds (not a snapshot, plan JSON, template or Terraform); use --input-type snapshot|terraform|terraform-plan|cloudformation',
  );
}

/** The loaders choose a parser by extension: .tf or .tf.json, .json or .yaml. */
async function extensionFor(type: InputType, file: string): Promise<string> {
  const first = (await readStart(file, 4096))
    .replace(/^\uFEFF/, '')
    .trimStart()
    .charAt(0);
  const json = first === '{' || first === '[';
  if (type === 'terraform') return json ? '.tf.json' : '.tf';
  if (type === 'cloudformation') return json ? '.json' : '.yaml';
  return '.json';
}

/** The start of the private copy of stdin (written just before: an error here is a bug, thrown as before). */
async function readStart(file: string, bytes: number): Promise<string> {
  const read = await readFileBounded(file, bytes, { head: true });
  if (read.kind === 'text') return read.text;
  throw read.kind === 'error' ? read.error : new Error(`${file}: ${read.kind}`);
}
