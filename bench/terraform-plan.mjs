#!/usr/bin/env node
// Generates a 10,000-resource Terraform plan JSON (buckets, logging, policies, trails; a first plan
// with half the bucket names unknown) and times loading + evaluating it. Target: under 1 s.
// Needs `npm run build` (imports dist/).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { evaluate } from '../dist/scan.js';
import { loadTerraformPlan } from '../dist/sources/terraform/plan.js';
import { ownPeakRssMb, reportBench } from './_report.mjs';

const GROUPS = 2500; // 4 resources per group: bucket, logging, policy, trail → 10,000 resources
const planned = [];
const changes = [];
const config = [];
for (let i = 0; i < GROUPS; i++) {
  const generated = i % 2 === 0;
  const bucket = { bucket: generated ? null : `bench-bucket-${i}` };
  planned.push({
    address: `aws_s3_bucket.b${i}`,
    mode: 'managed',
    type: 'aws_s3_bucket',
    name: `b${i}`,
    values: bucket,
  });
  changes.push({
    address: `aws_s3_bucket.b${i}`,
    change: {
      actions: ['create'],
      after: bucket,
      after_unknown: generated ? { bucket: true, id: true, logging: true } : { id: true },
    },
  });
  config.push({
    address: `aws_s3_bucket.b${i}`,
    mode: 'managed',
    type: 'aws_s3_bucket',
    name: `b${i}`,
    expressions: generated ? {} : { bucket: { constant_value: `bench-bucket-${i}` } },
  });
  const logging = { target_bucket: 'bench-bucket-1', target_prefix: `b${i}/` };
  planned.push({
    address: `aws_s3_bucket_logging.l${i}`,
    mode: 'managed',
    type: 'aws_s3_bucket_logging',
    name: `l${i}`,
    values: logging,
  });
  changes.push({
    address: `aws_s3_bucket_logging.l${i}`,
    change: { actions: ['create'], after: logging, after_unknown: { bucket: true } },
  });
  config.push({
    address: `aws_s3_bucket_logging.l${i}`,
    mode: 'managed',
    type: 'aws_s3_bucket_logging',
    name: `l${i}`,
    expressions: { bucket: { references: [`aws_s3_bucket.b${i}.id`, `aws_s3_bucket.b${i}`] } },
  });
  const policy = {
    bucket: generated ? null : `bench-bucket-${i}`,
    policy: JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Principal: { Service: 'logging.s3.amazonaws.com' },
          Action: 's3:PutObject',
          Resource: `arn:aws:s3:::bench-bucket-${i}/*`,
        },
      ],
    }),
  };
  planned.push({
    address: `aws_s3_bucket_policy.p${i}`,
    mode: 'managed',
    type: 'aws_s3_bucket_policy',
    name: `p${i}`,
    values: policy,
  });
  changes.push({
    address: `aws_s3_bucket_policy.p${i}`,
    change: { actions: ['create'], after: policy, after_unknown: generated ? { bucket: true } : {} },
  });
  config.push({
    address: `aws_s3_bucket_policy.p${i}`,
    mode: 'managed',
    type: 'aws_s3_bucket_policy',
    name: `p${i}`,
    expressions: { bucket: { references: [`aws_s3_bucket.b${i}.id`, `aws_s3_bucket.b${i}`] } },
  });
  const trail = {
    name: `t${i}`,
    s3_bucket_name: generated ? null : `bench-bucket-${i}`,
    enable_logging: true,
  };
  planned.push({
    address: `aws_cloudtrail.t${i}`,
    mode: 'managed',
    type: 'aws_cloudtrail',
    name: `t${i}`,
    values: trail,
  });
  changes.push({
    address: `aws_cloudtrail.t${i}`,
    change: { actions: ['create'], after: trail, after_unknown: generated ? { s3_bucket_name: true } : {} },
  });
  config.push({
    address: `aws_cloudtrail.t${i}`,
    mode: 'managed',
    type: 'aws_cloudtrail',
    name: `t${i}`,
    expressions: { s3_bucket_name: { references: [`aws_s3_bucket.b${i}.id`, `aws_s3_bucket.b${i}`] } },
  });
}
const plan = {
  format_version: '1.2',
  planned_values: { root_module: { resources: planned } },
  resource_changes: changes,
  configuration: {
    provider_config: { aws: { name: 'aws', expressions: { region: { constant_value: 'us-east-1' } } } },
    root_module: { resources: config },
  },
};
const dir = mkdtempSync(join(tmpdir(), 'tg-bench-plan-'));
const file = join(dir, 'plan.json');
writeFileSync(file, JSON.stringify(plan, null, 2));

const runs = [];
let findings = 0;
for (let i = 0; i < 5; i++) {
  const t0 = performance.now();
  const source = await loadTerraformPlan(file);
  const t1 = performance.now();
  const { report } = evaluate(source);
  const t2 = performance.now();
  findings = report.findings.length;
  runs.push({ load: t1 - t0, evaluate: t2 - t1, total: t2 - t0 });
}
rmSync(dir, { recursive: true, force: true });
const best = runs.reduce((a, b) => (b.total < a.total ? b : a));
const first = runs[0];
console.log(`terraform plan: ${planned.length} resources, ${findings} findings`);
console.log(
  `  first run: load ${first.load.toFixed(0)} ms + evaluate ${first.evaluate.toFixed(0)} ms = ${first.total.toFixed(0)} ms`,
);
console.log(
  `  best of 5: load ${best.load.toFixed(0)} ms + evaluate ${best.evaluate.toFixed(0)} ms = ${best.total.toFixed(0)} ms (target < 1000 ms)`,
);
reportBench({
  name: 'terraform-plan-10k-resources',
  wall: best.total,
  peakRss: ownPeakRssMb(),
  firstRun: Math.round(first.total),
  goal: { wall: 1000 },
});
