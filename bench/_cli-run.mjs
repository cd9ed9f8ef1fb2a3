// Running the built CLI in its own process: wall time, peak RSS and CPU time (GNU time, when installed) and
// min/median/max helpers. Shared by terraform-budgets.mjs, cloudformation-hostile.mjs, large-org-10k.mjs and
// aggregator-org.mjs.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const BIN = fileURLToPath(new URL('../bin/trailguard.js', import.meta.url));
const gnuTime = existsSync('/usr/bin/time') ? '/usr/bin/time' : null;

/**
 * Runs `node ARGS` (`['-e', '0']` is the start-up floor); `work` holds GNU time's output file. `env`: the
 * child's environment (default: this process's). `peak` in MB and `cpuMs` (user + system) are null without
 * GNU time.
 */
export function run(args, work, { env } = {}) {
  const timeFile = join(work, 'rss');
  const command = gnuTime
    ? [gnuTime, '-f', '%M %U %S', '-o', timeFile, process.execPath, ...args]
    : [process.execPath, ...args];
  const t0 = performance.now();
  const result = spawnSync(command[0], command.slice(1), {
    encoding: 'utf8',
    maxBuffer: 512 * 1024 * 1024,
    ...(env ? { env } : {}),
  });
  const wall = performance.now() - t0;
  const [rssKb, user, system] =
    gnuTime && existsSync(timeFile)
      ? readFileSync(timeFile, 'utf8').trim().split('\n').pop().split(' ').map(Number)
      : [Number.NaN, Number.NaN, Number.NaN];
  const peak = Number.isFinite(rssKb) ? rssKb / 1024 : null;
  const cpuMs = Number.isFinite(user) ? (user + system) * 1000 : null;
  return { wall, peak, cpuMs, result };
}

/**
 * Runs the CLI (`argv` starts with BIN) as a user with only these keys: an environment of PATH, HOME = `work`,
 * the access keys and the Region, so nothing of this machine's AWS configuration reaches the scan. Throws
 * with the start of stderr (`label` first) when it exits non-zero.
 */
export function runScanAs(argv, work, { credentials, region, label = 'the scan' }) {
  const measured = run(argv, work, {
    env: {
      PATH: process.env.PATH,
      HOME: work,
      AWS_ACCESS_KEY_ID: credentials.accessKeyId,
      AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
      AWS_REGION: region,
    },
  });
  const { status, stderr } = measured.result;
  if (status !== 0) throw new Error(`${label} exited with ${status}: ${stderr.slice(0, 2000)}`);
  return measured;
}

export const stats = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return { min: s[0], median: s[Math.floor(s.length / 2)], max: s[s.length - 1] };
};

export const ms = (x) => `${Math.round(x)} ms`;
