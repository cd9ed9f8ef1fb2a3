import { UsageError } from '../../errors.js';
import type { SourceResult } from '../types.js';

/** CloudFormation templates (JSON/YAML) and CDK cdk.out directories → Inventory. */
export async function loadCloudFormation(_paths: string[]): Promise<SourceResult> {
  throw new UsageError('CloudFormation scanning is not implemented yet');
}
