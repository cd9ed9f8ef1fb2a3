/**
 * `trailguard scan|collect --config-aggregator NAME` through the CLI, credentials from the environment
 * as a user's would be, against the emulated demo organization's aggregator.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import {
  DEMO_AGGREGATOR,
  DEMO_ROLE_NAME,
  DEMO_SCANNER,
  demoScenario,
  type EmulatorHandle,
  startEmulator,
} from '../../src/emulator/index.js';
import type { Report } from '../../src/engine/types.js';
import { memoryIO } from '../helpers/memory-io.js';

let handle: EmulatorHandle;
let dir: string;
const saved = { ...process.env };

beforeAll(async () => {
  handle = await startEmulator(demoScenario(), { seed: 3 });
  dir = await mkdtemp(join(tmpdir(), 'trailguard-aggregator-'));
  for (const name of Object.keys(process.env)) if (name.startsWith('AWS_')) delete process.env[name];
  process.env.AWS_ACCESS_KEY_ID = DEMO_SCANNER.accessKeyId;
  process.env.AWS_SECRET_ACCESS_KEY = DEMO_SCANNER.secretAccessKey;
  process.env.AWS_CONFIG_FILE = join(dir, 'no-config');
  process.env.AWS_SHARED_CREDENTIALS_FILE = join(dir, 'no-credentials');
  process.env.AWS_MAX_ATTEMPTS = '2';
});

afterAll(async () => {
  await handle.stop();
  await rm(dir, { recursive: true, force: true });
  process.env = saved;
});

const io = () => memoryIO({ env: process.env, cwd: dir });
const endpoint = () => ['--endpoint-url', handle.endpoint, '--region', 'us-east-1'];

describe('--config-aggregator', () => {
  it('scan reports the organization as AWS Config recorded it, and says so', async () => {
    const cli = io();
    const code = await main(
      ['node', 'trailguard', 'scan', '--config-aggregator', DEMO_AGGREGATOR, ...endpoint(), '-f', 'json'],
      cli,
    );
    const report = JSON.parse(cli.out.join('')) as Report;
    expect(code).toBe(1);
    expect(report.source).toMatchObject({ kind: 'aws-config', aggregator: DEMO_AGGREGATOR });
    expect(report.source.recordedFrom).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect(report.source.accounts).toHaveLength(6);
    expect(report.summary.NON_COMPLIANT).toBeGreaterThan(0);
    // The human formats say where the data came from and how old it is.
    for (const format of ['text', 'markdown']) {
      const human = io();
      await main(
        ['node', 'trailguard', 'scan', '--config-aggregator', DEMO_AGGREGATOR, ...endpoint(), '-f', format],
        human,
      );
      expect(human.out.join(''), format).toMatch(
        /as recorded by AWS Config aggregator trailguard-org at \d{4}-/,
      );
    }
  });

  it('--verify-live re-reads through the audit role; collect writes a snapshot that scans the same', async () => {
    const verify = io();
    await main(
      [
        'node',
        'trailguard',
        'scan',
        '--config-aggregator',
        DEMO_AGGREGATOR,
        '--verify-live',
        '--role-name',
        DEMO_ROLE_NAME,
        ...endpoint(),
        '-f',
        'json',
      ],
      verify,
    );
    expect(verify.err.join('')).toBe('');
    expect((JSON.parse(verify.out.join('')) as Report).source.verifiedLive).toBeGreaterThan(0);

    const snapshot = join(dir, 'recorded.json');
    const collect = io();
    expect(
      await main(
        [
          'node',
          'trailguard',
          'collect',
          '--config-aggregator',
          DEMO_AGGREGATOR,
          ...endpoint(),
          '-o',
          snapshot,
        ],
        collect,
      ),
    ).toBe(0);
    expect(collect.err.join('')).toMatch(/wrote .*recorded\.json: 6 accounts/);
    const inventory = JSON.parse(await readFile(snapshot, 'utf8'));
    expect(inventory.buckets.every((b: { capturedAt?: string }) => typeof b.capturedAt === 'string')).toBe(
      true,
    );

    const direct = io();
    await main(
      ['node', 'trailguard', 'scan', '--config-aggregator', DEMO_AGGREGATOR, ...endpoint(), '-f', 'json'],
      direct,
    );
    const fromSnapshot = io();
    await main(['node', 'trailguard', 'scan', '--snapshot', snapshot, '-f', 'json'], fromSnapshot);
    const findings = (out: string[]) => (JSON.parse(out.join('')) as Report).findings;
    expect(findings(fromSnapshot.out)).toEqual(findings(direct.out));
  });

  it('bad combinations and names are one line, exit 2', async () => {
    const cases: [string[], RegExp][] = [
      [['--verify-live'], /--verify-live needs --config-aggregator/],
      [['--config-aggregator', 'a b'], /not an aggregator name/],
      [['--config-aggregator', DEMO_AGGREGATOR, '--org', '--role-name', 'X'], /drop --org/],
      [['--config-aggregator', 'missing-one'], /cannot read AWS Config aggregator missing-one/],
    ];
    for (const [flags, message] of cases) {
      const cli = io();
      expect(await main(['node', 'trailguard', 'scan', ...flags, ...endpoint()], cli), flags.join(' ')).toBe(
        2,
      );
      const err = cli.err.join('');
      expect(err).toMatch(message);
      expect(err.trim().split('\n')).toHaveLength(1);
    }
  });
});
