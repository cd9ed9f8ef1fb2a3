/**
 * Picks the source for a scan and merges several inputs into one Inventory.
 */
import { stat } from 'node:fs/promises';
import { UsageError } from '../errors.js';
import { INPUT_ERROR_CODES } from '../inventory/input-errors.js';
import { emptyInventory, type InventoryError } from '../inventory/model.js';
import { loadCloudFormation } from './cloudformation/index.js';
import { detectInputType } from './detect.js';
import { type InputLimits, resolveLimits } from './limits.js';
import { mergeSourceResults } from './merge.js';
import { readSnapshot } from './snapshot/read.js';
import { loadTerraform, type TerraformOptions } from './terraform/index.js';
import { loadTerraformPlan } from './terraform/plan.js';
import type { InputType, SourceResult } from './types.js';

/** Loads IaC or snapshot paths; each path's kind is detected unless `inputType` forces it. */
export async function loadPaths(
  paths: string[],
  inputType?: InputType,
  limitOverrides: Partial<InputLimits> = {},
  terraform: TerraformOptions = {},
): Promise<SourceResult> {
  if (paths.length === 0) throw new UsageError('no input path given');
  // Every loader gets the same budget; each applies the limits that concern its format (issue 11).
  const limits = resolveLimits(limitOverrides);
  const byType = new Map<InputType, string[]>();
  const mismatched: InventoryError[] = [];
  for (const path of paths) {
    const type = inputType ?? (await detectInputType(path, limits));
    const mismatch = inputType ? await forcedTypeMismatch(path, inputType) : null;
    if (mismatch) mismatched.push(mismatch);
    else byType.set(type, [...(byType.get(type) ?? []), path]);
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
        for (const path of group) results.push(await readSnapshot(path, limits));
        break;
      case 'terraform':
        results.push(await loadTerraform(group, limits, terraform));
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
  return mergeSourceResults(results);
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
