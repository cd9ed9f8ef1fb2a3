#!/usr/bin/env node
// The single-file CLI (scripts/bundle-single.mjs): its size, and its start-up paired against `node -e 0`
// and against the packaged CLI (bin/trailguard.js with its lazily loaded chunks), each round running the
// three one after the other so all see the same machine load. The bundle runs from a temporary folder
// with nothing beside it (no node_modules, no package.json). Prints min/median/max wall time and the load
// average. Needs `npm run build`. Knobs: BENCH_STARTUP_ROUNDS (default 10).
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundleCli } from '../scripts/bundle-single.mjs';
import { reportBench } from './_report.mjs';

const ROUNDS = Number(process.env.BENCH_STARTUP_ROUNDS ?? 10);
const root = fileURLToPath(new URL('../', import.meta.url));
const work = mkdtempSync(join(tmpdir(), 'tg-bench-single-'));

function wall(argv, cwd) {
  const started = performance.now();
  const result = spawnSync(process.execPath, argv, { cwd, encoding: 'utf8' });
  const ms = performance.now() - started;
  if (result.status !== 0 && result.status !== 1)
    throw new Error(`${argv.join(' ')}: exit ${result.status}: ${result.stderr}`);
  return ms;
}
const stats = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return { min: s[0], median: s[Math.floor(s.length / 2)], max: s[s.length - 1] };
};
const fmt = ({ min, median, max }) => `${min.toFixed(0)} / ${median.toFixed(0)} / ${max.toFixed(0)} ms`;

try {
  const started = performance.now();
  const { outFile, bytes } = await bundleCli(join(work, 'build/trailguard.mjs'));
  const bundleMs = performance.now() - started;
  const bundle = join(work, 'trailguard.mjs');
  copyFileSync(outFile, bundle);
  copyFileSync(join(root, 'examples/snapshot.json'), join(work, 'snapshot.json'));
  console.log(
    `single-file CLI: ${(bytes / 1024 / 1024).toFixed(2)} MB (${bytes} bytes), bundled in ${bundleMs.toFixed(0)} ms`,
  );
  console.log(
    `${ROUNDS} paired rounds; load average before: ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
  );
  for (const c of [
    { name: 'version', args: ['--version'] },
    { name: 'snapshot-scan', args: ['scan', '--snapshot', 'snapshot.json', '-q'] },
  ]) {
    const base = [];
    const single = [];
    const packaged = [];
    for (let i = 0; i < ROUNDS; i++) {
      base.push(wall(['-e', '0'], work));
      single.push(wall([bundle, ...c.args], work));
      packaged.push(wall([join(root, 'bin/trailguard.js'), ...c.args], work));
    }
    const b = stats(base);
    const s = stats(single);
    const p = stats(packaged);
    console.log(
      `  ${c.name.padEnd(14)} single file ${fmt(s)}; bin/trailguard.js ${fmt(p)}; node -e 0 ${fmt(b)} (min/median/max); ratio single/node ${(s.median / b.median).toFixed(2)}`,
    );
    reportBench({
      name: `single-bundle-${c.name}`,
      wall: s.median,
      lowerBound: b.median,
      min: Math.round(s.min),
      max: Math.round(s.max),
      rounds: ROUNDS,
      packagedMedian: Math.round(p.median),
      bytes,
    });
  }
  console.log(
    `load average after: ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
  );
} finally {
  rmSync(work, { recursive: true, force: true });
}
