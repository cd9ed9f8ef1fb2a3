/**
 * Terraform plan JSON (`terraform show -json plan.out`) → Inventory (DESIGN 5.2).
 *
 * Resources come from `planned_values` (root and nested child modules): a resource in the
 * configuration but absent there (count = 0, destroyed) does not exist. Values come from
 * `resource_changes[].change.after`; a value in `after_unknown` (first plan, generated names) is
 * unknown, and is linked to the resource it refers to through `configuration` references.
 */
import { InputError } from '../../errors.js';
import { emptyInventory } from '../../inventory/model.js';
import { readJsonFile } from '../json-file.js';
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
  // Bounded (a FIFO or device is refused, not read) but not by --limit file-bytes: plans of large
  // configurations are big, and the 512 MB ceiling is about what one JavaScript string holds.
  const read = await readJsonFile(file, MAX_PLAN_BYTES, { keepText: true });
  switch (read.kind) {
    case 'json':
      return planFromJson(file, read.text ?? '', read.value);
    case 'not-json':
      throw notJson(file, read.message);
    case 'too-large':
    case 'too-long':
      throw tooLarge(file);
    case 'not-regular':
      throw new InputError(`cannot read Terraform plan ${file}: not a regular file`);
    case 'error':
      throw new InputError(`cannot read Terraform plan ${file}: ${read.error.message}`);
  }
}

const tooLarge = (file: string) => new InputError(`${file}: plan JSON is larger than 512 MB`);
const notJson = (file: string, message: string) =>
  new InputError(`${file}: not valid JSON: ${message.split('\n')[0]}`);

/** Pure part of the loader (also used by tests and the fuzzer). */
export function planFromText(file: string, text: string): SourceResult {
  if (text.length > MAX_PLAN_BYTES) throw tooLarge(file);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw notJson(file, (error as Error).message);
  }
  return planFromJson(file, text, json);
}

function planFromJson(file: string, text: string, json: unknown): SourceResult {
  const model = PlanModel.from(file, text, json);
  const inventory = emptyInventory();
  const built = buildInventory(model.resources(), { partition: 'aws' });
  inventory.trails = built.trails;
  inventory.buckets = built.buckets;
  inventory.errors = [...built.errors, ...model.errors];
  return { inventory, source: { kind: 'terraform-plan', paths: [file] } };
}
