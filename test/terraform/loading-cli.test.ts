/**
 * Terraform loading through the built CLI (issues 10 items 4 and 12, 11 budgets, 19 items 4 and 5):
 * symlinks, descriptor limits, unreadable files, module paths, the module cache, .tf.json, plan deletions
 * and the hostile-input budgets. Every input is generated here (nothing large is committed).
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, statSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Finding, Report } from '../../src/engine/types.js';
import { BIN, runCli } from '../cli/helpers.js';

function tree(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'tg-tfload-'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

/**
 * Runs from the first scanned folder, as CI runs from the repository root: findings name files relative
 * to the current directory (issue 14), so a file of the scanned tree is `c.tf`, not `/tmp/…/c.tf`.
 */
function scan(args: string[]): { code: number | null; report: Report; stderr: string } {
  const first = args[0] as string;
  const cwd = statSync(first).isDirectory() ? first : dirname(first);
  const run = runCli(['scan', ...args, '-f', 'json'], { cwd });
  if (!run.stdout) throw new Error(`no report (exit ${run.code}): ${run.stderr}`);
  return { code: run.code, report: JSON.parse(run.stdout) as Report, stderr: run.stderr };
}

/** Rule B findings as [resource name or file, status, reason]. */
function bucketRule(report: Report): [string, string, string][] {
  return report.findings
    .filter((f) => f.ruleId === 'aws-s3-bucket-access-logging')
    .map((f) => [f.resource.name ?? f.resource.id, f.status, f.reason] as [string, string, string])
    .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
}

function inputErrors(report: Report, reason: string): Finding[] {
  return report.findings.filter(
    (f) => f.ruleId === 'aws-s3-bucket-access-logging' && f.reason === reason && f.resource.type === 'File',
  );
}

const bucket = (label: string, name: string) =>
  `resource "aws_s3_bucket" "${label}" {\n  bucket = "${name}"\n}\n`;

