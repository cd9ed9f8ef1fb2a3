/**
 * Opens trailguard's access to AWS for one run (a scan, or `fix`): the base credentials (standard
 * chain or explicit), one SDK HTTP handler (keep-alive, per-call timeout) for the SDK clients, the
 * lean client for the hot calls (or the SDK path, `awsClient: 'sdk'`), and the settings every
 * account's AccountClients share. `close()` ends the sockets.
 */
import { NodeHttpHandler } from '@smithy/node-http-handler';
import type { AwsCredentialIdentityProvider } from '@smithy/types';
import { type CallCounter, type ClientSettings, ScanLimits } from './clients.js';
import { baseCredentials } from './credentials.js';
import { leanClientFor } from './lean/setup.js';
import type { AwsOptions } from './options.js';
import { clientKindFrom } from './readers.js';

export interface AccessLimits {
  timeoutMs: number;
  maxAttempts: number;
  /** Calls of one service per account and Region in flight. */
  perAccount: number;
  /** Calls of one service in flight across the run. */
  perService: number;
  /** Sockets per host: at least the calls the limiters let run at once. */
  maxSockets: number;
}

export interface AwsAccess {
  settings: ClientSettings;
  base: AwsCredentialIdentityProvider;
  close(): void;
}

export async function openAwsAccess(
  options: AwsOptions,
  counter: CallCounter,
  limits: AccessLimits,
): Promise<AwsAccess> {
  const env = options.env ?? process.env;
  const { timeoutMs, maxSockets } = limits;
  const requestHandler = new NodeHttpHandler({
    requestTimeout: timeoutMs,
    // Without it the handler only logs a warning when requestTimeout passes and a request that is
    // never answered hangs the scan for ever (@smithy/node-http-handler 4.x setRequestTimeout); with
    // it the call fails with a retryable TimeoutError (the SDK retries it, then an error value).
    throwOnRequestTimeout: true,
    connectionTimeout: Math.min(timeoutMs, 10_000),
    // The limiters bound the calls in flight; the SDK's default agent (50 sockets per host) must not
    // add a tighter hidden one when every service is behind one endpoint (--endpoint-url).
    httpAgent: { maxSockets },
    httpsAgent: { maxSockets },
  });
  const endpoint = options.endpointUrl ?? (env.AWS_ENDPOINT_URL || undefined);
  const lean =
    clientKindFrom(process.env, options.awsClient) === 'lean'
      ? await leanClientFor({
          timeoutMs,
          maxSockets,
          maxAttempts: limits.maxAttempts,
          ...(endpoint ? { endpoint } : {}),
          ...(options.profile ? { profile: options.profile } : {}),
        })
      : undefined;
  const settings: ClientSettings = {
    // Only the chosen path's modules are loaded (the SDK's S3 and CloudTrail clients are large).
    hotReaders: lean
      ? (await import('./lean/readers.js')).leanHotReaders(lean.client)
      : (await import('./sdk-readers.js')).sdkHotReaders,
    ...(endpoint ? { endpoint } : {}),
    maxAttempts: limits.maxAttempts,
    requestHandler,
    counter,
    concurrency: limits.perAccount,
    scanLimits: new ScanLimits(limits.perService),
  };
  return {
    settings,
    base: baseCredentials(options),
    close() {
      requestHandler.destroy();
      lean?.transport.destroy();
    },
  };
}
