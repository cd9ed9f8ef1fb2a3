#!/usr/bin/env node
// Organization scan from an AWS Config aggregator (issue 17) next to the live collector, each as the
// built CLI in its own process, against largeOrgScenario served by the emulator in another process,
// a fixed latency on every request. Three runs: `scan --org --role-name` (live), `scan
// --config-aggregator` (recorded), `scan --config-aggregator --verify-live --role-name` (recorded,
// failing/undetermined/warned buckets re-read). Prints wall time, API requests, the scan process's CPU
// and peak RSS (GNU time) for each, and the aggregator run's lower bound:
//   latency × (GetCallerIdentity + max(the Region query + the longest lane of Region pages, ListAccounts pages))
// (the Regions are paged in parallel, 8 at once; the source status and the organization listing run beside).
// Knobs: BENCH_ACCOUNTS (1000; `large-aggregator-10k.mjs` runs 10,000), BENCH_REGIONS (4),
// BENCH_BUCKETS (1 data bucket per account plus its log bucket), BENCH_LATENCY_MS (20), BENCH_MODES
// (live,aggregator,verify). Needs `npm run build`.
import { fork } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BIN as bin, runScanAs } from './_cli-run.mjs';
import { reportBench } from './_report.mjs';

const ACCOUNTS = Number(process.env.BENCH_ACCOUNTS ?? 1000);
const REGIONS = Number(process.env.BENCH_REGIONS ?? 4);
const BUCKETS = Number(process.env.BENCH_BUCKETS ?? 1);
const LATENCY_MS = Number(process.env.BENCH_LATENCY_MS ?? 20);
const MODES = (process.env.BENCH_MODES ?? 'live,aggregator,verify').split(',');
const AGGREGATOR = 'org';
const PAGE = 100;
const REGION_CONCURRENCY = 8;
const LIST_ACCOUNTS_PAGE = 20;

const { DEMO_ROLE_NAME, largeOrgScenario } = await import('../dist/emulator/index.js');
const work = mkdtempSync(join(tmpdir(), 'tg-bench-aggregator-'));

const spec = largeOrgScenario({
  accounts: ACCOUNTS,
  regions: REGIONS,
  bucketsPerAccount: BUCKETS,
  trailsPerAccount: 1,
});
spec.faults = [{ kind: 'latency', ms: LATENCY_MS }];
spec.configAggregators = [{ name: AGGREGATOR, account: spec.organization.managementAccount }];
const scenarioFile = join(work, 'scenario.json');
writeFileSync(scenarioFile, JSON.stringify(spec));

// Items per Region as AWS Config holds them: buckets in their Region, trails in their home Region.
const perRegion = new Map();
for (const b of spec.buckets.filter((x) => !x.deleted))
  perRegion.set(b.region, (perRegion.get(b.region) ?? 0) + 1);
for (const t of spec.trails) perRegion.set(t.homeRegion, (perRegion.get(t.homeRegion) ?? 0) + 1);
const pages = [...perRegion.values()].map((n) => Math.ceil(n / PAGE)).sort((a, b) => b - a);
// The Regions run 8 at once: the pages of the longest lane of a greedy split bound the wall time.
const lanes = Array(Math.min(REGION_CONCURRENCY, pages.length)).fill(0);
for (const p of pages) lanes[lanes.indexOf(Math.min(...lanes))] += p;
const orgPages = Math.ceil(ACCOUNTS / LIST_ACCOUNTS_PAGE);
const aggregatorBound = LATENCY_MS * (1 + Math.max(1 + Math.max(...lanes), orgPages));

const emulator = fork(fileURLToPath(new URL('./_emulator-process.mjs', import.meta.url)), [scenarioFile], {
  stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
});
const reply = () => new Promise((resolve) => emulator.once('message', resolve));

const runs = {
  live: ['--org', '--role-name', DEMO_ROLE_NAME],
  aggregator: ['--config-aggregator', AGGREGATOR],
  verify: ['--config-aggregator', AGGREGATOR, '--verify-live', '--role-name', DEMO_ROLE_NAME],
};

try {
  const { endpoint, credentials } = await reply();
  console.log(
    `organization: ${ACCOUNTS} accounts × ${REGIONS} Regions, ${spec.buckets.length} buckets, ${spec.trails.length} trails; ` +
      `${LATENCY_MS} ms latency on every request; load average ${loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')}`,
  );
  const verdicts = {};
  for (const mode of MODES) {
    emulator.send('counters');
    const before = (await reply()).byOperation;
    const report = join(work, `${mode}.json`);
    const argv = [
      bin,
      'scan',
      ...runs[mode],
      '--endpoint-url',
      endpoint,
      '--region',
      spec.regions[0],
      '-f',
      'json',
      '-o',
      report,
      '--fail-on',
      'none',
      '-q',
    ];
    const {
      wall,
      peak: peakRss,
      cpuMs,
    } = runScanAs(argv, work, { credentials, region: spec.regions[0], label: `${mode}: the scan` });
    emulator.send('counters');
    const after = (await reply()).byOperation;
    const calls = Object.entries(after).reduce((n, [op, c]) => n + c - (before[op] ?? 0), 0);
    const result = JSON.parse(readFileSync(report, 'utf8'));
    verdicts[mode] = new Map(
      result.findings.map((f) => [`${f.ruleId} ${f.resource.id}`, `${f.status} ${f.reason}`]),
    );
    console.log(
      `${mode.padEnd(10)} wall ${(wall / 1000).toFixed(1)} s, ${calls} requests, CPU ${cpuMs === null ? '?' : (cpuMs / 1000).toFixed(1)} s, ` +
        `peak RSS ${peakRss === null ? '?' : peakRss.toFixed(0)} MB, ${result.findings.length} findings, ${result.errors.length} errors`,
    );
    reportBench({
      name: `aggregator-org-${ACCOUNTS}-accounts-${mode}`,
      wall,
      lowerBound: mode === 'aggregator' ? aggregatorBound : null,
      calls,
      peakRss,
      cpu: cpuMs === null ? null : Math.round(cpuMs),
      latencyMs: LATENCY_MS,
      findings: result.findings.length,
      errors: result.errors.length,
    });
  }
  if (verdicts.live && verdicts.verify) {
    const differing = [...verdicts.live].filter(([k, v]) => verdicts.verify.get(k) !== v).length;
    console.log(
      `verdicts that differ between live and aggregator --verify-live: ${differing} of ${verdicts.live.size}`,
    );
  }
  if (verdicts.aggregator)
    console.log(
      `aggregator lower bound: ${LATENCY_MS} ms × (1 + max(1 + ${Math.max(...lanes)} pages, ${orgPages} ListAccounts pages)) = ${(aggregatorBound / 1000).toFixed(2)} s`,
    );
} finally {
  emulator.send('stop');
  await new Promise((resolve) => emulator.once('exit', resolve));
  rmSync(work, { recursive: true, force: true });
}
