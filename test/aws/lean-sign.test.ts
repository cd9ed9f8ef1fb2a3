/**
 * The lean client's SigV4 (aws4, per-request credentials, cached signing keys) gives the same
 * Authorization header as the SDK's own signer (@smithy/signature-v4) for the requests it sends:
 * S3 GETs with a sub-resource (virtual-hosted and path-style) and CloudTrail JSON POSTs, with and
 * without a session token, and again after the signing key is cached.
 */
import { createHash, createHmac } from 'node:crypto';
import { SignatureV4 } from '@smithy/signature-v4';
import type { SourceData } from '@smithy/types';
import { describe, expect, it } from 'vitest';
import { signHeaders } from '../../src/aws/lean/sign.js';

const bytes = (data: SourceData): string | Uint8Array =>
  typeof data === 'string' || data instanceof Uint8Array
    ? data
    : new Uint8Array(ArrayBuffer.isView(data) ? data.buffer : data);

class Sha256 {
  private readonly hash;
  constructor(secret?: SourceData) {
    this.hash = secret ? createHmac('sha256', bytes(secret)) : createHash('sha256');
  }
  update(data: Uint8Array) {
    this.hash.update(data);
  }
  async digest() {
    return new Uint8Array(this.hash.digest());
  }
}

const date = new Date('2026-12-05T23:59:30Z');
const EMPTY = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';

async function smithy(
  identity: { accessKeyId: string; secretAccessKey: string; sessionToken?: string },
  r: {
    service: string;
    region: string;
    host: string;
    method: string;
    path: string;
    query: Record<string, string>;
    headers: Record<string, string>;
    body?: string;
  },
) {
  const signer = new SignatureV4({
    credentials: identity,
    region: r.region,
    service: r.service,
    sha256: Sha256,
    uriEscapePath: r.service !== 's3',
    // Same signed header set as the lean request (S3 always sends the payload hash; JSON services need not).
    applyChecksum: r.service === 's3',
  });
  const signed = await signer.sign(
    {
      method: r.method,
      protocol: 'https:',
      hostname: r.host,
      path: r.path,
      query: r.query,
      headers: { host: r.host, ...r.headers },
      ...(r.body !== undefined ? { body: r.body } : {}),
    },
    { signingDate: date },
  );
  return signed.headers.authorization;
}

const identities = [
  { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' },
  {
    accessKeyId: 'ASIAEXAMPLE',
    secretAccessKey: 'secret/with+chars',
    sessionToken: 'FwoGZXIvYXdzE//token==',
  },
];

describe('lean SigV4 = SDK SigV4', () => {
  it.each(identities)('S3 GET sub-resources ($accessKeyId)', async (identity) => {
    for (const [host, path] of [
      ['my-bucket.s3.eu-west-1.amazonaws.com', '/'],
      ['s3.eu-west-1.amazonaws.com', '/my.dotted.bucket/'],
    ] as const) {
      for (const sub of ['logging', 'policy', 'acl', 'object-lock', 'requestPayment']) {
        for (let round = 0; round < 2; round++) {
          const lean = signHeaders(identity, {
            service: 's3',
            region: 'eu-west-1',
            host,
            method: 'GET',
            path: `${path}?${sub}=`,
            headers: { 'x-amz-content-sha256': EMPTY },
            date,
          });
          const sdk = await smithy(identity, {
            service: 's3',
            region: 'eu-west-1',
            host,
            method: 'GET',
            path,
            query: { [sub]: '' },
            headers: {
              'x-amz-content-sha256': EMPTY,
              ...(identity.sessionToken ? { 'x-amz-security-token': identity.sessionToken } : {}),
            },
          });
          expect(lean.Authorization).toBe(sdk);
        }
      }
    }
  });

  it.each(identities)('CloudTrail JSON POST ($accessKeyId)', async (identity) => {
    const body = JSON.stringify({ trailNameList: ['arn:aws:cloudtrail:us-east-1:111111111111:trail/t'] });
    const headers = {
      'content-type': 'application/x-amz-json-1.1',
      'x-amz-target': 'CloudTrail_20131101.DescribeTrails',
    };
    const lean = signHeaders(identity, {
      service: 'cloudtrail',
      region: 'us-east-1',
      host: 'cloudtrail.us-east-1.amazonaws.com',
      method: 'POST',
      path: '/',
      headers,
      body,
      date,
    });
    // aws4 also signs the Content-Length it sets; the SDK's request carries it too.
    const sdk = await smithy(identity, {
      service: 'cloudtrail',
      region: 'us-east-1',
      host: 'cloudtrail.us-east-1.amazonaws.com',
      method: 'POST',
      path: '/',
      query: {},
      headers: {
        ...headers,
        'content-length': String(Buffer.byteLength(body)),
        ...(identity.sessionToken ? { 'x-amz-security-token': identity.sessionToken } : {}),
      },
      body,
    });
    expect(lean.Authorization).toBe(sdk);
  });
});
