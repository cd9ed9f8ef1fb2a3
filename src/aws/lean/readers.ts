/**
 * The hot-call readers over the lean client: S3 XML and CloudTrail JSON answers turned into the
 * SDK's output shapes (the members trailguard reads), without an SDK client or command object.
 * Parsing follows the SDK's restXml rules: an element present but empty is an empty structure,
 * `xsi:type` is the grantee's Type, repeated elements are lists.
 */
import type { Trail as SdkTrail } from '@aws-sdk/client-cloudtrail';
import type { HotReaders } from '../clients.js';
import type {
  AccountReader,
  CloudTrailReader,
  ListBucketsPage,
  ListRegionsPage,
  S3Reader,
} from '../readers.js';
import type { LeanClient, LeanCredentials } from './client.js';
import { child, list, rootOf, text } from './xml.js';

/** Counts an operation once (retries and redirects included), as the SDK clients' middleware does. */
export interface OperationCounter {
  started(operation: string): void;
  failed(operation: string): void;
}

async function counted<T>(
  counter: OperationCounter,
  operation: string,
  call: (count: { started(): void; failed(): void }) => Promise<T>,
): Promise<T> {
  const count = { started: () => counter.started(operation), failed: () => counter.failed(operation) };
  try {
    return await call(count);
  } catch (error) {
    counter.failed(operation);
    throw error;
  }
}

async function countedOnce<T>(
  counter: OperationCounter,
  operation: string,
  call: () => Promise<T>,
): Promise<T> {
  counter.started(operation);
  try {
    return await call();
  } catch (error) {
    counter.failed(operation);
    throw error;
  }
}

/** An optional structure member: present (even empty) → an object, absent → undefined. */
function struct(parent: Record<string, unknown>, name: string): Record<string, unknown> | undefined {
  if (!(name in parent)) return undefined;
  const value = parent[name];
  return value && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};
}

function defined<T extends object>(value: T): T {
  for (const key of Object.keys(value))
    if ((value as Record<string, unknown>)[key] === undefined) delete (value as Record<string, unknown>)[key];
  return value;
}

function body(response: { body: Buffer }): string {
  return response.body.toString('utf8');
}

function xmlRoot(response: { body: Buffer }): Record<string, unknown> {
  return response.body.length === 0 ? {} : rootOf(body(response));
}

export function leanS3Reader(
  client: LeanClient,
  credentials: LeanCredentials,
  counter: OperationCounter,
): S3Reader {
  const get = (operation: string, region: string, bucket: string, query: string) =>
    counted(counter, operation, (count) => client.s3(credentials, region, 'GET', bucket, query, count));
  return {
    async listBuckets(region, maxBuckets, token) {
      const query = `?max-buckets=${maxBuckets}${token ? `&continuation-token=${encodeURIComponent(token)}` : ''}`;
      const response = await counted(counter, 'ListBuckets', (count) =>
        client.s3(credentials, region, 'GET', undefined, query, count),
      );
      const root = xmlRoot(response);
      const page: ListBucketsPage = {
        Buckets: list<Record<string, unknown>>(child(root, 'Buckets').Bucket).map((b) =>
          defined({ Name: text(b.Name), BucketRegion: text(b.BucketRegion) }),
        ),
      };
      const next = text(root.ContinuationToken);
      if (next !== undefined) page.ContinuationToken = next;
      return page;
    },
    async headBucket(region, bucket) {
      const response = await counted(counter, 'HeadBucket', (count) =>
        client.s3(credentials, region, 'HEAD', bucket, '', count),
      );
      const value = response.headers['x-amz-bucket-region'];
      return typeof value === 'string' ? { BucketRegion: value } : {};
    },
    async getBucketLocation(region, bucket) {
      const response = await get('GetBucketLocation', region, bucket, '?location=');
      const value = text(Object.values(response.body.length ? rootDoc(body(response)) : {})[0]);
      return value ? { LocationConstraint: value } : {};
    },
    async getBucketLogging(region, bucket) {
      const root = xmlRoot(await get('GetBucketLogging', region, bucket, '?logging='));
      const enabled = struct(root, 'LoggingEnabled');
      if (!enabled) return {};
      const format = struct(enabled, 'TargetObjectKeyFormat');
      return {
        LoggingEnabled: defined({
          TargetBucket: text(enabled.TargetBucket),
          TargetPrefix: text(enabled.TargetPrefix) ?? ('TargetPrefix' in enabled ? '' : undefined),
          TargetObjectKeyFormat: format
            ? defined({
                PartitionedPrefix: struct(format, 'PartitionedPrefix'),
                SimplePrefix: struct(format, 'SimplePrefix'),
              })
            : undefined,
        }),
      };
    },
    async getBucketPolicy(region, bucket) {
      return { Policy: body(await get('GetBucketPolicy', region, bucket, '?policy=')) };
    },
    async getBucketAcl(region, bucket) {
      const root = xmlRoot(await get('GetBucketAcl', region, bucket, '?acl='));
      const grants = list<Record<string, unknown>>(child(root, 'AccessControlList').Grant).map((grant) => {
        const grantee = struct(grant, 'Grantee');
        return defined({
          Grantee: grantee
            ? defined({
                Type: text(grantee['xsi:type']),
                ID: text(grantee.ID),
                URI: text(grantee.URI),
                EmailAddress: text(grantee.EmailAddress),
                DisplayName: text(grantee.DisplayName),
              })
            : undefined,
          Permission: text(grant.Permission),
        });
      });
      return { Grants: grants } as Awaited<ReturnType<S3Reader['getBucketAcl']>>;
    },
    async getBucketOwnershipControls(region, bucket) {
      const root = xmlRoot(await get('GetBucketOwnershipControls', region, bucket, '?ownershipControls='));
      const rules = list<Record<string, unknown>>(root.Rule).map((r) =>
        defined({ ObjectOwnership: text(r.ObjectOwnership) }),
      );
      return { OwnershipControls: { Rules: rules } } as Awaited<
        ReturnType<S3Reader['getBucketOwnershipControls']>
      >;
    },
    async getObjectLockConfiguration(region, bucket) {
      const root = xmlRoot(await get('GetObjectLockConfiguration', region, bucket, '?object-lock='));
      const rule = struct(root, 'Rule');
      const retention = rule && struct(rule, 'DefaultRetention');
      return {
        ObjectLockConfiguration: defined({
          ObjectLockEnabled: text(root.ObjectLockEnabled),
          Rule: rule
            ? defined({ DefaultRetention: retention ? defined({ Mode: text(retention.Mode) }) : undefined })
            : undefined,
        }),
      } as Awaited<ReturnType<S3Reader['getObjectLockConfiguration']>>;
    },
    async getBucketEncryption(region, bucket) {
      const root = xmlRoot(await get('GetBucketEncryption', region, bucket, '?encryption='));
      const rules = list<Record<string, unknown>>(root.Rule).map((rule) => {
        const byDefault = struct(rule, 'ApplyServerSideEncryptionByDefault');
        return defined({
          ApplyServerSideEncryptionByDefault: byDefault
            ? defined({
                SSEAlgorithm: text(byDefault.SSEAlgorithm),
                KMSMasterKeyID: text(byDefault.KMSMasterKeyID),
              })
            : undefined,
        });
      });
      return { ServerSideEncryptionConfiguration: { Rules: rules } } as Awaited<
        ReturnType<S3Reader['getBucketEncryption']>
      >;
    },
    async getBucketRequestPayment(region, bucket) {
      const root = xmlRoot(await get('GetBucketRequestPayment', region, bucket, '?requestPayment='));
      return defined({ Payer: text(root.Payer) }) as Awaited<ReturnType<S3Reader['getBucketRequestPayment']>>;
    },
  };
}

