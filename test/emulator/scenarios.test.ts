import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DescribeTrailsCommand, ListTrailsCommand } from '@aws-sdk/client-cloudtrail';
import { ListAccountsCommand } from '@aws-sdk/client-organizations';
import {
  GetBucketEncryptionCommand,
  GetBucketLoggingCommand,
  GetBucketRequestPaymentCommand,
  GetObjectLockConfigurationCommand,
  HeadBucketCommand,
  ListBucketsCommand,
} from '@aws-sdk/client-s3';
import { AssumeRoleCommand } from '@aws-sdk/client-sts';
import { describe, expect, it } from 'vitest';
import {
  DEMO_ACCOUNTS,
  DEMO_EXPECTATIONS,
  DEMO_ROLE_NAME,
  DEMO_SCANNER,
  demoScenario,
  largeOrgScenario,
  loadScenarioFile,
  startEmulator,
  validateScenario,
} from '../../src/emulator/index.js';
import { InputError } from '../../src/errors.js';
import { cloudtrail, failure, organizations, s3, sts } from './helpers.js';

describe('scenario files', () => {
  it('loads a valid JSON scenario', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'tg-emu-'));
    const file = join(dir, 'ok.json');
    await writeFile(
      file,
      JSON.stringify({
        regions: ['us-east-1'],
        accounts: [{ id: '123456789012', name: 'one' }],
        buckets: [{ name: 'b-one', account: '123456789012', region: 'us-east-1' }],
        trails: [],
        faults: [{ kind: 'latency', ms: 5 }],
      }),
    );
    const spec = await loadScenarioFile(file);
    expect(spec.buckets[0]?.name).toBe('b-one');
  });

  it('rejects bad files with one-line InputErrors naming the JSON path', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'tg-emu-'));
    const bad = join(dir, 'bad.json');
    await writeFile(
      bad,
      JSON.stringify({
        regions: ['us-east-1'],
        accounts: [{ id: '12', name: 'x' }],
        buckets: [],
        trails: [],
      }),
    );
    const err = await loadScenarioFile(bad).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InputError);
    expect((err as Error).message).toMatch(/accounts\[0\]\.id: must be a 12-digit account id$/);
    expect((err as Error).message).not.toContain('\n');
    const notJson = join(dir, 'nj.json');
    await writeFile(notJson, '{ nope');
    await expect(loadScenarioFile(notJson)).rejects.toThrow(/is not valid JSON/);
    await expect(loadScenarioFile(join(dir, 'missing.json'))).rejects.toThrow(
      /cannot read scenario file .* ENOENT/,
    );
  });

  it('checks cross references and unknown keys', () => {
    const base = { regions: ['us-east-1'], accounts: [{ id: '123456789012', name: 'one' }], trails: [] };
    expect(() =>
      validateScenario({ ...base, buckets: [{ name: 'bbb', account: '999999999999', region: 'us-east-1' }] }),
    ).toThrow(/buckets\[0\]\.account: unknown account 999999999999/);
    expect(() => validateScenario({ ...base, buckets: [], bukets: [] })).toThrow(InputError);
    expect(() => validateScenario({ ...base, buckets: [], faults: [{ kind: 'throttle' }] })).toThrow(
      /faults\[0\]\.rate/,
    );
  });
});