describe('directory walks (issue 10 item 12)', () => {
  it('a .tf symlink to a FIFO is INPUT_UNREADABLE and never blocks the scan (no writer ever opens it)', () => {
    const dir = tree({ 'main.tf': bucket('main', 'acme-main') });
    spawnSync('mkfifo', [join(dir, 'pipe')]);
    symlinkSync(join(dir, 'pipe'), join(dir, 'evil.tf'));
    const { code, report } = scan([dir]);
    expect(code).toBe(1);
    expect(bucketRule(report)).toEqual([
      ['acme-main', 'NON_COMPLIANT', 'LOGGING_DISABLED'],
      ['evil.tf', 'UNDETERMINED', 'INPUT_UNREADABLE'],
    ]);
    expect(inputErrors(report, 'INPUT_UNREADABLE')[0]?.message).toMatch(/not a regular file/);
  });

  it('reads symlinked .tf files and folders, survives a symlink loop, reports dangling and looping links', () => {
    const real = tree({ 'shared/linked.tf': bucket('linked', 'acme-linked') });
    const dir = tree({ 'main.tf': bucket('main', 'acme-main') });
    symlinkSync(join(real, 'shared/linked.tf'), join(dir, 'linked.tf')); // a file: read, as Terraform does
    symlinkSync(join(real, 'shared'), join(dir, 'elsewhere')); // a folder outside: not walked
    mkdirSync(join(dir, 'env'));
    writeFileSync(join(dir, 'env/env.tf'), bucket('env', 'acme-env'));
    symlinkSync(dir, join(dir, 'env/back-to-root')); // a folder loop
    symlinkSync(join(dir, 'missing.tf'), join(dir, 'gone.tf'));
    symlinkSync(join(dir, 'self.tf'), join(dir, 'self.tf'));
    const { code, report } = scan([dir]);
    expect(code).toBe(1);
    expect(bucketRule(report)).toEqual([
      ['acme-env', 'NON_COMPLIANT', 'LOGGING_DISABLED'],
      ['acme-linked', 'NON_COMPLIANT', 'LOGGING_DISABLED'],
      ['acme-main', 'NON_COMPLIANT', 'LOGGING_DISABLED'],
      ['elsewhere', 'UNDETERMINED', 'INPUT_UNREADABLE'],
      ['gone.tf', 'UNDETERMINED', 'INPUT_UNREADABLE'],
      ['self.tf', 'UNDETERMINED', 'INPUT_UNREADABLE'],
    ]);
    const messages = inputErrors(report, 'INPUT_UNREADABLE').map((f) => f.message);
    expect(messages.join('\n')).toMatch(/ENOENT/);
    expect(messages.join('\n')).toMatch(/ELOOP/);
    expect(messages.join('\n')).toMatch(/symlinked folder leads to .*, outside the scanned paths/);
    // Passing the target too reads it (once: the link and the path are the same real folder).
    const both = scan([dir, join(real, 'shared')]);
    expect(bucketRule(both.report).filter(([name]) => name === 'elsewhere')).toEqual([]);
  });

  it('opens files a few at a time: 300 files scan under `ulimit -n 64`', () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 300; i++) files[`f${String(i).padStart(3, '0')}.tf`] = bucket(`b${i}`, `acme-${i}`);
    const dir = tree(files);
    const run = spawnSync(
      'sh',
      ['-c', `ulimit -n 64 && exec "${process.execPath}" "${BIN}" scan "${dir}" -f json`],
      { encoding: 'utf8', timeout: 60_000, maxBuffer: 64 * 1024 * 1024 },
    );
    expect(run.stderr).not.toMatch(/EMFILE/);
    const report = JSON.parse(run.stdout) as Report;
    const rows = bucketRule(report);
    expect(rows.filter(([, status]) => status === 'NON_COMPLIANT')).toHaveLength(300);
    expect(rows.filter(([, status]) => status === 'UNDETERMINED')).toEqual([]);
  });

  it('a local module outside the scanned paths is not read unless that path is passed', () => {
    const dir = tree({
      'outside/log-bucket/main.tf':
        'variable "name" {}\nresource "aws_s3_bucket" "this" {\n  bucket = var.name\n}\n',
      'infra/root/main.tf':
        'module "logs" {\n  source = "../../outside/log-bucket"\n  name   = "acme-outside"\n}\n',
    });
    const alone = scan([join(dir, 'infra'), '--input-type', 'terraform']);
    expect(alone.code).toBe(1);
    const unread = inputErrors(alone.report, 'INPUT_UNREADABLE');
    expect(unread.map((f) => [f.resource.location?.file, f.resource.location?.line])).toEqual([
      ['root/main.tf', 1],
    ]);
    expect(unread[0]?.message).toMatch(/outside the scanned paths/);
    const both = scan([join(dir, 'infra'), join(dir, 'outside'), '--input-type', 'terraform']);
    expect(bucketRule(both.report)).toContainEqual(['acme-outside', 'NON_COMPLIANT', 'LOGGING_DISABLED']);
    expect(inputErrors(both.report, 'INPUT_UNREADABLE')).toEqual([]);
  });
});

