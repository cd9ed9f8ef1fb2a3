import { UsageError } from '../../errors.js';
import type { SourceResult } from '../types.js';

/** Terraform HCL: directories or .tf files → Inventory (with file/line/address on every trail and bucket). */
export async function loadTerraform(_paths: string[]): Promise<SourceResult> {
  throw new UsageError('Terraform scanning is not implemented yet');
}
