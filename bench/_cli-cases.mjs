// Runs benchmark cases through the built CLI (`trailguard scan DIR -f json --fail-on none`), each in its
// own process: min/median/max wall of `runs` runs, paired with `node -e 0` (the lower bound: process
// start-up), the peak RSS (GNU time) and the load average; one JSON result per case (bench/_report.mjs).
// A case is a map of file name → text, or `{ write(dir), args }` for generated inputs and extra flags.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { BIN, ms, run as runIn, stats } from './_cli-run.mjs';
import { reportBench } from './_report.mjs';

function summarize(result) {
  if (result.status !== 0 && result.status !== 1)
    return `exit ${result.status}: ${result.stderr.trim().split('\n')[0]}`;
  const report = JSON.parse(result.stdout);
  const errors = report.errors.map((e) => `${e.code} ${e.file}:${e.line ?? ''}`);
  const shown = errors.length > 3 ? [...errors.slice(0, 3), `… ${errors.length - 3} more`] : errors;
  return `${report.findings.length} findings; errors: ${shown.join(', ') || 'none'}`;
}

export function runCliCases(prefix, cases, { runs = 3 } = {}) {
  const work = mkdtempSync(join(tmpdir(), `tg-bench-${prefix}-`));
  try {
    for (const [name, spec] of Object.entries(cases)) {
      const dir = join(work, name);
      mkdirSync(dir);
      if (typeof spec.write === 'function') spec.write(dir);
      else {
        for (const [file, text] of Object.entries(spec)) {
          mkdirSync(dirname(join(dir, file)), { recursive: true });
          writeFileSync(join(dir, file), text);
        }
      }
      const walls = [];
      const floors = [];
      let peak = 0;
      let summary = '';
      for (let i = 0; i < runs; i++) {
        floors.push(runIn(['-e', '0'], work).wall);
        const r = runIn([BIN, 'scan', dir, '-f', 'json', '--fail-on', 'none', ...(spec.args ?? [])], work);
        walls.push(r.wall);
        peak = Math.max(peak, r.peak ?? 0);
        summary = summarize(r.result);
      }
      const w = stats(walls);
      const f = stats(floors);
      console.log(
        `${name.padEnd(12)} wall min/median/max ${ms(w.min)} / ${ms(w.median)} / ${ms(w.max)}; node -e 0 median ${ms(f.median)}; ratio ${(w.median / f.median).toFixed(1)}; peak RSS ${peak.toFixed(0)} MB; ${summary}`,
      );
      reportBench({
        name: `${prefix}-${name}`,
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
}
