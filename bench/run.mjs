#!/usr/bin/env node
// `npm run bench [-- NAME… --json --large]`: runs every benchmark script in bench/ (each prints its own
// numbers) in its own process, so one benchmark's heap does not distort another's memory figures.
// Build first (`npm run build`).
//   NAME…    only the scripts whose file name contains one of these
//   --json   end with one JSON object per benchmark (shape: bench/_report.mjs), to compare runs
//   --large  also run the slow ones (file names starting with `large-`); naming one runs it too
// A script that reports no result of its own still gets one: its whole-process wall time and peak RSS.
import { spawnSync } from 'node:child_process';
import { appendFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { benchResult } from './_report.mjs';

const dir = fileURLToPath(new URL('.', import.meta.url));
const args = process.argv.slice(2);
const json = args.includes('--json');
const large = args.includes('--large');
const only = args.filter((a) => !a.startsWith('--'));
const scripts = readdirSync(dir)
  .filter((f) => f.endsWith('.mjs') && f !== 'run.mjs' && !f.startsWith('_'))
  .filter((f) => (only.length === 0 ? large || !f.startsWith('large-') : only.some((o) => f.includes(o))))
  .sort();

const work = mkdtempSync(join(tmpdir(), 'tg-bench-'));
const resultsFile = join(work, 'results.jsonl');
// GNU time gives the child's peak RSS; without it the fallback result has no memory figure.
const gnuTime = existsSync('/usr/bin/time') ? '/usr/bin/time' : null;
let failed = 0;
try {
  for (const script of scripts) {
    console.log(`\n== ${script}`);
    const before = readResults().length;
    const rssFile = join(work, 'rss');
    const node = [process.execPath, '--expose-gc', join(dir, script)];
    const [command, ...commandArgs] = gnuTime ? [gnuTime, '-f', '%M', '-o', rssFile, ...node] : node;
    const started = performance.now();
    const result = spawnSync(command, commandArgs, {
      stdio: 'inherit',
      env: { ...process.env, BENCH_RESULTS: resultsFile },
    });
    const wall = performance.now() - started;
    if (result.status !== 0) {
      failed += 1;
      console.log(`!! ${script} exited with ${result.status}`);
    }
    if (readResults().length === before) {
      const name = script.replace(/\.mjs$/, '');
      const fallback = benchResult({ name, wall, peakRss: peakRssOf(rssFile), wholeProcess: true });
      appendFileSync(resultsFile, `${JSON.stringify(fallback)}\n`);
    }
  }
  if (json) {
    console.log('\n== results (JSON, one object per benchmark)');
    for (const line of readResults()) console.log(line);
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
process.exitCode = failed ? 1 : 0;

function readResults() {
  return existsSync(resultsFile) ? readFileSync(resultsFile, 'utf8').split('\n').filter(Boolean) : [];
}

function peakRssOf(file) {
  if (!existsSync(file)) return null;
  // GNU time writes "Command exited with non-zero status N" before the figure when the child fails.
  const kb = Number(readFileSync(file, 'utf8').trim().split('\n').pop());
  return Number.isFinite(kb) ? kb / 1024 : null;
}
