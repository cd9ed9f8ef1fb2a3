/**
 * Terraform plan JSON (`terraform show -json plan.out`) → Inventory (DESIGN 5.2).
 *
 * Resources come from `planned_values` (root and nested child modules): a resource in the
 * configuration but absent there (count = 0, destroyed) does not exist. Values come from
 * `resource_changes[].change.after`; a value in `after_unknown` (first plan, generated names) is
 * unknown, and is linked to the resource it refers to through `configuration` references.
 */
import { readFile } from 'node:fs/promises';
import { InputError } from '../../errors.js';
import { emptyInventory } from '../../inventory/model.js';
import { type InputLimits, resolveLimits } from '../limits.js';
import type { SourceResult } from '../types.js';
import { buildInventory } from './build-inventory.js';
import { PlanModel } from './plan-model.js';

/** Plan files above this size are refused with a clear message instead of exhausting memory. */
const MAX_PLAN_BYTES = 512 * 1024 * 1024;

export async function loadTerraformPlan(
  file: string,
  _limits: InputLimits = resolveLimits(),
): Promise<SourceResult> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new InputError(`cannot read Terraform plan ${file}: ${(error as Error).message}`);
  }
  return planFromText(file, text);
}

/** Pure part of the loader (also used by tests and the fuzzer). */
export function planFromText(file: string, text: string): SourceResult {
  if (text.length > MAX_PLAN_BYTES) throw new InputError(`${file}: plan JSON is larger than 512 MB`);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new InputError(`${file}: not valid JSON: ${(error as Error).message.split('\n')[0]}`);
  }
  const model = PlanModel.from(file, text, json);
  const inventory = emptyInventory();
  const built = buildInventory(model.resources(), { partition: 'aws' });
  inventory.trails = built.trails;
  inventory.buckets = built.buckets;
  inventory.errors = [...built.errors, ...model.errors];
  return { inventory, source: { kind: 'terraform-plan', paths: [file] } };
}
