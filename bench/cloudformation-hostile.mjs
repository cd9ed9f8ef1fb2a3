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
import { closeSync, mkdirSync, mkdtempSync, openSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { BIN, ms, run as runIn, stats } from './_cli-run.mjs';
import { reportBench } from './_report.mjs';

const RUNS = 3;
const work = mkdtempSync(join(tmpdir(), 'tg-bench-cfn-'));
const run = (args) => runIn(args, work);
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

const cases = {
  'json-198mb': { files: { 'ok.yaml': normal }, big: ['big.json', 198 * 1024 * 1024] },
  'json-16mb': { files: {}, big: ['big.json', 16 * 1024 * 1024 - 4096] },
  'merge-200': { files: { 'ok.yaml': normal, 'chain.yaml': mergeKeyChain(200) } },
  'merge-200-depth': {
    files: { 'ok.yaml': normal, 'chain.yaml': mergeKeyChain(200) },
    args: ['--limit', 'depth=1000'],
  },
};

try {
  for (const [name, spec] of Object.entries(cases)) {
    const dir = join(work, name);
    mkdirSync(dir);
    for (const [file, text] of Object.entries(spec.files)) writeFileSync(join(dir, file), text);
    if (spec.big) writeBigJson(join(dir, spec.big[0]), spec.big[1]);
    const walls = [];
    const floors = [];
    let peak = 0;
    let summary = '';
    for (let i = 0; i < RUNS; i++) {
      floors.push(run(['-e', '0']).wall);
      const r = run([BIN, 'scan', dir, '-f', 'json', '--fail-on', 'none', ...(spec.args ?? [])]);
      walls.push(r.wall);
      peak = Math.max(peak, r.peak ?? 0);
      if (r.result.status !== 0)
        summary = `exit ${r.result.status}: ${r.result.stderr.trim().split('\n')[0]}`;
      else {
        const report = JSON.parse(r.result.stdout);
        const errors = report.errors.map((e) => `${e.code} ${e.file.slice(dir.length + 1)}`).join(', ');
        summary = `${report.findings.length} findings; errors: ${errors || 'none'}`;
      }
    }
    const w = stats(walls);
    const f = stats(floors);
    console.log(
      `${name.padEnd(16)} wall min/median/max ${ms(w.min)} / ${ms(w.median)} / ${ms(w.max)}; node -e 0 median ${ms(f.median)}; ratio ${(w.median / f.median).toFixed(1)}; peak RSS ${peak.toFixed(0)} MB; ${summary}`,
    );
    reportBench({
      name: `cloudformation-${name}`,
      wall: w.median,
      lowerBound: f.median,
      peakRss: peak,
      min: w.min,
      max: w.max,
      summary,
    });
    rmSync(dir, { recursive: true, force: true });
  }
  console.log(
    `load average ${loadavg()
      .map((x) => x.toFixed(2))
      .join(' ')}`,
  );
} finally {
  rmSync(work, { recursive: true, force: true });
}
