#!/usr/bin/env node
// One account over a 60 ms round trip (issue 12): `trailguard scan` as a user runs it — the built CLI
// in its own process — against one emulated account (20 enabled Regions, 14 buckets in 4 Regions, 9
// trails homed in 4 Regions, per-Region log buckets in the same account) served by the emulator in
// another process with a fixed latency on every request. Each run is paired with `node -e 0` (same
// load), and the result is given as min / median / max of wall time, peak RSS and the ratio to the
// lower bound of the same run. Needs `npm run build` and GNU time (/usr/bin/time) for RSS.
//
// Lower bound = `node -e 0` (start-up no CLI can beat) + latency × the dependent chain forced by data:
//   buckets: ListBuckets → GetBucketLogging (needs the name and Region) → target health (needs the
//            target named by the logging answer)                                       = 3 round trips
//   trails:  ListTrails → GetTrailStatus (needs the ARN and home Region)               = 2 round trips
//   GetCallerIdentity, ListRegions and DescribeTrails feed no later call of this scenario (the
//   partition follows from the Region; a bucket's Region comes with ListBuckets), so they are off it.
// Knobs: BENCH_RUNS (5), BENCH_LATENCY_MS (60), BENCH_AWS_CLIENT (lean | sdk: the hot calls' path),
// BENCH_NODE_FLAGS (extra node flags for the scan process, e.g. --max-semi-space-size=…).
import { fork, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { reportBench } from './_report.mjs';

const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const LATENCY_MS = Number(process.env.BENCH_LATENCY_MS ?? 60);
const CHAIN = 3;
const GOAL_WALL_MS = 600;
const GOAL_RSS_MB = 80;
const { DEFAULT_REGIONS } = await import('../dist/emulator/index.js');

const ACCOUNT = '123456789012';
const regions = [...DEFAULT_REGIONS, 'af-south-1', 'eu-south-1', 'me-south-1'].slice(0, 20);
const homes = ['us-east-1', 'eu-west-1', 'ap-southeast-2', 'eu-central-1'];
const buckets = [];
const trails = [];
for (const region of homes) {
  // Per Region: a log bucket (a same-account, same-Region target: its six health reads are on the chain).
  buckets.push({ name: `logs-${region}-${ACCOUNT}`, account: ACCOUNT, region });
}
for (let i = 0; i < 10; i++) {
  const region = homes[i % homes.length];
  const logging =
    i % 3 === 2 ? undefined : { targetBucket: `logs-${region}-${ACCOUNT}`, targetPrefix: `b${i}/` };
  buckets.push({ name: `data-${i}-${ACCOUNT}`, account: ACCOUNT, region, ...(logging ? { logging } : {}) });
}
for (let i = 0; i < 9; i++) {
  const homeRegion = homes[i % homes.length];
  trails.push({
    name: `trail-${i}`,
    account: ACCOUNT,
    homeRegion,
    bucket: `data-${i % 10}-${ACCOUNT}`,
    multiRegion: i % 2 === 0,
    ...(i === 4 ? { logging: false } : {}),
  });
}
const spec = {
  regions,
  accounts: [
    {
      id: ACCOUNT,
      name: 'single',
      principals: [{ name: 'scanner', accessKeyId: 'AKIABENCHSINGLE00001', secretAccessKey: 'bench-secret' }],
    },
  ],
  buckets,
  trails,
  faults: [{ kind: 'latency', ms: LATENCY_MS }],
};

const bin = fileURLToPath(new URL('../bin/trailguard.js', import.meta.url));
const work = mkdtempSync(join(tmpdir(), 'tg-bench-account-'));
const gnuTime = existsSync('/usr/bin/time') ? '/usr/bin/time' : null;
const scenarioFile = join(work, 'scenario.json');
writeFileSync(scenarioFile, JSON.stringify(spec));
const emulator = fork(fileURLToPath(new URL('./_emulator-process.mjs', import.meta.url)), [scenarioFile], {
  stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
});
const reply = () => new Promise((resolve) => emulator.once('message', resolve));

/** Runs a command under GNU time: wall ms and peak RSS MB. */
function timed(argv, env) {
  const timeFile = join(work, 'time');
  const [command, ...args] = gnuTime ? [gnuTime, '-f', '%M', '-o', timeFile, ...argv] : argv;
  const started = performance.now();
  const run = spawnSync(command, args, { encoding: 'utf8', env });
  const wall = performance.now() - started;
  const rssKb = gnuTime ? Number(readFileSync(timeFile, 'utf8').trim().split('\n').pop()) : Number.NaN;
  return { wall, rss: rssKb / 1024, status: run.status, stderr: run.stderr, stdout: run.stdout };
}

const stats = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  return { min: sorted[0], median: sorted[Math.floor(sorted.length / 2)], max: sorted[sorted.length - 1] };
};
const fmt = ({ min, median, max }, digits = 0) =>
  `${min.toFixed(digits)} / ${median.toFixed(digits)} / ${max.toFixed(digits)}`;

