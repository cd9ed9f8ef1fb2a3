// Running the built CLI in its own process for input-budget benchmarks: wall time, peak RSS (GNU time,
// when installed) and min/median/max helpers. Shared by terraform-budgets.mjs and cloudformation-hostile.mjs.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const BIN = fileURLToPath(new URL('../bin/trailguard.js', import.meta.url));
const gnuTime = existsSync('/usr/bin/time') ? '/usr/bin/time' : null;

/** Runs `node ARGS` (`['-e', '0']` is the start-up floor); `work` holds GNU time's output file. */
export function run(args, work) {
  const rss = join(work, 'rss');
  const command = gnuTime
    ? [gnuTime, '-f', '%M', '-o', rss, process.execPath, ...args]
    : [process.execPath, ...args];
  const t0 = performance.now();
  const result = spawnSync(command[0], command.slice(1), { encoding: 'utf8', maxBuffer: 512 * 1024 * 1024 });
  const wall = performance.now() - t0;
  const peak =
    gnuTime && existsSync(rss) ? Number(readFileSync(rss, 'utf8').trim().split('\n').pop()) / 1024 : null;
  return { wall, peak, result };
}

export const stats = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return { min: s[0], median: s[Math.floor(s.length / 2)], max: s[s.length - 1] };
};

export const ms = (x) => `${Math.round(x)} ms`;
