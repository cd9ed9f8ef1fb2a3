#!/usr/bin/env node
// The AWS Config rule's Lambda function as one file: dist/integrations/aws-config/lambda.js (tsc output)
// with its dependencies inlined → build/lambda/index.mjs, zipped as build/lambda/trailguard-aws-config.zip
// (Handler `index.handler`, Runtime nodejs20.x: deploy/aws-config/*.yaml). `npm run bundle:lambda`;
// `--out DIR` writes both elsewhere.
//
// Kept out: the EC2 client (Region discovery's fallback where the Account API is missing; ~95 MB once
// loaded), imported from the Lambda runtime's own AWS SDK v3 if ever needed; and the SDK path of the
// hot reads (TRAILGUARD_AWS_CLIENT=sdk, a comparison/fallback path: the lean client reads S3 and
// CloudTrail), whose S3 and CloudTrail clients would otherwise be loaded on every cold start.
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { crc32, deflateRawSync } from 'node:zlib';
import { bundleSingle } from './bundle-single.mjs';

const root = fileURLToPath(new URL('../', import.meta.url));
const at = process.argv.indexOf('--out');
const out = at > 0 && process.argv[at + 1] ? resolve(process.argv[at + 1]) : resolve(root, 'build/lambda');
const NO_SDK_READERS = `const fail = () => { throw new Error('TRAILGUARD_AWS_CLIENT=sdk is not available in the Lambda bundle'); };
export const sdkHotReaders = { s3: fail, cloudTrail: fail };`;

await bundleSingle({
  entry: resolve(root, 'dist/integrations/aws-config/lambda.js'),
  outFile: resolve(out, 'index.mjs'),
  minify: true,
  external: ['@aws-sdk/client-ec2'],
  stubs: { 'dist/aws/sdk-readers.js': NO_SDK_READERS },
});

// A zip with the one file, deflated (APPNOTE 6.3: local header, data, central directory, end record).
const data = readFileSync(resolve(out, 'index.mjs'));
const packed = deflateRawSync(data, { level: 9 });
const name = Buffer.from('index.mjs');
const dosTime = 0; // 1980-01-01 00:00: reproducible archives
const dosDate = (1 << 5) | 1;
const local = Buffer.alloc(30);
local.writeUInt32LE(0x04034b50, 0);
local.writeUInt16LE(20, 4);
local.writeUInt16LE(0, 6);
local.writeUInt16LE(8, 8);
local.writeUInt16LE(dosTime, 10);
local.writeUInt16LE(dosDate, 12);
local.writeUInt32LE(crc32(data), 14);
local.writeUInt32LE(packed.length, 18);
local.writeUInt32LE(data.length, 22);
local.writeUInt16LE(name.length, 26);
const central = Buffer.alloc(46);
central.writeUInt32LE(0x02014b50, 0);
central.writeUInt16LE((3 << 8) | 20, 4); // made by Unix, so the mode below is read
central.writeUInt16LE(20, 6);
local.copy(central, 8, 6, 28);
central.writeUInt32LE((0o100644 << 16) >>> 0, 38);
const end = Buffer.alloc(22);
end.writeUInt32LE(0x06054b50, 0);
end.writeUInt16LE(1, 8);
end.writeUInt16LE(1, 10);
end.writeUInt32LE(central.length + name.length, 12);
end.writeUInt32LE(local.length + name.length + packed.length, 16);
const zip = resolve(out, 'trailguard-aws-config.zip');
writeFileSync(zip, Buffer.concat([local, name, packed, central, name, end]));
const mb = (n) => `${(n / 1024 / 1024).toFixed(2)} MB`;
console.log(
  `bundle-lambda: ${resolve(out, 'index.mjs')} ${mb(data.length)}, ${zip} ${mb(statSync(zip).size)}`,
);
