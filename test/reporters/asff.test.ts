/**
 * The zod schema below encodes the AWS Security Hub documentation: "Required top-level ASFF attributes"
 * (AwsAccountId, CreatedAt, Description, GeneratorId, Id, ProductArn, Resources, SchemaVersion, Severity,
 * Title, Types, UpdatedAt) and the AwsSecurityFinding API reference limits (Title ≤ 256, Description ≤ 1024,
 * Id/GeneratorId ≤ 512, Types ≤ 50 as namespace/category/classifier, Resources ≤ 32 with Type and Id,
 * Compliance.Status, Workflow.Status and RecordState enums, Recommendation.Text ≤ 512).
 */
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { Finding } from '../../src/engine/types.js';
import { asff, asffComplianceStatus } from '../../src/reporters/asff.js';
import { ruleCatalog } from '../../src/rules/index.js';
import { fixtureReport, OPTIONS } from './fixture.js';

const TYPE_NAMESPACES =
  'Software and Configuration Checks|TTPs|Effects|Unusual Behaviors|Sensitive Data Identifications';

const asffFinding = z.object({
  SchemaVersion: z.literal('2018-10-08'),
  Id: z.string().min(1).max(512),
  ProductArn: z
    .string()
    .regex(/^arn:aws(-cn|-us-gov)?:securityhub:[a-z0-9-]+:\d{12}:product\/\d{12}\/default$/),
  GeneratorId: z.string().min(1).max(512),
  AwsAccountId: z.string().regex(/^\d{12}$/),
  Types: z
    .array(z.string().regex(new RegExp(`^(${TYPE_NAMESPACES})(/[^/]+){0,2}$`)))
    .min(1)
    .max(50),
  CreatedAt: z.iso.datetime(),
  UpdatedAt: z.iso.datetime(),
  Severity: z.object({ Label: z.enum(['INFORMATIONAL', 'LOW', 'MEDIUM', 'HIGH', 'CRITICAL']) }),
  Title: z.string().min(1).max(256),
  Description: z.string().min(1).max(1024),
  Region: z.string().min(1).max(16),
  Resources: z
    .array(
      z.object({
        Type: z.string().min(1).max(256),
        Id: z.string().regex(/\S/).max(512),
        Partition: z.enum(['aws', 'aws-cn', 'aws-us-gov']),
        Region: z.string().min(1).max(16),
      }),
    )
    .min(1)
    .max(32),
  Compliance: z.object({ Status: z.enum(['PASSED', 'WARNING', 'FAILED', 'NOT_AVAILABLE']) }),
  Workflow: z.object({ Status: z.enum(['NEW', 'NOTIFIED', 'RESOLVED', 'SUPPRESSED']) }),
  RecordState: z.enum(['ACTIVE', 'ARCHIVED']),
  Remediation: z.object({ Recommendation: z.object({ Text: z.string().max(512), Url: z.url() }) }),
  ProductFields: z.record(z.string(), z.string()),
});

type Asff = z.infer<typeof asffFinding>;

