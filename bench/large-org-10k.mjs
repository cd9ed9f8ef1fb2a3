#!/usr/bin/env node
// 10,000 accounts (issue 12): `trailguard scan --org` as a user runs it — the built CLI in its own
// process — against largeOrgScenario served by the emulator in another process (its memory is not
// the scanner's), a fixed latency on every request. Prints the wall time next to its lower bound,
// the scan process's CPU time and peak RSS (goal: completes, ≤ 300 MB). Slow: `npm run bench --
// --large` or `npm run bench -- large-org`. Needs `npm run build` and GNU time (/usr/bin/time) for RSS.
//
// Lower bound = latency × max(chain, throughput), both counted so no schedule within the collector's
// limits can beat them (weaker than bench/live-org.mjs's, which also follows the target-health reads):
//   chain      = GetCallerIdentity → ListAccounts pages 1…p (p = pages until the last account, 20 per page)
//                → AssumeRole into that account → ListBuckets → a read of one of its buckets  = p + 4
//   throughput = max over services s of requests(s) / cap(s), and all requests / Σ cap(s)
//                (cap(s): calls of service s the collector lets run at once, from the built collector).
// Knobs: BENCH_ACCOUNTS (10000), BENCH_REGIONS (4), BENCH_BUCKETS (1 data bucket per account, plus its log bucket), BENCH_TRAILS
// (1 per account), BENCH_LATENCY_MS (20), BENCH_NODE_FLAGS (node flags of the scan process, e.g.
// --max-old-space-size=160; V8 flags that NODE_OPTIONS refuses work too).
import { fork } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BIN as bin, runScanAs } from './_cli-run.mjs';
import { reportBench } from './_report.mjs';
import { throughputRounds } from './_throughput.mjs';

const ACCOUNTS = Number(process.env.BENCH_ACCOUNTS ?? 10_000);
const REGIONS = Number(process.env.BENCH_REGIONS ?? 4);
const BUCKETS = Number(process.env.BENCH_BUCKETS ?? 1);
const TRAILS = Number(process.env.BENCH_TRAILS ?? 1);
const LATENCY_MS = Number(process.env.BENCH_LATENCY_MS ?? 20);
const LIST_ACCOUNTS_PAGE = 20;
const nodeFlags = (process.env.BENCH_NODE_FLAGS ?? '').split(' ').filter(Boolean);
const GOAL_RSS_MB = 300;

const { DEMO_ROLE_NAME, largeOrgScenario } = await import('../dist/emulator/index.js');
const { concurrencyCaps } = await import('../dist/sources/aws/index.js');
const work = mkdtempSync(join(tmpdir(), 'tg-bench-10k-'));

const spec = largeOrgScenario({
  accounts: ACCOUNTS,
  regions: REGIONS,
  bucketsPerAccount: BUCKETS,
  trailsPerAccount: TRAILS,
});
spec.faults = [{ kind: 'latency', ms: LATENCY_MS }];
const scenarioFile = join(work, 'scenario.json');
writeFileSync(scenarioFile, JSON.stringify(spec));

const emulator = fork(fileURLToPath(new URL('./_emulator-process.mjs', import.meta.url)), [scenarioFile], {
  stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
});
const reply = () => new Promise((resolve) => emulator.once('message', resolve));
try {
  const { endpoint, credentials } = await reply();
  const report = join(work, 'report.json');
  const argv = [
    ...nodeFlags,
    ...[bin, 'scan', '--org', '--role-name', DEMO_ROLE_NAME, '--endpoint-url', endpoint],
    ...['--region', spec.regions[0], '-f', 'json', '-o', report, '--fail-on', 'none', '-q'],
  ];
  console.log(
    `organization: ${ACCOUNTS} accounts × ${REGIONS} Regions, ${spec.buckets.length} buckets, ` +
      `${spec.trails.length} trails; ${LATENCY_MS} ms latency on every request; load average ` +
      loadavg()
        .map((l) => l.toFixed(2))
        .join(' '),
  );
  const { wall, peak: peakRss, cpuMs } = runScanAs(argv, work, { credentials, region: spec.regions[0] });

  emulator.send('counters');
  const { byOperation } = await reply();
  const { total, byService, rounds: throughput } = throughputRounds(byOperation, concurrencyCaps({}));
  const chain = Math.ceil(ACCOUNTS / LIST_ACCOUNTS_PAGE) + 4;
  const lowerBound = LATENCY_MS * Math.max(chain, throughput);

  const result = JSON.parse(readFileSync(report, 'utf8'));
  const scanned = new Set(result.findings.map((f) => f.resource?.account).filter(Boolean)).size;

  console.log(
    `wall time: ${(wall / 1000).toFixed(1)} s; the scan process's CPU: ${cpuMs === null ? '?' : (cpuMs / 1000).toFixed(1)} s`,
  );
  console.log(
    `API requests: ${total} (${Object.entries(byService)
      .map(([s, n]) => `${s} ${n}`)
      .join(', ')}); report: ${result.findings.length} findings over ${scanned} accounts, ` +
      `${result.errors.length} errors`,
  );
  console.log(
    `lower bound: ${LATENCY_MS} ms × max(chain ${chain}, throughput ${throughput.toFixed(1)}) = ` +
      `${(lowerBound / 1000).toFixed(1)} s; RATIO wall / lower bound ${(wall / lowerBound).toFixed(2)}; ` +
      `CPU / lower bound ${cpuMs === null ? '?' : (cpuMs / lowerBound).toFixed(2)} (above 1: CPU-bound on this machine)`,
  );
  if (peakRss !== null)
    console.log(
      `peak RSS of the scan: ${peakRss.toFixed(0)} MB (goal ≤ ${GOAL_RSS_MB} MB: ${peakRss <= GOAL_RSS_MB ? 'met' : 'NOT met'})`,
    );
  reportBench({
    name: `org-scan-${ACCOUNTS}-accounts`,
    wall,
    lowerBound,
    calls: total,
    peakRss,
    cpu: cpuMs === null ? null : Math.round(cpuMs),
    latencyMs: LATENCY_MS,
    nodeFlags: nodeFlags.join(' ') || null,
    accountsInReport: scanned,
    errors: result.errors.length,
    goal: { peakRss: GOAL_RSS_MB },
  });
} finally {
  emulator.send('stop');
  await new Promise((resolve) => emulator.once('exit', resolve));
  rmSync(work, { recursive: true, force: true });
}
