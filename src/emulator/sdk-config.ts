/**
 * SDK client settings for talking to the emulator. `*.localhost` names do not resolve through the
 * system resolver on every machine, so virtual-hosted S3 addressing (`bucket.localhost:port`) needs
 * an HTTP agent whose lookup maps every `localhost` name to the loopback address.
 */
import { Agent } from 'node:http';
import type { LookupFunction } from 'node:net';

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
