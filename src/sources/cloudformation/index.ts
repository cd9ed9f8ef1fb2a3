import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { InputError } from '../../errors.js';
import { emptyInventory, type Partition } from '../../inventory/model.js';
import type { InputLimits } from '../limits.js';
import type { SourceResult } from '../types.js';
import { buildInventory, type LoadedTemplate } from './build.js';
import { cdkTemplateFiles } from './cdk.js';
import { parseTemplate, TemplateSyntaxError } from './parse-template.js';

export interface CloudFormationOptions {
  /** Partition the templates are deployed to (resolves AWS::Partition). Default aws. */
  partition?: Partition;
  /** Resource budget (issue 11); defaults from `sources/limits.ts`. */
  limits?: InputLimits;
}

type Failure = { file: string; line?: number; message: string };

const TEMPLATE_EXTENSIONS = /\.(ya?ml|json|template)$/i;
const SKIP_DIRS = new Set(['node_modules', '.git', '.terraform']);

/** CloudFormation templates (JSON/YAML) and CDK cdk.out directories → Inventory. */
export async function loadCloudFormation(
  paths: string[],
  options: CloudFormationOptions = {},
): Promise<SourceResult> {
  const partition = options.partition ?? 'aws';
  const failures: Failure[] = [];
  const templates: LoadedTemplate[] = [];
  let candidates = 0;
  for (const path of paths) {
    const files = await templateFilesOf(path, failures);
    for (const { file, explicit } of files) {
      candidates += 1;
      const loaded = await loadTemplateFile(file, explicit, failures);
      if (loaded) templates.push(loaded);
    }
  }
  if (templates.length === 0) {
    const first = failures[0];
    if (first) {
      const more = failures.length > 1 ? ` (and ${failures.length - 1} more failed file(s))` : '';
      throw new InputError(`${first.file}${first.line ? `:${first.line}` : ''}: ${first.message}${more}`);
    }
    if (candidates === 0) throw new InputError(`no CloudFormation template found in ${paths.join(', ')}`);
  }
  const built = buildInventory(templates, partition);
  const inventory = emptyInventory(partition);
  inventory.trails = built.trails;
  inventory.buckets = built.buckets;
  inventory.errors = [
    ...failures.map((f) => ({
      operation: 'ParseTemplate',
      code: 'ParseError',
      message: f.message,
      file: f.file,
      ...(f.line ? { line: f.line } : {}),
    })),
    ...built.errors,
  ];
  const result: SourceResult = {
    inventory,
    source: { kind: 'cloudformation', paths: [...paths], partition },
    inputsRead: templates.length,
  };
  if (failures.length > 0) result.failedFiles = failures;
  return result;
}

interface Candidate {
  file: string;
  /** Named on the command line (or listed by a CDK manifest): not being a template is an error. */
  explicit: boolean;
}

async function templateFilesOf(path: string, failures: Failure[]): Promise<Candidate[]> {
  let info: Awaited<ReturnType<typeof stat>>;
  try {
    info = await stat(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    failures.push({
      file: path,
      message: code === 'ENOENT' ? 'file not found' : `cannot read (${code ?? 'error'})`,
    });
    return [];
  }
  if (!info.isDirectory()) return [{ file: path, explicit: true }];
  if (await isCdkAssembly(path))
    return (await cdkTemplateFiles(path)).map((file) => ({ file, explicit: true }));
  return (await walk(path, 0)).map((file) => ({ file, explicit: false }));
}

export async function isCdkAssembly(dir: string): Promise<boolean> {
  const names = await readdir(dir).catch(() => [] as string[]);
  return names.includes('manifest.json') || names.some((n) => n.endsWith('.template.json'));
}

async function walk(dir: string, depth: number): Promise<string[]> {
  if (depth > 10) return [];
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  const out: string[] = [];
  for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (SKIP_DIRS.has(entry.name) || entry.name.startsWith('.')) continue;
      out.push(...((await isCdkAssembly(full)) ? await cdkTemplateFiles(full) : await walk(full, depth + 1)));
    } else if (TEMPLATE_EXTENSIONS.test(entry.name)) out.push(full);
  }
  return out;
}

async function loadTemplateFile(
  file: string,
  explicit: boolean,
  failures: Failure[],
): Promise<LoadedTemplate | undefined> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    failures.push({
      file,
      message: code === 'ENOENT' ? 'file not found' : `cannot read (${code ?? 'error'})`,
    });
    return undefined;
  }
  try {
    const parsed = parseTemplate(text, { json: /\.json$/i.test(file) || undefined });
    if (!looksLikeTemplate(parsed.data)) {
      if (explicit) failures.push({ file, message: 'not a CloudFormation template (no Resources section)' });
      return undefined;
    }
    return { file, data: parsed.data, resourcePositions: parsed.resourcePositions };
  } catch (error) {
    if (!(error instanceof TemplateSyntaxError)) throw error;
    failures.push({ file, ...(error.line ? { line: error.line } : {}), message: error.message });
    return undefined;
  }
}

export function looksLikeTemplate(data: unknown): boolean {
  if (data === null || typeof data !== 'object' || Array.isArray(data)) return false;
  return 'Resources' in data || 'AWSTemplateFormatVersion' in data;
}
