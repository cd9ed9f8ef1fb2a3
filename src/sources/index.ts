/**
 * Picks the source for a scan and merges several inputs into one Inventory.
 */
import { stat } from 'node:fs/promises';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import { type InlineIgnore, terraformIgnores } from '../engine/inline-ignores.js';
import { InputError, UsageError } from '../errors.js';
import { INPUT_ERROR_CODES } from '../inventory/input-errors.js';
import { emptyInventory, type InventoryError } from '../inventory/model.js';
import { loadCloudFormation } from './cloudformation/index.js';
import { detectInputType, HINT } from './detect.js';
import { discoverInputs } from './discover.js';
import { readFileBounded } from './files.js';
import { type InputLimits, resolveLimits } from './limits.js';
import { mergeSourceResults } from './merge.js';
import { skipMatcher } from './skip-paths.js';
import { readSnapshot } from './snapshot/read.js';
import { readStdinInput, type StdinOptions } from './stdin.js';
import { loadTerraform, type TerraformOptions } from './terraform/index.js';
import { loadTerraformPlan } from './terraform/plan.js';
import type { InputType, SourceResult } from './types.js';

export interface PathOptions extends StdinOptions {
  /** What file names in findings are relative to (default: the process's working directory). */
  cwd?: string;
  /** `--skip-path` globs (see `skip-paths.ts`). */
  skipPaths?: readonly string[];
}

/**
 * Loads IaC or snapshot paths; each path's kind is detected unless `inputType` forces it. A directory
 * (without a forced type) is discovered: every Terraform tree, plan JSON, template and cloud assembly
 * below it is loaded, mixed, in one run (`discover.ts`). `-` is one input read from stdin. Every file
 * name in the result is relative to `cwd` (absolute when outside it), whatever the source.
 */
export async function loadPaths(
  paths: string[],
  inputType?: InputType,
  limitOverrides: Partial<InputLimits> = {},
  terraform: TerraformOptions = {},
  options: PathOptions = {},
): Promise<SourceResult> {
  if (paths.length === 0) throw new UsageError('no input path given');
  if (paths.filter((p) => p === '-').length > 1) throw new UsageError('"-" (stdin) may be given only once');
  // Every loader gets the same budget; each applies the limits that concern its format (issue 11).
  const limits = resolveLimits(limitOverrides);
  const cwd = resolve(options.cwd ?? '.');
  const skip = skipMatcher(options.skipPaths ?? [], cwd);
  const stdin = paths.includes('-') ? await readStdinInput(inputType, limits, options) : undefined;
  try {
    // Relative paths are relative to `cwd` (kept as written when that is the process's own directory, so
    // messages quote them as the user typed them).
    const located = (p: string) => (isAbsolute(p) || cwd === process.cwd() ? p : join(cwd, p));
    const result = await loadAll(
      paths.map((p) => (p === '-' && stdin ? stdin.path : located(p))),
      inputType ?? stdin?.type,
      limits,
      { cwd, skip, explicitType: inputType, terraform },
      stdin?.path,
    );
    result.inlineIgnores = [
      ...(result.inlineIgnores ?? []),
      ...(await terraformIgnoresOf(result, limits, cwd)),
    ];
    result.source = { ...result.source, paths: [...paths] };
    const rename = stdin ? new Map([[resolve(stdin.path), stdin.name]]) : undefined;
    return relativiseFiles(result, cwd, rename);
  } finally {
    await stdin?.cleanup();
  }
}

