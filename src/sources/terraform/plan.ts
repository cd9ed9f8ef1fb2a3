import { UsageError } from '../../errors.js';
import type { SourceResult } from '../types.js';

/** Terraform plan JSON (`terraform show -json`) → Inventory. */
export async function loadTerraformPlan(_file: string): Promise<SourceResult> {
  throw new UsageError('Terraform plan scanning is not implemented yet');
}
