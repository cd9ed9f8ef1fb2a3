/**
 * Issue 13: `trailguard fix PATH --write` on CloudFormation (YAML with comments, JSON) through the CLI in
 * process, on copies in temp dirs: generated names, an existing AWS::S3::BucketPolicy, intrinsics. After
 * --write a re-scan shows every fixed bucket COMPLIANT and the template parses; CDK output is not edited.
 */
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseDocument } from 'yaml';
import { main } from '../../src/cli/main.js';
import { parseTemplate } from '../../src/sources/cloudformation/parse-template.js';
import { memoryIO } from '../helpers/memory-io.js';

async function cli(args: string[]) {
  const io = memoryIO({ env: process.env });
  const code = await main(['node', 'trailguard', ...args], io);
  return { code, stdout: io.out.join(''), stderr: io.err.join('') };
}

async function statuses(dir: string) {
  const { stdout } = await cli(['scan', dir, '-f', 'json', '-q', '--fail-on', 'none']);
  const report = JSON.parse(stdout) as {
    findings: { ruleId: string; status: string; reason: string; resource: { name?: string; id: string } }[];
  };
  return report.findings.map((f) => ({
    status: f.status,
    reason: f.reason,
    name: f.resource.name ?? f.resource.id,
  }));
}

const YAML_TEMPLATE = `# Access logs for the app buckets.
AWSTemplateFormatVersion: "2010-09-09"
Resources:
  # Generated name, no logging yet.
  AppBucket:
    Type: AWS::S3::Bucket
  # Logs into LogsBucket, whose policy lacks the grant.
  DataBucket:
    Type: AWS::S3::Bucket
    Properties:
      LoggingConfiguration:
        DestinationBucketName: !Ref LogsBucket
        LogFilePrefix: data/
  LogsBucket:
    Type: AWS::S3::Bucket # the central log bucket
  LogsBucketPolicy:
    Type: AWS::S3::BucketPolicy
    Properties:
      Bucket: !Ref LogsBucket
      PolicyDocument:
        Version: "2012-10-17"
        Statement:
          # TLS only
          - Sid: DenyHttp
            Effect: Deny
            Principal: "*"
            Action: "s3:*"
            Resource: !Sub "\${LogsBucket.Arn}/*"
            Condition:
              Bool:
                aws:SecureTransport: "false"
`;

const JSON_TEMPLATE = {
  AWSTemplateFormatVersion: '2010-09-09',
  Resources: {
    Named: { Type: 'AWS::S3::Bucket', Properties: { BucketName: 'acme-named' } },
    Generated: { Type: 'AWS::S3::Bucket' },
  },
};

