/**
 * Terraform HCL source: directories or .tf files → Inventory, with file, line, column and address on
 * every trail and bucket (DESIGN 5.2). See docs/notes/terraform.md for what is resolved and how.
 *
 * A directory is walked recursively: each folder with .tf files that no scanned folder calls as a local
 * module is a root module; local modules (`source = "./…"`) are loaded wherever they are; remote modules
 * are not fetched (their outputs are unresolved). A syntax error fails only its file.
 */
import { InputError, UsageError } from '../../errors.js';
import { emptyInventory, type InventoryError } from '../../inventory/model.js';
import { type InputLimits, resolveLimits } from '../limits.js';
import type { SourceResult } from '../types.js';
import { budgetHit } from './budget.js';
import { buildInventory } from './build-inventory.js';
import { ModuleInstance, type Problem } from './config-eval.js';
import { displayPath, type FailedFile, type LoadOptions, loadConfig } from './load-files.js';
import {
  type CliVariables,
  parseRawVariable,
  parsesAsHcl,
  readVariableArgs,
  type VariableArg,
} from './variables.js';

export interface TerraformOptions extends LoadOptions {
  /** `--var-file` / `--var` flags in command-line order (applied to every root module, as `terraform plan` does). */
  variables?: VariableArg[];
  /** Terraform's data directory (`TF_DATA_DIR`, default `.terraform`), relative to each root module folder. */
  dataDir?: string;
}

export async function loadTerraform(
  paths: string[],
  limits: InputLimits = resolveLimits(),
  options: TerraformOptions = {},
): Promise<SourceResult> {
  if (paths.length === 0) throw new InputError('no Terraform path given');
  // Read first: a bad --var-file ends the scan (exit 2) before any work.
  const cliVariables = await readVariableArgs(options.variables ?? [], limits);
  let groups: Awaited<ReturnType<typeof loadConfig>>;
  try {
    groups = await loadConfig(paths, limits, options.dataDir ?? process.env.TF_DATA_DIR, options);
  } catch (error) {
    const e = error as NodeJS.ErrnoException;
    throw new InputError(
      `cannot read Terraform input: ${e.code === 'ENOENT' ? `no such file or directory ${e.path ?? ''}` : e.message}`,
    );
  }
  const inventory = emptyInventory();
  const failed: FailedFile[] = [];
  let parsed = 0;
  const rootCount = groups.reduce((n, g) => n + g.roots.length, 0);
  const partial: FailedFile[] = [];
  checkCliVariables(cliVariables, groups, limits);
  for (const { loader, roots, base } of groups) {
    failed.push(...loader.failed);
    partial.push(...loader.partial);
    parsed += loader.parsedFiles;
    for (const root of roots) {
      const def = loader.defs.get(root);
      if (!def) continue;
      const problems: Problem[] = [];
      const arnScope = rootCount > 1 ? displayPath(base, root.replace(/#files$/, '')) || '.' : undefined;
      try {
        const instance = new ModuleInstance(
          {
            defs: loader.defs,
            problems,
            limits,
            ...(arnScope ? { accountScope: arnScope } : {}),
            ...(cliVariables.size > 0 ? { cliVariables } : {}),
            resolveModule: (caller, prefix, name, source) =>
              loader.resolveModule(root, caller, prefix, name, source),
          },
          def,
          '',
          new Map(),
          new Map(),
          0,
          'aws',
          true,
        );
        const built = buildInventory(instance.allResources(), { partition: 'aws', arnScope });
        inventory.trails.push(...built.trails);
        inventory.buckets.push(...built.buckets);
        inventory.errors.push(...built.errors);
      } catch (error) {
        // A budget hit outside any one value (the evaluator records those itself) drops this root module only.
        const hit = budgetHit(error, limits);
        if (!hit) throw error;
        const file = displayPath(base, root.replace(/#files$/, '')) || '.';
        inventory.errors.push({
          operation: 'EvaluateTerraform',
          code: 'BUDGET_EXCEEDED',
          message: hit.message,
          file,
        });
      }
      inventory.errors.push(...problems.map(problemError));
    }
  }
  if (parsed === 0) {
    const firstFailure = failed[0];
    if (!firstFailure)
      throw new InputError(`no Terraform files (.tf, .tf.json) found in ${paths.join(', ')}`);
    const more = failed.length > 1 ? ` (and ${failed.length - 1} more files failed)` : '';
    throw new InputError(`${formatFailure(firstFailure)}${more}`);
  }
  for (const f of [...failed, ...partial]) {
    inventory.errors.push({
      operation: f.code === 'SYNTAX_ERROR' ? 'ParseTerraform' : 'ReadTerraform',
      code: f.code,
      message: f.message,
      file: f.file,
      ...(f.line ? { line: f.line } : {}),
    });
  }
  const result: SourceResult = { inventory, source: { kind: 'terraform', paths }, inputsRead: parsed };
  if (failed.length > 0) result.failedFiles = failed;
  return result;
}

/**
 * A `--var` that no scanned root module declares is a typo (Terraform refuses it too); a `--var` value that
 * is not an expression where the variable's type needs one is refused the same way. Values from a
 * `--var-file` for undeclared variables are ignored (Terraform only warns about them).
 */
function checkCliVariables(
  cli: CliVariables,
  groups: Awaited<ReturnType<typeof loadConfig>>,
  limits: InputLimits,
): void {
  const roots = groups.flatMap(({ loader, roots }) =>
    roots.map((r) => loader.defs.get(r)).filter((d) => d !== undefined),
  );
  if (roots.length === 0) return;
  for (const [name, value] of cli) {
    if (value.kind !== 'raw') continue;
    const decls = roots.map((def) => def.variables.get(name)).filter((d) => d !== undefined);
    if (decls.length === 0) {
      throw new UsageError(
        `-var ${name}: no scanned root module declares variable "${name}" (declare it with a variable "${name}" block, or check the name)`,
      );
    }
    for (const decl of decls) {
      const type = decl.block.body.attributes.get('type')?.expr;
      if (parsesAsHcl(type)) parseRawVariable(name, value.text, limits.depth);
    }
  }
}

function formatFailure(f: FailedFile): string {
  return `${f.file}${f.line ? `:${f.line}` : ''}: ${f.message}`;
}

function problemError(p: Problem): InventoryError {
  return { operation: p.operation, code: p.code, message: p.message, file: p.file, line: p.line };
}
