import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { planFix } from '../../src/remediation/planner.js';
import type { FixPlan, PutBucketPolicyStep } from '../../src/remediation/types.js';
import { planWriters } from '../../src/remediation/writers/index.js';
import { A, bucket, finding, inventory } from './fixtures.js';

const existingPolicy = {
  Version: '2012-10-17',
  Statement: [
    {
      Sid: 'KeepMe',
      Effect: 'Allow',
      Principal: { AWS: `arn:aws:iam::${A}:role/reader` },
      Action: 's3:GetObject',
      // An IAM policy variable: must reach the patch literally, never as a Terraform interpolation.
      Resource: 'arn:aws:s3:::shared-logs/${aws:username}/*',
    },
  ],
};

function samplePlan(): FixPlan {
  const shared = bucket('shared-logs', A, 'eu-west-1', { policy: existingPolicy });
  const s1 = bucket('app-one', A, 'us-east-1');
  const s2 = bucket("o'dd.name", A, 'eu-west-1');
  const gone = bucket('gone', A, 'us-east-1', { exists: false });
  return planFix(
    {
      findings: [
        finding(s1, 'LOGGING_DISABLED'),
        finding(s2, 'LOGGING_DISABLED'),
        finding(gone, 'TRAIL_BUCKET_MISSING', 'NON_COMPLIANT', 'aws-cloudtrail-bucket-access-logging'),
      ],
      inventory: inventory([shared, s1, s2, gone]),
    },
    { targetBucket: { 'eu-west-1': 'shared-logs' }, partitioned: true },
  );
}

describe('plan writers', () => {
  const plan = samplePlan();

  it('json is the plan data', () => {
    expect(JSON.parse(planWriters.json(plan))).toEqual(JSON.parse(JSON.stringify(plan)));
  });

  it('text lists fixes, calls in order and skipped buckets with why', () => {
    const text = planWriters.text(plan);
    expect(text).toMatch(/2 bucket\(s\) to fix, 1 target bucket\(s\) to create/);
    expect(text).toMatch(/\d\. s3:CreateBucket 111111111111-us-east-1-s3-access-logs/);
    expect(text).toMatch(/gone \(TRAIL_BUCKET_MISSING\)/);
    expect(text).toMatch(/--apply/);
  });

  it('cli is a valid shell script whose JSON documents parse and match the plan', () => {
    const script = planWriters.cli(plan);
    const dir = mkdtempSync(join(tmpdir(), 'tg-cli-'));
    const file = join(dir, 'fix.sh');
    writeFileSync(file, script);
    execFileSync('sh', ['-n', file]);
    // Run only the heredocs (replace `aws` with a no-op) and read back the JSON files they write.
    execFileSync('sh', ['-c', `aws() { :; }; . ./fix.sh`], { cwd: dir });
    const policy = JSON.parse(readFileSync(join(dir, 'policy-shared-logs.json'), 'utf8'));
    const step = plan.steps.find(
      (s) => s.kind === 'PutBucketPolicy' && s.bucket === 'shared-logs',
    ) as PutBucketPolicyStep;
    expect(policy).toEqual(step.policy);
    expect(policy.Statement[0]).toEqual(existingPolicy.Statement[0]);
    const logging = JSON.parse(readFileSync(join(dir, 'logging-o_dd.name.json'), 'utf8'));
    expect(logging).toEqual({
      LoggingEnabled: {
        TargetBucket: 'shared-logs',
        TargetPrefix: "o'dd.name/",
        TargetObjectKeyFormat: { PartitionedPrefix: { PartitionDateSource: 'EventTime' } },
      },
    });
    expect(script).toMatch(/--bucket 'o'\\''dd\.name'/);
    expect(script).toMatch(
      /create-bucket --bucket 111111111111-us-east-1-s3-access-logs --region us-east-1 --object-ownership BucketOwnerEnforced/,
    );
  });

  it('terraform parses with the project HCL parser and keeps ${ literal', async () => {
    const hcl = planWriters.terraform(plan);
    expect(hcl).toContain('resource "aws_s3_bucket_logging" "o_dd_name"');
    expect(hcl).toContain('"arn:aws:s3:::shared-logs/$${aws:username}/*"');
    expect(hcl).toContain('partition_date_source = "EventTime"');
    const { parseHcl } = await import('../../src/sources/terraform/hcl-parse.js');
    const parsed = await parseHcl('patch.tf', hcl);
    expect(parsed.ok, JSON.stringify(parsed.ok ? '' : parsed.error)).toBe(true);
  });

  it('cloudformation is a YAML template whose policy and logging match the plan', () => {
    const text = planWriters.cloudformation(plan);
    const template = parseYaml(text);
    const resources = template.Resources as Record<
      string,
      { Type: string; Properties: Record<string, unknown> }
    >;
    const policy = Object.values(resources).find(
      (r) => r.Type === 'AWS::S3::BucketPolicy' && r.Properties.Bucket === 'shared-logs',
    );
    const step = plan.steps.find(
      (s) => s.kind === 'PutBucketPolicy' && s.bucket === 'shared-logs',
    ) as PutBucketPolicyStep;
    expect(policy?.Properties.PolicyDocument).toEqual(step.policy);
    const created = resources.TrailguardAccessLogs111111111111UsEast1S3AccessLogs;
    expect(created?.Properties.BucketEncryption).toEqual({
      ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }],
    });
    expect(resources.SourceAppOne?.Properties.LoggingConfiguration).toEqual({
      DestinationBucketName: { Ref: 'TrailguardAccessLogs111111111111UsEast1S3AccessLogs' },
      LogFilePrefix: 'app-one/',
      TargetObjectKeyFormat: { PartitionedPrefix: { PartitionDateSource: 'EventTime' } },
    });
    expect(text).toMatch(/# skipped gone \(TRAIL_BUCKET_MISSING\)/);
    expect(text).toMatch(/Version: '2012-10-17'/);
  });
});