describe('asff reporter', () => {
  const findings = JSON.parse(asff(fixtureReport(), OPTIONS)) as Asff[];
  const byResource = (id: string) => findings.find((f) => f.Resources[0]?.Id === id);

  it('every finding has the required ASFF fields within the documented limits', () => {
    for (const f of findings) expect(() => asffFinding.parse(f)).not.toThrow();
    const bad = { ...findings[0], Types: ['Made Up/Thing'] };
    expect(asffFinding.safeParse(bad).success).toBe(false);
  });

  it('leaves out findings without an AWS account (IaC) and keeps the rest', () => {
    expect(findings).toHaveLength(11);
    expect(byResource('arn:aws:s3:::tf-trail-logs')).toBeUndefined();
  });

  it('maps statuses as documented', () => {
    expect(byResource('arn:aws:s3:::ct-logs-111111111111')?.Compliance.Status).toBe('FAILED');
    expect(byResource('arn:aws:s3:::app-assets')?.Compliance.Status).toBe('PASSED');
    expect(byResource('arn:aws:s3:::org-ct-logs')?.Compliance.Status).toBe('WARNING');
    expect(byResource('arn:aws:s3:::payments-raw')?.Compliance.Status).toBe('NOT_AVAILABLE');
    const na = byResource('arn:aws:iam::333333333333:root');
    expect(na).toMatchObject({ Compliance: { Status: 'NOT_AVAILABLE' }, RecordState: 'ARCHIVED' });
    expect(byResource('arn:aws:s3:::dev-scratch')?.Workflow.Status).toBe('SUPPRESSED');
    expect(byResource('arn:aws:s3:::app-assets')?.Severity.Label).toBe('INFORMATIONAL');
    expect(byResource('arn:aws:s3:::ct-logs-111111111111')?.Severity.Label).toBe('MEDIUM');
  });

  it('uses the custom-integration product ARN, CIS types, resource types and the collection time', () => {
    const f = byResource('arn:aws:s3:::ct-logs-111111111111');
    expect(f?.ProductArn).toBe('arn:aws:securityhub:us-east-1:111111111111:product/111111111111/default');
    expect(f?.Types).toContain(
      'Software and Configuration Checks/Industry and Regulatory Standards/CIS AWS Foundations Benchmark',
    );
    expect(f?.Resources.map((r) => r.Type)).toEqual(['AwsS3Bucket', 'AwsCloudTrailTrail']);
    expect(f?.CreatedAt).toBe('2026-11-21T10:00:00.000Z');
    expect(f?.Remediation.Recommendation.Url).toMatch(
      /docs\/rules\/aws-cloudtrail-bucket-access-logging\.md$/,
    );
  });

  it('keeps one Id per rule and resource, whatever the status, so Security Hub updates it', () => {
    const report = fixtureReport();
    const first = report.findings[0] as Finding;
    const fixed: Finding = { ...first, status: 'COMPLIANT', reason: 'LOGGING_ENABLED', message: 'now fine' };
    report.findings = [first, fixed];
    const [a, b] = JSON.parse(asff(report, OPTIONS)) as Asff[];
    expect(a?.Id).toBe(b?.Id);
    expect([a?.Compliance.Status, b?.Compliance.Status]).toEqual(['FAILED', 'PASSED']);
  });

  it('names the status mapping for every reason of an undetermined finding', () => {
    const base = fixtureReport().findings[0] as Finding;
    const status = (reason: Finding['reason']) =>
      asffComplianceStatus({ ...base, status: 'UNDETERMINED', reason }, ruleCatalog);
    expect(status('TRAIL_BUCKET_UNRESOLVED')).toBe('WARNING');
    expect(status('READ_FAILED')).toBe('NOT_AVAILABLE');
    expect(status('RULE_ERROR')).toBe('NOT_AVAILABLE');
  });

  it('caps absurd identifiers and Regions from the input to the documented limits, keeping them distinct', () => {
    const report = fixtureReport();
    const cloud = report.findings.find((f) => f.resource.account && /^\d{12}$/.test(f.resource.account));
    if (!cloud) throw new Error('fixture has a cloud finding');
    const long = (c: string) => `arn:aws:s3:::${c.repeat(100_000)}`;
    const twins = [long('a'), `${long('a')}b`].map((id) => ({
      ...cloud,
      resource: { ...cloud.resource, id, region: 'x'.repeat(10_000) },
      related: [{ ...cloud.resource, id: '   ', region: 'eu-west-1' }],
    }));
    const out = JSON.parse(asff({ ...report, findings: twins }, OPTIONS)) as Asff[];
    for (const f of out) expect(() => asffFinding.parse(f)).not.toThrow();
    const ids = out.map((f) => f.Resources[0]?.Id);
    expect(ids[0]).not.toBe(ids[1]);
    expect(ids[0]?.startsWith(long('a').slice(0, 400))).toBe(true);
    expect(out[0]?.Region).toBe('us-east-1');
    expect(out[0]?.Resources[1]).toMatchObject({ Id: '(blank)', Region: 'eu-west-1' });
  });
});
