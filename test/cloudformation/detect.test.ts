import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InputError, UsageError } from '../../src/errors.js';
import { detectInputType, detectText } from '../../src/sources/detect.js';

const FIXTURES = 'test/fixtures/cloudformation';
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tg-detect-'));
  await mkdir(join(dir, 'tf'));
  await writeFile(join(dir, 'tf', 'main.tf'), 'resource "aws_s3_bucket" "b" {}\n');
  await mkdir(join(dir, 'templates'));
  await writeFile(join(dir, 'templates', 'README.md'), '# not a template\n');
  await writeFile(join(dir, 'templates', 'stack.yml'), 'Resources:\n  B:\n    Type: AWS::S3::Bucket\n');
  await mkdir(join(dir, 'empty'));
  await writeFile(
    join(dir, 'plan.json'),
    JSON.stringify({ format_version: '1.2', planned_values: { root_module: {} } }),
  );
  await writeFile(join(dir, 'changes.json'), JSON.stringify({ format_version: '1.2', resource_changes: [] }));
  await writeFile(join(dir, 'snap.json'), JSON.stringify({ schema: 'trailguard/inventory@1', trails: [] }));
  await writeFile(join(dir, 'other.json'), JSON.stringify({ hello: 'world' }));
  await writeFile(join(dir, 'other.yaml'), 'just: yaml\n');
  await writeFile(join(dir, 'broken-template.yaml'), 'Resources:\n  B: [\n');
  await writeFile(join(dir, 'version-only.yaml'), 'AWSTemplateFormatVersion: "2010-09-09"\n');
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('detectInputType', () => {
  it('recognises a directory of .tf files and a single .tf file as terraform', async () => {
    expect(await detectInputType(join(dir, 'tf'))).toBe('terraform');
    expect(await detectInputType(join(dir, 'tf', 'main.tf'))).toBe('terraform');
  });

  it('recognises a cdk.out folder (manifest.json + *.template.json) as cdk', async () => {
    expect(await detectInputType(`${FIXTURES}/cdk.out`)).toBe('cdk');
  });

  it('recognises plan JSON by format_version + planned_values or resource_changes', async () => {
    expect(await detectInputType(join(dir, 'plan.json'))).toBe('terraform-plan');
    expect(await detectInputType(join(dir, 'changes.json'))).toBe('terraform-plan');
  });

  it('recognises a trailguard snapshot by its schema id', async () => {
    expect(await detectInputType(join(dir, 'snap.json'))).toBe('snapshot');
  });

  it('recognises YAML and JSON templates, and a directory holding templates', async () => {
    expect(await detectInputType(`${FIXTURES}/logging-variants.yaml`)).toBe('cloudformation');
    expect(await detectInputType(`${FIXTURES}/policies.json`)).toBe('cloudformation');
    expect(await detectInputType(join(dir, 'version-only.yaml'))).toBe('cloudformation');
    expect(await detectInputType(join(dir, 'templates'))).toBe('cloudformation');
  });

  it('routes a template with a syntax error to the template loader (which reports file:line)', async () => {
    expect(await detectInputType(join(dir, 'broken-template.yaml'))).toBe('cloudformation');
    expect(await detectInputType(`${FIXTURES}/broken/bad-json.template`)).toBe('cloudformation');
  });

  it('rejects unknown content with one line naming the path and suggesting --input-type', async () => {
    for (const name of ['other.json', 'other.yaml']) {
      const error = await detectInputType(join(dir, name)).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(UsageError);
      expect((error as Error).message).toContain(join(dir, name));
      expect((error as Error).message).toContain('--input-type');
      expect((error as Error).message).not.toContain('\n');
    }
    await expect(detectInputType(join(dir, 'empty'))).rejects.toThrow(/--input-type/);
  });

  it('looks into subfolders when a directory has no input of its own (a repository root)', async () => {
    const repo = join(dir, 'repo');
    await mkdir(join(repo, 'infra', 'prod'), { recursive: true });
    await mkdir(join(repo, 'node_modules', 'pkg'), { recursive: true });
    await writeFile(join(repo, 'node_modules', 'pkg', 'stack.yaml'), 'Resources: {}\n');
    await writeFile(join(repo, 'README.md'), '# app\n');
    // Only a skipped folder holds an input: still nothing to scan.
    await expect(detectInputType(repo)).rejects.toThrow(/cannot tell what directory/);
    await writeFile(join(repo, 'infra', 'prod', 'main.tf'), 'resource "aws_s3_bucket" "b" {}\n');
    expect(await detectInputType(repo)).toBe('terraform');
    const cfnRepo = join(dir, 'cfn-repo');
    await mkdir(join(cfnRepo, 'stacks'), { recursive: true });
    await writeFile(join(cfnRepo, 'stacks', 'app.yaml'), 'Resources:\n  B:\n    Type: AWS::S3::Bucket\n');
    expect(await detectInputType(cfnRepo)).toBe('cloudformation');
  });

  it('reports a missing path as an input error', async () => {
    await expect(detectInputType(join(dir, 'nope.yaml'))).rejects.toBeInstanceOf(InputError);
  });
});

describe('detectText', () => {
  it('prefers the snapshot schema over template-looking keys', () => {
    expect(detectText(JSON.stringify({ schema: 'trailguard/inventory@1', Resources: {} }))).toBe('snapshot');
  });
  it('needs both format_version and plan content for a plan', () => {
    expect(detectText(JSON.stringify({ format_version: '1.0' }))).toBeUndefined();
  });
  it('accepts short-form tags while detecting', () => {
    expect(detectText('Resources:\n  T:\n    Properties:\n      S3BucketName: !Ref B\n')).toBe(
      'cloudformation',
    );
  });
});
