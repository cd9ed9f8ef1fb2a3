/**
 * Issue 14, "Scanning a repository": `trailguard scan .` finds every Terraform root module, plan JSON,
 * CloudFormation template and CDK cloud assembly below it in one run; `--skip-path`; the default skip list;
 * non-IaC JSON/YAML is ignored; `scan -` reads stdin; file names are relative to the current directory in
 * every format. Built binary, fixtures generated in temporary folders.
 */
import { cpSync, mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Finding, Report } from '../../src/engine/types.js';
import { expectOneLineError, ROOT, runCli } from './helpers.js';

function tree(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'tg-repo-'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

const bucket = (label: string, name: string) =>
  `resource "aws_s3_bucket" "${label}" {\n  bucket = "${name}"\n}\n`;

const plan = (name: string) =>
  JSON.stringify({
    format_version: '1.2',
    terraform_version: '1.6.0',
    planned_values: {
      root_module: {
        resources: [
          {
            address: 'aws_s3_bucket.p',
            mode: 'managed',
            type: 'aws_s3_bucket',
            name: 'p',
            values: { bucket: name },
          },
        ],
      },
    },
  });

const template = (logicalId: string, name: string) =>
  `AWSTemplateFormatVersion: "2010-09-09"\nResources:\n  ${logicalId}:\n    Type: AWS::S3::Bucket\n    Properties:\n      BucketName: ${name}\n`;

/** A repository mixing every input kind with files that are none of them. */
function repository(): string {
  const dir = tree({
    'infra/app/main.tf': `${bucket('app', 'acme-app')}module "logs" {\n  source = "../modules/logs"\n  name   = "acme-module"\n}\n`,
    'infra/modules/logs/main.tf': `variable "name" {}\n${bucket('this', '${var.name}')}`,
    'envs/prod/main.tf': bucket('prod', 'acme-prod'),
    'plans/prod.plan.json': plan('acme-plan'),
    'cfn/stack.yaml': template('Stack', 'acme-cfn'),
    // Not IaC: ignored without an error.
    'package.json': JSON.stringify({ name: 'x', version: '1.0.0' }),
    'tsconfig.json': '{\n  // comments: JSONC, not JSON\n  "compilerOptions": {},\n}\n',
    'k8s/deploy.yaml': 'apiVersion: v1\nkind: Pod\n---\napiVersion: v1\nkind: Service\n',
    'chart/templates/x.yaml': 'metadata:\n  name: {{ .Values.name }}\n  {{- if .x }}\n',
    'docs/broken.json': '{ not json',
    'examples/snapshot.json': JSON.stringify({ schema: 'trailguard/inventory@1', accounts: [] }),
    // Never walked.
    'node_modules/pkg/main.tf': bucket('nm', 'acme-node-modules'),
    '.terraform/modules/x/main.tf': bucket('cache', 'acme-terraform-cache'),
    '.github/cfn.yaml': template('Hidden', 'acme-hidden'),
  });
  cpSync(join(ROOT, 'test/fixtures/cloudformation/cdk.out'), join(dir, 'app/cdk.out'), { recursive: true });
  return dir;
}

function scan(
  args: string[],
  cwd: string,
  input?: string,
): { code: number | null; report: Report; stderr: string } {
  const run = runCli(['scan', ...args, '-f', 'json'], { cwd, ...(input !== undefined ? { input } : {}) });
  if (!run.stdout) throw new Error(`no report (exit ${run.code}): ${run.stderr}`);
  return { code: run.code, report: JSON.parse(run.stdout) as Report, stderr: run.stderr };
}

const bucketFindings = (report: Report) =>
  report.findings.filter((f) => f.ruleId === 'aws-s3-bucket-access-logging' && f.resource.type !== 'File');
const files = (findings: Finding[]) => [...new Set(findings.map((f) => f.resource.location?.file))].sort();

describe('scan . at a repository root', () => {
  const repo = repository();
  const { code, report, stderr } = scan(['.'], repo);

  it('finds Terraform roots, plan JSON, templates and cloud assemblies in one run, files relative to the root', () => {
    expect(code).toBe(1);
    expect(files(bucketFindings(report))).toEqual([
      'app/cdk.out/AppStack.template.json',
      'app/cdk.out/LogStack.template.json',
      'app/cdk.out/assembly-Prod/ProdTrailStackNestedA1B2C3D4.nested.template.json',
      'cfn/stack.yaml',
      'envs/prod/main.tf',
      'infra/app/main.tf',
      'infra/modules/logs/main.tf',
      'plans/prod.plan.json',
    ]);
    const names = bucketFindings(report).map((f) => f.resource.name);
    for (const name of ['acme-app', 'acme-module', 'acme-prod', 'acme-plan', 'acme-cfn'])
      expect(names).toContain(name);
  });

  it('a folder called as a module is not a root module of its own (no unresolved var.name)', () => {
    const inModule = report.findings.filter(
      (f) => f.resource.location?.file === 'infra/modules/logs/main.tf',
    );
    expect(inModule.map((f) => f.resource.location?.address)).toEqual(
      inModule.map(() => 'module.logs.aws_s3_bucket.this'),
    );
    expect(report.findings.filter((f) => f.status === 'UNDETERMINED' && f.resource.type === 'File')).toEqual(
      [],
    );
  });

  it('skips node_modules, .terraform and hidden folders; non-IaC JSON/YAML and snapshots give no error', () => {
    const names = report.findings.map((f) => f.resource.name);
    for (const name of ['acme-node-modules', 'acme-terraform-cache', 'acme-hidden'])
      expect(names).not.toContain(name);
    expect(report.errors).toEqual([]);
    expect(stderr).toBe('');
  });

  it('--skip-path: a name glob anywhere, a path glob from the current directory', () => {
    const skipped = scan(
      ['.', '--skip-path', 'cdk.out', '--skip-path', 'infra/**', '--skip-path', '*.plan.json'],
      repo,
    );
    expect(files(bucketFindings(skipped.report))).toEqual(['cfn/stack.yaml', 'envs/prod/main.tf']);
    // A skipped folder is not walked, but a module call still reads the folder it names.
    const fromSub = scan(['infra', '--skip-path', 'infra/modules'], repo);
    expect(files(bucketFindings(fromSub.report))).toEqual([
      'infra/app/main.tf',
      'infra/modules/logs/main.tf',
    ]);
    expect(fromSub.report.errors).toEqual([]);
  });

  it('skipping everything is a usage error (exit 2), not an empty passing scan', () => {
    const run = runCli(['scan', '.', '--skip-path', '*'], { cwd: repo });
    expect(expectOneLineError(run)).toMatch(/nothing to scan in \.: .*outside --skip-path/);
  });

  it('a symlinked folder is followed inside the scanned folder only; *.template.json without a manifest is a folder of templates', () => {
    const outside = tree({
      'secret/main.tf': bucket('secret', 'acme-outside'),
      'x.yaml': template('X', 'acme-x'),
    });
    const dir = tree({
      'stacks/a.template.json': JSON.stringify({
        Resources: { A: { Type: 'AWS::S3::Bucket', Properties: { BucketName: 'acme-tj' } } },
      }),
      'stacks/nested/b.yaml': template('B', 'acme-nested'),
      'real/c.yaml': template('C', 'acme-linked'),
    });
    symlinkSync(outside, join(dir, 'escape'));
    symlinkSync(join(dir, 'real'), join(dir, 'inside'));
    const { report } = scan(['.'], dir);
    const names = bucketFindings(report)
      .map((f) => f.resource.name)
      .sort();
    // `inside` and `real` are one folder: read once. `escape` leads outside: not walked.
    expect(names).toEqual(['acme-linked', 'acme-nested', 'acme-tj']);
  });

  it('the files budget stops the walk with an UNDETERMINED BUDGET_EXCEEDED finding', () => {
    const limited = scan(['.', '--limit', 'files=3'], repo);
    expect(limited.code).toBe(1);
    expect(limited.report.findings.filter((f) => f.reason === 'BUDGET_EXCEEDED').length).toBeGreaterThan(0);
  });
});

describe('file names are relative to the current directory in every format', () => {
  const repo = tree({ 'a/main.tf': bucket('x', 'acme-a'), 'b/main.tf': bucket('x', 'acme-b') });

  it('two folders that both hold main.tf: json and sarif name a/main.tf and b/main.tf', () => {
    const { report } = scan(['a', 'b'], repo);
    expect(files(bucketFindings(report))).toEqual(['a/main.tf', 'b/main.tf']);
    const sarif = JSON.parse(runCli(['scan', 'a', 'b', '-f', 'sarif'], { cwd: repo }).stdout);
    const uris = sarif.runs[0].results.map(
      (r: { locations: { physicalLocation?: { artifactLocation: { uri: string } } }[] }) =>
        r.locations[0]?.physicalLocation?.artifactLocation.uri,
    );
    expect([...new Set(uris)].sort()).toEqual(['a/main.tf', 'b/main.tf']);
  });

  for (const format of ['text', 'markdown', 'csv', 'junit', 'html', 'ocsf', 'asff']) {
    it(`${format}: no bare main.tf`, () => {
      const run = runCli(['scan', '.', '-f', format], { cwd: repo });
      expect(run.code, run.stderr).toBe(1);
      // ASFF carries only findings with an AWS account: IaC findings are left out (stderr says so).
      if (format !== 'asff') {
        expect(run.stdout).toContain('a/main.tf');
        expect(run.stdout).toContain('b/main.tf');
      }
      expect(run.stdout.replace(/[ab]\/main\.tf/g, '')).not.toContain('main.tf');
    });
  }

  it('the same from a parent folder, and for an absolute path inside the current directory', () => {
    const parent = dirname(repo);
    const name = repo.slice(parent.length + 1);
    const { report } = scan([join(repo, 'a'), `${name}/b`], parent);
    expect(files(bucketFindings(report))).toEqual([`${name}/a/main.tf`, `${name}/b/main.tf`]);
  });
});

describe('scan - reads one input from stdin', () => {
  const cwd = tree({});

  it('a plan JSON is sniffed; findings name it <stdin>', () => {
    const { code, report } = scan(['-'], cwd, plan('acme-piped'));
    expect(code).toBe(1);
    expect(bucketFindings(report).map((f) => [f.resource.name, f.resource.location?.file])).toEqual([
      ['acme-piped', '<stdin>'],
    ]);
  });

  it('a YAML template, HCL, and --stdin-filename names the file', () => {
    const cfn = scan(['-', '--stdin-filename', 'stack.yaml'], cwd, template('Piped', 'acme-cfn-piped'));
    expect(bucketFindings(cfn.report).map((f) => [f.resource.name, f.resource.location?.file])).toEqual([
      ['acme-cfn-piped', 'stack.yaml'],
    ]);
    const hcl = scan(['-'], cwd, bucket('piped', 'acme-hcl-piped'));
    expect(bucketFindings(hcl.report).map((f) => f.resource.name)).toEqual(['acme-hcl-piped']);
    const forced = scan(['-', '--input-type', 'terraform'], cwd, bucket('forced', 'acme-forced'));
    expect(bucketFindings(forced.report).map((f) => f.resource.name)).toEqual(['acme-forced']);
  });

  it('stdin mixes with paths', () => {
    const dir = tree({ 'main.tf': bucket('x', 'acme-dir') });
    const { report } = scan(['.', '-'], dir, plan('acme-piped'));
    expect(
      bucketFindings(report)
        .map((f) => f.resource.name)
        .sort(),
    ).toEqual(['acme-dir', 'acme-piped']);
  });

  it('bad stdin: empty, unknown content, over file-bytes: one line, exit 2', () => {
    expect(expectOneLineError(runCli(['scan', '-'], { cwd, input: '' }))).toMatch(/stdin is empty/);
    expect(expectOneLineError(runCli(['scan', '-'], { cwd, input: 'hello world\n' }))).toMatch(
      /cannot tell what stdin holds.*--input-type/,
    );
    const big = plan('x') + ' '.repeat(4096);
    expect(
      expectOneLineError(runCli(['scan', '-', '--limit', 'file-bytes=1k'], { cwd, input: big })),
    ).toMatch(/stdin: over the file-bytes limit of 1024/);
    expect(expectOneLineError(runCli(['scan', '-', '--input-type', 'cdk'], { cwd, input: '{}' }))).toMatch(
      /cloud assembly is a folder/,
    );
  });
});
