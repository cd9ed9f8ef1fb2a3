/**
 * Issue 10 items 5, 7 and 8 through the CLI (`trailguard scan --org … -f json`, credentials from the
 * environment as a user's would be): each fault run is compared with the clean run of the same
 * scenario, by status, reason and exit code.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { type FaultRule, type ScenarioSpec, startEmulator } from '../../src/emulator/index.js';
import type { Report } from '../../src/engine/types.js';
import { memoryIO } from '../helpers/memory-io.js';
import { verdicts } from './helpers.js';
import { L, M, orgScenario, P, ROLE, SCANNER } from './scenarios.js';

let dir: string;
const saved = { ...process.env };

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'trailguard-cli-faults-'));
  for (const name of Object.keys(process.env)) if (name.startsWith('AWS_')) delete process.env[name];
  process.env.AWS_CONFIG_FILE = join(dir, 'no-config');
  process.env.AWS_SHARED_CREDENTIALS_FILE = join(dir, 'no-credentials');
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
  process.env = saved;
});

interface Scan {
  code: number;
  stderr: string;
  verdicts: Record<string, string>;
  counts: Record<string, number>;
}

async function scan(spec: ScenarioSpec, faults: FaultRule[] = []): Promise<Scan> {
  const handle = await startEmulator({ ...spec, faults: [...(spec.faults ?? []), ...faults] }, { seed: 5 });
  try {
    const keys = handle.credentialsFor(M, SCANNER);
    process.env.AWS_ACCESS_KEY_ID = keys.accessKeyId;
    process.env.AWS_SECRET_ACCESS_KEY = keys.secretAccessKey;
    const io = memoryIO({ cwd: dir, env: process.env });
    const args = ['--org', '--role-name', ROLE, '--endpoint-url', handle.endpoint, '--region', 'us-east-1'];
    const code = await main(['node', 'trailguard', 'scan', ...args, '-f', 'json'], io);
    const out = io.out.join('');
    const report = (out ? JSON.parse(out) : { findings: [] }) as Report;
    return {
      code,
      stderr: io.err.join(''),
      verdicts: verdicts(report.findings),
      counts: handle.counters.byOperation(),
    };
  } finally {
    await handle.stop();
  }
}

/** What a scan shows its user: exit code, stderr and every verdict. */
const shown = (run: Scan) => ({ code: run.code, stderr: run.stderr, verdicts: run.verdicts });

describe('CLI scan under control-plane and endpoint faults', () => {
  const spec = orgScenario();
  let clean: Scan;
  beforeAll(async () => {
    clean = await scan(spec);
    expect(clean.stderr).toBe('');
  }, 60_000);

  it('item 5: ListRegions answering 404 with an HTML page falls back to DescribeRegions: same findings, same exit', async () => {
    const run = await scan(spec, [
      { kind: 'plainError', status: 404, service: 'account', operation: 'ListRegions' },
    ]);
    expect(run.counts['ec2:DescribeRegions']).toBe(3);
    expect(shown(run)).toEqual(shown(clean));
  }, 60_000);

  it('item 8: GetCallerIdentity, ListAccounts and AssumeRole failing five times in a row are retried patiently: same findings', async () => {
    // The data-plane default is 5 attempts: each of these needs a sixth.
    const run = await scan({ ...spec, pageSizes: { listAccounts: 2 } }, [
      { kind: 'serverError', status: 503, operation: 'GetCallerIdentity', times: 5 },
      { kind: 'reset', operation: 'ListAccounts', times: 5 },
      {
        kind: 'serverError',
        status: 500,
        operation: 'AssumeRole',
        resource: `arn:aws:iam::${P}:role/${ROLE}`,
        times: 5,
      },
    ]);
    expect(run.counts['sts:GetCallerIdentity']).toBe(6);
    expect(shown(run)).toEqual(shown(clean));
  }, 90_000);

  it('item 8: DescribeOrganization throttled (TooManyRequestsException) for ever does not abort the scan', async () => {
    const run = await scan(spec, [{ kind: 'throttle', rate: 1, operation: 'DescribeOrganization' }]);
    expect(shown(run)).toEqual(shown(clean));
  }, 60_000);

  it('item 8: a role that cannot be assumed stays a per-account UNDETERMINED; the other accounts are scanned', async () => {
    const run = await scan(spec, [
      { kind: 'accessDenied', operation: 'AssumeRole', resource: `arn:aws:iam::${L}:role/${ROLE}` },
    ]);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe('');
    const account = Object.entries(run.verdicts).filter(
      ([key]) => key.endsWith(` ${L}`) || key.includes('log-archive'),
    );
    expect(account.length).toBeGreaterThan(0);
    for (const [, v] of account) expect(v).toBe('UNDETERMINED ROLE_NOT_ASSUMABLE');
    // Production's buckets are read as in the clean run.
    for (const [key, v] of Object.entries(clean.verdicts))
      if (key.includes(' prod-')) expect(run.verdicts[key], key).toBe(v);
  }, 120_000);

  it('item 7: HeadBucket of a deleted target answering 503 after every retry is UNDETERMINED with the error, never TARGET_OTHER_ACCOUNT', async () => {
    const keys = ['ct prod-orphan-src', 's3 prod-orphan-src'];
    for (const key of keys) expect(clean.verdicts[key], key).toBe('NON_COMPLIANT TARGET_BUCKET_MISSING');
    const run = await scan(spec, [
      { kind: 'serverError', status: 503, operation: 'HeadBucket', resource: 'prod-deleted-target' },
    ]);
    expect(run.code).toBe(1);
    for (const key of keys) expect(run.verdicts[key], key).toBe('UNDETERMINED READ_FAILED');
    // Nothing else changes.
    const others = (v: Record<string, string>) => Object.entries(v).filter(([k]) => !keys.includes(k));
    expect(others(run.verdicts)).toEqual(others(clean.verdicts));
  }, 60_000);

  it("item 6: when an account's bucket list fails, a target that cannot receive is UNDETERMINED, never COMPLIANT + TARGET_UNVERIFIED", async () => {
    expect(clean.verdicts['ct prod-kms-src']).toBe('NON_COMPLIANT TARGET_CANNOT_RECEIVE');
    const run = await scan(spec, [
      { kind: 'serverError', status: 503, operation: 'ListBuckets', account: P },
    ]);
    expect(run.code).toBe(1);
    expect(run.verdicts['ct prod-kms-src']).toMatch(/^UNDETERMINED /);
    // The trail buckets of production are still reported, none of them as a pass they were not.
    for (const [key, v] of Object.entries(run.verdicts))
      if (key.startsWith('ct prod-') && !v.startsWith('UNDETERMINED '))
        expect(v, key).toBe(clean.verdicts[key]);
  }, 60_000);

  it('org mode outside an organization, or from a member account: one line, exit 2', async () => {
    const outside: ScenarioSpec = { ...spec };
    delete outside.organization;
    const notInOrg = await scan(outside);
    expect([notInOrg.code, notInOrg.stderr]).toEqual([
      2,
      'trailguard: --org: the caller account is not in an AWS Organization (drop --org)\n',
    ]);
    const member = await scan(spec, [{ kind: 'accessDenied', operation: 'ListAccounts' }]);
    expect(member.code).toBe(2);
    expect(member.stderr).toMatch(
      /^trailguard: --org: cannot list the organization's accounts \(AccessDeniedException: .*\): run from the management account or a delegated administrator\n$/,
    );
  }, 60_000);
});
