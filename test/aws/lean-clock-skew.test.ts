/**
 * Clock skew, as the SDK handles it (AWS-WIRE-NOTES 1.3): an error answer whose `Date` is 4 minutes
 * or more away from the local clock is retried whatever its code, and the retry (and every later
 * request) is signed with the server's time.
 */
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { LeanClient } from '../../src/aws/lean/client.js';
import { Transport } from '../../src/aws/lean/transport.js';

const credentials = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' };

/** X-Amz-Date (20261205T235930Z) → epoch ms. */
function amzDate(req: IncomingMessage): number {
  const v = String(req.headers['x-amz-date']);
  return Date.parse(
    `${v.slice(0, 4)}-${v.slice(4, 6)}-${v.slice(6, 8)}T${v.slice(9, 11)}:${v.slice(11, 13)}:${v.slice(13, 15)}Z`,
  );
}

describe('lean client clock skew', () => {
  it('retries an error from a server an hour behind, signed with its time from then on', async () => {
    const hourAgo = () => new Date(Date.now() - 3_600_000).toUTCString();
    const signedAt: number[] = [];
    const server = createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        signedAt.push(amzDate(req));
        const late = signedAt.length > 1 && Math.abs(signedAt.at(-1)! - (Date.now() - 3_600_000)) < 60_000;
        if (!late) {
          res.writeHead(400, { 'content-type': 'application/x-amz-json-1.1', date: hourAgo() });
          // Not a retryable error by itself: only the clock-skew correction retries it.
          res.end(JSON.stringify({ __type: 'AccessDeniedException', message: 'denied' }));
          return;
        }
        res.writeHead(200, { 'content-type': 'application/x-amz-json-1.1', date: hourAgo() });
        res.end(JSON.stringify({ trailList: [] }));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const transport = new Transport({ timeoutMs: 5000, maxSockets: 4 });
    try {
      const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      const client = new LeanClient({
        transport,
        endpoints: { endpoint, useFips: false, useDualstack: false },
        maxAttempts: 3,
      });
      const out = await client.json(
        credentials,
        'cloudtrail',
        'us-east-1',
        'CloudTrail_20131101.DescribeTrails',
        {},
      );
      expect(out).toEqual({ trailList: [] });
      expect(signedAt).toHaveLength(2);
      // First signed with the local clock, the retry with the server's (an hour behind).
      expect(Math.abs((signedAt[0] as number) - Date.now())).toBeLessThan(60_000);
      expect(Math.abs((signedAt[1] as number) - (Date.now() - 3_600_000))).toBeLessThan(60_000);
      // Later calls keep the corrected time.
      await client.json(credentials, 'cloudtrail', 'us-east-1', 'CloudTrail_20131101.DescribeTrails', {});
      expect(signedAt).toHaveLength(3);
    } finally {
      transport.destroy();
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('does not retry the same error when the clocks agree', async () => {
    let requests = 0;
    const server = createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        requests++;
        res.writeHead(400, { 'content-type': 'application/x-amz-json-1.1', date: new Date().toUTCString() });
        res.end(JSON.stringify({ __type: 'AccessDeniedException', message: 'denied' }));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const transport = new Transport({ timeoutMs: 5000, maxSockets: 4 });
    try {
      const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      const client = new LeanClient({
        transport,
        endpoints: { endpoint, useFips: false, useDualstack: false },
        maxAttempts: 3,
      });
      await expect(
        client.json(credentials, 'cloudtrail', 'us-east-1', 'CloudTrail_20131101.DescribeTrails', {}),
      ).rejects.toMatchObject({ name: 'AccessDeniedException' });
      expect(requests).toBe(1);
    } finally {
      transport.destroy();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