describe('demo scenario', () => {
  it('has the organization, the audit role everywhere and a finding target per reason', () => {
    const spec = demoScenario();
    expect(spec.organization?.managementAccount).toBe(DEMO_ACCOUNTS.management);
    const members = spec.organization?.members ?? [];
    for (const id of members) {
      expect(spec.accounts.find((a) => a.id === id)?.roles?.some((r) => r.name === DEMO_ROLE_NAME)).toBe(
        true,
      );
    }
    expect(members).not.toContain(DEMO_ACCOUNTS.partner);
    const reasons = new Set(DEMO_EXPECTATIONS.map((e) => e.reason));
    for (const r of [
      'NO_TRAILS',
      'BUCKET_NOT_IN_SCOPE',
      'TRAIL_BUCKET_MISSING',
      'ACCESS_DENIED',
      'LOGGING_DISABLED',
      'TARGET_BUCKET_MISSING',
      'TARGET_OTHER_REGION',
      'TARGET_OTHER_ACCOUNT',
      'TARGET_CANNOT_RECEIVE',
      'LOGGING_ENABLED',
    ]) {
      expect(reasons.has(r)).toBe(true);
    }
    const warnings = new Set(DEMO_EXPECTATIONS.flatMap((e) => e.warnings ?? []));
    expect([...warnings].sort()).toEqual(['NO_TARGET_PREFIX', 'SELF_TARGET', 'TRAIL_NOT_LOGGING']);
    // Every bucket named by an expectation is a trail bucket of the scenario (or the account id).
    const trailBuckets = new Set(spec.trails.map((t) => t.bucket));
    for (const e of DEMO_EXPECTATIONS) {
      expect(trailBuckets.has(e.resource) || spec.accounts.some((a) => a.id === e.resource)).toBe(true);
    }
    expect(
      spec.trails.filter((t) => t.bucket === `tg-prod-shared-trail-${DEMO_ACCOUNTS.workloadProd}`),
    ).toHaveLength(2);
  });

  it('serves the demo to the scanner: org listing, role assumption and the faulted bucket', async () => {
    const emu = await startEmulator(demoScenario());
    try {
      const scanner = emu.credentialsFor(DEMO_SCANNER.account, DEMO_SCANNER.name);
      const accounts = await organizations(emu, scanner).send(new ListAccountsCommand({}));
      expect(accounts.Accounts?.map((a) => a.Id).sort()).toEqual(
        [
          DEMO_ACCOUNTS.management,
          DEMO_ACCOUNTS.logArchive,
          DEMO_ACCOUNTS.workloadProd,
          DEMO_ACCOUNTS.workloadDev,
          DEMO_ACCOUNTS.sandbox,
        ].sort(),
      );
      const assume = async (account: string) => {
        const out = await sts(emu, scanner).send(
          new AssumeRoleCommand({
            RoleArn: `arn:aws:iam::${account}:role/${DEMO_ROLE_NAME}`,
            RoleSessionName: 'trailguard',
          }),
        );
        const c = out.Credentials;
        return {
          accessKeyId: c?.AccessKeyId ?? '',
          secretAccessKey: c?.SecretAccessKey ?? '',
          sessionToken: c?.SessionToken ?? '',
        };
      };
      const dev = await assume(DEMO_ACCOUNTS.workloadDev);
      const devS3 = s3(emu, dev);
      const denied = await failure(
        devS3.send(new GetBucketLoggingCommand({ Bucket: `tg-dev-denied-${DEMO_ACCOUNTS.workloadDev}` })),
      );
      expect(denied.name).toBe('AccessDenied');
      const gone = await failure(
        devS3.send(new HeadBucketCommand({ Bucket: `tg-dev-deleted-trail-${DEMO_ACCOUNTS.workloadDev}` })),
      );
      expect(gone.name).toBe('NotFound');
      const partner = await failure(
        devS3.send(new HeadBucketCommand({ Bucket: `tg-partner-trail-${DEMO_ACCOUNTS.partner}` })),
      );
      expect(partner.$metadata.httpStatusCode).toBe(403);
      const devEu = s3(emu, dev, { region: 'eu-west-1', followRegionRedirects: true });
      const lock = await devEu.send(
        new GetObjectLockConfigurationCommand({ Bucket: `tg-dev-target-lock-${DEMO_ACCOUNTS.workloadDev}` }),
      );
      expect(lock.ObjectLockConfiguration?.Rule?.DefaultRetention?.Days).toBe(30);
      const payer = await devS3.send(
        new GetBucketRequestPaymentCommand({ Bucket: `tg-dev-target-payer-${DEMO_ACCOUNTS.workloadDev}` }),
      );
      expect(payer.Payer).toBe('Requester');
      const kms = await devS3.send(
        new GetBucketEncryptionCommand({ Bucket: `tg-dev-target-kms-${DEMO_ACCOUNTS.workloadDev}` }),
      );
      expect(
        kms.ServerSideEncryptionConfiguration?.Rules?.[0]?.ApplyServerSideEncryptionByDefault?.SSEAlgorithm,
      ).toBe('aws:kms');
      // The sandbox owns no trail; it sees only the organization trail.
      const sandbox = await assume(DEMO_ACCOUNTS.sandbox);
      const trails = await cloudtrail(emu, sandbox).send(new ListTrailsCommand({}));
      expect(trails.Trails?.map((t) => t.Name)).toEqual(['org-trail']);
      const own = await cloudtrail(emu, sandbox).send(
        new DescribeTrailsCommand({ includeShadowTrails: false }),
      );
      expect(own.trailList).toEqual([]);
      const logArchive = await assume(DEMO_ACCOUNTS.logArchive);
      const list = await s3(emu, logArchive).send(new ListBucketsCommand({ MaxBuckets: 100 }));
      expect(list.Buckets?.some((b) => b.Name === `tg-org-cloudtrail-${DEMO_ACCOUNTS.logArchive}`)).toBe(
        true,
      );
    } finally {
      await emu.stop();
    }
  });
});

describe('large organization scenario', () => {
  it('builds 100 accounts × 17 Regions cheaply and serves ListBuckets with Regions', async () => {
    const started = performance.now();
    const spec = largeOrgScenario({ accounts: 100, regions: 17, bucketsPerAccount: 10 });
    const emu = await startEmulator(spec);
    const elapsed = performance.now() - started;
    try {
      expect(spec.accounts).toHaveLength(100);
      expect(spec.regions).toHaveLength(17);
      expect(elapsed).toBeLessThan(3000);
      const mgmt = spec.organization?.managementAccount ?? '';
      const last = spec.accounts[99]?.id ?? '';
      const out = await s3(emu, emu.credentialsFor(last)).send(new ListBucketsCommand({ MaxBuckets: 1000 }));
      expect(out.Buckets?.filter((b) => b.Name?.startsWith('data-'))).toHaveLength(10);
      expect(new Set(out.Buckets?.map((b) => b.BucketRegion)).size).toBeGreaterThan(5);
      const trails = await cloudtrail(emu, emu.credentialsFor(last)).send(new ListTrailsCommand({}));
      expect(trails.Trails?.map((t) => t.Name).sort()).toEqual(['org-trail', `trail-${last}`]);
      const accounts = await organizations(emu, emu.credentialsFor(mgmt)).send(
        new ListAccountsCommand({ MaxResults: 20 }),
      );
      expect(accounts.NextToken).toBeDefined();
    } finally {
      await emu.stop();
    }
  });
});
