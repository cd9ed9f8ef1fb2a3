/**
 * Issue 19 item 1: a bucket whose policy lets the CloudTrail service put objects into it is a CloudTrail
 * bucket, whether or not a scanned trail names it and whatever parameters or conditions of the policy could
 * not be resolved; the evidence names the statement. CloudFormation and Terraform fixtures, and a snapshot
 * (live inventories get the same answer: see docs/notes/rules.md). Issue 19 item 2, CloudFormation side:
 * `${AWS::AccountId}` and a generated bucket ARN are same-template symbols, so the policy CDK generates for
 * `serverAccessLogsBucket` proves delivery. Through the CLI.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { account, bucket, inventory, trail } from '../../src/rules/shared/testing.js';
import { findingFor, type ReportFinding, scanJson } from './cli-helpers.js';

const CT = 'cloudtrail-bucket-access-logging';
const S3 = 's3-bucket-access-logging';
const CFN = 'test/fixtures/cloudformation/org-trail-bucket.yaml';
const TF = 'test/fixtures/terraform/org-trail-bucket';
const CDK = 'test/fixtures/cloudformation/cdk-access-logs/AccessLogsStack.template.json';

function identifiedBy(f: ReportFinding & { evidence?: Record<string, unknown> }): unknown {
  return (f.evidence as { identifiedBy?: unknown } | undefined)?.identifiedBy;
}

describe('CloudTrail bucket recognised by its policy (issue 19 item 1)', () => {
  it('CloudFormation: the org-trail log archive with parameters without defaults is a CloudTrail bucket', () => {
    const { report } = scanJson([CFN]);
    const f = findingFor(report, CT, '<OrgTrailBucket>');
    expect([f.status, f.reason]).toEqual(['NON_COMPLIANT', 'LOGGING_DISABLED']);
    expect(f.resource.location).toMatchObject({ file: CFN, line: 13, address: 'OrgTrailBucket' });
    expect(identifiedBy(f)).toEqual({
      bucketPolicyStatement:
        'AWSBucketDeliveryForOrganizationTrail, in a policy with values known only at deploy time',
    });
    // GetBucketAcl alone does not make a trail destination.
    expect(
      report.findings.filter((x) => x.ruleId.endsWith(CT) && x.resource.name === 'acme-acl-check-only'),
    ).toEqual([]);
  });

  it('Terraform: the same bucket, declared without an aws_cloudtrail, is a CloudTrail bucket', () => {
    const { report } = scanJson([TF]);
    const f = findingFor(report, CT, 'acme-org-trail-logs');
    expect([f.status, f.reason]).toEqual(['NON_COMPLIANT', 'LOGGING_DISABLED']);
    // Relative to the current directory (the repository root here), like the CloudFormation file above.
    expect(f.resource.location).toMatchObject({ file: `${TF}/main.tf`, line: 15 });
    expect(identifiedBy(f)).toEqual({ bucketPolicyStatement: 'AWSBucketDeliveryForOrganizationTrail' });
    expect(
      report.findings.filter((x) => x.ruleId.endsWith(CT) && x.resource.name === 'acme-acl-check-only'),
    ).toEqual([]);
  });

  describe('snapshot (and live) inventories', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tg-ct-policy-'));
    afterAll(() => rmSync(dir, { recursive: true, force: true }));
    const cloudTrailPolicy = (name: string) => ({
      Version: '2012-10-17',
      Statement: [
        {
          Sid: 'AWSCloudTrailWrite',
          Effect: 'Allow',
          Principal: { Service: 'cloudtrail.amazonaws.com' },
          Action: 's3:PutObject',
          Resource: `arn:aws:s3:::${name}/AWSLogs/o-abc123/*`,
          Condition: {
            StringEquals: { 'aws:SourceArn': 'arn:aws:cloudtrail:us-east-1:999999999999:trail/org' },
          },
        },
      ],
    });

    it('a bucket with a CloudTrail policy and no trail of the scan pointing at it is a CloudTrail bucket', () => {
      const file = join(dir, 'archive.json');
      const inv = inventory({
        accounts: [account('222222222222', { trails: [] })],
        buckets: [bucket('archive', { account: '222222222222', policy: cloudTrailPolicy('archive') })],
      });
      writeFileSync(file, JSON.stringify(inv));
      const { report } = scanJson([file]);
      const f = findingFor(report, CT, 'archive');
      expect([f.status, f.reason]).toEqual(['NON_COMPLIANT', 'LOGGING_DISABLED']);
      expect(identifiedBy(f)).toEqual({ bucketPolicyStatement: 'AWSCloudTrailWrite' });
    });

    it('a bucket that a scanned trail names is reported once, as the trail bucket', () => {
      const file = join(dir, 'trail.json');
      const inv = inventory({
        accounts: [account('111111111111')],
        trails: [trail('main', 'archive')],
        buckets: [bucket('archive', { policy: cloudTrailPolicy('archive') })],
      });
      writeFileSync(file, JSON.stringify(inv));
      const { report } = scanJson([file]);
      const f = findingFor(report, CT, 'archive');
      expect(identifiedBy(f)).toBeUndefined();
      expect([f.status, f.reason]).toEqual(['NON_COMPLIANT', 'LOGGING_DISABLED']);
      expect(
        report.findings.filter((x) => x.ruleId.endsWith(CT) && x.resource.name === 'archive'),
      ).toHaveLength(1);
    });
  });
});

describe('same-template symbols in the delivery policy (issue 19 item 2, CloudFormation/CDK)', () => {
  const { report } = scanJson([CDK]);

  it('aws:SourceAccount = AWS::AccountId and aws:SourceArn = <source>.Arn prove delivery: COMPLIANT without TARGET_UNVERIFIED', () => {
    const f = findingFor(report, S3, '<DataBucketE3889A50>') as ReportFinding & { warnings: string[] };
    expect([f.status, f.reason]).toEqual(['COMPLIANT', 'LOGGING_ENABLED']);
    expect(f.warnings).toEqual([]);
    expect(f.resource.location).toMatchObject({ file: CDK, line: 52 });
  });

  it('a literal account id in the same policy stays unknown against the symbol: TARGET_UNVERIFIED, never a verdict', () => {
    const f = findingFor(report, S3, '<OtherBucket8B2F1D3E>') as ReportFinding & { warnings: string[] };
    expect([f.status, f.reason]).toEqual(['COMPLIANT', 'LOGGING_ENABLED']);
    expect(f.warnings).toEqual(['TARGET_UNVERIFIED']);
  });
});
