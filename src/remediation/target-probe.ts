/**
 * Reads the delivery-relevant settings of chosen log targets that the scan did not read.
 *
 * The live collector reads target health only for buckets that already ARE log targets (DESIGN 5.1's
 * minimal API plan). A bucket the user names with --target-bucket (or an existing default target that
 * nobody logs into yet) has no policy / Object Lock / encryption / Requester Pays in the inventory, and
 * the planner must not mistake "not read" for "fine" — nor write a patch that drops its existing policy.
 * This I/O step fills those fields before the pure planner runs. It uses only reads of the read-only
 * scan policy, with the scan's credentials.
 */

import { type HealthField, readBucketHealth } from '../aws/bucket-health.js';
import type { AwsOptions } from '../aws/options.js';
import type { Finding } from '../engine/types.js';
import type { Bucket, Inventory } from '../inventory/model.js';
import { isErrorValue } from '../inventory/read.js';
import { createClientFactory, type S3ClientFactory } from './clients.js';
import { defaultTargetName, explicitTarget, findBucket } from './target.js';
import type { FixOptions } from './types.js';

/** What the planner needs of a chosen target (the scan's health reads of log targets give these too). */
const HEALTH_FIELDS: readonly HealthField[] = [
  'policy',
  'objectLockDefaultRetention',
  'requesterPays',
  'defaultEncryption',
];

/** Names of existing buckets that the plan may choose as targets and whose settings were not read. */
export function targetsToProbe(
  findings: readonly Finding[],
  inventory: Inventory,
  options: FixOptions,
): Bucket[] {
  const names = new Set<string>();
  for (const f of findings) {
    if (f.status !== 'NON_COMPLIANT' || f.resource.type !== 'AWS::S3::Bucket') continue;
    const region = f.resource.region ?? null;
    const name =
      explicitTarget(options.targetBucket, region) ??
      (f.resource.account && region ? defaultTargetName(f.resource.account, region) : undefined);
    if (name) names.add(name);
  }
  return [...names]
    .map((name) => findBucket(inventory, name))
    .filter(
      (b): b is Bucket =>
        b !== undefined &&
        b.exists === true &&
        typeof b.account === 'string' &&
        typeof b.region === 'string' &&
        HEALTH_FIELDS.some((field) => b[field] === undefined),
    );
}

/**
 * A copy of the inventory with the missing target settings read from AWS, through the AWS access
 * layer (the bucket owner's account, its limits and retries; the same reads as the scan's).
 * A field the scan already read (not as an error) is kept as it is.
 */
export async function probeTargets(
  findings: readonly Finding[],
  inventory: Inventory,
  options: FixOptions,
  aws: AwsOptions,
  clients?: S3ClientFactory,
): Promise<Inventory> {
  const probes = targetsToProbe(findings, inventory, options);
  if (probes.length === 0) return inventory;
  const factory = clients ?? createClientFactory({ ...aws, partition: inventory.partition });
  const filled = new Map<string, Bucket>();
  try {
    await Promise.all(
      probes.map(async (bucket) => {
        const missing = HEALTH_FIELDS.filter((f) => bucket[f] === undefined || isErrorValue(bucket[f]));
        const account = await factory.account(bucket.account as string);
        const read = await readBucketHealth(account, bucket.name, bucket.region as string, missing);
        filled.set(bucket.name, { ...bucket, ...read });
      }),
    );
  } finally {
    if (!clients) factory.close();
  }
  return { ...inventory, buckets: inventory.buckets.map((b) => filled.get(b.name) ?? b) };
}
