#!/usr/bin/env node
// Rules only, on a synthetic organization: 1,000 accounts × 20 buckets (20,000 buckets), every account with
// a log bucket whose policy grants delivery under conditions (aws:SourceAccount, ArnLike aws:SourceArn with
// wildcards, a Deny on insecure transport), a per-account trail, and one organization trail into a central
// log-archive bucket. Some sources share a target without a prefix (NO_TARGET_PREFIX), some log across
// accounts (TARGET_OTHER_ACCOUNT), some targets are KMS-encrypted. Times `runRules` (both rules): the
// first call in a fresh process (cold, JIT not warmed) and the best of 5. Needs `npm run build`.
import { runRules } from '../dist/engine/run.js';
import { emptyInventory } from '../dist/inventory/model.js';
import { rules } from '../dist/rules/index.js';
import { ownPeakRssMb, reportBench } from './_report.mjs';

const ACCOUNTS = 1000;
const BUCKETS_PER_ACCOUNT = 20;
const REGION = 'us-east-1';

const accountId = (i) => String(100000000000 + i);

function policyFor(target, owner) {
  return {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'S3ServerAccessLogsPolicy',
        Effect: 'Allow',
        Principal: { Service: 'logging.s3.amazonaws.com' },
        Action: ['s3:PutObject'],
        Resource: `arn:aws:s3:::${target}/*`,
        Condition: {
          StringEquals: { 'aws:SourceAccount': owner },
          ArnLike: { 'aws:SourceArn': `arn:aws:s3:::app-${owner}-*` },
        },
      },
      {
        Sid: 'DenyInsecure',
        Effect: 'Deny',
        Principal: '*',
        Action: 's3:*',
        Resource: [`arn:aws:s3:::${target}`, `arn:aws:s3:::${target}/*`],
        Condition: { Bool: { 'aws:SecureTransport': 'false' } },
      },
    ],
  };
}

function base(name, account, patch = {}) {
  return {
    name,
    account,
    region: REGION,
    exists: true,
    logging: null,
    policy: null,
    ownership: 'BucketOwnerEnforced',
    acl: [],
    defaultEncryption: 'SSE-S3',
    objectLockDefaultRetention: false,
    requesterPays: false,
    ...patch,
  };
}

/** Bucket `b` of account `a` logs to its account's bucket, except a few that break it on purpose. */
function appLogging(name, logs, a, b) {
  if (b === 6) return null;
  if (b === 5) return { targetBucket: `logs-${accountId((a + 1) % ACCOUNTS)}`, targetPrefix: 'x/' };
  if (b % 7 === 0) return { targetBucket: logs, targetPrefix: '' }; // shares without prefix
  return { targetBucket: logs, targetPrefix: `${name}/` };
}

function buildInventory() {
  const inventory = emptyInventory();
  const management = accountId(0);
  const archive = accountId(1);
  const central = `org-trail-${archive}`;
  for (let a = 0; a < ACCOUNTS; a++) {
    const owner = accountId(a);
    const logs = `logs-${owner}`;
    const names = [];
    // The log bucket: every tenth one is KMS-encrypted (TARGET_CANNOT_RECEIVE for its sources).
    inventory.buckets.push(
      base(logs, owner, {
        policy: policyFor(logs, owner),
        defaultEncryption: a % 10 === 9 ? 'SSE-KMS' : 'SSE-S3',
      }),
    );
    names.push(logs);
    const trailBucket = `cloudtrail-${owner}`;
    inventory.buckets.push(
      base(trailBucket, owner, { logging: { targetBucket: logs, targetPrefix: 'ct/' } }),
    );
    names.push(trailBucket);
    for (let b = 2; b < BUCKETS_PER_ACCOUNT; b++) {
      const name = `app-${owner}-${b}`;
      inventory.buckets.push(base(name, owner, { logging: appLogging(name, logs, a, b) }));
      names.push(name);
    }
    if (a === 1) {
      inventory.buckets.push(base(central, owner, { logging: { targetBucket: logs, targetPrefix: 'org/' } }));
      names.push(central);
    }
    inventory.accounts.push({ id: owner, scanned: true, buckets: names });
    inventory.trails.push({
      arn: `arn:aws:cloudtrail:${REGION}:${owner}:trail/main`,
      name: 'main',
      account: owner,
      homeRegion: REGION,
      multiRegion: true,
      organization: false,
      isLogging: true,
      bucket: trailBucket,
      keyPrefix: null,
    });
    // Every member account sees the organization trail (a shadow copy with the same ARN).
    inventory.trails.push({
      arn: `arn:aws:cloudtrail:${REGION}:${management}:trail/org`,
      name: 'org',
      account: management,
      homeRegion: REGION,
      multiRegion: true,
      organization: true,
      isLogging: a % 2 === 0,
      bucket: central,
      keyPrefix: null,
    });
  }
  return inventory;
}

const inventory = buildInventory();
const runs = [];
let findings = [];
for (let i = 0; i < 5; i++) {
  const t0 = performance.now();
  findings = runRules(inventory, rules);
  runs.push(performance.now() - t0);
}
const perRule = rules.map((rule) => {
  const t0 = performance.now();
  runRules(inventory, [rule]);
  return `${rule.meta.id} ${(performance.now() - t0).toFixed(0)} ms`;
});
const byStatus = {};
for (const f of findings) {
  for (const key of [`${f.status}/${f.reason}`, ...f.warnings.map((w) => `+${w}`)])
    byStatus[key] = (byStatus[key] ?? 0) + 1;
}
console.log(
  `rules on a large org: ${ACCOUNTS} accounts, ${inventory.buckets.length} buckets, ${inventory.trails.length} trail records, ${findings.length} findings`,
);
console.log(`  runRules first (cold) run: ${runs[0].toFixed(0)} ms`);
console.log(`  runRules best of 5:        ${Math.min(...runs).toFixed(0)} ms`);
reportBench({
  name: 'rules-1000-accounts',
  wall: Math.min(...runs),
  peakRss: ownPeakRssMb(),
  firstRun: Math.round(runs[0]),
  findings: findings.length,
});
console.log(`  warm, per rule: ${perRule.join(', ')}`);
console.log(
  `  findings: ${Object.entries(byStatus)
    .sort()
    .map(([k, n]) => `${k} ${n}`)
    .join(', ')}`,
);
