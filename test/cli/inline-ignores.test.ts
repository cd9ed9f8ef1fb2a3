/**
 * Issue 14, inline ignores end to end: Terraform comments, CloudFormation Metadata, CDK through the
 * synthesized template; reason required, marked inline in JSON and SARIF (inSource), expired and unused
 * ones warn on stderr (one line each), --no-inline-ignores. Built binary, fixtures in temporary folders.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Report } from '../../src/engine/types.js';
import { runCli } from './helpers.js';

const RULE = 'aws-s3-bucket-access-logging';

function tree(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'tg-ignore-'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

const cdkTemplate = {
  Resources: {
    Scratch: {
      Type: 'AWS::S3::Bucket',
      Properties: { BucketName: 'acme-cdk-scratch' },
      Metadata: {
        'aws:cdk:path': 'App/Scratch/Resource',
        // What `(bucket.node.defaultChild as CfnBucket).addMetadata('trailguard', {...})` synthesizes.
        trailguard: { ignore: [{ rule: RULE, reason: 'CDK scratch bucket' }] },
      },
    },
  },
};

const repo = () =>
  tree({
    'infra/main.tf': [
      `# trailguard:ignore:${RULE} Scratch data only (SEC-142) exp:2099-12-31`,
      'resource "aws_s3_bucket" "scratch" {',
      '  count  = 2',
      '  bucket = "acme-scratch-${count.index}"',
      '}',
      `resource "aws_s3_bucket" "old" { # trailguard:ignore:${RULE}:exp:2020-01-01 lapsed`,
      '  bucket = "acme-old"',
      '}',
      `// trailguard:ignore:${RULE}`,
      'resource "aws_s3_bucket" "noreason" {',
      '  bucket = "acme-noreason"',
      '}',
      '',
    ].join('\n'),
    'cfn/stack.yaml': [
      'Resources:',
      '  Archive:',
      '    Type: AWS::S3::Bucket',
      '    Metadata:',
      '      trailguard:',
      '        ignore:',
      `          - rule: ${RULE}`,
      '            reason: Archive bucket, access logged by the org trail',
      '            expires: 2099-01-31',
      '    Properties:',
      '      BucketName: acme-archive',
      '  Topic:',
      '    Type: AWS::SNS::Topic',
      '    Metadata:',
      '      trailguard:',
      '        ignore:',
      `          - rule: ${RULE}`,
      '            reason: on a resource no rule reports',
      '',
    ].join('\n'),
    'app/cdk.out/manifest.json': JSON.stringify({
      version: '36.0.0',
      artifacts: {
        App: { type: 'aws:cloudformation:stack', properties: { templateFile: 'App.template.json' } },
      },
    }),
    'app/cdk.out/App.template.json': JSON.stringify(cdkTemplate, null, 2),
  });

function run(args: string[], cwd: string) {
  const result = runCli(['scan', ...args], { cwd });
  return result;
}

describe('inline ignores', () => {
  const dir = repo();
  const json = run(['.', '-f', 'json'], dir);
  const report = JSON.parse(json.stdout) as Report;
  const byName = (name: string) => report.findings.find((f) => f.ruleId === RULE && f.resource.name === name);

  it('Terraform (every instance), CloudFormation and CDK findings are suppressed, marked inline, kept in the report', () => {
    expect(byName('acme-scratch-0')?.suppressed).toEqual({
      reason: 'Scratch data only (SEC-142)',
      expires: '2099-12-31',
      source: 'infra/main.tf:1',
      inline: true,
    });
    expect(byName('acme-scratch-1')?.suppressed?.inline).toBe(true);
    expect(byName('acme-archive')?.suppressed).toEqual({
      reason: 'Archive bucket, access logged by the org trail',
      expires: '2099-01-31',
      source: 'cfn/stack.yaml:2 (Archive)',
      inline: true,
    });
    expect(byName('acme-cdk-scratch')?.suppressed).toMatchObject({
      reason: 'CDK scratch bucket',
      inline: true,
    });
    expect(byName('acme-cdk-scratch')?.resource.location?.cdkPath).toBe('App/Scratch/Resource');
  });

  it('an ignore without a reason and an expired one do not apply: those findings still fail the run', () => {
    expect(byName('acme-noreason')?.suppressed).toBeNull();
    expect(byName('acme-old')?.suppressed).toBeNull();
    expect(json.code).toBe(1);
  });

  it('stderr: one line per ignore that cannot apply, expired, or matches nothing', () => {
    expect(json.stderr.trimEnd().split('\n').sort()).toEqual([
      `trailguard: warning: inline ignore cfn/stack.yaml:12 (Topic) (${RULE}: on a resource no rule reports) matches no finding`,
      `trailguard: warning: inline ignore infra/main.tf:6 (${RULE}: lapsed) expired on 2020-01-01; it no longer applies`,
      'trailguard: warning: inline ignore infra/main.tf:9: a reason is required (say why the finding is accepted); it is not applied',
    ]);
  });

  it('SARIF marks them inSource; text says inline ignore and where', () => {
    const sarif = JSON.parse(run(['.', '-f', 'sarif'], dir).stdout);
    const kinds = sarif.runs[0].results
      .flatMap((r: { suppressions?: { kind: string }[] }) => r.suppressions ?? [])
      .map((s: { kind: string }) => s.kind);
    expect(kinds.length).toBe(4);
    expect(new Set(kinds)).toEqual(new Set(['inSource']));
    expect(run(['.', '-f', 'text'], dir).stdout).toContain('inline ignore at infra/main.tf:1');
  });

  it('--no-inline-ignores: nothing suppressed, no ignore warnings', () => {
    const off = run(['.', '-f', 'json', '--no-inline-ignores'], dir);
    expect((JSON.parse(off.stdout) as Report).summary.suppressed).toBe(0);
    expect(off.stderr).toBe('');
  });

  it('every failing finding ignored with a reason: exit 0', () => {
    const clean = tree({
      'main.tf': `resource "aws_s3_bucket" "a" { # trailguard:ignore:${RULE} accepted\n  bucket = "acme-a"\n}\n`,
    });
    const ok = run(['.', '-q'], clean);
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stdout).toMatch(/1 suppressed/);
  });

  it('a suppressions-file entry that matches nothing warns too', () => {
    const clean = tree({
      'main.tf': 'resource "aws_s3_bucket" "a" {\n  bucket = "acme-a"\n}\n',
      '.trailguard.yaml': `suppressions:\n  - bucket: "acme-*"\n    reason: all ours\n  - bucket: "gone-*"\n    reason: deleted long ago\n`,
    });
    const out = run(['.', '-q'], clean);
    expect(out.code).toBe(0);
    expect(out.stderr).toBe(
      'trailguard: warning: suppression #2 (deleted long ago) [.trailguard.yaml:4] matches no finding\n',
    );
  });
});
