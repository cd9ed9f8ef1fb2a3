/**
 * The reads that decide whether a bucket can receive server access logs (AWS-WIRE-NOTES 3: policy,
 * ACL, Object Ownership, Object Lock default retention, default encryption, Requester Pays), in the
 * bucket's Region, under the account's limits and counter. Used by the scan (a log target's health)
 * and by `fix` (a chosen target the scan did not read). Every failure is an error value on its field;
 * a "not configured" answer is a value (AWS-WIRE-NOTES 2.10–2.14).
 */
import type { Bucket } from '../inventory/model.js';
import { errorValue, type Read } from '../inventory/read.js';
import type { AccountClients } from './clients.js';
import { toReadError } from './errors.js';
import {
  mapAcl,
  mapEncryption,
  mapObjectLock,
  mapOwnership,
  mapPolicy,
  mapRequesterPays,
  NOT_CONFIGURED,
} from './map.js';
import type { S3Reader } from './readers.js';

export type HealthField =
  | 'policy'
  | 'acl'
  | 'ownership'
  | 'objectLockDefaultRetention'
  | 'defaultEncryption'
  | 'requesterPays';

export type Health = Pick<Bucket, HealthField>;

export const HEALTH_FIELDS: readonly HealthField[] = [
  'policy',
  'acl',
  'ownership',
  'objectLockDefaultRetention',
  'defaultEncryption',
  'requesterPays',
];

interface FieldRead<O, T> {
  operation: string;
  send: (s3: S3Reader, region: string, bucket: string) => Promise<O>;
  map: (output: O) => Read<T>;
  notConfigured: () => Read<T>;
}

const field = <O, T>(read: FieldRead<O, T>): FieldRead<unknown, unknown> =>
  read as FieldRead<unknown, unknown>;

const READS: Record<HealthField, FieldRead<unknown, unknown>> = {
  policy: field({
    operation: 'GetBucketPolicy',
    send: (s3, region, bucket) => s3.getBucketPolicy(region, bucket),
    map: (o) => mapPolicy(o.Policy),
    notConfigured: () => null,
  }),
  acl: field({
    operation: 'GetBucketAcl',
    send: (s3, region, bucket) => s3.getBucketAcl(region, bucket),
    map: (o) => mapAcl(o),
    notConfigured: () => errorValue('Unknown', 'unreachable'),
  }),
  ownership: field({
    operation: 'GetBucketOwnershipControls',
    send: (s3, region, bucket) => s3.getBucketOwnershipControls(region, bucket),
    map: (o) => mapOwnership(o),
    notConfigured: () => null,
  }),
  objectLockDefaultRetention: field({
    operation: 'GetObjectLockConfiguration',
    send: (s3, region, bucket) => s3.getObjectLockConfiguration(region, bucket),
    map: (o) => mapObjectLock(o),
    notConfigured: () => false,
  }),
  defaultEncryption: field({
    operation: 'GetBucketEncryption',
    send: (s3, region, bucket) => s3.getBucketEncryption(region, bucket),
    map: (o) => mapEncryption(o),
    notConfigured: () => null,
  }),
  requesterPays: field({
    operation: 'GetBucketRequestPayment',
    send: (s3, region, bucket) => s3.getBucketRequestPayment(region, bucket),
    map: (o) => mapRequesterPays(o),
    notConfigured: () => errorValue('Unknown', 'unreachable'),
  }),
};

async function readOne(
  clients: AccountClients,
  read: FieldRead<unknown, unknown>,
  bucket: string,
  region: string,
): Promise<Read<unknown>> {
  try {
    const s3 = clients.s3Reader();
    return read.map(await clients.limit('s3', () => read.send(s3, region, bucket), region));
  } catch (error) {
    const failure = toReadError(error);
    if (NOT_CONFIGURED[read.operation] === failure.code) return read.notConfigured();
    return { error: failure };
  }
}

/** Reads `fields` (all six by default) of `bucket` in `region`, all at once. */
export async function readBucketHealth(
  clients: AccountClients,
  bucket: string,
  region: string,
  fields: readonly HealthField[] = HEALTH_FIELDS,
): Promise<Partial<Health>> {
  const values = await Promise.all(fields.map((name) => readOne(clients, READS[name], bucket, region)));
  const out: Partial<Record<HealthField, unknown>> = {};
  fields.forEach((name, i) => {
    out[name] = values[i];
  });
  return out as Partial<Health>;
}
