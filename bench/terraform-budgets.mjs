#!/usr/bin/env node
// Issue 11 evaluator cases, each through the built CLI (`trailguard scan DIR -f json`) in its own process:
//   deep        `locals { x = [[[…1,200 levels…]]] }` beside a normal .tf (the normal file's finding must survive)
//   chain       5,000 locals, each referring to the previous one (reference depth, not syntax depth)
//   toset-20k   `for_each = toset([for i in range(20000) : tostring(i)])`
//   toset-50k   the same with 50,000
//   toset-200k-length  `length(toset(…200,000…))` in one bucket name: the evaluator's order of growth alone
// Target: each under 5 s and 500 MB. Prints min/median/max wall of 3 runs, paired with `node -e 0`
// (the lower bound: process start-up), the peak RSS (GNU time) and the load average. Needs `npm run build`.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { BIN, ms, run as runIn, stats } from './_cli-run.mjs';
import { reportBench } from './_report.mjs';

const RUNS = 3;
const work = mkdtempSync(join(tmpdir(), 'tg-bench-budgets-'));
const run = (args) => runIn(args, work);
const normal = 'resource "aws_s3_bucket" "ok" {\n  bucket = "acme-ok"\n}\n';

const cases = {
  deep: {
    'deep.tf': `locals {\n  x = ${'['.repeat(1200)}1${']'.repeat(1200)}\n}\nresource "aws_s3_bucket" "deep" {\n  bucket = "deep-\${length(local.x)}"\n}\n`,
    'main.tf': normal,
  },
  chain: {
    'chain.tf': `locals {\n  l0 = "x"\n${Array.from({ length: 5000 }, (_v, i) => `  l${i + 1} = local.l${i}`).join('\n')}\n}\nresource "aws_s3_bucket" "chain" {\n  bucket = local.l5000\n}\n`,
    'main.tf': normal,
  },
  'toset-20k': { 'main.tf': toset(20_000) },
  'toset-50k': { 'main.tf': toset(50_000) },
  // The evaluator alone (one bucket), to see the order of growth past the instance limit.
  'toset-200k-length': {
    'main.tf': `resource "aws_s3_bucket" "n" {\n  bucket = "n-\${length(toset([for i in range(200000) : tostring(i)]))}"\n}\n`,
  },
};

function toset(n) {
  return `resource "aws_s3_bucket" "b" {\n  for_each = toset([for i in range(${n}) : tostring(i)])\n  bucket   = "acme-\${each.key}"\n}\n`;
}

try {
  for (const [name, files] of Object.entries(cases)) {
    const dir = join(work, name);
    mkdirSync(dir);
    for (const [file, text] of Object.entries(files)) writeFileSync(join(dir, file), text);
    const walls = [];
    const floors = [];
    let peak = 0;
    let summary = '';
    for (let i = 0; i < RUNS; i++) {
      floors.push(run(['-e', '0']).wall);
      const r = run([BIN, 'scan', dir, '-f', 'json', '--fail-on', 'none']);
      walls.push(r.wall);
      peak = Math.max(peak, r.peak ?? 0);
      if (r.result.status !== 0)
        summary = `exit ${r.result.status}: ${r.result.stderr.trim().split('\n')[0]}`;
      else {
        const report = JSON.parse(r.result.stdout);
        const errors = report.errors.map((e) => `${e.code} ${e.file}:${e.line ?? ''}`).join(', ');
        summary = `${report.findings.length} findings; errors: ${errors || 'none'}`;
      }
    }
    const w = stats(walls);
    const f = stats(floors);
    console.log(
      `${name.padEnd(10)} wall min/median/max ${ms(w.min)} / ${ms(w.median)} / ${ms(w.max)}; node -e 0 median ${ms(f.median)}; ratio ${(w.median / f.median).toFixed(1)}; peak RSS ${peak.toFixed(0)} MB; ${summary}`,
    );
    reportBench({
      name: `terraform-budgets-${name}`,
      wall: w.median,
      lowerBound: f.median,
      peakRss: peak,
      min: w.min,
      max: w.max,
      summary,
    });
  }
  console.log(
    `load average ${loadavg()
      .map((x) => x.toFixed(2))
      .join(' ')}`,
  );
} finally {
  rmSync(work, { recursive: true, force: true });
}
