/**
 * Issue 11, CloudFormation/CDK: hostile inputs, generated here at test time, end in a BUDGET_EXCEEDED input
 * error for that file (naming the limit and how to raise it) while the other files' findings survive. No
 * timing assertions: the speed of these cases is measured by bench/cloudformation-hostile.mjs.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildInventory } from '../../src/sources/cloudformation/build.js';
import { loadCloudFormation } from '../../src/sources/cloudformation/index.js';
import { resolveLimits } from '../../src/sources/limits.js';
import { expectOneLineError, ROOT, runCli } from '../cli/helpers.js';
import { findingFor, inputErrors, scanJson } from './cli-helpers.js';
import { aliasBomb, exponentialImports, mergeKeyChain, nestedJson } from './hostile.js';

const GOOD = join(ROOT, 'test/fixtures/cloudformation/trail-literal-and-sub.yaml');
let dir: string;

function withGood(name: string, files: Record<string, string>): string {
  const folder = join(dir, name);
  mkdirSync(folder, { recursive: true });
  writeFileSync(join(folder, 'good.yaml'), readFileSync(GOOD, 'utf8'));
  for (const [file, text] of Object.entries(files)) writeFileSync(join(folder, file), text);
  return folder;
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'tg-cfn-budget-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function expectBudget(folder: string, file: string, limit: string, extra: string[] = []) {
  const { run, report } = scanJson([folder, ...extra]);
  const errors = inputErrors(report).filter((e) => e.code === 'BUDGET_EXCEEDED');
  expect(errors.map((e) => e.file)).toContain(join(folder, file));
  const error = errors.find((e) => e.file === join(folder, file));
  expect(error?.message).toContain(`--limit ${limit}=N`);
  // The good template's findings are kept.
  expect(findingFor(report, 'cloudtrail-bucket-access-logging', 'org-cloudtrail-logs').status).toBeDefined();
  expect(run.code).not.toBe(2);
  return error;
}

describe('CloudFormation budgets (issue 11)', () => {
  it('a template over the file-size limit is never read: BUDGET_EXCEEDED, the rest of the scan kept', () => {
    const folder = withGood('huge', {});
    // A 200 MB sparse file: its size is checked before a byte is read (reading it took 169 s and 4.4 GB).
    const huge = join(folder, 'huge.json');
    writeFileSync(huge, '{"Resources": {"B": {"Type": "AWS::S3::Bucket"}}, "Pad": "');
    truncateSync(huge, 200 * 1024 * 1024);
    const error = expectBudget(folder, 'huge.json', 'file-bytes');
    expect(error?.message).toContain(`file of ${200 * 1024 * 1024} bytes not read`);
    // Named directly (detection reads only its first 64 KB), it is the only input: exit 2, one line.
    const line = expectOneLineError(runCli(['scan', huge]));
    expect(line).toContain('over the file-bytes limit');
  });

  it('--limit file-bytes lowers the limit', () => {
    const folder = withGood('lowered', { 'medium.json': nestedJson(1, 300_000) });
    expectBudget(folder, 'medium.json', 'file-bytes', ['--limit', 'file-bytes=200k']);
  });

  it('a 200-level YAML merge-key chain ends at the depth limit; raised, it is evaluated', () => {
    const folder = withGood('merge', { 'chain.yaml': mergeKeyChain(200) });
    expectBudget(folder, 'chain.yaml', 'depth');
    const raised = scanJson([folder, '--limit', 'depth=1000']);
    expect(inputErrors(raised.report).filter((e) => e.code === 'BUDGET_EXCEEDED')).toEqual([]);
    expect(raised.report.findings.some((f) => f.resource.location?.address === 'ChainBucket')).toBe(true);
  });

  it('an alias bomb is measured before expansion and rejected under the file-size limit', () => {
    const folder = withGood('bomb', { 'bomb.yaml': aliasBomb(9, 10) });
    const error = expectBudget(folder, 'bomb.yaml', 'file-bytes');
    expect(error?.message).toContain('alias expansion');
  });

  it('deep nesting in JSON and in YAML flow collections is depth-checked, never a stack overflow', () => {
    const folder = withGood('deep', {
      'deep.json': nestedJson(100_000, 0),
      'deep.yaml': `Resources:\n  B:\n    Type: AWS::S3::Bucket\n    Metadata: ${'['.repeat(100_000)}${']'.repeat(100_000)}\n`,
    });
    expectBudget(folder, 'deep.json', 'depth');
    expectBudget(folder, 'deep.yaml', 'depth');
  });

  it('a chain of 5,000 conditions is depth-checked in the resolver', async () => {
    const lines = ['Conditions:', '  C0: !Equals [a, a]'];
    for (let i = 1; i <= 5000; i++) lines.push(`  C${i}: !Not [!Condition C${i - 1}]`);
    lines.push('Resources:', '  B:', '    Type: AWS::S3::Bucket', '    Condition: C5000');
    const folder = withGood('conditions', { 'conditions.yaml': lines.join('\n') });
    expectBudget(folder, 'conditions.yaml', 'depth');
  });

  it('exponential Fn::ImportValue sharing hits a budget (steps or string size) in the importing template only', async () => {
    const folder = withGood('imports', exponentialImports(40));
    const result = await loadCloudFormation([folder], { limits: resolveLimits() });
    const errors = result.inventory.errors.filter((e) => e.code === 'BUDGET_EXCEEDED');
    expect(errors.length).toBeGreaterThan(0);
    for (const e of errors) expect(e.message).toMatch(/--limit (eval-steps|collection-size)=N/);
    expect(result.inventory.trails.some((t) => t.location?.file === join(folder, 'good.yaml'))).toBe(true);
    // With a small step budget the same input stops on evaluation steps.
    const small = await loadCloudFormation([folder], { limits: resolveLimits({ evalSteps: 10_000 }) });
    expect(small.inventory.errors.some((e) => e.message.includes('--limit eval-steps=N'))).toBe(true);
  });

  it('a string built by Fn::Join beyond the collection-size limit is a budget error', async () => {
    const refs = Array.from({ length: 2000 }, () => '!Ref Long').join(', ');
    const text = `Parameters:\n  Long:\n    Type: String\n    Default: ${'x'.repeat(1000)}\nResources:\n  B:\n    Type: AWS::S3::Bucket\n    Properties:\n      BucketName: !Join ["", [${refs}]]\n`;
    const folder = withGood('join', { 'join.yaml': text });
    expectBudget(folder, 'join.yaml', 'collection-size');
  });

  it('a template with 150,000 buckets is built without a call-stack overflow (no spread of a huge list)', () => {
    const Resources: Record<string, unknown> = {};
    for (let i = 0; i < 150_000; i++) Resources[`B${i}`] = { Type: 'AWS::S3::Bucket' };
    const built = buildInventory(
      [{ file: 'many.json', data: { Resources } as never, resourcePositions: new Map() }],
      'aws',
    );
    expect(built.buckets).toHaveLength(150_000);
  });
});
