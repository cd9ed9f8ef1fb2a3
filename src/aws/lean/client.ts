/**
 * The lean signed client: one per scan, shared by every account. Each call takes the account's
 * credentials (resolved per request through the account's provider, so the standard chain's and
 * AssumeRole's refresh apply), is signed with aws4 (SigV4 with its signing-key cache per
 * day/Region/service/secret), sent on the shared keep-alive transport, retried by the SDK's own
 * adaptive retry strategy (`@smithy/core/retry`: token-bucket rate limiting and back-off on
 * throttling, same error classification), and answers the raw response or an SDK-shaped error.
 */
import {
  AdaptiveRetryStrategy,
  getRetryAfterHint,
  isServerError,
  isThrottlingError,
  isTransientError,
} from '@smithy/core/retry';
import type {
  AwsCredentialIdentity,
  AwsCredentialIdentityProvider,
  RetryErrorInfo,
  SdkError,
  StandardRetryToken,
} from '@smithy/types';
import {
  accountTarget,
  cloudTrailTarget,
  type EndpointSettings,
  s3Target,
  type Target,
} from './endpoints.js';
import { jsonError, restJsonError, s3Error } from './errors.js';
import { signHeaders } from './sign.js';
import type { Transport, WireResponse } from './transport.js';

export type LeanCredentials = AwsCredentialIdentity | AwsCredentialIdentityProvider;

export interface LeanClientOptions {
  transport: Transport;
  endpoints: EndpointSettings;
  /** Attempts per call, first one included (the SDK's maxAttempts). */
  maxAttempts: number;
}

const EMPTY_SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';

function retryErrorInfo(error: unknown): RetryErrorInfo {
  const e = error as SdkError;
  const errorType = isThrottlingError(e)
    ? 'THROTTLING'
    : isTransientError(e)
      ? 'TRANSIENT'
      : isServerError(e)
        ? 'SERVER_ERROR'
        : 'CLIENT_ERROR';
  const hint = getRetryAfterHint((error as { $response?: unknown }).$response);
  return { error: e, errorType, ...(hint ? { retryAfterHint: hint } : {}) };
}

export class LeanClient {
  /**
   * One adaptive retry strategy per credentials × service × Region, as one SDK client each had:
   * throttling of one account's S3 in one Region slows only that account's S3 calls there.
   */
  private readonly strategies = new WeakMap<object, Map<string, AdaptiveRetryStrategy>>();

  /**
   * Server time minus local time, from the responses' `Date` header (the SDK's `systemClockOffset`):
   * requests are signed with the corrected time, and an error that moved it by 4 minutes or more is
   * retried (the SDK's clock-skew correction, AWS-WIRE-NOTES 1.3).
   */
  private clockOffsetMs = 0;

  constructor(private readonly options: LeanClientOptions) {}

  /** Updates the clock offset from a response; marks `error` as clock-skew corrected when it moved far. */
  private sampleClock(response: WireResponse, sentAt: number, before: number, error?: Error): void {
    const date = response.headers.date;
    // A cached answer (Age) or one that took very long says nothing about the server's clock.
    if (typeof date !== 'string' || response.headers.age !== undefined || Date.now() - sentAt > 900_000)
      return;
    const serverTime = Date.parse(date);
    if (Number.isNaN(serverTime)) return;
    this.clockOffsetMs = serverTime - Date.now();
    const metadata = (error as { $metadata?: Record<string, unknown> } | undefined)?.$metadata;
    if (metadata && Math.abs(this.clockOffsetMs) >= 240_000 && this.clockOffsetMs !== before)
      metadata.clockSkewCorrected = true;
  }

  /** Drops the retry strategies of these credentials (an account whose reads are done). */
  forget(credentials: LeanCredentials): void {
    this.strategies.delete(credentials);
  }

  private strategy(credentials: LeanCredentials, key: string): AdaptiveRetryStrategy {
    let byKey = this.strategies.get(credentials);
    if (!byKey) {
      byKey = new Map();
      this.strategies.set(credentials, byKey);
    }
    let strategy = byKey.get(key);
    if (!strategy) {
      strategy = new AdaptiveRetryStrategy(this.options.maxAttempts);
      byKey.set(key, strategy);
    }
    return strategy;
  }

  /** Runs `attempt` until it succeeds or the strategy refuses another try (then the last error). */
  private async withRetries<T>(strategy: AdaptiveRetryStrategy, attempt: () => Promise<T>): Promise<T> {
    // The adaptive strategy hands out the standard strategy's tokens.
    let token = (await strategy.acquireInitialRetryToken('')) as StandardRetryToken;
    let attempts = 0;
    for (;;) {
      attempts++;
      try {
        const out = await attempt();
        strategy.recordSuccess(token);
        return out;
      } catch (error) {
        try {
          token = (await strategy.refreshRetryTokenForRetry(
            token,
            retryErrorInfo(error),
          )) as StandardRetryToken;
        } catch {
          const metadata = (error as { $metadata?: Record<string, unknown> }).$metadata;
          if (metadata) metadata.attempts = attempts;
          throw error;
        }
      }
    }
  }