describe('registry and git modules after terraform init (issue 19 item 4)', () => {
  const root = {
    'main.tf':
      'module "logs" {\n  source  = "terraform-aws-modules/s3-bucket/aws"\n  version = "4.1.0"\n  bucket  = "acme-registry-logs"\n}\nmodule "git" {\n  source = "git::https://example.com/buckets.git?ref=v1"\n  name   = "acme-git"\n}\n',
  };
  const downloaded = {
    '.terraform/modules/logs/main.tf':
      'variable "bucket" {}\nresource "aws_s3_bucket" "this" {\n  bucket = var.bucket\n}\nmodule "inner" {\n  source = "./inner"\n  name   = "${var.bucket}-inner"\n}\n',
    '.terraform/modules/logs/inner/main.tf':
      'variable "name" {}\nresource "aws_s3_bucket" "x" {\n  bucket = var.name\n}\n',
    '.terraform/modules/git/main.tf':
      'variable "name" {}\nresource "aws_s3_bucket" "g" {\n  bucket = var.name\n}\n',
    '.terraform/modules/modules.json': JSON.stringify({
      Modules: [
        { Key: '', Source: '', Dir: '.' },
        {
          Key: 'logs',
          Source: 'registry.terraform.io/terraform-aws-modules/s3-bucket/aws',
          Version: '4.1.0',
          Dir: '.terraform/modules/logs',
        },
        { Key: 'logs.inner', Source: './inner', Dir: '.terraform/modules/logs/inner' },
        { Key: 'git', Source: 'git::https://example.com/buckets.git?ref=v1', Dir: '.terraform/modules/git' },
      ],
    }),
  };

  it('reads the downloaded modules listed in .terraform/modules/modules.json like local modules', () => {
    const { report } = scan([tree({ ...root, ...downloaded })]);
    const found = report.findings
      .filter((f) => f.ruleId === 'aws-s3-bucket-access-logging')
      .map((f) => [f.resource.name, f.resource.location?.address, f.resource.location?.file]);
    expect(found).toEqual(
      expect.arrayContaining([
        ['acme-registry-logs', 'module.logs.aws_s3_bucket.this', '.terraform/modules/logs/main.tf'],
        [
          'acme-registry-logs-inner',
          'module.logs.module.inner.aws_s3_bucket.x',
          '.terraform/modules/logs/inner/main.tf',
        ],
        ['acme-git', 'module.git.aws_s3_bucket.g', '.terraform/modules/git/main.tf'],
      ]),
    );
    expect(report.findings.filter((f) => f.status === 'UNDETERMINED')).toEqual([]);
  });

  it('without a module cache says how to get one', () => {
    const { code, report } = scan([tree(root)]);
    expect(code).toBe(1);
    const unread = inputErrors(report, 'INPUT_UNREADABLE');
    expect(unread.map((f) => f.resource.location?.line)).toEqual([1, 6]);
    expect(unread[0]?.message).toMatch(/terraform init/);
    expect(unread[0]?.message).toMatch(/plan JSON/);
  });
});

describe('.tf.json files (issue 19 item 5)', () => {
  it('are read like .tf files, with references, blocks and line numbers', () => {
    const json = {
      resource: {
        aws_s3_bucket: {
          src: { bucket: 'acme-json-src' },
          logs: { bucket: 'acme-json-logs' },
        },
        aws_s3_bucket_logging: {
          src: {
            bucket: '${aws_s3_bucket.src.id}',
            target_bucket: '${aws_s3_bucket.logs.id}',
            target_prefix: 'src/',
          },
        },
      },
    };
    const dir = tree({ 'main.tf.json': JSON.stringify(json, null, 2) });
    const { report } = scan([dir]);
    const src = report.findings.find(
      (f) => f.ruleId === 'aws-s3-bucket-access-logging' && f.resource.name === 'acme-json-src',
    );
    expect(src?.resource.location).toMatchObject({
      file: 'main.tf.json',
      line: 4,
      address: 'aws_s3_bucket.src',
    });
    expect(src?.status).not.toBe('UNDETERMINED');
    const logs = report.findings.find(
      (f) => f.ruleId === 'aws-s3-bucket-access-logging' && f.resource.name === 'acme-json-logs',
    );
    expect(logs?.resource.location?.line).toBe(7);
    expect(report.findings.filter((f) => f.resource.type === 'File')).toEqual([]);
  });

  it('a broken .tf.json is a SYNTAX_ERROR with its line; a single .tf.json file is detected as Terraform', () => {
    const dir = tree({
      'bad.tf.json': '{\n  "resource": {\n    "x": [1,\n}\n',
      'good.tf': bucket('g', 'acme-good'),
    });
    const { report } = scan([dir]);
    expect(inputErrors(report, 'SYNTAX_ERROR').map((f) => f.resource.location)).toEqual([
      expect.objectContaining({ file: 'bad.tf.json', line: 4 }),
    ]);
    const single = tree({
      'only.tf.json': JSON.stringify({ resource: { aws_s3_bucket: { a: { bucket: 'acme-one' } } } }),
    });
    expect(bucketRule(scan([join(single, 'only.tf.json')]).report)).toEqual([
      ['acme-one', 'NON_COMPLIANT', 'LOGGING_DISABLED'],
    ]);
  });
});

