/**
 * What every source returns: the Inventory plus a description of where it came from.
 * Sources are the only code that does I/O (DESIGN section 2).
 */
import type { InlineIgnore } from '../engine/inline-ignores.js';
import type { ReportSource } from '../engine/types.js';
import type { Inventory } from '../inventory/model.js';

export interface SourceResult {
  inventory: Inventory;
  source: ReportSource;
  /**
   * Files that could not be parsed when scanning a directory: the other files are still reported.
   * Each is also in `inventory.errors`.
   */
  failedFiles?: { file: string; line?: number; message: string }[];
  /**
   * How many inputs were read (issue 10): Terraform configuration files and CloudFormation templates
   * parsed, plan files read. Live and snapshot sources leave it out: for them an input is an account,
   * and `inputsReadOf` (scan.ts) counts the scanned accounts of the inventory. Zero means the scan read
   * nothing at all, which exits 2 instead of reporting.
   */
  inputsRead?: number;
  /** `trailguard:ignore` comments and `Metadata.trailguard.ignore` entries of the IaC read (`inline-ignores.ts`). */
  inlineIgnores?: InlineIgnore[];
}

export type InputType = 'snapshot' | 'terraform' | 'terraform-plan' | 'cloudformation' | 'cdk';
