/**
 * `scan --config-aggregator`: the organization read from an AWS Config aggregator on the emulator equals
 * the live organization scan — finding for finding with `--verify-live`, and without it everywhere except
 * where the verdict depends on what AWS Config does not record (Object Ownership, trail status) or on a
 * read the live scan could not make.
 */
import { describe, expect, it } from 'vitest';
import {
  DEMO_ACCOUNTS,
  DEMO_AGGREGATOR,
  DEMO_ROLE_ARNS,
  DEMO_ROLE_NAME,
  DEMO_SCANNER,
  demoScenario,
  type EmulatorHandle,
  largeOrgScenario,
} from '../../src/emulator/index.js';
import { scan } from '../../src/scan.js';
import type { AwsOptions } from '../../src/sources/aws/options.js';
import { verdicts, withEmulator } from '../live/helpers.js';

function scannerOptions(handle: EmulatorHandle, extra: AwsOptions = {}): AwsOptions {
  return {
    endpointUrl: handle.endpoint,
    credentials: { accessKeyId: DEMO_SCANNER.accessKeyId, secretAccessKey: DEMO_SCANNER.secretAccessKey },
    region: 'us-east-1',
    env: {},
    maxAttempts: 2,
    ...extra,
  };
}

describe('AWS Config aggregator source', () => {
  it('on the demo organization: with --verify-live, every verdict equals the live scan', async () => {
    await withEmulator(demoScenario(), async (handle) => {
      const live = await scan({
        aws: scannerOptions(handle, { org: true, roleName: DEMO_ROLE_NAME, roleArns: { ...DEMO_ROLE_ARNS } }),
      });
      handle.counters.reset();
      const recorded = await scan({ aws: scannerOptions(handle), configAggregator: DEMO_AGGREGATOR });
      const aggregatorCalls = handle.counters.byOperation();
      expect(Object.keys(aggregatorCalls).sort()).toEqual([
        'config:DescribeConfigurationAggregatorSourcesStatus',
        'config:SelectAggregateResourceConfig',
        // The members an organization trail covers (AWS Config records a trail only in its owner's account).
        'organizations:ListAccounts',
        'sts:GetCallerIdentity',
      ]);
      const verified = await scan({
        aws: scannerOptions(handle, { roleName: DEMO_ROLE_NAME, roleArns: { ...DEMO_ROLE_ARNS } }),
        configAggregator: DEMO_AGGREGATOR,
        verifyLive: true,
      });
      expect(recorded.report.source).toMatchObject({ kind: 'aws-config', aggregator: DEMO_AGGREGATOR });
      expect(verified.report.source.verifiedLive).toBeGreaterThan(0);
      expect(verdicts(verified.report.findings)).toEqual(verdicts(live.report.findings));
      // Without re-reading, the only differences are verdicts AWS Config data cannot settle the same way.
      const liveV = verdicts(live.report.findings);
      const recordedV = verdicts(recorded.report.findings);
      expect(Object.keys(recordedV).sort()).toEqual(Object.keys(liveV).sort());
      for (const key of Object.keys(liveV)) {
        const [liveStatus] = (liveV[key] ?? '').split(' ');
        const recordedVerdict = recordedV[key] ?? '';
        // Never a failure the live scan does not see…
        if (recordedVerdict.startsWith('NON_COMPLIANT'))
          expect(['NON_COMPLIANT', 'UNDETERMINED'], key).toContain(liveStatus);
        // …and never a silent pass where it fails: a recorded pass it contradicts says it is unverified.
        if (liveStatus === 'NON_COMPLIANT' && recordedVerdict.startsWith('COMPLIANT'))
          expect(recordedVerdict, key).toContain('TARGET_UNVERIFIED');
      }
    });
  }, 60_000);

  it('on a generated organization of 60 accounts: the same verdicts as the live scan', async () => {
    const spec = largeOrgScenario({ accounts: 60, regions: 3, bucketsPerAccount: 4 });
    const management = spec.organization?.managementAccount as string;
    spec.configAggregators = [{ name: 'org', account: management }];
    await withEmulator(spec, async (handle) => {
      const keys = handle.credentialsFor(management);
      const base: AwsOptions = {
        endpointUrl: handle.endpoint,
        credentials: keys,
        region: 'us-east-1',
        env: {},
        maxAttempts: 2,
      };
      const live = await scan({ aws: { ...base, org: true, roleName: DEMO_ROLE_NAME } });
      const liveCalls = handle.counters.total();
      handle.counters.reset();
      const recordedOnly = await scan({ aws: base, configAggregator: 'org' });
      const aggregatorCalls = handle.counters.total();
      handle.counters.reset();
      const recorded = await scan({
        aws: { ...base, roleName: DEMO_ROLE_NAME },
        configAggregator: 'org',
        verifyLive: true,
      });
      expect(verdicts(recorded.report.findings)).toEqual(verdicts(live.report.findings));
      // 240 buckets and 60 trails in 3 Regions: a handful of pages instead of thousands of calls.
      expect(recordedOnly.report.findings.length).toBe(live.report.findings.length);
      expect(aggregatorCalls).toBeLessThan(liveCalls / 50);
    });
  }, 120_000);

  it('an aggregator source account that failed is UNDETERMINED, never "no buckets"', async () => {
    const spec = demoScenario();
    spec.configAggregators = [
      {
        name: DEMO_AGGREGATOR,
        account: DEMO_ACCOUNTS.management,
        failedSources: [{ account: DEMO_ACCOUNTS.sandbox, region: 'us-east-1', status: 'FAILED' }],
        unrecordedAccounts: [DEMO_ACCOUNTS.sandbox],
      },
    ];
    await withEmulator(spec, async (handle) => {
      const result = await scan({ aws: scannerOptions(handle), configAggregator: DEMO_AGGREGATOR });
      const errors = result.report.errors.filter((e) => e.code === 'AggregatorSourceFailed');
      expect(errors).toHaveLength(1);
      expect(errors[0]).toMatchObject({ account: DEMO_ACCOUNTS.sandbox, region: 'us-east-1' });
      const undetermined = result.report.findings.filter(
        (f) => f.status === 'UNDETERMINED' && JSON.stringify(f).includes(DEMO_ACCOUNTS.sandbox),
      );
      expect(undetermined.length).toBeGreaterThan(0);
    });
  }, 60_000);

  it('an organization that cannot be listed: an account without its own trail is UNDETERMINED, not "no trails"', async () => {
    await withEmulator(demoScenario(), async (handle) => {
      handle.faults.add({ kind: 'accessDenied', operation: 'ListAccounts' });
      const result = await scan({ aws: scannerOptions(handle), configAggregator: DEMO_AGGREGATOR });
      const sandbox = result.sourceResult.inventory.accounts.find((a) => a.id === DEMO_ACCOUNTS.sandbox);
      expect(sandbox?.trails).toMatchObject({ error: { code: 'OrganizationNotListed' } });
      const findings = result.report.findings.filter(
        (f) => f.resource.id === `arn:aws:iam::${DEMO_ACCOUNTS.sandbox}:root`,
      );
      expect(findings.length).toBeGreaterThan(0);
      for (const f of findings) expect(f.status).toBe('UNDETERMINED');
      expect(
        result.report.findings.some(
          (f) => f.reason === 'NO_TRAILS' && f.resource.id.includes(DEMO_ACCOUNTS.sandbox),
        ),
      ).toBe(false);
    });
  }, 60_000);

  it('a missing aggregator or a denied query is one clear error (nothing read, exit 2)', async () => {
    await withEmulator(demoScenario(), async (handle) => {
      await expect(
        scan({ aws: scannerOptions(handle), configAggregator: 'no-such-aggregator' }),
      ).rejects.toThrow(
        /cannot read AWS Config aggregator no-such-aggregator \(SelectAggregateResourceConfig: NoSuchConfigurationAggregatorException/,
      );
      handle.faults.add({ kind: 'accessDenied', operation: 'SelectAggregateResourceConfig' });
      await expect(scan({ aws: scannerOptions(handle), configAggregator: DEMO_AGGREGATOR })).rejects.toThrow(
        /AccessDenied/,
      );
    });
  }, 60_000);
});
