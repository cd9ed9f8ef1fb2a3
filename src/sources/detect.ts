import { UsageError } from '../errors.js';
import type { InputType } from './types.js';

/** Detects what a path is: a snapshot, a Terraform directory, a plan JSON, a template or a cdk.out folder. */
export async function detectInputType(path: string): Promise<InputType> {
  throw new UsageError(`cannot detect the input type of ${path} yet; use --snapshot`);
}