  private async signed(
    credentials: LeanCredentials,
    service: string,
    region: string,
    target: Target,
    method: string,
    path: string,
    headers: Record<string, string>,
    body?: string,
  ): Promise<WireResponse & { fail(error: Error): Error; ok(): void }> {
    const identity = typeof credentials === 'function' ? await credentials() : credentials;
    const before = this.clockOffsetMs;
    const signedHeaders = signHeaders(identity, {
      service,
      region,
      host: target.host,
      method,
      path,
      headers,
      body,
      ...(before !== 0 ? { date: new Date(Date.now() + before) } : {}),
    });
    const sentAt = Date.now();
    const response = await this.options.transport.send({
      protocol: target.protocol,
      hostname: target.hostname,
      ...(target.port ? { port: target.port } : {}),
      path,
      method,
      headers: signedHeaders,
      ...(body !== undefined ? { body } : {}),
    });
    return Object.assign(response, {
      /** The error for this response, with the clock sampled (and the skew marked) as the SDK does. */
      fail: (error: Error) => {
        this.sampleClock(response, sentAt, before, error);
        return error;
      },
      ok: () => this.sampleClock(response, sentAt, before),
    });
  }

  /**
   * One S3 REST call on a bucket (or the service, without `bucket`): `query` is the sub-resource
   * (`?logging=`…). A wrong-Region answer (301, or 400 with IllegalLocationConstraintException, or
   * a HeadBucket 400) that names the bucket's Region in `x-amz-bucket-region` is followed once, as
   * the SDK's `followRegionRedirects` does. `count` sees each of the two as an operation, the first
   * one failed (the SDK's operation counter sits inside the redirect middleware and counts both).
   */
  async s3(
    credentials: LeanCredentials,
    region: string,
    method: 'GET' | 'HEAD',
    bucket: string | undefined,
    query: string,
    count?: { started(): void; failed(): void },
  ): Promise<WireResponse> {
    count?.started();
    try {
      return await this.s3Once(credentials, region, method, bucket, query);
    } catch (error) {
      const redirect = redirectRegion(error, method === 'HEAD');
      if (redirect === undefined) throw error;
      count?.failed();
      count?.started();
      return this.s3Once(credentials, redirect, method, bucket, query);
    }
  }

  private s3Once(
    credentials: LeanCredentials,
    region: string,
    method: 'GET' | 'HEAD',
    bucket: string | undefined,
    query: string,
  ): Promise<WireResponse> {
    const target = s3Target(this.options.endpoints, region, bucket);
    const path = `${target.basePath}/${query}`;
    return this.withRetries(this.strategy(credentials, `s3/${region}`), async () => {
      const response = await this.signed(credentials, 's3', region, target, method, path, {
        'x-amz-content-sha256': EMPTY_SHA256,
      });
      if (response.status >= 300)
        throw response.fail(s3Error(response.status, response.headers, response.body));
      // A 200 whose body is an <Error> is an error (the SDK's throw200Exceptions: retried as a 503).
      if (response.body.length > 0 && response.body.subarray(-16).toString('latin1').includes('</Error>'))
        throw response.fail(s3Error(503, response.headers, response.body));
      response.ok();
      return response;
    });
  }

  /** One awsJson1_1 call (CloudTrail): `POST /` with `X-Amz-Target`, parsed JSON answer. */
  json(
    credentials: LeanCredentials,
    service: 'cloudtrail',
    region: string,
    target: string,
    input: unknown,
  ): Promise<Record<string, unknown>> {
    const endpoint = cloudTrailTarget(this.options.endpoints, region);
    return this.postJson(
      credentials,
      service,
      region,
      endpoint,
      '/',
      { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': target },
      input,
      jsonError,
    );
  }

  /** One restJson1 call (Account Management `POST /listRegions`): JSON body, parsed JSON answer. */
  restJson(
    credentials: LeanCredentials,
    service: 'account',
    region: string,
    path: string,
    input: unknown,
  ): Promise<Record<string, unknown>> {
    const endpoint = accountTarget(this.options.endpoints, region);
    return this.postJson(
      credentials,
      service,
      region,
      endpoint,
      path,
      { 'content-type': 'application/json' },
      input,
      restJsonError,
    );
  }

  private postJson(
    credentials: LeanCredentials,
    service: string,
    region: string,
    endpoint: Target,
    operationPath: string,
    headers: Record<string, string>,
    input: unknown,
    toError: typeof jsonError,
  ): Promise<Record<string, unknown>> {
    const body = JSON.stringify(input);
    const path = `${endpoint.basePath}${operationPath}`;
    return this.withRetries(this.strategy(credentials, `${service}/${region}`), async () => {
      const response = await this.signed(credentials, service, region, endpoint, 'POST', path, headers, body);
      if (response.status >= 300)
        throw response.fail(toError(response.status, response.headers, response.body));
      response.ok();
      if (response.body.length === 0) return {};
      const parsed: unknown = JSON.parse(response.body.toString('utf8'));
      return parsed && typeof parsed === 'object' ? (parsed as Record<string, unknown>) : {};
    });
  }
}

/** The SDK's region-redirect rule (middleware-sdk-s3 `regionRedirectMiddleware`). */
function redirectRegion(error: unknown, isHeadBucket: boolean): string | undefined {
  const e = error as {
    name?: string;
    $metadata?: { httpStatusCode?: number };
    $response?: { headers?: Record<string, string | undefined> };
  };
  const region = e.$response?.headers?.['x-amz-bucket-region'];
  if (!region) return undefined;
  const status = e.$metadata?.httpStatusCode;
  if (status === 301 || (status === 400 && (e.name === 'IllegalLocationConstraintException' || isHeadBucket)))
    return region;
  return undefined;
}
