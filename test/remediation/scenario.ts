/** The emulated organization the remediation tests fix, and helpers to scan and plan it. */
import { readFileSync } from 'node:fs';
import type { EmulatorHandle, ScenarioSpec } from '../../src/emulator/index.js';
import type { AwsOptions } from '../../src/sources/aws/options.js';

export const M = '111111111111';
export const W = '333333333333';
export const AUDIT_ROLE = 'TrailguardAudit';
export const FIX_ROLE = 'TrailguardRemediation';

/** The actions of the shipped remediation policy, as an emulator allow-list. */
export function remediationActions(): string[] {
  const policy = JSON.parse(
    readFileSync(new URL('../../iam/trailguard-remediation-policy.json', import.meta.url), 'utf8'),
  ) as { Statement: { Effect: string; Action: string | string[] }[] };
  return policy.Statement.filter((s) => s.Effect === 'Allow').flatMap((s) =>
    Array.isArray(s.Action) ? s.Action : [s.Action],
  );
}

export const CENTRAL_POLICY = {
  Version: '2012-10-17',
  Id: 'central-logs',
  Statement: [
    {
      Sid: 'DenyInsecureTransport',
      Effect: 'Deny',
      Principal: '*',
      Action: 's3:*',
      Resource: ['arn:aws:s3:::w-central', 'arn:aws:s3:::w-central/*'],
      Condition: { Bool: { 'aws:SecureTransport': 'false' } },
    },
    {
      Sid: 'GoodLogs',
      Effect: 'Allow',
      Principal: { Service: 'logging.s3.amazonaws.com' },
      Action: 's3:PutObject',
      Resource: 'arn:aws:s3:::w-central/good/*',
      Condition: {
        ArnLike: { 'aws:SourceArn': 'arn:aws:s3:::w-good' },
        StringEquals: { 'aws:SourceAccount': W },
      },
    },
    {
      Sid: 'Readers',
      Effect: 'Allow',
      Principal: { AWS: `arn:aws:iam::${W}:root` },
      Action: ['s3:GetObject', 's3:ListBucket'],
      Resource: ['arn:aws:s3:::w-central', 'arn:aws:s3:::w-central/*'],
    },
  ],
};

export function fixScenario(): ScenarioSpec {
  const policy = remediationActions();
  return {
    regions: ['us-east-1', 'eu-west-1'],
    organization: { id: 'o-fixtest123', managementAccount: M },
    accounts: [
      {
        id: M,
        name: 'management',
        principals: [
          { name: 'scanner', accessKeyId: 'AKIAFIXTESTSCANNER01', secretAccessKey: 'scanner-secret' },
          {
            name: 'fixer',
            accessKeyId: 'AKIAFIXTESTFIXER0001',
            secretAccessKey: 'fixer-secret',
            allow: policy,
          },
        ],
      },
      {
        id: W,
        name: 'workload',
        roles: [
          { name: AUDIT_ROLE, trustedAccounts: [M] },
          { name: FIX_ROLE, trustedAccounts: [M], allow: policy },
        ],
      },
    ],
    trails: [{ name: 'main', account: W, homeRegion: 'us-east-1', bucket: 'w-trail', multiRegion: true }],
    buckets: [
      { name: 'w-trail', account: W, region: 'us-east-1' },
      { name: 'w-app-1', account: W, region: 'us-east-1' },
      {
        name: 'w-app-2',
        account: W,
        region: 'us-east-1',
        logging: { targetBucket: 'w-deleted', targetPrefix: 'a2/' },
      },
      { name: 'w-deleted', account: W, region: 'us-east-1', deleted: true },
      {
        name: 'w-eu',
        account: W,
        region: 'eu-west-1',
        logging: { targetBucket: 'w-central', targetPrefix: 'eu/' },
      },
      { name: 'w-central', account: W, region: 'us-east-1', policy: CENTRAL_POLICY },
      {
        name: 'w-good',
        account: W,
        region: 'us-east-1',
        logging: { targetBucket: 'w-central', targetPrefix: 'good/' },
      },
      { name: 'w-kms', account: W, region: 'us-east-1', encryption: 'SSE-KMS' },
      {
        name: 'w-locked',
        account: W,
        region: 'us-east-1',
        objectLock: { defaultRetention: { mode: 'GOVERNANCE', days: 1 } },
      },
    ],
  };
}

export function scannerOptions(handle: EmulatorHandle): AwsOptions {
  return {
    org: true,
    roleName: AUDIT_ROLE,
    endpointUrl: handle.endpoint,
    credentials: handle.credentialsFor(M, 'scanner'),
    region: 'us-east-1',
    env: {},
  };
}

export function fixerOptions(handle: EmulatorHandle): AwsOptions {
  return {
    org: true,
    roleName: FIX_ROLE,
    endpointUrl: handle.endpoint,
    credentials: handle.credentialsFor(M, 'fixer'),
    region: 'us-east-1',
    env: {},
  };
}
