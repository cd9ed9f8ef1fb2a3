// Shared by snapshot-100k.mjs and large-snapshot-1m.mjs: generates a snapshot of N buckets, then runs
// `trailguard scan --snapshot FILE -f json -o REPORT` (the built CLI, its own process) `runs` times,
// each paired with the floor no implementation can beat here — `node` reading and JSON.parse-ing the
// same file — and prints min/median/max wall time, CPU time and peak RSS, with the load average.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { reportBench } from './_report.mjs';
import { writeSnapshotFile } from './_snapshot-gen.mjs';

const cli = fileURLToPath(new URL('../bin/trailguard.js', import.meta.url));

/** Runs a command under GNU time: wall ms, CPU ms (user + system), peak RSS MB. */
function measure(args) {
  const dir = mkdtempSync(join(tmpdir(), 'tg-bench-time-'));
  const out = join(dir, 'time');
  const started = performance.now();
  const result = spawnSync('/usr/bin/time', ['-f', '%U %S %M', '-o', out, process.execPath, ...args], {
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const wall = performance.now() - started;
  const [user, sys, kb] = readFileSync(out, 'utf8').trim().split('\n').pop().split(' ').map(Number);
  rmSync(dir, { recursive: true, force: true });
  return { status: result.status, wall, cpu: (user + sys) * 1000, rss: kb / 1024 };
}

const stats = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return { min: s[0], median: s[Math.floor(s.length / 2)], max: s[s.length - 1] };
};
const fmt = ({ min, median, max }, unit) =>
  `${median.toFixed(0)} ${unit} (min ${min.toFixed(0)}, max ${max.toFixed(0)})`;

export function benchSnapshot({ name, buckets, runs, targetMs, targetMb }) {
  return (async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tg-bench-snapshot-'));
    try {
      const file = join(dir, 'snapshot.json');
      await writeSnapshotFile(file, buckets);
      const bytes = statSync(file).size;
      const floor = `JSON.parse(require('node:fs').readFileSync(${JSON.stringify(file)}, 'utf8'))`;
      const scans = [];
      const floors = [];
      for (let i = 0; i < runs; i++) {
        floors.push(measure(['-e', floor]));
        const run = measure([cli, 'scan', '--snapshot', file, '-f', 'json', '-o', join(dir, 'report.json')]);
        // Exit 1 = non-compliant findings (the generated snapshot has some); anything else is a failure.
        if (run.status !== 1) throw new Error(`${name}: trailguard exited with ${run.status}`);
        scans.push(run);
      }
      const reportBytes = statSync(join(dir, 'report.json')).size;
      const wall = stats(scans.map((r) => r.wall));
      const cpu = stats(scans.map((r) => r.cpu));
      const rss = stats(scans.map((r) => r.rss));
      const floorWall = stats(floors.map((r) => r.wall));
      console.log(
        `${name}: ${buckets.toLocaleString('en')} buckets, snapshot ${(bytes / 2 ** 20).toFixed(0)} MB → JSON report ${(reportBytes / 2 ** 20).toFixed(0)} MB, ${runs} run(s)`,
      );
      console.log(
        `  scan + write report: wall ${fmt(wall, 'ms')}, CPU ${fmt(cpu, 'ms')}, peak RSS ${fmt(rss, 'MB')}`,
      );
      console.log(`  floor (node reads + JSON.parse the file): wall ${fmt(floorWall, 'ms')}`);
      console.log(
        `  ratio to floor ${(wall.median / floorWall.median).toFixed(1)}×; target < ${targetMs} ms and < ${targetMb ?? '—'} MB; load average ${loadavg()
          .map((l) => l.toFixed(2))
          .join(' ')}`,
      );
      reportBench({
        name,
        wall: wall.median,
        lowerBound: floorWall.median,
        peakRss: rss.max,
        buckets,
        snapshotMb: bytes / 2 ** 20,
        reportMb: reportBytes / 2 ** 20,
        cpuMedian: cpu.median,
        wallMin: wall.min,
        wallMax: wall.max,
        peakRssPerBucketKb: (rss.max * 1024) / buckets,
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  })();
}
