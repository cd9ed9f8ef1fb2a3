/** Shared set-up for the emulator tests: real SDK clients pointed at an in-process emulator. */
import { AccountClient } from '@aws-sdk/client-account';
import { CloudTrailClient } from '@aws-sdk/client-cloudtrail';
import { ConfigServiceClient } from '@aws-sdk/client-config-service';
import { EC2Client } from '@aws-sdk/client-ec2';
import { OrganizationsClient } from '@aws-sdk/client-organizations';
import { S3Client } from '@aws-sdk/client-s3';
import { STSClient } from '@aws-sdk/client-sts';
import { ConfiguredRetryStrategy } from '@smithy/core/retry';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import type { Credentials, EmulatorHandle } from '../../src/emulator/index.js';
import { localhostAgent } from '../../src/emulator/index.js';

export interface ClientOptions {
  region?: string;
  maxAttempts?: number;
  virtualHosted?: boolean;
  followRegionRedirects?: boolean;
  requestTimeout?: number;
}

/** Only endpoint, Region, credentials (and forcePathStyle / a loopback-resolving agent / fast retries). */
function base(handle: EmulatorHandle, credentials: Credentials, o: ClientOptions) {
  const maxAttempts = o.maxAttempts ?? 3;
  return {
    endpoint: o.virtualHosted ? handle.hostnameEndpoint : handle.endpoint,
    region: o.region ?? 'us-east-1',
    credentials,
    // 5 ms between attempts keeps retry tests fast; the SDK still counts and classifies attempts.
    retryStrategy: new ConfiguredRetryStrategy(maxAttempts, () => 5),
    requestHandler: new NodeHttpHandler({
      httpAgent: localhostAgent(),
      // Without throwOnRequestTimeout the current handler only logs a warning when requestTimeout passes.
      ...(o.requestTimeout ? { requestTimeout: o.requestTimeout, throwOnRequestTimeout: true } : {}),
    }),
  };
}

export function s3(handle: EmulatorHandle, credentials: Credentials, o: ClientOptions = {}): S3Client {
  return new S3Client({
    ...base(handle, credentials, o),
    forcePathStyle: !o.virtualHosted,
    followRegionRedirects: o.followRegionRedirects ?? false,
  });
}

export function cloudtrail(
  handle: EmulatorHandle,
  credentials: Credentials,
  o: ClientOptions = {},
): CloudTrailClient {
  return new CloudTrailClient(base(handle, credentials, o));
}

export function config(
  handle: EmulatorHandle,
  credentials: Credentials,
  o: ClientOptions = {},
): ConfigServiceClient {
  return new ConfigServiceClient(base(handle, credentials, o));
}

export function sts(handle: EmulatorHandle, credentials: Credentials, o: ClientOptions = {}): STSClient {
  return new STSClient(base(handle, credentials, o));
}

export function organizations(
  handle: EmulatorHandle,
  credentials: Credentials,
  o: ClientOptions = {},
): OrganizationsClient {
  return new OrganizationsClient(base(handle, credentials, o));
}

export function ec2(handle: EmulatorHandle, credentials: Credentials, o: ClientOptions = {}): EC2Client {
  return new EC2Client(base(handle, credentials, o));
}

export function account(
  handle: EmulatorHandle,
  credentials: Credentials,
  o: ClientOptions = {},
): AccountClient {
  return new AccountClient(base(handle, credentials, o));
}

/** The rejection of a promise, typed loosely as SDK errors are (name, $metadata, $response, extra members). */
export async function failure(p: Promise<unknown>): Promise<{
  name: string;
  message: string;
  $metadata: { httpStatusCode?: number; attempts?: number };
  $response?: { headers: Record<string, string> };
  [k: string]: unknown;
}> {
  try {
    await p;
  } catch (error) {
    return error as Awaited<ReturnType<typeof failure>>;
  }
  throw new Error('expected the call to fail, it succeeded');
}