describe('plan JSON describes the state after apply (issue 10 item 4)', () => {
  it('a deleted aws_s3_bucket_logging leaves no stale log destination behind', () => {
    const plan = {
      format_version: '1.2',
      terraform_version: '1.9.0',
      planned_values: {
        root_module: {
          resources: [
            {
              address: 'aws_cloudtrail.main',
              mode: 'managed',
              type: 'aws_cloudtrail',
              name: 'main',
              values: { name: 'main', s3_bucket_name: 'acme-trail' },
            },
            {
              address: 'aws_s3_bucket.trail',
              mode: 'managed',
              type: 'aws_s3_bucket',
              name: 'trail',
              values: { bucket: 'acme-trail' },
            },
            {
              address: 'aws_s3_bucket.logs',
              mode: 'managed',
              type: 'aws_s3_bucket',
              name: 'logs',
              values: { bucket: 'acme-logs' },
            },
          ],
        },
      },
      resource_changes: [
        {
          address: 'aws_cloudtrail.main',
          type: 'aws_cloudtrail',
          change: {
            actions: ['no-op'],
            before: { name: 'main', s3_bucket_name: 'acme-trail' },
            after: { name: 'main', s3_bucket_name: 'acme-trail', enable_logging: true },
          },
        },
        {
          address: 'aws_s3_bucket.trail',
          type: 'aws_s3_bucket',
          change: {
            actions: ['no-op'],
            // The computed inline `logging` still holds what the refreshed state says.
            after: {
              bucket: 'acme-trail',
              logging: [{ target_bucket: 'acme-logs', target_prefix: 'trail/' }],
            },
          },
        },
        {
          address: 'aws_s3_bucket.logs',
          type: 'aws_s3_bucket',
          change: { actions: ['no-op'], after: { bucket: 'acme-logs', logging: [] } },
        },
        {
          address: 'aws_s3_bucket_logging.trail',
          type: 'aws_s3_bucket_logging',
          change: {
            actions: ['delete'],
            before: { bucket: 'acme-trail', target_bucket: 'acme-logs', target_prefix: 'trail/' },
            after: null,
          },
        },
      ],
    };
    const file = join(tree({}), 'plan.json');
    writeFileSync(file, JSON.stringify(plan, null, 2));
    const { report } = scan([file]);
    const verdicts = report.findings
      .filter((f) => f.resource.type !== 'File')
      .map((f) => [f.ruleId, f.resource.name, f.status, f.reason])
      .sort();
    // acme-logs is no log destination after apply: it is judged as a bucket of its own (logging disabled).
    expect(verdicts).toEqual([
      ['aws-cloudtrail-bucket-access-logging', 'acme-trail', 'NON_COMPLIANT', 'LOGGING_DISABLED'],
      ['aws-s3-bucket-access-logging', 'acme-logs', 'NON_COMPLIANT', 'LOGGING_DISABLED'],
      ['aws-s3-bucket-access-logging', 'acme-trail', 'NON_COMPLIANT', 'LOGGING_DISABLED'],
    ]);
  });
});