async function loadAll(
  paths: string[],
  inputType: InputType | undefined,
  limits: InputLimits,
  context: {
    cwd: string;
    skip: ReturnType<typeof skipMatcher>;
    explicitType: InputType | undefined;
    terraform: TerraformOptions;
  },
  stdinPath: string | undefined,
): Promise<SourceResult> {
  const byType = new Map<InputType, string[]>();
  const add = (type: InputType, path: string) => byType.set(type, [...(byType.get(type) ?? []), path]);
  const mismatched: InventoryError[] = [];
  const discoveryErrors: InventoryError[] = [];
  for (const path of paths) {
    // The stdin input's type was forced or sniffed; a forced type applies to every path.
    const forced = path === stdinPath ? inputType : context.explicitType;
    if (!forced && (await isDirectory(path))) {
      const found = await discoverInputs(path, limits, context.skip);
      const none =
        !found.terraform && [found.plans, found.templates, found.assemblies].every((l) => !l.length);
      if (none && found.errors.length === 0) {
        const skipped = context.skip ? ' outside --skip-path' : '';
        throw new UsageError(
          `nothing to scan in ${path}: no .tf files, plan JSON, CloudFormation template or CDK cloud assembly found${skipped}; ${HINT}`,
        );
      }
      if (found.terraform) add('terraform', path);
      for (const plan of found.plans) add('terraform-plan', plan);
      for (const template of found.templates) add('cloudformation', template);
      for (const assembly of found.assemblies) add('cdk', assembly);
      discoveryErrors.push(...found.errors);
      continue;
    }
    const type = forced ?? (await detectInputType(path, limits));
    const mismatch = forced ? await forcedTypeMismatch(path, forced) : null;
    if (mismatch) mismatched.push(mismatch);
    else add(type, path);
  }
  const results: SourceResult[] = [];
  if (mismatched.length > 0) {
    const inventory = emptyInventory();
    inventory.errors.push(...mismatched);
    const kind = inputType === 'cdk' ? 'cloudformation' : (inputType ?? 'terraform');
    results.push({ inventory, source: { kind, paths: mismatched.map((e) => e.file ?? '') }, inputsRead: 0 });
  }
  for (const [type, group] of byType) {
    switch (type) {
      case 'snapshot':
        for (const path of group) {
          const result = await readSnapshot(path, limits);
          // A shard is part of one organization's collection: paths are concatenated, shards must be merged.
          const shard = result.inventory.shard;
          if (shard)
            throw new InputError(
              `snapshot ${path} is shard ${shard.index}/${shard.count} of a sharded collection: give every shard with scan --snapshot FILE… (merged, not scanned as separate inputs)`,
            );
          results.push(result);
        }
        break;
      case 'terraform':
        results.push(
          await loadTerraform(group, limits, {
            ...context.terraform,
            displayBase: context.cwd,
            ...(context.skip ? { skip: context.skip } : {}),
          }),
        );
        break;
      case 'terraform-plan':
        for (const path of group) results.push({ ...(await loadTerraformPlan(path, limits)), inputsRead: 1 });
        break;
      case 'cloudformation':
      case 'cdk':
        results.push(await loadCloudFormation(group, { limits }));
        break;
    }
  }
  if (results.length === 0 && discoveryErrors.length === 0) throw new UsageError(`nothing to scan; ${HINT}`);
  if (discoveryErrors.length > 0) {
    // Last, so the merged result keeps the kind of what was read.
    const inventory = emptyInventory();
    inventory.errors.push(...discoveryErrors);
    const kind = results[0]?.source.kind ?? 'terraform';
    results.push({ inventory, source: { kind, paths: [] }, inputsRead: 0 });
  }
  return mergeSourceResults(results);
}

async function isDirectory(path: string): Promise<boolean> {
  return stat(path).then(
    (s) => s.isDirectory(),
    () => false,
  );
}

/**
 * Every file name in findings relative to `cwd` with `/` separators (`infra/main.tf`, whatever folder
 * was scanned and whichever source read it), absolute when outside `cwd`: SARIF then annotates the right
 * file of a repository scanned from its root. `rename` maps absolute paths to display names (stdin).
 */
export function relativiseFiles(
  result: SourceResult,
  cwd: string,
  rename?: ReadonlyMap<string, string>,
): SourceResult {
  const cache = new Map<string, string>();
  const shown = (file: string): string => {
    let out = cache.get(file);
    if (out === undefined) {
      const absolute = resolve(cwd, file);
      const rel = relative(cwd, absolute);
      const outside = rel === '..' || rel.startsWith(`..${sep}`) || isAbsolute(rel);
      out = rename?.get(absolute) ?? (outside ? absolute : rel || '.').split(sep).join('/');
      cache.set(file, out);
    }
    return out;
  };
  const { inventory } = result;
  for (const item of [...inventory.buckets, ...inventory.trails]) {
    if (item.location) item.location = { ...item.location, file: shown(item.location.file) };
  }
  inventory.errors = inventory.errors.map((e) => (e.file ? { ...e, file: shown(e.file) } : e));
  if (result.failedFiles) result.failedFiles = result.failedFiles.map((f) => ({ ...f, file: shown(f.file) }));
  if (result.inlineIgnores)
    result.inlineIgnores = result.inlineIgnores.map((i) => ({ ...i, file: shown(i.file) }));
  return result;
}

/**
 * The `trailguard:ignore` comments of the Terraform files that declare a scanned bucket or trail (read
 * again, under the file-bytes budget: the HCL parser keeps no comments). A file that cannot be read here
 * was reported by the loader already.
 */
async function terraformIgnoresOf(
  result: SourceResult,
  limits: InputLimits,
  cwd: string,
): Promise<InlineIgnore[]> {
  const files = new Set<string>();
  for (const item of [...result.inventory.buckets, ...result.inventory.trails]) {
    const file = item.location?.file;
    if (file?.endsWith('.tf')) files.add(file);
  }
  const out: InlineIgnore[] = [];
  for (const file of [...files].sort()) {
    const read = await readFileBounded(resolve(cwd, file), limits.fileBytes);
    if (read.kind === 'text') out.push(...terraformIgnores(file, read.text));
  }
  return out;
}

/**
 * A file that a forced `--input-type` cannot mean, where the loader would otherwise read it as something
 * it is not: Terraform reads only `.tf`, `.tf.json` and `.tfvars` files (a JSON snapshot parses as an
 * empty HCL body). The other loaders reject a file of the wrong kind themselves, with a clear line.
 */
async function forcedTypeMismatch(path: string, type: InputType): Promise<InventoryError | null> {
  if (type !== 'terraform' || /\.(tf|tf\.json|tfvars)$/.test(path)) return null;
  const isFile = await stat(path).then(
    (s) => s.isFile(),
    () => false,
  );
  if (!isFile) return null;
  return {
    operation: 'LoadInput',
    code: INPUT_ERROR_CODES.INPUT_UNREADABLE,
    message: 'not a Terraform file (.tf, .tf.json or .tfvars): --input-type terraform matches nothing here',
    file: path,
  };
}
