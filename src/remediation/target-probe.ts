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
import {
  GetBucketEncryptionCommand,
  GetBucketPolicyCommand,
  GetBucketRequestPaymentCommand,
  GetObjectLockConfigurationCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import type { Finding } from '../engine/types.js';
import type { Bucket, Inventory } from '../inventory/model.js';
import { isErrorValue, type Read } from '../inventory/read.js';
import { toReadError } from '../sources/aws/errors.js';
import { mapEncryption, mapObjectLock, mapPolicy, mapRequesterPays } from '../sources/aws/map.js';
import type { AwsOptions } from '../sources/aws/options.js';
import { createClientFactory, type S3ClientFactory } from './clients.js';
import { defaultTargetName, explicitTarget, findBucket } from './target.js';
import type { FixOptions } from './types.js';

const HEALTH_FIELDS = ['policy', 'objectLockDefaultRetention', 'requesterPays', 'defaultEncryption'] as const;

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

/** A copy of the inventory with the missing target settings read from AWS. */
export async function probeTargets(
  findings: readonly Finding[],
  inventory: Inventory,
  options: FixOptions,
  aws: AwsOptions,
  clients: S3ClientFactory = createClientFactory({ ...aws, partition: inventory.partition }),
): Promise<Inventory> {
  const probes = targetsToProbe(findings, inventory, options);
  if (probes.length === 0) return inventory;
  const filled = new Map<string, Bucket>();
  await Promise.all(
    probes.map(async (bucket) => {
      const s3 = await clients.s3(bucket.account as string, bucket.region as string);
      filled.set(bucket.name, { ...bucket, ...(await readHealth(s3, bucket)) });
    }),
  );
  return { ...inventory, buckets: inventory.buckets.map((b) => filled.get(b.name) ?? b) };
}

async function read<O, T>(
  call: () => Promise<O>,
  map: (output: O) => Read<T>,
  notConfigured: string,
  whenNotConfigured: T,
): Promise<Read<T>> {
  try {
    return map(await call());
  } catch (error) {
    const readError = toReadError(error);
    // "Not configured" answers are values (AWS-WIRE-NOTES 2.10–2.14), not errors.
    if (readError.code === notConfigured) return whenNotConfigured;
    return { error: readError };
  }
}

async function readHealth(s3: S3Client, bucket: Bucket): Promise<Partial<Bucket>> {
  const Bucket = bucket.name;
  const keep = <K extends (typeof HEALTH_FIELDS)[number]>(field: K) =>
    bucket[field] !== undefined && !isErrorValue(bucket[field]) ? bucket[field] : undefined;
  const [policy, objectLockDefaultRetention, requesterPays, defaultEncryption] = await Promise.all([
    keep('policy') ??
      read(
        () => s3.send(new GetBucketPolicyCommand({ Bucket })),
        (o) => mapPolicy(o.Policy),
        'NoSuchBucketPolicy',
        null,
      ),
    keep('objectLockDefaultRetention') ??
      read(
        () => s3.send(new GetObjectLockConfigurationCommand({ Bucket })),
        (o) => mapObjectLock(o),
        'ObjectLockConfigurationNotFoundError',
        false,
      ),
    keep('requesterPays') ??
      read(
        () => s3.send(new GetBucketRequestPaymentCommand({ Bucket })),
        (o) => mapRequesterPays(o),
        '-',
        false,
      ),
    keep('defaultEncryption') ??
      read(
        () => s3.send(new GetBucketEncryptionCommand({ Bucket })),
        (o) => mapEncryption(o),
        'ServerSideEncryptionConfigurationNotFoundError',
        null,
      ),
  ]);
  return { policy, objectLockDefaultRetention, requesterPays, defaultEncryption };
}
