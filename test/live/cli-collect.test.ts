/**
 * The CLI over the live source: `collect` writes a snapshot, `scan --snapshot` on it gives the same
 * report as the live `scan` (minus source and time). Credentials come through the standard chain
 * (environment variables), exactly as a user's would.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { type EmulatorHandle, startEmulator } from '../../src/emulator/index.js';
import type { Report } from '../../src/engine/types.js';
import { memoryIO } from '../helpers/memory-io.js';
import { useScannerEnv } from './helpers.js';
import { M, orgScenario, ROLE } from './scenarios.js';

let handle: EmulatorHandle;
let dir: string;
const saved = { ...process.env };

function io() {
  return memoryIO({ env: process.env, cwd: dir });
}

beforeAll(async () => {
  handle = await startEmulator(orgScenario(), { seed: 3 });
  dir = await mkdtemp(join(tmpdir(), 'trailguard-live-'));
  useScannerEnv(handle, dir);
});

afterAll(async () => {
  await handle.stop();
  await rm(dir, { recursive: true, force: true });
  process.env = saved;
});

const live = () => ['--org', '--role-name', ROLE, '--endpoint-url', handle.endpoint, '--region', 'us-east-1'];

function comparable(report: Report) {
  const { source: _source, ...rest } = report;
  return rest;
}

describe('collect and scan --snapshot', () => {
  it('gives the same findings as the live scan', async () => {
    const snapshot = join(dir, 'inventory.json');
    const collectIO = io();
    expect(await main(['node', 'trailguard', 'collect', ...live(), '-o', snapshot], collectIO)).toBe(0);
    expect(collectIO.err.join('')).toMatch(/wrote .*inventory\.json: 4 accounts, 11 trails/);

    const text = await readFile(snapshot, 'utf8');
    expect(JSON.parse(text).schema).toBe('trailguard/inventory@1');
    // No credential material in the snapshot.
    expect(text).not.toContain(handle.credentialsFor(M, 'scanner').secretAccessKey);
    expect(text).not.toContain(handle.credentialsFor(M, 'scanner').accessKeyId);

    const liveIO = io();
    const liveCode = await main(['node', 'trailguard', 'scan', ...live(), '-f', 'json'], liveIO);
    const snapIO = io();
    const snapCode = await main(['node', 'trailguard', 'scan', '--snapshot', snapshot, '-f', 'json'], snapIO);
    expect(liveCode).toBe(1);
    expect(snapCode).toBe(1);
    const liveReport = JSON.parse(liveIO.out.join('')) as Report;
    const snapReport = JSON.parse(snapIO.out.join('')) as Report;
    expect(liveReport.source.kind).toBe('aws');
    expect(snapReport.source.kind).toBe('snapshot');
    expect(liveReport.findings.length).toBeGreaterThan(20);
    expect(comparable(snapReport)).toEqual(comparable(liveReport));
  }, 120_000);

  it('collect without -o prints the snapshot on stdout', async () => {
    const out = io();
    expect(await main(['node', 'trailguard', 'collect', ...live(), '--accounts', M], out)).toBe(0);
    const inventory = JSON.parse(out.out.join(''));
    expect(inventory.accounts.map((a: { id: string }) => a.id)).toEqual([M]);
  }, 60_000);

  it('a bad AWS flag is one line and exit 2', async () => {
    const out = io();
    expect(await main(['node', 'trailguard', 'collect', '--org'], out)).toBe(2);
    expect(out.err.join('')).toBe(
      'trailguard: --org needs --role-name NAME (the role to assume in each account)\n',
    );
  });
});
