#!/usr/bin/env node
// Live organization scan against the in-process emulator (DESIGN 9 "Speed"): 100 accounts × 17 Regions,
// a fixed 50 ms latency on every request, `collectAws` in org mode with the default limits. Prints the
// wall time, the API calls (total and by operation), the critical-path lower bound and the ratio
// wall / lower bound (target ≤ 1.3). Needs `npm run build` (imports dist/).
//
// The lower bound (no schedule that respects the collector's limits can be faster):
//
//   lower bound = latency × max(chain, throughput)
//
//   chain      = the longest sequence of round trips that depend on each other in the API plan
//                (src/sources/aws/plan.ts), for the account whose chain is longest:
//                GetCallerIdentity → ListAccounts page 1…p (the page that lists the account) →
//                AssumeRole (not for the caller's own account) →
//                max( ListBuckets pages → GetBucketLogging → the target-health reads (when the account
//                     has a same-account, same-Region log target),
//                     ListTrails pages → GetTrailStatus (it needs only the ARN and home Region that
//                     ListTrails returns, so DescribeTrails is not on the inherent chain) )
//                (DescribeOrganization and DescribeRegions do not feed any later call of this
//                scenario, so they are not on it either; no bucket here needs a phase-2 HeadBucket.)
//   throughput = max over services s of  requests(s) / cap(s), and total requests / Σ cap(s),
//                where cap(s) is the number of calls of service s the collector lets run at once
//                across the whole scan (its actual limits, read from the built collector).
//
// Requests are the emulator's counters (each SDK retry would be a request; there are none here).
// The emulator runs in this process on a worker thread (see startEmulatorThread). The script also
// prints the collector thread's CPU: when that alone exceeds the lower bound the scan is CPU-bound
// on this machine, whatever the schedule. Knobs: BENCH_LATENCY_MS (e.g. 300: the schedule where the
// CPU does not bind), BENCH_ACCOUNTS, BENCH_TRACE=1, BENCH_SAME_THREAD=1, BENCH_STRICT=1 (exit 1
// above 1.3).
// The SDK's multi-line Node 20 notice would interleave with the numbers (the CLI silences it the same way).
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
const { Worker } = await import('node:worker_threads');
const { readFileSync } = await import('node:fs');
// USER_HZ: 100 on the Linux architectures Node supports (proc(5), sysconf(_SC_CLK_TCK)).
const CLOCK_TICKS = 100;
const { DEMO_ROLE_NAME, largeOrgScenario, startEmulator } = await import('../dist/emulator/index.js');
const { collectAws, concurrencyCaps } = await import('../dist/sources/aws/index.js');
const { throughputRounds } = await import('./_throughput.mjs');
const { ownPeakRssMb, reportBench } = await import('./_report.mjs');
const { loadavg } = await import('node:os');

const ACCOUNTS = Number(process.env.BENCH_ACCOUNTS ?? 100);
const REGIONS = 17;
const LATENCY_MS = Number(process.env.BENCH_LATENCY_MS ?? 50);
const BUCKETS_PER_ACCOUNT = 14;
const BUCKET_REGIONS_PER_ACCOUNT = 4;
const TRAILS_PER_ACCOUNT = 3;
// Page sizes of the real APIs (and of the emulator): ListAccounts ≤ 20, ListBuckets 1000 with max-buckets.
const LIST_ACCOUNTS_PAGE = 20;
const LIST_BUCKETS_PAGE = 1000;
const LIST_TRAILS_PAGE = 50;

const spec = largeOrgScenario({
  accounts: ACCOUNTS,
  regions: REGIONS,
  bucketsPerAccount: BUCKETS_PER_ACCOUNT,
  bucketRegionsPerAccount: BUCKET_REGIONS_PER_ACCOUNT,
  trailsPerAccount: TRAILS_PER_ACCOUNT,
});
spec.faults = [{ kind: 'latency', ms: LATENCY_MS }];
const mgmt = spec.organization.managementAccount;