try {
  const { endpoint } = await reply();
  const report = join(work, 'report.json');
  const flags = (process.env.BENCH_NODE_FLAGS ?? '').split(' ').filter(Boolean);
  const argv = [
    process.execPath,
    ...flags,
    ...[bin, 'scan', '--endpoint-url', endpoint, '--region', 'us-east-1'],
    ...['-f', 'json', '-o', report, '--fail-on', 'none', '-q'],
  ];
  const env = {
    PATH: process.env.PATH,
    HOME: work,
    AWS_ACCESS_KEY_ID: 'AKIABENCHSINGLE00001',
    AWS_SECRET_ACCESS_KEY: 'bench-secret',
    AWS_REGION: 'us-east-1',
    ...(process.env.BENCH_AWS_CLIENT ? { TRAILGUARD_AWS_CLIENT: process.env.BENCH_AWS_CLIENT } : {}),
  };
  console.log(
    `one account: ${regions.length} Regions, ${buckets.length} buckets, ${trails.length} trails in ` +
      `${homes.length} home Regions; ${LATENCY_MS} ms per request; hot calls: ` +
      `${process.env.BENCH_AWS_CLIENT ?? 'lean'}; ${RUNS} runs; load average ${loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')}`,
  );
  // Warm the file cache once (not measured).
  timed(argv, env);
  const walls = [];
  const rsss = [];
  const ratios = [];
  const nodes = [];
  let calls = 0;
  let requestsSoFar = 0;
  emulator.send('counters');
  requestsSoFar = Object.values((await reply()).byOperation).reduce((a, b) => a + b, 0);
  for (let i = 0; i < RUNS; i++) {
    const node = timed([process.execPath, '-e', '0'], env);
    const scan = timed(argv, env);
    if (scan.status !== 0 && scan.status !== 1)
      throw new Error(`the scan exited with ${scan.status}: ${scan.stderr.slice(0, 2000)}`);
    emulator.send('counters');
    const { byOperation } = await reply();
    const total = Object.values(byOperation).reduce((a, b) => a + b, 0);
    calls = total - requestsSoFar;
    requestsSoFar = total;
    const lowerBound = node.wall + LATENCY_MS * CHAIN;
    walls.push(scan.wall);
    rsss.push(scan.rss);
    nodes.push(node.wall);
    ratios.push(scan.wall / lowerBound);
  }
  const findings = JSON.parse(readFileSync(report, 'utf8')).findings.length;
  const wall = stats(walls);
  const rss = stats(rsss);
  const ratio = stats(ratios);
  const node = stats(nodes);
  console.log(`API requests per scan: ${calls}; report: ${findings} findings`);
  console.log(
    `stages on the critical path forced by data: ${CHAIN} (ListBuckets → GetBucketLogging → target health; ` +
      `ListTrails → GetTrailStatus is 2)`,
  );
  console.log(`node -e 0 wall ms (min / median / max): ${fmt(node)}`);
  console.log(`scan wall ms (min / median / max): ${fmt(wall)} (goal ≤ ${GOAL_WALL_MS})`);
  console.log(
    `lower bound: node -e 0 + ${CHAIN} × ${LATENCY_MS} ms; RATIO wall / lower bound (min / median / max): ${fmt(ratio, 2)}`,
  );
  console.log(`peak RSS MB (min / median / max): ${fmt(rss)} (goal ≤ ${GOAL_RSS_MB})`);
  reportBench({
    name: `live-account-${process.env.BENCH_AWS_CLIENT ?? 'lean'}`,
    wall: wall.median,
    lowerBound: node.median + LATENCY_MS * CHAIN,
    calls,
    peakRss: rss.median,
    wallMin: wall.min,
    wallMax: wall.max,
    ratioMin: ratio.min,
    ratioMax: ratio.max,
    peakRssMax: rss.max,
    stages: CHAIN,
  });
} finally {
  emulator.send('stop');
  rmSync(work, { recursive: true, force: true });
}
