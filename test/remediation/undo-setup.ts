/** Shared set-up of the undo tests: the fix scenario plus an admin in the workload account who makes the drift. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  GetBucketPolicyCommand,
  PutBucketEncryptionCommand,
  PutBucketLoggingCommand,
  PutBucketPolicyCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { type EmulatorHandle, type ScenarioSpec, startEmulator } from '../../src/emulator/index.js';
import { applyFix } from '../../src/remediation/executor.js';
import { scanAndPlanFix } from '../../src/remediation/flows.js';
import type { FixOptions } from '../../src/remediation/types.js';
import { fixerOptions, fixScenario, scannerOptions, W } from './scenario.js';

export const OPTIONS: FixOptions = { targetBucket: { 'us-east-1': 'w-central' } };
export const EU_TARGET = `${W}-eu-west-1-s3-access-logs`;

export function undoScenario(): ScenarioSpec {
  const spec = fixScenario();
  const workload = spec.accounts.find((a) => a.id === W);
  const admin = { name: 'admin', accessKeyId: 'AKIAUNDOTESTWADMIN01', secretAccessKey: 'admin' };
  if (workload) workload.principals = [...(workload.principals ?? []), admin];
  return spec;
}

export interface Fixture {
  handle: EmulatorHandle;
  dir: string;
  undoFile: string;
  /** Someone in the workload account, acting outside trailguard. */
  admin(region?: string): S3Client;
  stop(): Promise<void>;
}

export async function start(spec: ScenarioSpec = undoScenario()): Promise<Fixture> {
  const handle = await startEmulator(spec, {});
  const dir = mkdtempSync(join(tmpdir(), 'tg-undo-'));
  process.env.XDG_CONFIG_HOME = join(dir, 'config');
  const clients: S3Client[] = [];
  return {
    handle,
    dir,
    undoFile: join(dir, 'undo.json'),
    admin(region = 'us-east-1') {
      const client = new S3Client({
        region,
        endpoint: handle.endpoint,
        forcePathStyle: true,
        credentials: handle.credentialsFor(W, 'admin'),
      });
      clients.push(client);
      return client;
    },
    async stop() {
      for (const c of clients) c.destroy();
      await handle.stop();
    },
  };
}

/** Scan, plan with w-central as the us-east-1 target, apply with the fixer; returns the apply result. */
export async function scanPlanApply(f: Fixture, options: FixOptions = OPTIONS) {
  const { plan } = await scanAndPlanFix({ aws: scannerOptions(f.handle), ...options });
  const applied = await applyFix(plan, { aws: fixerOptions(f.handle), undoFile: f.undoFile });
  if (!applied.ok) throw new Error(`apply failed: ${JSON.stringify(applied.outcomes)}`);
  return { plan, applied };
}

export function bucketOf(f: Fixture, name: string) {
  return f.handle.snapshot().buckets.find((b) => b.name === name && !b.deleted);
}

export async function policyOf(client: S3Client, bucket: string) {
  const out = await client.send(new GetBucketPolicyCommand({ Bucket: bucket }));
  return JSON.parse(out.Policy ?? 'null') as { Id?: string; Statement: Record<string, unknown>[] };
}

export async function putPolicy(client: S3Client, bucket: string, policy: unknown) {
  await client.send(new PutBucketPolicyCommand({ Bucket: bucket, Policy: JSON.stringify(policy) }));
}

export async function putLogging(client: S3Client, bucket: string, target: string, prefix: string) {
  await client.send(
    new PutBucketLoggingCommand({
      Bucket: bucket,
      BucketLoggingStatus: { LoggingEnabled: { TargetBucket: target, TargetPrefix: prefix } },
    }),
  );
}

export async function putKms(client: S3Client, bucket: string) {
  await client.send(
    new PutBucketEncryptionCommand({
      Bucket: bucket,
      ServerSideEncryptionConfiguration: {
        Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: 'k-1' } }],
      },
    }),
  );
}

/** Requests that changed something (Put/Create/Delete), from the emulator's counters. */
export function writes(handle: EmulatorHandle): number {
  return Object.entries(handle.counters.byOperation())
    .filter(([op]) => /:(Put|Create|Delete)/.test(op))
    .reduce((sum, [, n]) => sum + n, 0);
}
