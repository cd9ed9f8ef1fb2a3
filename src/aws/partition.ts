/**
 * Partitions: ARNs and default Regions follow the partition of the caller (`arn:<partition>:…`).
 * Bucket names are global per partition; Organizations and IAM are global per partition with their
 * endpoint in one Region.
 */
import type { Partition } from '../inventory/model.js';

const PARTITIONS: readonly Partition[] = ['aws', 'aws-cn', 'aws-us-gov'];

/** The Region global calls go to in each partition (Organizations, the first STS call when none is configured). */
export const DEFAULT_REGION: Record<Partition, string> = {
  aws: 'us-east-1',
  'aws-cn': 'cn-northwest-1',
  'aws-us-gov': 'us-gov-west-1',
};

/** Partition of an ARN; `aws` when the ARN is not one. */
export function partitionOfArn(arn: string): Partition {
  const value = arn.split(':')[1] ?? '';
  return (PARTITIONS as readonly string[]).includes(value) ? (value as Partition) : 'aws';
}

/** Partition a Region belongs to (used before any call, to pick a default). */
export function partitionOfRegion(region: string): Partition {
  if (region.startsWith('cn-')) return 'aws-cn';
  if (region.startsWith('us-gov-')) return 'aws-us-gov';
  return 'aws';
}

/** Account id of an ARN (`arn:aws:cloudtrail:us-east-1:111111111111:trail/x` → `111111111111`). */
export function accountOfArn(arn: string): string | null {
  const value = arn.split(':')[4] ?? '';
  return /^\d{12}$/.test(value) ? value : null;
}

export function roleArn(partition: Partition, account: string, roleName: string): string {
  return `arn:${partition}:iam::${account}:role/${roleName}`;
}
