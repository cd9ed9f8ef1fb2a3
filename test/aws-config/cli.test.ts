/**
 * `trailguard aws-config invoke --event FILE`: the handler run locally as Lambda would run it — the
 * standard credential chain (here: environment variables) and AWS_ENDPOINT_URL — exit 0 when the
 * evaluations were posted, one line and exit 2 for a bad event file, exit 1 when AWS refused the run.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { type EmulatorHandle, startEmulator } from '../../src/emulator/index.js';
import { memoryIO } from '../helpers/memory-io.js';
import { bucketChange, scheduled } from './events.js';
import { A, configScenario, KEYS } from './scenario.js';

let emu: EmulatorHandle;
let dir: string;
const saved = { ...process.env };

beforeAll(async () => {
  emu = await startEmulator(configScenario(), { seed: 5 });
  dir = await mkdtemp(join(tmpdir(), 'trailguard-aws-config-'));
  for (const name of Object.keys(process.env)) if (name.startsWith('AWS_')) delete process.env[name];
  Object.assign(process.env, {
    AWS_ACCESS_KEY_ID: KEYS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: KEYS.secretAccessKey,
    AWS_REGION: 'us-east-1',
    AWS_ENDPOINT_URL: emu.endpoint,
    AWS_CONFIG_FILE: join(dir, 'no-config'),
    AWS_SHARED_CREDENTIALS_FILE: join(dir, 'no-credentials'),
    AWS_MAX_ATTEMPTS: '2',
  });
});

afterAll(async () => {
  await emu.stop();
  await rm(dir, { recursive: true, force: true });
  process.env = saved;
});

async function invoke(event: unknown, name = 'event.json', extra: string[] = []) {
  const file = join(dir, name);
  await writeFile(file, typeof event === 'string' ? event : JSON.stringify(event));
  const io = memoryIO({ env: process.env, cwd: dir });
  const code = await main(['node', 'trailguard', 'aws-config', 'invoke', '--event', file, ...extra], io);
  return { code, stdout: io.out.join(''), stderr: io.err.join(''), file };
}

describe('trailguard aws-config invoke', () => {
  it('posts the evaluations of a scheduled event and exits 0', async () => {
    const token = emu.config.resultToken(A, 'trailguard-ct');
    const r = await invoke(scheduled({ account: A, token, ruleName: 'trailguard-ct' }));
    expect(r.stderr).toBe(
      'trailguard: aws-config: aws-cloudtrail-bucket-access-logging (scheduled): posted 155 evaluation(s) to AWS Config rule trailguard-ct in 2 PutEvaluations call(s)\n',
    );
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^COMPLIANT +ct-logs {2}Bucket ct-logs has server access logging enabled/m);
    expect(emu.config.results(A, 'trailguard-ct')).toHaveLength(155);
  });

  it('--json prints the run; TESTMODE posts nothing and exits 0', async () => {
    const r = await invoke(bucketChange({ account: A, token: 'TESTMODE' }, 'ct-logs-2'), 'test.json', [
      '--json',
    ]);
    expect(r.code).toBe(0);
    const result = JSON.parse(r.stdout) as {
      posted: boolean;
      evaluations: { ComplianceResourceId: string }[];
    };
    expect(result.posted).toBe(false);
    expect(result.evaluations.map((e) => e.ComplianceResourceId)).toEqual(['ct-logs-2']);
    expect(r.stderr).toMatch(/not posted \(ResultToken TESTMODE\)\n$/);
  });

  it.each([
    ['not JSON', '{"invokingEvent": ', /event\.json: not valid JSON/],
    [
      'not an event',
      { hello: 'world' },
      /event\.json: not an AWS Config rule event: invokingEvent must be a JSON string/,
    ],
    [
      'an unknown rule',
      { ...bucketChange({ account: A, token: 't' }, 'x'), ruleParameters: '{"rule":"nope"}' },
      /ruleParameters "rule" must be a trailguard rule id/,
    ],
    [
      'a snapshot notification',
      {
        ...scheduled({ account: A, token: 't' }),
        invokingEvent: '{"messageType":"ConfigurationSnapshotDeliveryCompleted"}',
      },
      /messageType "ConfigurationSnapshotDeliveryCompleted" is not handled/,
    ],
  ])('a bad event file (%s) is one line and exit 2', async (_what, event, message) => {
    const r = await invoke(event);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(message);
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
  });

  it("--region is the rule's Region, over the event's configRuleArn; a bad one is one line and exit 2", async () => {
    emu.counters.reset();
    const event = bucketChange({ account: A, token: 'TESTMODE', region: 'eu-west-1' }, 'ct-logs-2');
    const r = await invoke(event, 'region.json', ['--region', 'us-east-1']);
    expect(r.code).toBe(0);
    const bad = await invoke(event, 'region.json', ['--region', 'mars']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toBe('trailguard: --region: "mars" is not a Region name\n');
  });

  it('a missing event file is one line and exit 2', async () => {
    const io = memoryIO({ env: process.env, cwd: dir });
    const code = await main(
      ['node', 'trailguard', 'aws-config', 'invoke', '--event', join(dir, 'nope.json')],
      io,
    );
    expect(code).toBe(2);
    expect(io.err.join('')).toMatch(/^trailguard: .*nope\.json: cannot read \(ENOENT\)\n$/);
  });

  it("the standalone emulator's token form emulator-rule/NAME posts to that rule of the caller", async () => {
    const r = await invoke(
      bucketChange({ account: A, token: 'emulator-rule/local-test' }, 'ct-logs-2'),
      'local.json',
    );
    expect(r.code).toBe(0);
    expect(emu.config.results(A, 'local-test').map((e) => `${e.resourceId} ${e.complianceType}`)).toEqual([
      'ct-logs-2 COMPLIANT',
    ]);
  });

  it('a ResultToken AWS Config did not issue: PutEvaluations refused, one line, exit 1', async () => {
    const r = await invoke(bucketChange({ account: A, token: 'made-up-token' }, 'ct-logs-2'));
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      'trailguard: aws-config: PutEvaluations failed (InvalidResultTokenException: The specified ResultToken is invalid.)\n',
    );
  });
});
