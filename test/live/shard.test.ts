/**
 * Sharded live collection (issue 17 item 2): N `trailguard collect --shard K/N` processes against one
 * emulated organization (the generated large organization, plus a log target in another account), then
 * `scan --snapshot` of every shard gives the report of one single-process scan. The shards' own checks
 * (missing, repeated or mixed shards) are one line and exit 2.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DEMO_ROLE_NAME,
  type EmulatorHandle,
  largeOrgScenario,
  startEmulator,
} from '../../src/emulator/index.js';
import type { Report } from '../../src/engine/types.js';
import type { Inventory } from '../../src/inventory/model.js';
import { shardOf } from '../../src/sources/aws/shard.js';
import { BIN, ROOT } from '../cli/helpers.js';

const run = promisify(execFile);
const SHARDS = 3;
const spec = largeOrgScenario({
  accounts: 24,
  regions: 4,
  bucketsPerAccount: 4,
  bucketRegionsPerAccount: 2,
  trailsPerAccount: 2,
});
// A log target in another account: resolved by the target owner's shard.
const ids = spec.accounts.map((a) => a.id);
const crossSource = spec.buckets.find((b) => b.name === `data-${ids[5]}-0`);
const crossTarget = spec.buckets.find((b) => b.account === ids[7] && b.name.startsWith('logs-'));
if (!crossSource || !crossTarget) throw new Error('scenario changed');
crossSource.logging = { targetBucket: crossTarget.name, targetPrefix: 'cross/' };
crossSource.region = crossTarget.region;

let handle: EmulatorHandle;
let dir: string;

/** The built CLI in its own process (the emulator answers from this one: never spawnSync here). */
async function cli(
  args: string[],
  env: NodeJS.ProcessEnv = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
  const keys = handle.credentialsFor(spec.organization?.managementAccount as string);
  try {
    const { stdout, stderr } = await run(process.execPath, [BIN, ...args], {
      cwd: ROOT,
      maxBuffer: 64 * 1024 * 1024,
      env: {
        PATH: process.env.PATH,
        HOME: dir,
        NO_COLOR: '1',
        AWS_ACCESS_KEY_ID: keys.accessKeyId,
        AWS_SECRET_ACCESS_KEY: keys.secretAccessKey,
        AWS_CONFIG_FILE: join(dir, 'no-config'),
        AWS_SHARED_CREDENTIALS_FILE: join(dir, 'no-credentials'),
        ...env,
      },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code?: number; stdout?: string; stderr?: string };
    return { code: e.code ?? -1, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
  }
}

const live = () => [
  '--org',
  '--role-name',
  DEMO_ROLE_NAME,
  '--endpoint-url',
  handle.endpoint,
  '--region',
  'us-east-1',
];
const shardFile = (k: number) => join(dir, `shard-${k}.json`);

function comparable(report: Report) {
  const { source: _source, ...rest } = report;
  return rest;
}

beforeAll(async () => {
  handle = await startEmulator(spec);
  dir = await mkdtemp(join(tmpdir(), 'trailguard-shard-'));
  // Three processes at once: K/N given, and the two schedulers' index variables.
  const results = await Promise.all([
    cli(['collect', ...live(), '--shard', `0/${SHARDS}`, '-o', shardFile(0)]),
    cli(['collect', ...live(), '--shard', `auto/${SHARDS}`, '-o', shardFile(1)], {
      JOB_COMPLETION_INDEX: '1',
    }),
    cli(['collect', ...live(), '--shard', `auto/${SHARDS}`, '-o', shardFile(2)], {
      AWS_BATCH_JOB_ARRAY_INDEX: '2',
    }),
  ]);
  for (const r of results) expect(r.code, r.stderr).toBe(0);
}, 240_000);

afterAll(async () => {
  await handle?.stop();
  await rm(dir, { recursive: true, force: true });
});

describe('collect --shard K/N and scan --snapshot of every shard', () => {
  it('each shard holds exactly its accounts (by the hash of the id), every account once', async () => {
    const seen: string[] = [];
    for (let k = 0; k < SHARDS; k++) {
      const inventory = JSON.parse(await readFile(shardFile(k), 'utf8')) as Inventory;
      expect(inventory.shard).toEqual({ index: k, count: SHARDS });
      const mine = inventory.accounts.map((a) => a.id);
      expect(mine.length).toBeGreaterThan(0);
      for (const id of mine) expect(shardOf(id, SHARDS)).toBe(k);
      expect(inventory.accounts.every((a) => a.scanned)).toBe(true);
      seen.push(...mine);
    }
    expect(seen.sort()).toEqual([...ids].sort());
  });

  it('the merged report equals the single-process scan (files in any order)', async () => {
    const single = await cli(['scan', ...live(), '-f', 'json']);
    const merged = await cli(['scan', '--snapshot', shardFile(2), shardFile(0), shardFile(1), '-f', 'json']);
    expect(single.code).toBe(1);
    expect(merged.code).toBe(1);
    const singleReport = JSON.parse(single.stdout) as Report;
    const mergedReport = JSON.parse(merged.stdout) as Report;
    expect(mergedReport.findings.length).toBeGreaterThan(100);
    // The organization trail's bucket (log-archive) and the cross-account target are evaluated, not out of scope.
    expect(JSON.stringify(mergedReport)).not.toContain('BUCKET_NOT_IN_SCOPE');
    expect(comparable(mergedReport)).toEqual(comparable(singleReport));
  }, 120_000);

  it.each([
    [[0, 1], /missing shard 2\/3: give every shard's snapshot/],
    [[0, 0, 1, 2], /are both shard 0\/3/],
    [[1], /missing shards 0\/3, 2\/3/],
  ])('shards %j: one line, exit 2', async (set, message) => {
    const r = await cli(['scan', '--snapshot', ...set.map(shardFile), '-f', 'json']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stdout).toBe('');
  });

  it('a shard given as a path (not merged by --snapshot) is refused', async () => {
    const r = await cli(['scan', shardFile(0), '-f', 'json']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      /shard-0\.json is shard 0\/3 of a sharded collection: give every shard with scan --snapshot/,
    );
    expect(r.stdout).toBe('');
  });

  it('a shard beside an unsharded snapshot is refused', async () => {
    const whole = join(dir, 'whole.json');
    expect((await cli(['collect', ...live(), '--accounts', ids[3] as string, '-o', whole])).code).toBe(0);
    const r = await cli(['scan', '--snapshot', whole, shardFile(0), shardFile(1), shardFile(2)]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/whole\.json is not a shard/);
  }, 60_000);

  it('--shard without --org, or a bad K/N, is one line and exit 2', async () => {
    const noOrg = await cli(['collect', '--endpoint-url', handle.endpoint, '--shard', '0/2']);
    expect(noOrg.code).toBe(2);
    expect(noOrg.stderr).toBe('trailguard: --shard splits an organization scan: add --org\n');
    const bad = await cli(['collect', ...live(), '--shard', '2/2']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^trailguard: --shard: shard index "2" must be a whole number from 0 to 1\n$/);
  });
});
