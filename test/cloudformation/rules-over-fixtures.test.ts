/**
 * The two rules run over the CloudFormation/CDK hard-case fixtures (test/fixtures/cloudformation),
 * end to end through the loader and `evaluate`: status, reason and file:line for each resource.
 */
import { describe, expect, it } from 'vitest';
import type { Finding } from '../../src/engine/types.js';
import { evaluate } from '../../src/scan.js';
import { loadCloudFormation } from '../../src/sources/cloudformation/index.js';

const DIR = 'test/fixtures/cloudformation';
const A = 'aws-cloudtrail-bucket-access-logging';
const B = 'aws-s3-bucket-access-logging';

async function findingsOf(path: string): Promise<Finding[]> {
  const result = await loadCloudFormation([`${DIR}/${path}`]);
  return evaluate(result, { now: new Date('2026-01-01T00:00:00Z') }).report.findings;
}

function one(findings: Finding[], ruleId: string, address: string): Finding {
  const matches = findings.filter((f) => f.ruleId === ruleId && f.resource.location?.address === address);
  expect(matches, `${ruleId} findings for ${address}`).toHaveLength(1);
  return matches[0] as Finding;
}

function expectFinding(
  findings: Finding[],
  ruleId: string,
  address: string,
  want: {
    status: Finding['status'];
    reason: Finding['reason'];
    file: string;
    line: number;
    warnings?: string[];
  },
): Finding {
  const f = one(findings, ruleId, address);
  expect({ status: f.status, reason: f.reason }).toEqual({ status: want.status, reason: want.reason });
  expect(f.resource.location?.file).toBe(`${DIR}/${want.file}`);
  expect(f.resource.location?.line).toBe(want.line);
  if (want.warnings) for (const w of want.warnings) expect(f.warnings).toContain(w);
  return f;
}

describe('trail linked by !Ref to a bucket with a generated name', () => {
  it('links by identity and judges the trail bucket (not a false negative)', async () => {
    const findings = await findingsOf('trail-ref-generated-name.yaml');
    const good = expectFinding(findings, A, 'TrailBucket', {
      status: 'COMPLIANT',
      reason: 'LOGGING_ENABLED',
      file: 'trail-ref-generated-name.yaml',
      line: 12,
    });
    expect(good.related.map((r) => r.location?.address)).toContain('AuditTrail');
    const bad = expectFinding(findings, A, 'BareTrailBucket', {
      status: 'NON_COMPLIANT',
      reason: 'LOGGING_DISABLED',
      file: 'trail-ref-generated-name.yaml',
      line: 46,
    });
    expect(bad.related.map((r) => r.location?.address)).toContain('StoppedTrail');
    expectFinding(findings, B, 'AccessLogBucket', {
      status: 'NOT_APPLICABLE',
      reason: 'IS_LOG_DESTINATION',
      file: 'trail-ref-generated-name.yaml',
      line: 18,
    });
  });
});

describe('trail linked by literal name, Fn::Sub, Fn::Join and Fn::ImportValue', () => {
  it('links literal and Fn::Join names, Fn::Sub by identical symbolic text, and leaves imports unresolved', async () => {
    const findings = await findingsOf('trail-literal-and-sub.yaml');
    const literal = expectFinding(findings, A, 'LiteralBucket', {
      status: 'COMPLIANT',
      reason: 'LOGGING_ENABLED',
      file: 'trail-literal-and-sub.yaml',
      line: 10,
      warnings: ['TARGET_UNVERIFIED'],
    });
    // LiteralTrail (literal) and JoinTrail (Fn::Join of the same words) write to the same bucket: one finding.
    expect(literal.related.map((r) => r.location?.address).sort()).toEqual(['JoinTrail', 'LiteralTrail']);
    expectFinding(findings, A, 'SubBucket', {
      status: 'NON_COMPLIANT',
      reason: 'LOGGING_DISABLED',
      file: 'trail-literal-and-sub.yaml',
      line: 21,
    });
    const imported = findings.find((f) => f.ruleId === A && f.reason === 'TRAIL_BUCKET_UNRESOLVED');
    expect(imported?.status).toBe('UNDETERMINED');
    expect(JSON.stringify(imported)).toContain('ImportedTrail');
  });
});

