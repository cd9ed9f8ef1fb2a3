import { readdir, readFile, stat } from 'node:fs/promises';
import { extname } from 'node:path';
import { InputError, UsageError } from '../errors.js';
import { INVENTORY_SCHEMA_ID } from '../inventory/model.js';
import { parseTemplate } from './cloudformation/parse-template.js';
import type { InputType } from './types.js';

const HINT = 'use --input-type snapshot|terraform|terraform-plan|cloudformation|cdk';
const TEMPLATE_FILE = /\.(ya?ml|json|template)$/i;

/**
 * Detects what a path is:
 * - a directory with .tf files → terraform; with manifest.json or *.template.json → cdk (a cdk.out);
 *   with YAML/JSON CloudFormation templates → cloudformation;
 * - a .tf file → terraform;
 * - JSON with `format_version` and `planned_values`/`resource_changes` → terraform-plan;
 * - JSON with `schema: "trailguard/inventory@1"` → snapshot;
 * - JSON/YAML with `Resources` or `AWSTemplateFormatVersion` → cloudformation.
 * Anything else is a UsageError naming the path and suggesting --input-type.
 */
export async function detectInputType(path: string): Promise<InputType> {
  let info: Awaited<ReturnType<typeof stat>>;
  try {
    info = await stat(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new InputError(
      `${path}: ${code === 'ENOENT' ? 'no such file or directory' : `cannot read (${code})`}`,
    );
  }
  if (info.isDirectory()) return detectDirectory(path);
  if (extname(path).toLowerCase() === '.tf') return 'terraform';
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new InputError(`${path}: cannot read (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  const kind = detectText(text);
  if (kind) return kind;
  throw new UsageError(`cannot tell what ${path} is (not a snapshot, plan JSON or template); ${HINT}`);
}

async function detectDirectory(path: string): Promise<InputType> {
  const names = await readdir(path).catch(() => [] as string[]);
  if (names.some((n) => n.endsWith('.tf'))) return 'terraform';
  if (names.includes('manifest.json') || names.some((n) => n.endsWith('.template.json'))) return 'cdk';
  for (const name of names.filter((n) => TEMPLATE_FILE.test(n)).sort()) {
    const text = await readFile(`${path}/${name}`, 'utf8').catch(() => '');
    if (detectText(text) === 'cloudformation') return 'cloudformation';
  }
  throw new UsageError(
    `cannot tell what directory ${path} holds (no .tf files, cdk.out or templates); ${HINT}`,
  );
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
  if (/"format_version"/.test(head) && /"(planned_values|resource_changes)"/.test(head))
    return 'terraform-plan';
  if (/(^|["\s{])(Resources|AWSTemplateFormatVersion)"?\s*:/m.test(head)) return 'cloudformation';
  return undefined;
}
