// Writes a `trailguard/inventory@1` snapshot of N buckets (generated, never committed): 1 account per
// 1,000 buckets, one access-log target bucket per account with the log-delivery policy, ~80% of the
// buckets logging to it, ~10% not logging, ~10% logging to a missing bucket, one trail per account
// writing to a trail bucket. Indented like `trailguard collect -o` writes it. Streams to the file, so
// the generator itself stays small at a million buckets.

import { once } from 'node:events';
import { createWriteStream } from 'node:fs';

const accountId = (a) => String(100000000000 + a);
const region = (a) => ['us-east-1', 'eu-west-1', 'ap-southeast-2'][a % 3];
const indent = (value, depth) => JSON.stringify(value, null, 2).replace(/\n/g, `\n${'  '.repeat(depth)}`);

function accountEntry(a) {
  const id = accountId(a);
  return {
    id,
    name: `account-${a}`,
    scanned: true,
    trails: [`arn:aws:cloudtrail:${region(a)}:${id}:trail/audit-${a}`],
  };
}

function trailEntry(a) {
  const id = accountId(a);
  return {
    arn: `arn:aws:cloudtrail:${region(a)}:${id}:trail/audit-${a}`,
    name: `audit-${a}`,
    account: id,
    homeRegion: region(a),
    multiRegion: true,
    organization: false,
    isLogging: true,
    bucket: `bucket-${a}-0`,
    keyPrefix: null,
  };
}

/** Bucket `i` of `buckets`: the last of each thousand is its account's access-log target. */
function bucketEntry(i, buckets) {
  const a = Math.floor(i / 1000);
  const id = accountId(a);
  const target = `logs-${a}`;
  const kind = i % 10;
  if (i % 1000 === 999 || i === buckets - 1) {
    return {
      name: target,
      account: id,
      region: region(a),
      exists: true,
      logging: null,
      policy: {
        Version: '2012-10-17',
        Statement: [
          {
            Effect: 'Allow',
            Principal: { Service: 'logging.s3.amazonaws.com' },
            Action: 's3:PutObject',
            Resource: `arn:aws:s3:::${target}/*`,
          },
        ],
      },
      ownership: 'BucketOwnerEnforced',
    };
  }
  return {
    name: `bucket-${a}-${i % 1000}`,
    account: id,
    region: region(a),
    exists: true,
    logging:
      kind === 0 ? null : { targetBucket: kind === 1 ? `missing-${a}` : target, targetPrefix: `b${i}/` },
    ownership: 'BucketOwnerEnforced',
    defaultEncryption: 'SSE-S3',
  };
}

export async function writeSnapshotFile(file, buckets) {
  const out = createWriteStream(file);
  const write = async (text) => {
    if (!out.write(text)) await once(out, 'drain');
  };
  const accounts = Math.max(1, Math.ceil(buckets / 1000));
  await write('{\n  "schema": "trailguard/inventory@1",\n  "partition": "aws",\n');
  await write('  "collectedAt": "2026-11-21T10:00:00Z",\n  "accounts": [');
  for (let a = 0; a < accounts; a++) await write(`${a ? ',' : ''}\n    ${indent(accountEntry(a), 2)}`);
  await write('\n  ],\n  "trails": [');
  for (let a = 0; a < accounts; a++) await write(`${a ? ',' : ''}\n    ${indent(trailEntry(a), 2)}`);
  await write('\n  ],\n  "buckets": [');
  let chunk = '';
  for (let i = 0; i < buckets; i++) {
    chunk += `${i ? ',' : ''}\n    ${indent(bucketEntry(i, buckets), 2)}`;
    if (chunk.length > 1 << 16) {
      await write(chunk);
      chunk = '';
    }
  }
  await write(`${chunk}\n  ],\n  "errors": []\n}\n`);
  out.end();
  await once(out, 'finish');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  await writeSnapshotFile(process.argv[2], Number(process.argv[3] ?? 100000));
}
