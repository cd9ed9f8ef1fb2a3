#!/usr/bin/env node
// Issue 11 CloudFormation cases, each through the built CLI (`trailguard scan DIR -f json`) in its own process:
//   json-198mb       a 198 MB JSON template beside a normal one: the size is checked before reading
//                    (before: 169 s and 4.4 GB, then a V8 crash); the normal template's findings must survive
//   json-16mb        a 16 MB JSON template (60,000 buckets, just under the default file-bytes limit): parsed
//                    (the YAML parser took 97 s and 1.5 GB for it; JSON is now built by json-positions.ts)
//   merge-200        a YAML merge-key chain of 200 levels (before: 24 s): stops at the depth limit
//   merge-200-depth  the same with --limit depth=1000: evaluated in full
// Prints min/median/max wall of 3 runs, paired with `node -e 0` (the lower bound: process start-up), the
// peak RSS (GNU time) and the load average. Needs `npm run build`.
import { closeSync, openSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { runCliCases } from './_cli-cases.mjs';

const normal = 'Resources:\n  Ok:\n    Type: AWS::S3::Bucket\n    Properties:\n      BucketName: acme-ok\n';

/** A JSON template of about `bytes` bytes, written in chunks (never one giant string). */
function writeBigJson(file, bytes) {
  const fd = openSync(file, 'w');
  let written = writeSync(fd, '{"Resources": {');
  for (let i = 0; written < bytes; i++) {
    const entry = `${i ? ',' : ''}"B${i}": {"Type": "AWS::S3::Bucket", "Properties": {"BucketName": "acme-${i}", "LoggingConfiguration": {"DestinationBucketName": {"Ref": "B0"}, "LogFilePrefix": "b${i}/"}}}\n`;
    written += writeSync(fd, entry);
  }
  writeSync(fd, '}}\n');
  closeSync(fd);
}

function mergeKeyChain(levels) {
  const lines = ['Mappings:', '  Chain:', '    l0: &l0 {k0: v}'];
  for (let i = 1; i <= levels; i++) lines.push(`    l${i}: &l${i}`, `      <<: *l${i - 1}`, `      k${i}: v`);
  lines.push(
    'Resources:',
    '  ChainBucket:',
    '    Type: AWS::S3::Bucket',
    `    Metadata: {chain: *l${levels}}`,
  );
  return `${lines.join('\n')}\n`;
}

/** A case for runCliCases: small files as given, plus one generated big JSON template. */
function withFiles(files, big, args) {
  return {
    write(dir) {
      for (const [file, text] of Object.entries(files)) writeFileSync(join(dir, file), text);
      if (big) writeBigJson(join(dir, big[0]), big[1]);
    },
    args,
  };
}

const cases = {
  'json-198mb': withFiles({ 'ok.yaml': normal }, ['big.json', 198 * 1024 * 1024]),
  'json-16mb': withFiles({}, ['big.json', 16 * 1024 * 1024 - 4096]),
  'merge-200': withFiles({ 'ok.yaml': normal, 'chain.yaml': mergeKeyChain(200) }),
  'merge-200-depth': withFiles({ 'ok.yaml': normal, 'chain.yaml': mergeKeyChain(200) }, undefined, [
    '--limit',
    'depth=1000',
  ]),
};

runCliCases('cloudformation', cases);
