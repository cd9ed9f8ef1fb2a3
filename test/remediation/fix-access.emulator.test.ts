/**
 * `fix` on the AWS access layer (issue 13 / 18 item 1): its calls honour the timeout and the retry
 * setting, are counted, and start in the partition's Region when nothing else says which; the undo
 * takes what the apply used from its file, flags first.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startRegion } from '../../src/aws/region.js';
import { main } from '../../src/cli/main.js';
import { applyFix } from '../../src/remediation/executor.js';
import { scanAndPlanFix } from '../../src/remediation/flows.js';
import { awsForUndo } from '../../src/remediation/undo.js';
import { memoryIO } from '../helpers/memory-io.js';
import { AUDIT_ROLE, fixerOptions, M, scannerOptions } from './scenario.js';
import { type Fixture, OPTIONS, start } from './undo-setup.js';

let f: Fixture;
beforeEach(async () => {
  f = await start();
});
afterEach(async () => {
  await f.stop();
});

async function plan() {
  return (await scanAndPlanFix({ aws: scannerOptions(f.handle), ...OPTIONS })).plan;
}

describe('fix on the AWS access layer', () => {
  it('counts its calls: the apply reports as many operations as the emulator received', async () => {
    const p = await plan();
    const before = f.handle.counters.total();
    const result = await applyFix(p, { aws: fixerOptions(f.handle), undoFile: f.undoFile });
    expect(result.ok).toBe(true);
    // Errors are answers the executor expects too (HeadBucket 404 before CreateBucket, NoSuchBucketPolicy).
    expect(result.calls.errors).toBeLessThan(result.calls.total);
    // No retries here, so operations = requests (GetCallerIdentity, AssumeRole, the S3 reads and writes).
    expect(result.calls.total).toBe(f.handle.counters.total() - before);
    expect(result.calls.total).toBeGreaterThan(p.steps.length);
  }, 60_000);

  it('honours the timeout and the retry setting: a hung PutBucketPolicy fails after maxAttempts tries', async () => {
    const p = await plan();
    f.handle.faults.add({ kind: 'hang', operation: 'PutBucketPolicy' });
    const started = Date.now();
    const result = await applyFix(p, {
      aws: { ...fixerOptions(f.handle), timeoutMs: 400, maxAttempts: 2 },
      undoFile: f.undoFile,
    });
    const elapsed = Date.now() - started;
    expect(result.ok).toBe(false);
    const failed = result.outcomes.find((o) => o.status === 'failed');
    expect(failed?.step.kind).toBe('PutBucketPolicy');
    expect(failed?.detail).toMatch(/Timeout/i);
    expect(f.handle.counters.byOperation()['s3:PutBucketPolicy']).toBe(2);
    // Two 0.4 s attempts and one back-off, not the 20 s default timeout.
    expect(elapsed).toBeLessThan(15_000);
  }, 60_000);
});

describe('fix --timeout through the CLI', () => {
  const saved = { ...process.env };
  afterAll(() => {
    process.env = saved;
  });

  it('a hung write fails after the --timeout per try (default 5 tries), exit 1, the step named', async () => {
    const credentials = f.handle.credentialsFor(M, 'scanner');
    Object.assign(process.env, {
      AWS_ACCESS_KEY_ID: credentials.accessKeyId,
      AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
      AWS_ENDPOINT_URL: f.handle.endpoint,
      AWS_REGION: 'us-east-1',
    });
    f.handle.faults.add({ kind: 'hang', operation: 'PutBucketPolicy' });
    const cli = memoryIO({ env: process.env });
    const started = Date.now();
    const code = await main(
      [
        'node',
        'trailguard',
        'fix',
        '--org',
        '--role-name',
        AUDIT_ROLE,
        '--target-bucket',
        'us-east-1=w-central',
        '--apply',
        '--yes',
        '--timeout',
        '1',
        '--undo-file',
        join(f.dir, 'cli-undo.json'),
      ],
      cli,
    );
    const elapsed = Date.now() - started;
    const stdout = cli.out.join('');
    expect(code).toBe(1);
    expect(stdout).toMatch(/FAILED +s3:PutBucketPolicy [^\n]+\n +→ TimeoutError/);
    expect(f.handle.counters.byOperation()['s3:PutBucketPolicy']).toBe(5);
    // Five 1 s tries and their back-offs; the default (20 s per try) would take 100 s or more.
    expect(elapsed).toBeLessThan(40_000);
  }, 90_000);
});

describe('Regions and scope', () => {
  it("starts in --region, else the environment or the profile's Region, else the partition's default", async () => {
    const saved = { ...process.env };
    try {
      for (const name of ['AWS_REGION', 'AWS_DEFAULT_REGION', 'AWS_PROFILE']) delete process.env[name];
      process.env.AWS_CONFIG_FILE = join(f.dir, 'no-config');
      process.env.AWS_SHARED_CREDENTIALS_FILE = join(f.dir, 'no-credentials');
      expect(await startRegion(undefined, undefined, 'aws-us-gov')).toBe('us-gov-west-1');
      expect(await startRegion(undefined, undefined, 'aws-cn')).toBe('cn-northwest-1');
      expect(await startRegion(undefined, undefined)).toBe('us-east-1');
      expect(await startRegion('eu-west-1', undefined, 'aws-cn')).toBe('eu-west-1');
      // The profile's Region (shared config file; a new path, the SDK caches files it has read).
      process.env.AWS_CONFIG_FILE = join(f.dir, 'config-with-profile');
      writeFileSync(process.env.AWS_CONFIG_FILE, '[profile gov]\nregion = us-gov-east-1\n');
      expect(await startRegion(undefined, 'gov', 'aws-us-gov')).toBe('us-gov-east-1');
      process.env.AWS_REGION = 'eu-central-1';
      expect(await startRegion(undefined, undefined, 'aws-us-gov')).toBe('eu-central-1');
    } finally {
      process.env = saved;
    }
  });

  it('an undo uses the apply’s role, external id, partition and Region unless flags say otherwise', () => {
    const scope = {
      partition: 'aws-us-gov' as const,
      region: 'us-gov-west-1',
      roleName: 'Fixer',
      roleArns: { '222222222222': 'arn:aws-us-gov:iam::222222222222:role/LogArchive' },
      externalId: 'ext-1',
      accounts: ['222222222222'],
      buckets: ['b-1'],
      actions: ['s3:PutBucketLogging' as const],
    };
    expect(awsForUndo({ profile: 'p' }, scope)).toEqual({
      profile: 'p',
      partition: 'aws-us-gov',
      region: 'us-gov-west-1',
      roleName: 'Fixer',
      roleArns: scope.roleArns,
      externalId: 'ext-1',
    });
    expect(
      awsForUndo(
        {
          region: 'us-gov-east-1',
          roleName: 'Other',
          externalId: 'ext-2',
          roleArns: { '222222222222': 'arn:aws-us-gov:iam::222222222222:role/New' },
        },
        scope,
      ),
    ).toMatchObject({
      region: 'us-gov-east-1',
      roleName: 'Other',
      externalId: 'ext-2',
      roleArns: { '222222222222': 'arn:aws-us-gov:iam::222222222222:role/New' },
    });
  });
});
