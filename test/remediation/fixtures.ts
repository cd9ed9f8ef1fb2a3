/** Hand-written inventories and findings for the planner and writer tests (no rules, no I/O). */
import type { Finding, ReasonCode } from '../../src/engine/types.js';
import type { Bucket, Inventory } from '../../src/inventory/model.js';
import { emptyInventory } from '../../src/inventory/model.js';

export const A = '111111111111';
export const B = '222222222222';

export function bucket(
  name: string,
  account: string | null,
  region: string,
  extra: Partial<Bucket> = {},
): Bucket {
  return {
    name,
    account,
    region,
    exists: true,
    logging: null,
    policy: null,
    ownership: 'BucketOwnerEnforced',
    defaultEncryption: 'SSE-S3',
    objectLockDefaultRetention: false,
    requesterPays: false,
    ...extra,
  };
}

export function inventory(buckets: Bucket[]): Inventory {
  const inv = emptyInventory('aws', '2026-01-01T00:00:00.000Z');
  inv.buckets = buckets;
  const accounts = [...new Set(buckets.map((b) => b.account).filter((a): a is string => a !== null))];
  inv.accounts = accounts.map((id) => ({
    id,
    scanned: true,
    buckets: buckets.filter((b) => b.account === id).map((b) => b.name),
  }));
  return inv;
}

export function finding(
  b: Bucket,
  reason: ReasonCode,
  status: Finding['status'] = 'NON_COMPLIANT',
  ruleId = 'aws-s3-bucket-access-logging',
): Finding {
  return {
    ruleId,
    status,
    reason,
    warnings: [],
    severity: 'low',
    message: reason,
    resource: {
      type: 'AWS::S3::Bucket',
      id: `arn:aws:s3:::${b.name}`,
      name: b.name,
      account: b.account,
      region: typeof b.region === 'string' ? b.region : null,
    },
    related: [],
    evidence: {},
    compliance: [],
    suppressed: null,
  };
}
