/**
 * The lean client sends each request where the AWS SDK v3 would: the SDK's own endpoint resolution
 * (its S3 and CloudTrail clients, the request captured before it leaves) is the reference, over
 * partitions, FIPS, dual-stack, custom endpoints and bucket names that do or do not fit in a host.
 */
import { AccountClient, ListRegionsCommand } from '@aws-sdk/client-account';
import { CloudTrailClient, ListTrailsCommand } from '@aws-sdk/client-cloudtrail';
import { GetBucketLoggingCommand, S3Client } from '@aws-sdk/client-s3';
import type { HttpRequest } from '@smithy/types';
import { describe, expect, it } from 'vitest';
import {
  accountTarget,
  cloudTrailTarget,
  type EndpointSettings,
  s3Target,
} from '../../src/aws/lean/endpoints.js';

const credentials = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' };

class Captured extends Error {
  constructor(readonly request: HttpRequest) {
    super('captured');
  }
}

/** A request handler that records the request instead of sending it. */
const capture = {
  handle: async (request: HttpRequest) => {
    throw new Captured(request);
  },
};

async function sdkUrl(send: () => Promise<unknown>): Promise<string> {
  try {
    await send();
  } catch (error) {
    if (error instanceof Captured) {
      const r = error.request;
      return `${r.protocol}//${r.hostname}${r.port ? `:${r.port}` : ''}${r.path}`;
    }
    throw error;
  }
  throw new Error('no request');
}

function sdkConfig(region: string, settings: EndpointSettings) {
  return {
    region,
    credentials,
    requestHandler: capture,
    maxAttempts: 1,
    useFipsEndpoint: settings.useFips,
    useDualstackEndpoint: settings.useDualstack,
    ...(settings.endpoint ? { endpoint: settings.endpoint } : {}),
  };
}

const REGIONS = ['us-east-1', 'eu-west-1', 'cn-north-1', 'us-gov-west-1', 'ap-southeast-3'];
const BUCKETS = ['plain-bucket', 'dotted.bucket.name', 'ab', 'Upper_Case'];
const SETTINGS: EndpointSettings[] = [
  { useFips: false, useDualstack: false },
  { useFips: true, useDualstack: false },
  { useFips: false, useDualstack: true },
  { useFips: true, useDualstack: true },
  { useFips: false, useDualstack: false, endpoint: 'http://127.0.0.1:4566' },
  { useFips: false, useDualstack: false, endpoint: 'http://localhost:4566' },
  { useFips: false, useDualstack: false, endpoint: 'https://s3.example.internal' },
];

function url(target: ReturnType<typeof s3Target>, rest: string): string {
  return `${target.protocol}//${target.host}${target.basePath}${rest}`;
}

describe('lean endpoints = SDK endpoints', () => {
  const cases = SETTINGS.flatMap((settings) =>
    REGIONS.flatMap((region) => BUCKETS.map((bucket) => ({ settings, region, bucket }))),
  );
  it.each(cases)('S3 $region $bucket $settings', async ({ settings, region, bucket }) => {
    // FIPS is not offered in every partition/Region: where the SDK refuses, the lean path is not asked.
    let expected: string;
    try {
      expected = await sdkUrl(() =>
        new S3Client(sdkConfig(region, settings)).send(new GetBucketLoggingCommand({ Bucket: bucket })),
      );
    } catch {
      return;
    }
    expect(url(s3Target(settings, region, bucket), '/')).toBe(expected);
  });

  it.each(SETTINGS.flatMap((settings) => REGIONS.map((region) => ({ settings, region }))))(
    'CloudTrail $region $settings',
    async ({ settings, region }) => {
      let expected: string;
      try {
        expected = await sdkUrl(() =>
          new CloudTrailClient(sdkConfig(region, settings)).send(new ListTrailsCommand({})),
        );
      } catch {
        return;
      }
      const target = cloudTrailTarget(settings, region);
      expect(`${target.protocol}//${target.host}${target.basePath}/`).toBe(expected);
    },
  );

  // The Account API is called in each partition's global Region (sources/aws/discovery.ts).
  it.each(
    SETTINGS.flatMap((settings) =>
      ['us-east-1', 'cn-northwest-1', 'us-gov-west-1'].map((region) => ({ settings, region })),
    ),
  )('Account $region $settings', async ({ settings, region }) => {
    let expected: string;
    try {
      expected = await sdkUrl(() =>
        new AccountClient(sdkConfig(region, settings)).send(new ListRegionsCommand({ MaxResults: 50 })),
      );
    } catch {
      return;
    }
    const target = accountTarget(settings, region);
    expect(`${target.protocol}//${target.host}${target.basePath}/listRegions`).toBe(expected);
  });
});
