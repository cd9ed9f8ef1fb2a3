/**
 * SDK client settings for talking to the emulator. `*.localhost` names do not resolve through the
 * system resolver on every machine, so virtual-hosted S3 addressing (`bucket.localhost:port`) needs
 * an HTTP agent whose lookup maps every `localhost` name to the loopback address.
 */
import { Agent } from 'node:http';
import type { LookupFunction } from 'node:net';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import type { Credentials } from './api.js';

export const localhostLookup: LookupFunction = (hostname, options, callback) => {
  if (hostname === 'localhost' || hostname.endsWith('.localhost')) {
    if (typeof options === 'object' && options && 'all' in options && options.all) {
      (callback as unknown as (e: null, a: { address: string; family: number }[]) => void)(null, [
        { address: '127.0.0.1', family: 4 },
      ]);
      return;
    }
    callback(null, '127.0.0.1', 4);
    return;
  }
  callback(
    Object.assign(new Error(`emulator lookup: ${hostname} is not a localhost name`), { code: 'ENOTFOUND' }),
    '',
    4,
  );
};

/** An HTTP agent resolving `*.localhost` to 127.0.0.1 (keep-alive, like the SDK default). */
export function localhostAgent(): Agent {
  return new Agent({ keepAlive: true, lookup: localhostLookup });
}

export interface EmulatorClientOptions {
  region?: string;
  /** Use `bucket.localhost` Host addressing instead of path-style (needs `hostnameEndpoint`). */
  virtualHosted?: boolean;
}

/** Config for any `@aws-sdk/client-*` constructor: endpoint, Region, credentials, request handler. */
export function emulatorClientConfig(
  handle: { endpoint: string; hostnameEndpoint: string },
  credentials: Credentials,
  options: EmulatorClientOptions = {},
): {
  endpoint: string;
  region: string;
  credentials: Credentials;
  forcePathStyle: boolean;
  requestHandler: NodeHttpHandler;
} {
  return {
    endpoint: options.virtualHosted ? handle.hostnameEndpoint : handle.endpoint,
    region: options.region ?? 'us-east-1',
    credentials,
    forcePathStyle: !options.virtualHosted,
    requestHandler: new NodeHttpHandler({ httpAgent: localhostAgent() }),
  };
}