describe('hostile input budgets (issue 11): bounded, deterministic, the good file still reported', () => {
  const good = bucket('good', 'acme-good');

  /** The findings of a scan, twice: budgets are counted, never timed, so both runs agree exactly. */
  function twice(args: string[]): { code: number | null; report: Report } {
    const first = scan(args);
    const second = scan(args);
    const strip = (r: Report) => JSON.stringify(r.findings);
    expect(strip(second.report)).toBe(strip(first.report));
    return first;
  }

  it('1,200 levels of nesting beside a normal file: BUDGET_EXCEEDED at its line, no stack overflow', () => {
    const deep = `locals {\n  x = ${'['.repeat(1200)}1${']'.repeat(1200)}\n}\n`;
    const { code, report } = twice([tree({ 'deep.tf': deep, 'good.tf': good })]);
    expect(code).toBe(1);
    expect(bucketRule(report)).toEqual([
      ['acme-good', 'NON_COMPLIANT', 'LOGGING_DISABLED'],
      ['deep.tf', 'UNDETERMINED', 'BUDGET_EXCEEDED'],
    ]);
    expect(inputErrors(report, 'BUDGET_EXCEEDED')[0]?.resource.location?.line).toBe(2);
    expect(inputErrors(report, 'BUDGET_EXCEEDED')[0]?.message).toMatch(/--limit depth=N/);
  });

  it('a file over the file-bytes limit is not read (a 20 MB file here)', () => {
    const dir = tree({ 'good.tf': good, 'huge.tf': '' });
    truncateSync(join(dir, 'huge.tf'), 20 * 1024 * 1024);
    const { report } = twice([dir]);
    expect(bucketRule(report)).toEqual([
      ['acme-good', 'NON_COMPLIANT', 'LOGGING_DISABLED'],
      ['huge.tf', 'UNDETERMINED', 'BUDGET_EXCEEDED'],
    ]);
    expect(inputErrors(report, 'BUDGET_EXCEEDED')[0]?.message).toMatch(
      /20971520 bytes: over the file-bytes limit of 16777216 \(raise it with --limit file-bytes=N\)/,
    );
  });

  it('count = 1e9 is a finding naming the instances limit, not a silent cap', () => {
    const many = 'resource "aws_s3_bucket" "many" {\n  count  = 1e9\n  bucket = "many-${count.index}"\n}\n';
    const { report } = twice([tree({ 'many.tf': many, 'good.tf': good })]);
    const hit = inputErrors(report, 'BUDGET_EXCEEDED');
    expect(hit.map((f) => f.resource.location?.file)).toEqual(['many.tf']);
    expect(hit[0]?.message).toMatch(/expands to 1000000000 instances: over the instances limit of 100000/);
    expect(bucketRule(report)).toContainEqual(['acme-good', 'NON_COMPLIANT', 'LOGGING_DISABLED']);
  });

  it('module fan-out is bounded per root module (300 × 300 × 10 under --limit instances=1000)', () => {
    const dir = tree({
      'main.tf': `${good}module "a" {\n  count  = 300\n  source = "./modules/a"\n}\n`,
      'modules/a/main.tf': 'module "b" {\n  count  = 300\n  source = "../b"\n}\n',
      'modules/b/main.tf':
        'resource "aws_s3_bucket" "x" {\n  count  = 10\n  bucket = "x-${count.index}"\n}\n',
    });
    const { report } = twice([dir, '--limit', 'instances=1000']);
    const hit = inputErrors(report, 'BUDGET_EXCEEDED');
    expect(hit.map((f) => f.resource.location?.file).sort()).toEqual([
      'modules/a/main.tf',
      'modules/b/main.tf',
    ]);
    expect(hit.map((f) => f.message).join('\n')).toMatch(/over 1000 instances in total/);
    // Counted in evaluation order: good (1), module.a (300), module.a[0].module.b (300), then ten buckets
    // per module.b instance while they fit: 39 × 10. Nothing is built past the budget.
    const buckets = report.findings.filter(
      (f) => f.ruleId === 'aws-s3-bucket-access-logging' && f.resource.type === 'AWS::S3::Bucket',
    );
    expect(buckets).toHaveLength(391);
    expect(buckets.filter((f) => f.resource.name === 'acme-good')).toHaveLength(1);
  });

  it('more files than the files limit: the walk stops with one BUDGET_EXCEEDED, in name order', () => {
    const dir = tree({
      'a.tf': bucket('a', 'acme-a'),
      'b.tf': bucket('b', 'acme-b'),
      'c.tf': bucket('c', 'acme-c'),
    });
    const { report } = twice([dir, '--limit', 'files=2']);
    expect(bucketRule(report)).toEqual([
      ['acme-a', 'NON_COMPLIANT', 'LOGGING_DISABLED'],
      ['acme-b', 'NON_COMPLIANT', 'LOGGING_DISABLED'],
      ['c.tf', 'UNDETERMINED', 'BUDGET_EXCEEDED'],
    ]);
  });
});
