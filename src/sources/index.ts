/**
 * Picks the source for a scan and merges several inputs into one Inventory.
 */
import { UsageError } from '../errors.js';
import { loadCloudFormation } from './cloudformation/index.js';
import { detectInputType } from './detect.js';
import { type InputLimits, resolveLimits } from './limits.js';
import { mergeSourceResults } from './merge.js';
import { readSnapshot } from './snapshot/read.js';
import { loadTerraform } from './terraform/index.js';
import { loadTerraformPlan } from './terraform/plan.js';
import type { InputType, SourceResult } from './types.js';

/** Loads IaC or snapshot paths; each path's kind is detected unless `inputType` forces it. */
export async function loadPaths(
  paths: string[],
  inputType?: InputType,
  limitOverrides: Partial<InputLimits> = {},
): Promise<SourceResult> {
  if (paths.length === 0) throw new UsageError('no input path given');
  // Every loader gets the same budget; each applies the limits that concern its format (issue 11).
  const limits = resolveLimits(limitOverrides);
  const byType = new Map<InputType, string[]>();
  for (const path of paths) {
    const type = inputType ?? (await detectInputType(path));
    byType.set(type, [...(byType.get(type) ?? []), path]);
  }
  const results: SourceResult[] = [];
  for (const [type, group] of byType) {
    switch (type) {
      case 'snapshot':
        for (const path of group) results.push(await readSnapshot(path, limits));
        break;
      case 'terraform':
        results.push(await loadTerraform(group, limits));
        break;
      case 'terraform-plan':
        for (const path of group) results.push(await loadTerraformPlan(path, limits));
        break;
      case 'cloudformation':
      case 'cdk':
        results.push(await loadCloudFormation(group, { limits }));
        break;
    }
  }
  return mergeSourceResults(results);
}
