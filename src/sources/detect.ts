import { readdir, stat } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { InputError, UsageError } from '../errors.js';
import { INVENTORY_SCHEMA_ID } from '../inventory/model.js';
import { assemblyOf } from './cloudformation/index.js';
import { parseTemplate } from './cloudformation/parse-template.js';
import { type BoundedRead, readFileBounded, SKIP_DIRS } from './files.js';
import { DEFAULT_LIMITS, type InputLimits } from './limits.js';
import type { InputType } from './types.js';

/** Files up to this size are parsed to tell their kind; bigger ones (snapshots, huge templates) are sniffed. */
const PARSE_TO_DETECT_BYTES = 1024 * 1024;
const SNIFF_BYTES = 64 * 1024;

export const HINT = 'use --input-type snapshot|terraform|terraform-plan|cloudformation|cdk';
const TEMPLATE_FILE = /\.(ya?ml|json|template)$/i;

/**
 * Detects what a path is:
 * - a directory with .tf files → terraform; a CDK cloud assembly (a manifest.json listing artifacts, whatever
 *   the folder is called, or *.template.json files) → cdk; a CDK project root (a cdk.out/ assembly inside)
 *   → cdk; with YAML/JSON CloudFormation templates → cloudformation;
 * - a .tf file → terraform;
 * - JSON with `format_version` and `planned_values`/`resource_changes` → terraform-plan;
 * - JSON with `schema: "trailguard/inventory@1"` → snapshot;
 * - JSON/YAML with `Resources` or `AWSTemplateFormatVersion` → cloudformation.
 * Anything else is a UsageError naming the path and suggesting --input-type.
 * Only regular files are opened (never a device or FIFO); a file over 1 MB is recognised from its first
 * 64 KB, so a huge input is never read whole here (its loader applies the size budget).
 */
export async function detectInputType(
  path: string,
  limits: InputLimits = DEFAULT_LIMITS,
): Promise<InputType> {
  let info: Awaited<ReturnType<typeof stat>>;
  try {
    info = await stat(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new InputError(
      `${path}: ${code === 'ENOENT' ? 'no such file or directory' : `cannot read (${code})`}`,
    );
  }
  if (info.isDirectory()) return detectDirectory(path, limits);
  if (extname(path).toLowerCase() === '.tf' || path.toLowerCase().endsWith('.tf.json')) return 'terraform';
  if (!info.isFile()) throw new InputError(`${path}: not a regular file (a device or FIFO is never read)`);
  // Read through the bounded reader, which checks the opened file again: one swapped for a FIFO after the
  // stat above must not hang detection.
  const read = await readToDetect(path);
  if (read.kind === 'not-regular')
    throw new InputError(`${path}: not a regular file (a device or FIFO is never read)`);
  if (read.kind !== 'detect')
    throw new InputError(`${path}: cannot read (${(read.kind === 'error' && read.error.code) || 'error'})`);
  const kind = kindOf(read);
  if (kind) return kind;
  throw new UsageError(`cannot tell what ${path} is (not a snapshot, plan JSON or template); ${HINT}`);
}

type DetectRead = Exclude<BoundedRead, { kind: 'text' }> | { kind: 'detect'; text: string; whole: boolean };

/**
 * The text detection looks at, through the bounded reader (a regular file, checked on the opened file):
 * the whole file up to 1 MB, else its first 64 KB.
 */
async function readToDetect(path: string): Promise<DetectRead> {
  const whole = await readFileBounded(path, PARSE_TO_DETECT_BYTES);
  if (whole.kind === 'text') return { kind: 'detect', text: whole.text, whole: true };
  if (whole.kind !== 'too-large') return whole;
  const head = await readFileBounded(path, SNIFF_BYTES, { head: true });
  return head.kind === 'text' ? { kind: 'detect', text: head.text, whole: false } : head;
}

/** A whole file is parsed; the start of a larger one is sniffed. */
function kindOf(read: { text: string; whole: boolean }): InputType | undefined {
  return read.whole ? detectText(read.text) : sniffBroken(read.text);
}

/**
 * What a directory holds: its own files first; when they say nothing, its subfolders breadth-first (a
 * repository whose .tf files or templates are only in `infra/…`), bounded by the `files` limit. Terraform
 * wins over a cloud assembly, which wins over templates, at the shallowest level where any is found.
 */
async function detectDirectory(path: string, limits: InputLimits): Promise<InputType> {
  let level = [path];
  let seen = 0;
  while (level.length > 0 && seen < limits.files) {
    const next: string[] = [];
    for (const dir of level) {
      const kind = await detectDirectoryOwnFiles(dir, limits);
      if (kind) return kind;
      const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
      seen += entries.length;
      for (const entry of entries) {
        if (entry.isDirectory() && !SKIP_DIRS.has(entry.name) && !entry.name.startsWith('.'))
          next.push(join(dir, entry.name));
      }
    }
    level = next.sort();
  }
  throw new UsageError(
    `cannot tell what directory ${path} holds (no .tf files, CDK cloud assembly or cdk.out/, or templates); ${HINT}`,
  );
}

async function detectDirectoryOwnFiles(path: string, limits: InputLimits): Promise<InputType | undefined> {
  const names = await readdir(path).catch(() => [] as string[]);
  if (names.some((n) => n.endsWith('.tf') || n.endsWith('.tf.json'))) return 'terraform';
  if (await assemblyOf(path, limits)) return 'cdk';
  for (const name of names.filter((n) => TEMPLATE_FILE.test(n)).sort()) {
    const read = await readToDetect(join(path, name));
    if (read.kind === 'detect' && kindOf(read) === 'cloudformation') return 'cloudformation';
  }
  return undefined;
}

/**
 * What a regular file found by a repository walk holds, from its content (≤ 1 MB parsed, larger ones
 * sniffed from their first 64 KB); undefined when it is no input trailguard reads or cannot be read
 * (the walk ignores it: a package.json, a JSONC tsconfig, a Helm template are none of its business).
 */
export async function contentKind(path: string): Promise<InputType | undefined> {
  const read = await readToDetect(path);
  return read.kind === 'detect' ? kindOf(read) : undefined;
}

/** Kind of a file from its content, or undefined. */
export function detectText(text: string): InputType | undefined {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    try {
      data = parseTemplate(text).data;
    } catch {
      return sniffBroken(text);
    }
  }
  if (data === null || typeof data !== 'object' || Array.isArray(data)) return undefined;
  const record = data as Record<string, unknown>;
  if (record.schema === INVENTORY_SCHEMA_ID) return 'snapshot';
  if ('format_version' in record && ('planned_values' in record || 'resource_changes' in record))
    return 'terraform-plan';
  if ('Resources' in record || 'AWSTemplateFormatVersion' in record) return 'cloudformation';
  return undefined;
}

/**
 * A file with a syntax error still says what it wants to be; routing it to its loader lets that loader
 * report the error with file:line instead of a vague "cannot detect".
 */
function sniffBroken(text: string): InputType | undefined {
  const head = text.slice(0, 65536);
  if (head.includes(INVENTORY_SCHEMA_ID)) return 'snapshot';
  if (/"format_version"/.test(head) && /"(planned_values|resource_changes|terraform_version)"/.test(head))
    return 'terraform-plan';
  if (/(^|["\s{])(Resources|AWSTemplateFormatVersion)"?\s*:/m.test(head)) return 'cloudformation';
  return undefined;
}