/** Round trips on the dependent chain of the account at `index` in ListAccounts order (see the header). */
function chainOf(index, account) {
  const bucketsOf = spec.buckets.filter((b) => b.account === account && !b.deleted);
  const placed = new Map(spec.buckets.map((b) => [b.name, b]));
  const hasHealthRead = bucketsOf.some((b) => {
    const target = b.logging && placed.get(b.logging.targetBucket);
    return target && target.account === account && target.region === b.region;
  });
  const seen = spec.trails.filter((t) => t.account === account || t.organization).length;
  const bucketChain =
    Math.max(1, Math.ceil(bucketsOf.length / LIST_BUCKETS_PAGE)) + 1 + (hasHealthRead ? 1 : 0);
  const trailChain = Math.max(1, Math.ceil(seen / LIST_TRAILS_PAGE)) + (seen > 0 ? 1 : 0);
  const page = Math.floor(index / LIST_ACCOUNTS_PAGE) + 1;
  return 1 + page + (account === mgmt ? 0 : 1) + Math.max(bucketChain, trailChain);
}

const handle = await startEmulatorThread(spec);
try {
  const credentials = handle.credentialsFor(mgmt);
  // BENCH_TRACE=1: calls started per latency interval (where the scan leaves its limits unused).
  const trace = process.env.BENCH_TRACE ? [] : undefined;
  const cpuBefore = process.cpuUsage();
  const threadBefore = mainThreadCpuMs();
  const eluBefore = performance.eventLoopUtilization();
  const started = performance.now();
  const result = await collectAws({
    org: true,
    roleName: DEMO_ROLE_NAME,
    endpointUrl: handle.endpoint,
    credentials,
    region: 'us-east-1',
    env: {},
    ...(trace ? { onProgress: (p) => trace.push([performance.now() - started, p.calls]) } : {}),
  });
  const wallMs = performance.now() - started;
  const cpu = process.cpuUsage(cpuBefore);
  const elu = performance.eventLoopUtilization(eluBefore);
  const threadCpuMs = mainThreadCpuMs() - threadBefore;

  const byOperation = await handle.byOperation();
  const caps = concurrencyCaps({});
  const chain = Math.max(...spec.accounts.map((a, i) => chainOf(i, a.id)));
  const { total, perService, all, rounds: throughput } = throughputRounds(byOperation, caps);
  const lowerBoundMs = LATENCY_MS * Math.max(chain, throughput);

  const buckets = result.inventory.buckets.length;
  const trails = result.inventory.trails.length;
  console.log(
    `organization: ${ACCOUNTS} accounts × ${REGIONS} Regions, ${buckets} buckets, ${trails} trails; ` +
      `${LATENCY_MS} ms latency on every request`,
  );
  console.log(
    `limits: ${caps.accountsAtOnce} accounts at once, ${caps.perAccount} calls per account and service, ` +
      `at most ${JSON.stringify(caps.perService)} in flight per service`,
  );
  console.log(`wall time: ${(wallMs / 1000).toFixed(2)} s`);
  const perCall = Number.isNaN(threadCpuMs)
    ? ''
    : `, ${(threadCpuMs / result.stats.calls).toFixed(2)} ms per call`;
  console.log(
    `CPU: collector thread ${(threadCpuMs / 1000).toFixed(2)} s${perCall}; its event loop busy ` +
      `${(elu.utilization * 100).toFixed(0)} % of the wall time; whole process with the emulator ` +
      `${((cpu.user + cpu.system) / 1e6).toFixed(2)} s; mean calls in flight ` +
      `${((result.stats.calls * LATENCY_MS) / wallMs).toFixed(1)}`,
  );
  console.log(
    `API requests: ${total} (collector operations: ${result.stats.calls}, errors: ${result.stats.errors})`,
  );
  for (const [op, n] of Object.entries(byOperation).sort(([a], [b]) => a.localeCompare(b)))
    console.log(`  ${op.padEnd(40)} ${n}`);
  console.log(
    `lower bound: ${LATENCY_MS} ms × max(chain ${chain}, throughput ${throughput.toFixed(1)} ` +
      `[${perService.map((p) => `${p.s} ${p.rounds.toFixed(1)}`).join(', ')}; all ${all.toFixed(1)}]) ` +
      `= ${(lowerBoundMs / 1000).toFixed(2)} s`,
  );
  const ratio = wallMs / lowerBoundMs;
  if (!Number.isNaN(threadCpuMs))
    console.log(
      `CPU floor: the collector thread's own CPU is ${(threadCpuMs / lowerBoundMs).toFixed(2)} × the lower bound ` +
        `(one thread cannot finish before its CPU time: above 1 the scan is CPU-bound here, not latency-bound)`,
    );
  console.log(
    `RATIO wall / lower bound: ${ratio.toFixed(2)} (issue 12 goal ≤ 1.2 quiet, ≤ 1.4 busy); hot calls: ` +
      `${process.env.TRAILGUARD_AWS_CLIENT === 'sdk' ? 'sdk' : 'lean'}; load average ${loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')}`,
  );
  reportBench({
    name: `live-org-${ACCOUNTS}-accounts-${LATENCY_MS}ms`,
    wall: wallMs,
    lowerBound: lowerBoundMs,
    calls: total,
    // This process holds the emulator thread too: an upper bound of the collector's own peak.
    peakRss: ownPeakRssMb(),
    collectorCpuMs: Number.isNaN(threadCpuMs) ? null : Math.round(threadCpuMs),
    awsClient: process.env.TRAILGUARD_AWS_CLIENT === 'sdk' ? 'sdk' : 'lean',
  });
  if (trace) {
    const perSlot = [];
    for (const [t, calls] of trace) perSlot[Math.floor(t / LATENCY_MS)] = calls;
    let last = 0;
    const line = [];
    for (let i = 0; i < perSlot.length; i++) {
      const now = perSlot[i] ?? last;
      line.push(now - last);
      last = now;
    }
    console.log(`calls started per ${LATENCY_MS} ms: ${line.join(' ')}`);
  }
  if (result.inventory.errors.length > 0)
    console.log(`!! the scan reported errors: ${JSON.stringify(result.inventory.errors.slice(0, 3))}`);
  if (process.env.BENCH_STRICT && ratio > 1.3) process.exitCode = 1;
} finally {
  await handle.stop();
}

