/**
 * One HTTP(S) transport for every lean call of a scan: a keep-alive agent per scheme (sockets are
 * reused across accounts, Regions and services), a per-call timeout, and the raw answer (status,
 * lower-case headers, body bytes). No retries here (client.ts), no AWS semantics.
 */
import { Agent as HttpAgent, request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import type { LookupFunction } from 'node:net';

export interface WireRequest {
  protocol: 'http:' | 'https:';
  hostname: string;
  port?: number;
  /** Path and query, already encoded. */
  path: string;
  method: string;
  headers: Record<string, string>;
  body?: string;
}

export interface WireResponse {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

export interface TransportOptions {
  /** Per-call timeout: no byte for this long (connect or answer) fails the attempt with TimeoutError. */
  timeoutMs: number;
  /** Sockets per host; the scan's limiters bound the calls in flight, this must not bind tighter. */
  maxSockets: number;
  /** DNS lookup override (the emulator's `*.localhost` names in tests). */
  lookup?: LookupFunction;
}

/** The error name the SDK gives a call that timed out (retried as transient, AWS-WIRE-NOTES 1.3). */
function timeoutError(ms: number): Error {
  const error = new Error(`Request timed out after ${ms} ms`);
  error.name = 'TimeoutError';
  return error;
}

export class Transport {
  private readonly http: HttpAgent;
  private readonly https: HttpsAgent;

  constructor(private readonly options: TransportOptions) {
    const agent = {
      keepAlive: true,
      maxSockets: options.maxSockets,
      ...(options.lookup ? { lookup: options.lookup } : {}),
    };
    this.http = new HttpAgent(agent);
    this.https = new HttpsAgent(agent);
  }

  send(req: WireRequest): Promise<WireResponse> {
    const { timeoutMs } = this.options;
    return new Promise<WireResponse>((resolve, reject) => {
      const send = req.protocol === 'https:' ? httpsRequest : httpRequest;
      const outgoing = send(
        {
          protocol: req.protocol,
          hostname: req.hostname,
          ...(req.port ? { port: req.port } : {}),
          path: req.path,
          method: req.method,
          headers: req.headers,
          agent: req.protocol === 'https:' ? this.https : this.http,
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('error', reject);
          res.on('end', () =>
            resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }),
          );
        },
      );
      outgoing.setTimeout(timeoutMs, () => outgoing.destroy(timeoutError(timeoutMs)));
      outgoing.on('error', reject);
      outgoing.end(req.body);
    });
  }

  destroy(): void {
    this.http.destroy();
    this.https.destroy();
  }
}