describe('LoggingConfiguration variants and log targets', () => {
  it('judges each documented case', async () => {
    const findings = await findingsOf('logging-variants.yaml');
    const cases: [string, Finding['status'], Finding['reason'], number][] = [
      // {} and prefix-only log into the bucket itself, which grants S3 no delivery permission.
      ['EmptyConfig', 'NON_COMPLIANT', 'TARGET_CANNOT_RECEIVE', 8],
      ['PrefixOnly', 'NON_COMPLIANT', 'TARGET_CANNOT_RECEIVE', 13],
      ['IfLogging', 'COMPLIANT', 'LOGGING_ENABLED', 19],
      // Not a log destination although its logical id contains "LogsBucket" (cdk-nag's regex quirk).
      ['AccessLogsBucket', 'NON_COMPLIANT', 'LOGGING_DISABLED', 29],
      ['LogsBucket', 'NOT_APPLICABLE', 'IS_LOG_DESTINATION', 31],
      ['NullProps', 'NON_COMPLIANT', 'LOGGING_DISABLED', 39],
      ['ToKmsTarget', 'NON_COMPLIANT', 'TARGET_CANNOT_RECEIVE', 43],
      ['ToLockedTarget', 'NON_COMPLIANT', 'TARGET_CANNOT_RECEIVE', 56],
    ];
    for (const [address, status, reason, line] of cases)
      expectFinding(findings, B, address, { status, reason, file: 'logging-variants.yaml', line });
    // Which bucket receives the logs cannot be evaluated: never a pass (issue 10).
    const undeclared = expectFinding(findings, B, 'ToUndeclared', {
      status: 'UNDETERMINED',
      reason: 'VALUE_UNRESOLVED',
      file: 'logging-variants.yaml',
      line: 79,
    });
    expect(undeclared.message).toContain('NotDeclaredAnywhere');
  });
});

describe('Parameters, Mappings and Conditions', () => {
  it('resolves defaults and mappings, drops false-condition resources, never guesses unknowns', async () => {
    const findings = await findingsOf('params-conditions.yaml');
    expectFinding(findings, A, 'MappedBucket', {
      status: 'COMPLIANT',
      reason: 'LOGGING_ENABLED',
      file: 'params-conditions.yaml',
      line: 31,
      warnings: ['TARGET_UNVERIFIED'],
    });
    expect(findings.some((f) => f.resource.location?.address === 'DevOnlyBucket')).toBe(false);
    // An IaC value that cannot be evaluated has its own reason, not the live-API READ_FAILED (issue 10 item 3).
    expectFinding(findings, B, 'UnknownIfBucket', {
      status: 'UNDETERMINED',
      reason: 'VALUE_UNRESOLVED',
      file: 'params-conditions.yaml',
      line: 57,
    });
    // A target from a parameter without default or from SSM is unknown until deploy: UNDETERMINED, never a pass.
    for (const address of ['NoDefaultTargetBucket', 'SsmTargetBucket']) {
      const f = one(findings, B, address);
      expect([f.status, f.reason]).toEqual(['UNDETERMINED', 'VALUE_UNRESOLVED']);
      expect(f.message).toMatch(/parameter/);
    }
  });
});

describe('bucket policies with intrinsics', () => {
  it('honours a resolved grant, treats an unresolvable policy as undetermined and an explicit Deny as blocking', async () => {
    const findings = await findingsOf('policies.json');
    expectFinding(findings, B, 'Source', {
      status: 'COMPLIANT',
      reason: 'LOGGING_ENABLED',
      file: 'policies.json',
      line: 5,
    });
    // The target's policy is an import no scanned template exports: the grant rests on it (issue 10).
    expectFinding(findings, B, 'Source2', {
      status: 'UNDETERMINED',
      reason: 'VALUE_UNRESOLVED',
      file: 'policies.json',
      line: 36,
    });
    expectFinding(findings, B, 'Source3', {
      status: 'NON_COMPLIANT',
      reason: 'TARGET_CANNOT_RECEIVE',
      file: 'policies.json',
      line: 61,
    });
  });
});

describe('CDK cloud assembly', () => {
  it('follows manifest stacks, nested assemblies, nested stacks and cross-stack imports, with aws:cdk:path', async () => {
    const findings = await findingsOf('cdk.out');
    const trailBucket = expectFinding(findings, A, 'TrailBucketA1B2C3D4', {
      status: 'COMPLIANT',
      reason: 'LOGGING_ENABLED',
      file: 'cdk.out/AppStack.template.json',
      line: 3,
    });
    expect(trailBucket.resource.location?.cdkPath).toBe('AppStack/TrailBucket/Resource');
    const org = expectFinding(findings, A, 'OrgTrailBucket5E6F7A8B', {
      status: 'NON_COMPLIANT',
      reason: 'LOGGING_DISABLED',
      file: 'cdk.out/assembly-Prod/ProdTrailStackNestedA1B2C3D4.nested.template.json',
      line: 3,
    });
    expect(org.resource.location?.cdkPath).toBe('Prod/ProdTrailStack/Nested/OrgTrailBucket/Resource');
    expectFinding(findings, B, 'AccessLogs8C2A2D1E', {
      status: 'NOT_APPLICABLE',
      reason: 'IS_LOG_DESTINATION',
      file: 'cdk.out/LogStack.template.json',
      line: 3,
    });
  });
});