/**
 * The emulator runs in this process but on its own thread (BENCH_SAME_THREAD=1: on the collector's
 * event loop): AWS's CPU is not the scanner's, so the emulator must not queue behind the collector's
 * callbacks, or the benchmark would time the emulator's single thread as much as the collector.
 */
async function startEmulatorThread(scenario) {
  if (process.env.BENCH_SAME_THREAD) {
    const h = await startEmulator(scenario);
    return {
      endpoint: h.endpoint,
      credentialsFor: (a) => h.credentialsFor(a),
      byOperation: async () => h.counters.byOperation(),
      stop: () => h.stop(),
    };
  }
  const url = new URL('../dist/emulator/index.js', import.meta.url).href;
  const code = `
    const { parentPort, workerData } = require('node:worker_threads');
    import(${JSON.stringify(url)}).then(async ({ startEmulator }) => {
      const h = await startEmulator(workerData);
      const account = workerData.organization.managementAccount;
      parentPort.postMessage({ endpoint: h.endpoint, credentials: h.credentialsFor(account) });
      parentPort.on('message', async (m) => {
        if (m === 'counters') parentPort.postMessage(h.counters.byOperation());
        if (m === 'stop') { await h.stop(); parentPort.close(); }
      });
    });`;
  const worker = new Worker(code, { eval: true, workerData: scenario });
  const next = () =>
    new Promise((resolve, reject) => {
      worker.once('message', resolve);
      worker.once('error', reject);
    });
  const ready = await next();
  return {
    endpoint: ready.endpoint,
    // Only the management account's keys are needed: every other account is read through its role.
    credentialsFor: () => ready.credentials,
    byOperation: () => {
      const reply = next();
      worker.postMessage('counters');
      return reply;
    },
    stop: async () => {
      worker.postMessage('stop');
      await new Promise((resolve) => worker.once('exit', resolve));
    },
  };
}

/**
 * CPU time of this process's main thread (the collector's) in ms, from /proc (Linux; NaN elsewhere).
 * Node 20 has no per-thread CPU API, and process.cpuUsage() adds the emulator's thread.
 */
function mainThreadCpuMs() {
  try {
    const stat = readFileSync(`/proc/self/task/${process.pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // utime and stime are fields 14 and 15 of proc(5); 12 and 13 counted after the command name.
    const ticks = Number(fields[11]) + Number(fields[12]);
    return (ticks * 1000) / CLOCK_TICKS;
  } catch {
    return Number.NaN;
  }
}
