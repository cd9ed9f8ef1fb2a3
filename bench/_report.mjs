// One result object per benchmark, the same shape for every bench so runs can be compared
// (`npm run bench -- --json` prints them, one per line, after all the human-readable output):
//
//   { name, wall, lowerBound, ratio, calls, peakRss, loadAverage, ...extra }
//
//   wall, lowerBound  milliseconds (lowerBound: the time no implementation can beat, e.g. `node -e 0`
//                     for start-up or latency × critical path for a live scan; null when there is none)
//   ratio             wall / lowerBound (null without a lower bound)
//   calls             AWS API requests made (null when the bench makes none)
//   peakRss           peak resident set size in MB (1 MB = 1024 × 1024 bytes; null when not measured)
//   loadAverage       the 1/5/15-minute load average when the result was taken (os.loadavg())
//
// Under bench/run.mjs each result is appended to the file named by BENCH_RESULTS (JSON lines);
// run alone, a bench prints its results as JSON lines at exit when given `--json`.
import { appendFileSync } from 'node:fs';
import { loadavg } from 'node:os';

const printed = [];

/** Records one benchmark result (see the header for the fields). */
export function reportBench(fields) {
  const result = benchResult(fields);
  if (process.env.BENCH_RESULTS) appendFileSync(process.env.BENCH_RESULTS, `${JSON.stringify(result)}\n`);
  else if (process.argv.includes('--json')) {
    if (printed.length === 0)
      process.on('exit', () => {
        for (const r of printed) console.log(JSON.stringify(r));
      });
    printed.push(result);
  }
  return result;
}

/** The result object, rounded, with the load average of now. */
export function benchResult({ name, wall, lowerBound = null, calls = null, peakRss = null, ...extra }) {
  return {
    name,
    wall: round(wall),
    lowerBound: lowerBound === null ? null : round(lowerBound),
    ratio: lowerBound ? round(wall / lowerBound, 3) : null,
    calls,
    peakRss: peakRss === null ? null : round(peakRss),
    loadAverage: loadavg().map((l) => round(l, 2)),
    ...extra,
  };
}

/** Peak RSS of this process so far, in MB (resourceUsage().maxRSS is in kilobytes). */
export function ownPeakRssMb() {
  return process.resourceUsage().maxRSS / 1024;
}

function round(n, digits = 1) {
  const f = 10 ** digits;
  return Math.round(n * f) / f;
}
