/**
 * S3 reads. Every failure becomes an error value on the field being read (DESIGN 5.1); nothing here
 * throws for an AWS error.
 */

import { type Health, readBucketHealth } from '../../aws/bucket-health.js';
import { errorHeader, httpStatus, toReadError } from '../../aws/errors.js';
import { mapLogging } from '../../aws/map.js';
import type { Bucket, LoggingConfig } from '../../inventory/model.js';
import type { ErrorValue, Read } from '../../inventory/read.js';
import type { AccountClients } from './clients.js';

/** ListBuckets page size: with `max-buckets` S3 also returns each bucket's Region (AWS-WIRE-NOTES 2.4). */
export const LIST_BUCKETS_PAGE = 1000;

export interface OwnedBucket {
  name: string;
  /** From ListBuckets BucketRegion; absent when S3 did not return it. */
  region?: string;
}

/**
 * One paginated ListBuckets: the complete list of the account's buckets, with their Regions.
 * `onPage` sees each page as it arrives, so the caller can start that page's bucket reads before
 * the next page is listed.
 */
export async function listBuckets(
  clients: AccountClients,
  region: string,
  onPage?: (page: OwnedBucket[]) => void,
): Promise<Read<OwnedBucket[]>> {
  try {
    // One slot of the limit for the whole listing: its pages are sequential anyway.
    return await clients.limit(
      's3',
      async () => {
        const buckets: OwnedBucket[] = [];
        const s3 = clients.s3Reader();
        let token: string | undefined;
        do {
          const answer = await s3.listBuckets(region, LIST_BUCKETS_PAGE, token);
          const page: OwnedBucket[] = [];
          for (const bucket of answer.Buckets ?? []) {
            if (!bucket.Name) continue;
            page.push(
              bucket.BucketRegion
                ? { name: bucket.Name, region: bucket.BucketRegion }
                : { name: bucket.Name },
            );
          }
          buckets.push(...page);
          onPage?.(page);
          // Like the SDK paginator: an absent or empty token ends the listing.
          token = answer.ContinuationToken || undefined;
        } while (token);
        return buckets;
      },
      region,
    );
  } catch (error) {
    return { error: toReadError(error) };
  }
}

export interface Probe {
  exists: Read<boolean>;
  region?: Read<string>;
  /** HeadBucket succeeded: the caller may read the bucket. */
  readable: boolean;
  /** The error HeadBucket answered (403 etc.), to put on the fields that were not read. */
  error?: ErrorValue;
}

/**
 * HeadBucket: existence and Region of any bucket, also one the caller cannot read. Its errors have no
 * body, so the status decides (404 missing, 403 exists but not ours) and the Region comes from the
 * `x-amz-bucket-region` header, which S3 sends whatever the permissions (AWS-WIRE-NOTES 2.7).
 */
export async function probeBucket(clients: AccountClients, name: string, region: string): Promise<Probe> {
  try {
    const output = await clients.limit('s3', () => clients.s3Reader().headBucket(region, name), region);
    return { exists: true, readable: true, region: output.BucketRegion ?? region };
  } catch (error) {
    const status = httpStatus(error);
    const headerRegion = errorHeader(error, 'x-amz-bucket-region');
    const read = { error: toReadError(error) };
    if (status === 404) return { exists: false, readable: false, error: read };
    if (status === 403) {
      return {
        exists: true,
        readable: false,
        error: read,
        ...(headerRegion ? { region: headerRegion } : {}),
      };
    }
    return { exists: read, readable: false, error: read, region: headerRegion ?? read };
  }
}

/**
 * A bucket no scanned account owns (a trail's bucket or log target elsewhere): HeadBucket from the account
 * that refers to it gives existence and Region; its logging is read when the bucket is readable from here,
 * otherwise the HeadBucket error (403: owned outside the scan) stands on the field.
 */
export async function readUnownedBucket(
  clients: AccountClients,
  name: string,
  region: string,
): Promise<Bucket> {
  const probe = await probeBucket(clients, name, region);
  const bucket: Bucket = { name, account: null, exists: probe.exists };
  if (probe.region !== undefined) bucket.region = probe.region;
  if (probe.exists === false) return bucket;
  if (probe.readable && typeof probe.region === 'string') {
    bucket.logging = (await readLogging(clients, name, probe.region)).logging;
  } else if (probe.error) {
    bucket.logging = probe.error;
  }
  return bucket;
}

export interface LoggingRead {
  logging: Read<LoggingConfig | null>;
  /** GetBucketLogging answered NoSuchBucket (deleted since ListBuckets). */
  missing: boolean;
}

export async function readLogging(
  clients: AccountClients,
  name: string,
  region: string,
): Promise<LoggingRead> {
  try {
    const output = await clients.limit('s3', () => clients.s3Reader().getBucketLogging(region, name), region);
    return { logging: mapLogging(output), missing: false };
  } catch (error) {
    const read = toReadError(error);
    return { logging: { error: read }, missing: read.code === 'NoSuchBucket' };
  }
}

/**
 * The six reads that decide whether a log target can receive logs, in its Region (the AWS access
 * layer's bucket-health reads).
 */
export async function readTargetHealth(
  clients: AccountClients,
  name: string,
  region: string,
): Promise<Health> {
  return (await readBucketHealth(clients, name, region)) as Health;
}