describe('fix PATH --write (CloudFormation)', () => {
  it('YAML: keeps comments, merges into the existing BucketPolicy, adds a log bucket with a generated name', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tg-iac-cfn-'));
    const file = join(dir, 'template.yaml');
    writeFileSync(file, YAML_TEMPLATE);
    const before = await statuses(dir);
    expect(
      before
        .filter((s) => s.status === 'NON_COMPLIANT')
        .map((s) => s.name)
        .sort(),
    ).toEqual(expect.arrayContaining(['<AppBucket>', '<DataBucket>']));
    const run = await cli(['fix', dir, '--write']);
    expect(run.code, run.stderr).toBe(0);
    const text = readFileSync(file, 'utf8');
    for (const comment of [
      '# Access logs for the app buckets.',
      '# TLS only',
      '# the central log bucket',
      '# Generated name, no logging yet.',
    ])
      expect(text).toContain(comment);
    const data = parseTemplate(text).data as {
      Resources: Record<string, { Type: string; Properties?: Record<string, unknown> }>;
    };
    const policies = Object.entries(data.Resources).filter(([, r]) => r.Type === 'AWS::S3::BucketPolicy');
    // Merged into LogsBucketPolicy (a second policy for LogsBucket would replace it), plus one for the new bucket.
    expect(policies.map(([id]) => id).sort()).toEqual([
      'LogsBucketPolicy',
      'TrailguardAccessLogsBucketTrailguardPolicy',
    ]);
    const document = data.Resources.LogsBucketPolicy?.Properties?.PolicyDocument as
      | { Statement: { Sid: string }[] }
      | undefined;
    const statements = document?.Statement ?? [];
    expect(statements.map((s) => s.Sid)[0]).toBe('DenyHttp');
    expect(statements).toHaveLength(2);
    expect(text).toContain('aws:SourceArn: !GetAtt DataBucket.Arn');
    expect(text).toContain('DestinationBucketName: !Ref TrailguardAccessLogsBucket');
    expect(text).not.toMatch(/<AppBucket>|<new log bucket/);
    expect(data.Resources.TrailguardAccessLogsBucket?.Properties?.BucketName).toBeUndefined();
    const after = await statuses(dir);
    expect(
      after.filter((s) => s.status !== 'COMPLIANT' && s.status !== 'NOT_APPLICABLE'),
      JSON.stringify(after),
    ).toEqual([]);
    for (const name of ['<AppBucket>', '<DataBucket>'])
      expect(
        after.filter((s) => s.name === name).every((s) => s.status === 'COMPLIANT'),
        name,
      ).toBe(true);
  });

  it('JSON: re-serialised with its own indentation, long-form intrinsics; the diff alone changes nothing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tg-iac-cfn-'));
    const file = join(dir, 'stack.json');
    const original = `${JSON.stringify(JSON_TEMPLATE, null, 4)}\n`;
    writeFileSync(file, original);
    const diff = await cli(['fix', dir]);
    expect(diff.stdout).toMatch(/^--- a\/stack\.json\n\+\+\+ b\/stack\.json\n/);
    expect(readFileSync(file, 'utf8')).toBe(original);
    const run = await cli(['fix', dir, '--write']);
    expect(run.code, run.stderr).toBe(0);
    const text = readFileSync(file, 'utf8');
    expect(text).toMatch(/^\{\n {4}"AWSTemplateFormatVersion"/);
    const data = JSON.parse(text);
    expect(data.Resources.Named.Properties.LoggingConfiguration).toEqual({
      DestinationBucketName: { Ref: 'TrailguardAccessLogsBucket' },
      LogFilePrefix: 'acme-named/',
    });
    expect(JSON.stringify(data)).toContain('{"Fn::GetAtt":["Generated","Arn"]}');
    const after = await statuses(dir);
    expect(
      after.filter((s) => s.status === 'NON_COMPLIANT' || s.status === 'UNDETERMINED'),
      JSON.stringify(after),
    ).toEqual([]);
    expect(after.filter((s) => s.name === 'acme-named').map((s) => s.status)).toEqual(['COMPLIANT']);
    expect(after.filter((s) => s.name === '<Generated>').map((s) => s.status)).toEqual(['COMPLIANT']);
  });

  it('CDK synth output is never edited: the fix is described for the app', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tg-iac-cdk-'));
    cpSync('test/fixtures/cloudformation/cdk.out', join(dir, 'cdk.out'), { recursive: true });
    const before = readFileSync(join(dir, 'cdk.out', 'AppStack.template.json'), 'utf8');
    const run = await cli(['fix', join(dir, 'cdk.out'), '--write']);
    expect(run.code, run.stderr).toBe(0);
    expect(readFileSync(join(dir, 'cdk.out', 'AppStack.template.json'), 'utf8')).toBe(before);
    expect(run.stdout).toMatch(/Nothing to change in the files/);
    expect(run.stdout).toMatch(
      /CDK app \(\S*AppStack\.template\.json is cdk synth output, not edited\): on the bucket construct of \w+, set serverAccessLogsBucket to a log bucket of the same stack/,
    );
    expect(run.stdout).not.toContain('<new log bucket');
    expect(parseDocument(before).errors).toEqual([]);
  });
});
