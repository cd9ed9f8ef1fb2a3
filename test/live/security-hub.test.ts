/**
 * `scan --send-to-security-hub` end to end against the emulator (issue 14): the report's ASFF findings are
 * imported with BatchImportFindings in batches of at most 100, each account's with that account's
 * credentials (the caller's own, or the scan role), through the AWS SDK and the AWS access layer; partial
 * failures with a transient code are re-sent, permanent ones are counted on stderr with exit 3; the least
 * privilege is the read-only policy plus iam/trailguard-security-hub-policy.json.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { type EmulatorHandle, type ScenarioSpec, startEmulator } from '../../src/emulator/index.js';
import { batchImportFindings, MAX_IMPORT_FINDINGS } from '../../src/emulator/services/securityhub.js';
import { memoryIO } from '../helpers/memory-io.js';
import { useScannerEnv } from './helpers.js';
import { D, L, M, orgScenario, P, policyActions, ROLE } from './scenarios.js';

const saved = { ...process.env };
let dir: string;

function hubPolicyActions(): Promise<string[]> {
  return readFile(new URL('../../iam/trailguard-security-hub-policy.json', import.meta.url), 'utf8').then(
    (text) =>
      (JSON.parse(text) as { Statement: { Effect: string; Action: string[] }[] }).Statement.filter(
        (s) => s.Effect === 'Allow',
      ).flatMap((s) => s.Action),
  );
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'trailguard-hub-'));
  return async () => {
    await rm(dir, { recursive: true, force: true });
    process.env = saved;
  };
});

let handle: EmulatorHandle | undefined;
afterEach(async () => {
  await handle?.stop();
  handle = undefined;
});

async function run(spec: ScenarioSpec, extra: string[] = [], setup?: (h: EmulatorHandle) => void) {
  handle = await startEmulator(spec, { seed: 11 });
  setup?.(handle);
  useScannerEnv(handle, dir);
  const args = ['--org', '--role-name', ROLE, '--endpoint-url', handle.endpoint, '--region', 'us-east-1'];
  const asffIO = memoryIO({ env: process.env, cwd: dir });
  await main(['node', 'trailguard', 'scan', ...args, ...extra, '-f', 'asff', '--fail-on', 'none'], asffIO);
  const asff = JSON.parse(asffIO.out.join('')) as Record<string, unknown>[];
  handle.counters.reset();
  const io = memoryIO({ env: process.env, cwd: dir });
  const code = await main(
    ['node', 'trailguard', 'scan', ...args, '-q', '--send-to-security-hub', ...extra],
    io,
  );
  return { code, stderr: io.err.join(''), stdout: io.out.join(''), asff, handle };
}

describe('scan --send-to-security-hub', () => {
  it('imports every ASFF finding into its own account under the least-privilege policies', async () => {
    const allow = [...policyActions(), ...(await hubPolicyActions())];
    const { code, stderr, asff, handle: h } = await run(orgScenario({ allow, faults: false }));
    expect(asff.length).toBeGreaterThan(5);
    // Account D's role cannot be assumed (its findings say so): nothing can be imported there.
    const importable = asff.filter((f) => f.AwsAccountId !== D);
    const inD = asff.length - importable.length;
    expect(inD).toBe(2);
    const stored = h.securityHub.findings();
    // The same findings as `-f asff` (two scans: only the collection time differs).
    expect(stored.map((s) => untimed(s.finding)).sort(byId)).toEqual(importable.map(untimed).sort(byId));
    // Each finding sits in the account it is about, in the Region its ProductArn names.
    for (const s of stored) {
      expect(s.finding.AwsAccountId).toBe(s.account);
      expect(String(s.finding.ProductArn).split(':')[3]).toBe(s.region);
    }
    const accounts = new Set(stored.map((s) => s.account));
    expect(accounts).toEqual(new Set([M, L, P]));
    expect(stderr).toBe(
      `trailguard: Security Hub: imported ${importable.length} of ${asff.length} findings, ${inD} failed (4 accounts, ${groups(importable)} BatchImportFindings requests; exit 3)\n` +
        `trailguard:   ${D}/us-east-1: CredentialsError (${inD}): cannot assume arn:aws:iam::${D}:role/${ROLE}: AccessDenied: User: arn:aws:iam::${M}:user/scanner is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::${D}:role/${ROLE}\n`,
    );
    expect(code).toBe(3);
    expect(h.counters.byOperation()['securityhub:BatchImportFindings']).toBe(groups(importable));
  }, 60_000);

  it("an import that fully succeeds leaves the scan's exit code alone", async () => {
    const {
      code,
      stderr,
      asff,
      handle: h,
    } = await run(orgScenario({ faults: false }), ['--accounts', `${M},${L},${P}`]);
    expect(h.securityHub.findings()).toHaveLength(asff.length);
    expect(stderr).toBe(
      `trailguard: Security Hub: imported ${asff.length} of ${asff.length} findings (3 accounts, ${groups(asff)} BatchImportFindings requests)\n`,
    );
    // The findings fail the scan by default: 1, as without the import.
    expect(code).toBe(1);
  }, 60_000);

  it('without securityhub:BatchImportFindings: every finding is counted as failed, exit 3', async () => {
    const {
      code,
      stderr,
      asff,
      handle: h,
    } = await run(orgScenario({ allow: policyActions(), faults: false }));
    expect(h.securityHub.findings()).toEqual([]);
    expect(stderr).toMatch(
      new RegExp(`imported 0 of ${asff.length} findings, ${asff.length} failed .*exit 3\\)`),
    );
    expect(stderr).toMatch(
      / {2}\d{12}\/[\w-]+: AccessDeniedException \(\d+\): .*securityhub:BatchImportFindings/,
    );
    expect(code).toBe(3);
  }, 60_000);

  it('re-sends the findings of a partial failure with a transient code, only those', async () => {
    const {
      code,
      stderr,
      asff,
      handle: h,
    } = await run(
      orgScenario({ faults: false }),
      ['--fail-on', 'none', '--accounts', `${M},${L},${P}`],
      (emulator) =>
        emulator.faults.add({
          kind: 'importFailure',
          service: 'securityhub',
          errorCode: 'InternalFailure',
          count: 2,
          times: 2,
        }),
    );
    expect(h.securityHub.findings()).toHaveLength(asff.length);
    expect(stderr).toMatch(
      /imported \d+ of \d+ findings \(\d+ accounts, \d+ BatchImportFindings requests, 4 re-sent after a transient failure\)/,
    );
    expect(h.faults.fired()).toBe(2);
    expect(code).toBe(0);
  }, 60_000);

  it('a permanent partial failure is reported and exits 3; the rest is imported', async () => {
    const {
      code,
      stderr,
      asff,
      handle: h,
    } = await run(
      orgScenario({ faults: false }),
      ['--fail-on', 'none', '--accounts', `${M},${L},${P}`],
      (emulator) =>
        emulator.faults.add({
          kind: 'importFailure',
          service: 'securityhub',
          account: P,
          errorCode: 'InvalidInput',
          count: 1,
        }),
    );
    const inP = asff.filter((f) => f.AwsAccountId === P).length;
    expect(inP).toBeGreaterThan(1);
    // The fault fires on each of P's requests and fails its first finding.
    expect(h.securityHub.findings().length).toBe(asff.length - h.faults.fired());
    expect(stderr).toMatch(
      new RegExp(`failed \\(.*exit 3\\)\\n.*  ${P}/[\\w-]+: InvalidInput \\(\\d\\): Injected InvalidInput`),
    );
    expect(code).toBe(3);
  }, 60_000);

  it('a snapshot scan imports with the AWS flags given; accounts without a role are failed with the hint', async () => {
    handle = await startEmulator(orgScenario({ faults: false }), { seed: 5 });
    useScannerEnv(handle, dir);
    const snapshot = join(dir, 'inventory.json');
    const live = ['--org', '--role-name', ROLE, '--endpoint-url', handle.endpoint, '--region', 'us-east-1'];
    expect(
      await main(
        ['node', 'trailguard', 'collect', ...live, '-o', snapshot],
        memoryIO({ env: process.env, cwd: dir }),
      ),
    ).toBe(0);
    // No --role-name: only the caller's account (M) can be imported.
    const io = memoryIO({ env: process.env, cwd: dir });
    const code = await main(
      [
        'node',
        'trailguard',
        'scan',
        '--snapshot',
        snapshot,
        '-q',
        '--fail-on',
        'none',
        '--send-to-security-hub',
        '--endpoint-url',
        handle.endpoint,
        '--region',
        'us-east-1',
      ],
      io,
    );
    const stderr = io.err.join('');
    expect(stderr).toMatch(
      new RegExp(
        `  ${L}/[\\w-]+: CredentialsError \\(\\d+\\): .*give --role-name \\(org mode\\) or --role-arn ${L}=ARN`,
      ),
    );
    expect(new Set(handle.securityHub.findings().map((f) => f.account))).toEqual(new Set([M]));
    expect(code).toBe(3);
  }, 60_000);
});

describe('batches of 100', () => {
  it('250 findings of one account and Region go in 3 requests (100, 100, 50)', async () => {
    handle = await startEmulator(orgScenario({ faults: false }), { seed: 2 });
    useScannerEnv(handle, dir);
    const names = Array.from({ length: 250 }, (_, i) => `bulk-${String(i).padStart(3, '0')}`);
    const snapshot = join(dir, 'bulk.json');
    await writeFile(
      snapshot,
      JSON.stringify({
        schema: 'trailguard/inventory@1',
        partition: 'aws',
        collectedAt: '2026-01-01T00:00:00Z',
        accounts: [{ id: M, name: 'management', scanned: true, trails: [], buckets: names }],
        trails: [],
        buckets: names.map((name) => ({
          name,
          account: M,
          region: 'us-east-1',
          exists: true,
          logging: null,
          ownership: 'BucketOwnerEnforced',
          defaultEncryption: 'SSE-S3',
        })),
        errors: [],
      }),
    );
    const io = memoryIO({ env: process.env, cwd: dir });
    const args = [
      'scan',
      '--snapshot',
      snapshot,
      '-q',
      '--fail-on',
      'none',
      '--rule',
      'aws-s3-bucket-access-logging',
    ];
    const code = await main(
      [
        'node',
        'trailguard',
        ...args,
        '--send-to-security-hub',
        '--endpoint-url',
        handle.endpoint,
        '--region',
        'us-east-1',
      ],
      io,
    );
    expect(io.err.join('')).toBe(
      'trailguard: Security Hub: imported 250 of 250 findings (1 account, 3 BatchImportFindings requests)\n',
    );
    expect(code).toBe(0);
    expect(handle.securityHub.findings(M)).toHaveLength(250);
    expect(handle.counters.byOperation()['securityhub:BatchImportFindings']).toBe(3);
  }, 60_000);
});

describe('emulator BatchImportFindings (unit)', () => {
  it('validates the batch size and required ASFF fields, and only the caller may import its findings', async () => {
    const spec = orgScenario({ faults: false });
    handle = await startEmulator(spec, { seed: 1 });
    // Handler-level checks through the real handler with a fake context.
    const store: Record<string, unknown>[] = [];
    const ctx = {
      world: { securityHub: { put: (_a: string, _r: string, f: Record<string, unknown>) => store.push(f) } },
      caller: { account: M },
      req: { region: 'us-east-1' },
    } as unknown as Parameters<typeof batchImportFindings>[0];
    const good = (id: string, account = M) => ({
      SchemaVersion: '2018-10-08',
      Id: id,
      ProductArn: `arn:aws:securityhub:us-east-1:${account}:product/${account}/default`,
      GeneratorId: 'g',
      AwsAccountId: account,
      Types: ['Software and Configuration Checks'],
      CreatedAt: '2026-01-01T00:00:00Z',
      UpdatedAt: '2026-01-01T00:00:00Z',
      Severity: { Label: 'LOW' },
      Title: 't',
      Description: 'd',
      Resources: [{ Type: 'AwsS3Bucket', Id: 'arn:aws:s3:::b' }],
    });
    const tooMany = batchImportFindings(ctx, {
      Findings: Array.from({ length: MAX_IMPORT_FINDINGS + 1 }, (_, i) => good(`x${i}`)),
    });
    expect(tooMany).toMatchObject({ status: 400, headers: { 'x-amzn-errortype': 'InvalidInputException' } });
    const { Title: _t, ...noTitle } = good('no-title');
    const reply = batchImportFindings(ctx, {
      Findings: [
        good('ok'),
        noTitle,
        good('other', L),
        { ...good('eu'), ProductArn: `arn:aws:securityhub:eu-west-1:${M}:product/${M}/default` },
      ],
    });
    const body = JSON.parse((reply as { body: string }).body);
    expect(body.SuccessCount).toBe(1);
    expect(body.FailedCount).toBe(3);
    expect(body.FailedFindings.map((f: { Id: string; ErrorCode: string }) => [f.Id, f.ErrorCode])).toEqual([
      ['no-title', 'InvalidInput'],
      ['other', 'AccessDeniedException'],
      ['eu', 'InvalidInput'],
    ]);
    expect(body.FailedFindings[0].ErrorMessage).toContain("required property 'Title'");
    expect(store.map((f) => f.Id)).toEqual(['ok']);
  });
});

/** One request per account and Region (fewer than 100 findings each here). */
function groups(findings: Record<string, unknown>[]): number {
  return new Set(findings.map((f) => `${f.AwsAccountId}/${String(f.ProductArn).split(':')[3]}`)).size;
}

function untimed(finding: Record<string, unknown>): Record<string, unknown> {
  const { CreatedAt, UpdatedAt, ...rest } = finding;
  expect(CreatedAt).toBe(UpdatedAt);
  return rest;
}

function byId(a: Record<string, unknown>, b: Record<string, unknown>): number {
  return String(a.Id).localeCompare(String(b.Id));
}