function rootDoc(xml: string): Record<string, unknown> {
  // GetBucketLocation's root element holds text, not children.
  return rootOf(`<w>${xml.replace(/^<\?xml[^>]*\?>/, '')}</w>`);
}

/** JSON with `null` members dropped (the SDK drops them). */
function dropNulls<T>(value: T): T {
  if (Array.isArray(value)) return value.map(dropNulls) as T;
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) if (v !== null) out[k] = dropNulls(v);
    return out as T;
  }
  return value;
}

const TARGET = 'CloudTrail_20131101.';

export function leanCloudTrailReader(
  client: LeanClient,
  credentials: LeanCredentials,
  counter: OperationCounter,
): CloudTrailReader {
  const call = (operation: string, region: string, input: unknown) =>
    countedOnce(counter, operation, () =>
      client.json(credentials, 'cloudtrail', region, TARGET + operation, input),
    );
  return {
    async listTrails(region, token) {
      const out = dropNulls(await call('ListTrails', region, token ? { NextToken: token } : {}));
      return out as {
        Trails?: { TrailARN?: string; Name?: string; HomeRegion?: string }[];
        NextToken?: string;
      };
    },
    async describeTrails(region, arns) {
      const out = dropNulls(
        await call('DescribeTrails', region, { trailNameList: arns, includeShadowTrails: true }),
      );
      return out as { trailList?: SdkTrail[] };
    },
    async getTrailStatus(region, arn) {
      const out = await call('GetTrailStatus', region, { Name: arn });
      return typeof out.IsLogging === 'boolean' ? { IsLogging: out.IsLogging } : {};
    },
  };
}

/** Account Management over the lean client: `ListRegions` is restJson1 `POST /listRegions`. */
export function leanAccountReader(
  client: LeanClient,
  credentials: LeanCredentials,
  counter: OperationCounter,
): AccountReader {
  return {
    async listRegions(region, input) {
      const out = dropNulls(
        await countedOnce(counter, 'ListRegions', () =>
          client.restJson(credentials, 'account', region, '/listRegions', input),
        ),
      );
      return out as ListRegionsPage;
    },
  };
}

/** The lean path: one shared client, each account's readers only bind its credentials and counter. */
export function leanHotReaders(client: LeanClient): HotReaders {
  return {
    s3: (account) => leanS3Reader(client, account.credentials, account.settings.counter),
    cloudTrail: (account) => leanCloudTrailReader(client, account.credentials, account.settings.counter),
    account: (account) => leanAccountReader(client, account.credentials, account.settings.counter),
    // An account whose reads are done keeps no retry state (one strategy per service and Region).
    release: (account) => client.forget(account.credentials),
  };
}
