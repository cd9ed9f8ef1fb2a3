import { readdir, realpath, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { cloudFormationIgnores } from '../../engine/inline-ignores.js';
import { InputError } from '../../errors.js';
import { INPUT_ERROR_CODES } from '../../inventory/input-errors.js';
import { emptyInventory, type InventoryError, type Partition } from '../../inventory/model.js';
import { SKIP_DIRS } from '../files.js';
import { type InputLimits, LimitExceeded, resolveLimits } from '../limits.js';
import type { SourceResult } from '../types.js';
import { buildInventory, type LoadedTemplate } from './build.js';
import { cdkTemplateFiles, isCloudAssembly } from './cdk.js';
import { parseTemplate, TemplateSyntaxError } from './parse-template.js';
import { type Failure, readBounded } from './read-bounded.js';

export interface CloudFormationOptions {
  /** Partition the templates are deployed to (resolves AWS::Partition). Default aws. */
  partition?: Partition;
  /** Resource budget (issue 11); defaults from `sources/limits.ts`. */
  limits?: InputLimits;
}

const TEMPLATE_EXTENSIONS = /\.(ya?ml|json|template)$/i;
const MAX_WALK_DEPTH = 10;

/** CloudFormation templates (JSON/YAML) and CDK cloud assemblies → Inventory. */
export async function loadCloudFormation(
  paths: string[],
  options: CloudFormationOptions = {},
): Promise<SourceResult> {
  const partition = options.partition ?? 'aws';
  const limits = options.limits ?? resolveLimits();
  const failures: Failure[] = [];
  const templates: LoadedTemplate[] = [];
  let candidates = 0;
  for (const path of paths) {
    const files = await templateFilesOf(path, limits, failures);
    for (const { file, explicit } of files) {
      candidates += 1;
      const loaded = await loadTemplateFile(file, explicit, limits, failures);
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
  const built = buildInventory(templates, partition, limits);
  const inventory = emptyInventory(partition);
  inventory.trails = built.trails;
  inventory.buckets = built.buckets;
  inventory.errors = [...failures.map(failureError), ...built.errors];
  const result: SourceResult = {
    inventory,
    source: { kind: 'cloudformation', paths: [...paths], partition },
    inputsRead: templates.length,
    // Metadata.trailguard.ignore on resources (CDK: addMetadata on the L1 resource).
    inlineIgnores: templates.flatMap((t) =>
      cloudFormationIgnores(t.file, t.data, (id) => t.resourcePositions.get(id)?.line),
    ),
  };
  if (failures.length > 0)
    result.failedFiles = failures.map(({ file, line, message }) => ({
      file,
      ...(line ? { line } : {}),
      message,
    }));
  return result;
}

function failureError(f: Failure): InventoryError {
  return {
    operation: f.code === INPUT_ERROR_CODES.SYNTAX_ERROR ? 'ParseTemplate' : 'ReadTemplate',
    code: f.code,
    message: f.message,
    file: f.file,
    ...(f.line ? { line: f.line } : {}),
  };
}

interface Candidate {
  file: string;
  /** Named on the command line (or listed by a CDK manifest): not being a template is an error. */
  explicit: boolean;
}

async function templateFilesOf(path: string, limits: InputLimits, failures: Failure[]): Promise<Candidate[]> {
  let info: Awaited<ReturnType<typeof stat>>;
  try {
    info = await stat(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    failures.push({
      file: path,
      code: INPUT_ERROR_CODES.INPUT_UNREADABLE,
      message: code === 'ENOENT' ? 'file not found' : `cannot read (${code ?? 'error'})`,
    });
    return [];
  }
  if (!info.isDirectory()) return [{ file: path, explicit: true }];
  const assembly = await assemblyOf(path, limits);
  if (assembly) return fromAssembly(assembly, limits, failures);
  const walk: WalkState = { seen: new Set(), files: 0, limits, failures };
  return (await walkDir(path, 0, walk)).map((file) => ({ file, explicit: false }));
}

/**
 * The cloud assembly a directory stands for: itself when it is one (a manifest.json listing artifacts,
 * whatever the folder's name: `cdk synth -o build/assembly`), or its `cdk.out/` when it is a CDK project
 * root (cdk.json beside it, or just the folder).
 */
export async function assemblyOf(dir: string, limits: InputLimits): Promise<string | undefined> {
  if (await isCloudAssembly(dir, limits)) return dir;
  const nested = join(dir, 'cdk.out');
  const info = await stat(nested).catch(() => undefined);
  if (info?.isDirectory() && (await isCloudAssembly(nested, limits))) return nested;
  return undefined;
}

async function fromAssembly(dir: string, limits: InputLimits, failures: Failure[]): Promise<Candidate[]> {
  const found = await cdkTemplateFiles(dir, limits);
  for (const failure of found.failures) failures.push(failure);
  return found.files.map((file) => ({ file, explicit: true }));
}

interface WalkState {
  /** Real paths of the directories entered (symbolic-link loops end here). */
  seen: Set<string>;
  files: number;
  limits: InputLimits;
  failures: Failure[];
}

/** Template candidates of a folder tree: symbolic links followed (loops detected), at most `limits.files`. */
async function walkDir(dir: string, depth: number, walk: WalkState): Promise<string[]> {
  if (depth > MAX_WALK_DEPTH) return [];
  const real = await realpath(dir).catch(() => dir);
  if (walk.seen.has(real)) return [];
  walk.seen.add(real);
  let names: string[];
  try {
    names = (await readdir(dir)).sort((a, b) => a.localeCompare(b));
  } catch (error) {
    walk.failures.push({
      file: dir,
      code: INPUT_ERROR_CODES.INPUT_UNREADABLE,
      message: `cannot list (${(error as NodeJS.ErrnoException).code ?? 'error'})`,
    });
    return [];
  }
  const out: string[] = [];
  for (const name of names) {
    const full = join(dir, name);
    const info = await stat(full).catch(() => undefined); // follows symbolic links
    if (info?.isDirectory()) {
      if (SKIP_DIRS.has(name) || name.startsWith('.')) continue;
      if (await isCloudAssembly(full, walk.limits))
        for (const c of await fromAssembly(full, walk.limits, walk.failures)) out.push(c.file);
      else for (const file of await walkDir(full, depth + 1, walk)) out.push(file);
    } else if (TEMPLATE_EXTENSIONS.test(name)) {
      walk.files += 1;
      if (walk.files > walk.limits.files) {
        const error = new LimitExceeded(
          'files',
          walk.limits.files,
          `${dir}: more template files than allowed`,
        );
        walk.failures.push({ file: full, code: INPUT_ERROR_CODES.BUDGET_EXCEEDED, message: error.message });
        return out;
      }
      out.push(full);
    }
  }
  return out;
}

async function loadTemplateFile(
  file: string,
  explicit: boolean,
  limits: InputLimits,
  failures: Failure[],
): Promise<LoadedTemplate | undefined> {
  const read = await readBounded(file, limits);
  if ('failure' in read) {
    failures.push(read.failure);
    return undefined;
  }
  try {
    const parsed = parseTemplate(read.text, { json: /\.json$/i.test(file) || undefined, limits });
    if (!looksLikeTemplate(parsed.data)) {
      if (explicit)
        failures.push({
          file,
          code: INPUT_ERROR_CODES.SYNTAX_ERROR,
          message: 'not a CloudFormation template (no Resources section)',
        });
      return undefined;
    }
    return { file, data: parsed.data, resourcePositions: parsed.resourcePositions, lines: parsed.lines };
  } catch (error) {
    if (error instanceof LimitExceeded) {
      failures.push({ file, code: INPUT_ERROR_CODES.BUDGET_EXCEEDED, message: error.message });
      return undefined;
    }
    if (!(error instanceof TemplateSyntaxError)) throw error;
    failures.push({
      file,
      code: INPUT_ERROR_CODES.SYNTAX_ERROR,
      ...(error.line ? { line: error.line } : {}),
      message: error.message,
    });
    return undefined;
  }
}

export function looksLikeTemplate(data: unknown): boolean {
  if (data === null || typeof data !== 'object' || Array.isArray(data)) return false;
  return 'Resources' in data || 'AWSTemplateFormatVersion' in data;
}
