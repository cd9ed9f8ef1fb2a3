#!/usr/bin/env node
// Start-up cost of the CLI, whole process, paired against `node -e 0` (the floor: Node's own start-up):
// each round runs `node -e 0` and then the command, so both see the same machine load. Prints
// min/median/max wall time, the ratio median(command) / median(node -e 0), the peak RSS (GNU time;
// omitted without /usr/bin/time) and the issue-12 goals. Needs `npm run build`.
// Knobs: BENCH_STARTUP_ROUNDS (default 10).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { reportBench } from './_report.mjs';

const ROUNDS = Number(process.env.BENCH_STARTUP_ROUNDS ?? 10);
const bin = fileURLToPath(new URL('../bin/trailguard.js', import.meta.url));
const work = mkdtempSync(join(tmpdir(), 'tg-bench-startup-'));
const gnuTime = existsSync('/usr/bin/time') ? '/usr/bin/time' : null;

const snapshot = join(work, 'one-bucket.json');
writeFileSync(
  snapshot,
  JSON.stringify({
    schema: 'trailguard/inventory@1',
    partition: 'aws',
    collectedAt: '2026-01-01T00:00:00Z',
    accounts: [{ id: '111111111111', name: 'one', scanned: true, trails: [], buckets: ['one-bucket'] }],
    trails: [],
    buckets: [
      {
        name: 'one-bucket',
        account: '111111111111',
        region: 'us-east-1',
        exists: true,
        logging: null,
        ownership: 'BucketOwnerEnforced',
        defaultEncryption: 'SSE-S3',
      },
    ],
    errors: [],
  }),
);
const terraform = join(work, 'terraform');
mkdirSync(terraform);
writeFileSync(
  join(terraform, 'main.tf'),
  `resource "aws_s3_bucket" "data" {\n  bucket = "one-bucket"\n}\n` +
    `resource "aws_s3_bucket" "logs" {\n  bucket = "one-bucket-logs"\n}\n` +
    `resource "aws_s3_bucket_logging" "data" {\n  bucket        = aws_s3_bucket.data.id\n` +
    `  target_bucket = aws_s3_bucket.logs.id\n  target_prefix = "data/"\n}\n`,
);
const template = join(work, 'template.yaml');
writeFileSync(
  template,
  'Resources:\n  Data:\n    Type: AWS::S3::Bucket\n    Properties:\n      BucketName: one-bucket\n',
);

// goal: issue 12's table (ratio to `node -e 0`, peak RSS in MB); null where the issue sets none.
const cases = [
  { name: 'version', args: ['--version'], goal: { ratio: 1.6, peakRss: 50 } },
  { name: 'help', args: ['--help'], goal: null },
  { name: 'snapshot-1-bucket', args: ['scan', '--snapshot', snapshot], goal: { ratio: 2.5, peakRss: 70 } },
  { name: 'terraform-1-bucket', args: ['scan', terraform], goal: null },
  { name: 'cloudformation-1-bucket', args: ['scan', template], goal: null },
];

/** One whole-process run: wall ms and peak RSS MB (null without GNU time). Exit 0/1 only (1 = findings). */
function run(argv) {
  const rssFile = join(work, 'rss');
  const [command, ...args] = gnuTime
    ? [gnuTime, '-f', '%M', '-o', rssFile, process.execPath, ...argv]
    : [process.execPath, ...argv];
  const started = performance.now();
  const result = spawnSync(command, args, { encoding: 'utf8' });
  const wall = performance.now() - started;
  if (result.status !== 0 && result.status !== 1)
    throw new Error(`${argv.join(' ')} exited with ${result.status}: ${result.stderr}`);
  const kb = gnuTime ? Number(readFileSync(rssFile, 'utf8').trim().split('\n').pop()) : Number.NaN;
  return { wall, rss: Number.isFinite(kb) ? kb / 1024 : null };
}

const stats = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return { min: s[0], median: s[Math.floor(s.length / 2)], max: s[s.length - 1] };
};
const ms = (x) => `${x.toFixed(0)} ms`;

try {
  console.log(
    `start-up, ${ROUNDS} paired rounds; load average before: ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
  );
  for (const c of cases) {
    const base = [];
    const own = [];
    for (let i = 0; i < ROUNDS; i++) {
      base.push(run(['-e', '0']));
      own.push(run([bin, ...c.args]));
    }
    const b = stats(base.map((r) => r.wall));
    const o = stats(own.map((r) => r.wall));
    const ratio = o.median / b.median;
    const rss = own[0].rss === null ? null : Math.max(...own.map((r) => r.rss));
    const baseRss = base[0].rss === null ? null : Math.max(...base.map((r) => r.rss));
    const meets = c.goal ? ratio <= c.goal.ratio && (rss === null || rss <= c.goal.peakRss) : null;
    console.log(
      `  ${c.name.padEnd(24)} ${ms(o.min)} / ${ms(o.median)} / ${ms(o.max)} (min/median/max); ` +
        `node -e 0 ${ms(b.min)} / ${ms(b.median)} / ${ms(b.max)}; ratio ${ratio.toFixed(2)}` +
        (rss === null ? '' : `; peak RSS ${rss.toFixed(0)} MB (node -e 0: ${baseRss.toFixed(0)} MB)`) +
        (c.goal ? `; goal ≤ ${c.goal.ratio}× and ≤ ${c.goal.peakRss} MB: ${meets ? 'met' : 'NOT met'}` : ''),
    );
    reportBench({
      name: `startup-${c.name}`,
      wall: o.median,
      lowerBound: b.median,
      peakRss: rss,
      min: Math.round(o.min),
      max: Math.round(o.max),
      rounds: ROUNDS,
      baselinePeakRss: baseRss === null ? null : Math.round(baseRss * 10) / 10,
      goal: c.goal,
      meetsGoal: meets,
    });
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
