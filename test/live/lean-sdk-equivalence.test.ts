/**
 * The lean read path (default) and the AWS SDK v3 path (`awsClient: 'sdk'`) must read the same
 * inventory with the same requests: on the demo organization (errors of every kind: AccessDenied,
 * NoSuchBucket, missing policies, a 301 region redirect, an organization trail seen from members)
 * and on a large generated organization.
 */
import { describe, expect, it } from 'vitest';
import {
  DEMO_ROLE_ARNS,
  DEMO_ROLE_NAME,
  DEMO_SCANNER,
  demoScenario,
  largeOrgScenario,
  type ScenarioSpec,
  startEmulator,
} from '../../src/emulator/index.js';
import { collectAws } from '../../src/sources/aws/index.js';
import type { AwsOptions } from '../../src/sources/aws/options.js';
import { orgOptions } from './helpers.js';
import { L, M, orgScenario, ROLE } from './scenarios.js';

async function bothPaths(
  spec: ScenarioSpec,
  options: (handle: {
    endpoint: string;
    credentialsFor: (a: string, n?: string) => AwsOptions['credentials'];
  }) => AwsOptions,
) {
  const handle = await startEmulator(spec, { seed: 7 });
  try {
    const run = async (awsClient: 'lean' | 'sdk') => {
      const before = handle.counters.byOperation();
      const result = await collectAws({ ...options(handle), awsClient });
      const after = handle.counters.byOperation();
      const requests: Record<string, number> = {};
      for (const [op, n] of Object.entries(after)) {
        const delta = n - (before[op] ?? 0);
        if (delta > 0) requests[op] = delta;
      }
      return { inventory: { ...result.inventory, collectedAt: 'x' }, stats: result.stats, requests };
    };
    return { lean: await run('lean'), sdk: await run('sdk') };
  } finally {
    await handle.stop();
  }
}

type Run = Awaited<ReturnType<typeof bothPaths>>['lean'];

/**
 * Same operations (the plan), and requests that are those operations plus retries only: a retry
 * depends on timing (a reused keep-alive socket the server just closed, on a loaded machine), so
 * requests are compared exactly only when neither run retried.
 */
function expectSameCalls(lean: Run, sdk: Run): void {
  expect(lean.stats).toEqual(sdk.stats);
  const retried = (run: Run) => Object.values(run.requests).reduce((a, b) => a + b, 0) !== run.stats.calls;
  for (const run of [lean, sdk]) {
    for (const [op, n] of Object.entries(run.requests)) {
      const name = op.split(':')[1] ?? op;
      expect(n, op).toBeGreaterThanOrEqual(run.stats.byOperation[name] ?? 0);
    }
  }
  if (!retried(lean) && !retried(sdk)) expect(lean.requests).toEqual(sdk.requests);
  else expect(Object.keys(lean.requests).sort()).toEqual(Object.keys(sdk.requests).sort());
}

describe('lean read path = SDK read path', () => {
  it('demo organization: identical inventory, calls and requests', async () => {
    const { lean, sdk } = await bothPaths(demoScenario(), (handle) => ({
      org: true,
      roleName: DEMO_ROLE_NAME,
      roleArns: { ...DEMO_ROLE_ARNS },
      endpointUrl: handle.endpoint,
      credentials: handle.credentialsFor(DEMO_SCANNER.account, DEMO_SCANNER.name),
      region: 'us-east-1',
      env: {},
    }));
    expect(lean.inventory.buckets.length).toBeGreaterThan(20);
    expect(JSON.stringify(lean.inventory)).toBe(JSON.stringify(sdk.inventory));
    expectSameCalls(lean, sdk);
  }, 120_000);

  it('test organization with failures: identical error values, calls and requests', async () => {
    const { lean, sdk } = await bothPaths(orgScenario(), (handle) => orgOptions(handle as never));
    // AccessDenied (GetBucketLogging, AssumeRole, a 403 HeadBucket), InternalError (500 after the
    // retries), deleted buckets (NoSuchBucket / a 404 HeadBucket) are part of what must be equal.
    const codes = new Set(JSON.stringify(sdk.inventory).match(/"code":"[A-Za-z]+"/g));
    expect([...codes].sort()).toEqual(['"code":"AccessDenied"', '"code":"InternalError"']);
    expect(sdk.inventory.buckets.filter((b) => b.exists === false).length).toBeGreaterThanOrEqual(2);
    expect(JSON.stringify(lean.inventory)).toBe(JSON.stringify(sdk.inventory));
    expectSameCalls(lean, sdk);
  }, 120_000);

  it('outside org mode (the caller account read alongside GetCallerIdentity, plus a --role-arn account)', async () => {
    const { lean, sdk } = await bothPaths(orgScenario(), (handle) => {
      const { org: _org, roleName: _role, ...single } = orgOptions(handle as never);
      return { ...single, roleArns: { [L]: `arn:aws:iam::${L}:role/${ROLE}` } };
    });
    expect(lean.inventory.accounts.map((a) => a.id)).toEqual([M, L]);
    expect(lean.inventory.buckets.length).toBeGreaterThanOrEqual(2);
    expect(JSON.stringify(lean.inventory)).toBe(JSON.stringify(sdk.inventory));
    expectSameCalls(lean, sdk);
  }, 120_000);

  it('large generated organization: identical inventory, calls and requests', async () => {
    const spec = largeOrgScenario({
      accounts: 30,
      regions: 8,
      bucketsPerAccount: 14,
      bucketRegionsPerAccount: 4,
      trailsPerAccount: 3,
    });
    const mgmt = spec.organization?.managementAccount ?? '';
    const { lean, sdk } = await bothPaths(spec, (handle) => ({
      org: true,
      roleName: DEMO_ROLE_NAME,
      endpointUrl: handle.endpoint,
      credentials: handle.credentialsFor(mgmt),
      region: 'us-east-1',
      env: {},
    }));
    expect(lean.inventory.accounts.length).toBe(30);
    expect(lean.inventory.buckets.length).toBeGreaterThan(400);
    expect(JSON.stringify(lean.inventory)).toBe(JSON.stringify(sdk.inventory));
    expectSameCalls(lean, sdk);
  }, 180_000);
});
