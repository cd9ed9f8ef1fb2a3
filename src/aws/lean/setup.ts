/**
 * Builds the scan's lean client: the endpoint settings the SDK would resolve (custom endpoint,
 * AWS_ENDPOINT_URL_S3 / _CLOUDTRAIL / _ACCOUNT, FIPS and dual-stack from the environment or the profile, via
 * the SDK's own config loaders) and one shared keep-alive transport.
 */
import {
  loadConfig,
  NODE_USE_DUALSTACK_ENDPOINT_CONFIG_OPTIONS,
  NODE_USE_FIPS_ENDPOINT_CONFIG_OPTIONS,
} from '@smithy/core/config';
import { LeanClient } from './client.js';
import type { EndpointSettings } from './endpoints.js';
import { Transport } from './transport.js';

export interface LeanSetup {
  timeoutMs: number;
  maxSockets: number;
  maxAttempts: number;
  /** --endpoint-url / AWS_ENDPOINT_URL, as the caller resolved it. */
  endpoint?: string;
  profile?: string;
  env?: NodeJS.ProcessEnv;
}

async function flag(
  options: typeof NODE_USE_FIPS_ENDPOINT_CONFIG_OPTIONS,
  profile?: string,
): Promise<boolean> {
  try {
    return Boolean(await loadConfig(options, profile ? { profile } : {})());
  } catch {
    return false;
  }
}

/** What the SDK clients would use for S3 and CloudTrail endpoints (they read process.env themselves). */
export async function endpointSettings(
  setup: Pick<LeanSetup, 'endpoint' | 'profile' | 'env'>,
): Promise<EndpointSettings> {
  const env = setup.env ?? process.env;
  const ignoreConfigured = env.AWS_IGNORE_CONFIGURED_ENDPOINT_URLS === 'true';
  const serviceEndpoints: EndpointSettings['serviceEndpoints'] = {};
  if (!ignoreConfigured && !setup.endpoint) {
    if (env.AWS_ENDPOINT_URL_S3) serviceEndpoints.s3 = env.AWS_ENDPOINT_URL_S3;
    if (env.AWS_ENDPOINT_URL_CLOUDTRAIL) serviceEndpoints.cloudtrail = env.AWS_ENDPOINT_URL_CLOUDTRAIL;
    if (env.AWS_ENDPOINT_URL_ACCOUNT) serviceEndpoints.account = env.AWS_ENDPOINT_URL_ACCOUNT;
  }
  const [useFips, useDualstack] = await Promise.all([
    flag(NODE_USE_FIPS_ENDPOINT_CONFIG_OPTIONS, setup.profile),
    flag(NODE_USE_DUALSTACK_ENDPOINT_CONFIG_OPTIONS, setup.profile),
  ]);
  return { ...(setup.endpoint ? { endpoint: setup.endpoint } : {}), serviceEndpoints, useFips, useDualstack };
}

export async function leanClientFor(setup: LeanSetup): Promise<{ client: LeanClient; transport: Transport }> {
  const transport = new Transport({ timeoutMs: setup.timeoutMs, maxSockets: setup.maxSockets });
  const client = new LeanClient({
    transport,
    endpoints: await endpointSettings(setup),
    maxAttempts: setup.maxAttempts,
  });
  return { client, transport };
}
