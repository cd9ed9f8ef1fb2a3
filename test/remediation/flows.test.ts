/**
 * The fix flows as a library (issue 18 item 3): `scanAndPlanFix` on the example snapshot gives the plan the
 * CLI prints, its filters narrow it, its hooks see the warnings and the end of the scan; `editIacFix` on a
 * copy of a Terraform fixture computes a diff that changes nothing, writes with `write: true`, and the
 * re-planned copy has nothing left to fix.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { InputError, UsageError } from '../../src/errors.js';
import { editIacFix, planWriters, scanAndPlanFix } from '../../src/index.js';
import { memoryIO } from '../helpers/memory-io.js';

const ROOT = join(import.meta.dirname, '../..');
const SNAPSHOT = join(ROOT, 'examples/snapshot.json');
const work = mkdtempSync(join(tmpdir(), 'tg-fix-flows-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

async function cli(args: string[], cwd = ROOT) {
  const io = memoryIO({ cwd });
  const code = await main(['node', 'trailguard', ...args], io);
  return { code, stdout: io.out.join(''), stderr: io.err.join('') };
}

describe('scanAndPlanFix', () => {
  it('plans the example snapshot as `trailguard fix --snapshot` prints it, in every plan format', async () => {
    const planned = await scanAndPlanFix({ snapshot: SNAPSHOT, cwd: ROOT });
    expect(planned.iac).toBe(false);
    expect(planned.report.source.kind).toBe('snapshot');
    expect(planned.plan.fixes.map((f) => f.bucket)).toEqual(['mgmt-app-data', 'workload-a-trail']);
    expect(planned.plan.targets.filter((t) => t.create).map((t) => t.bucket)).toEqual([
      '111111111111-us-east-1-s3-access-logs',
    ]);
    expect(planned.plan.steps.map((s) => s.kind)).toEqual([
      'CreateBucket',
      'PutPublicAccessBlock',
      'PutBucketEncryption',
      'PutBucketPolicy',
      'PutBucketLogging',
      'PutBucketPolicy',
    ]);
    for (const format of ['text', 'json', 'cli'] as const) {
      const run = await cli(['fix', '--snapshot', SNAPSHOT, '-f', format]);
      expect(run.code, format).toBe(0);
      expect(run.stdout, format).toBe(planWriters[format](planned.plan));
    }
  });

  it('narrows the plan by bucket glob, account, rule id and target, like the CLI flags', async () => {
    const byGlob = await scanAndPlanFix({ snapshot: SNAPSHOT, bucketGlobs: ['mgmt-*'] });
    expect(byGlob.plan.fixes.map((f) => f.bucket)).toEqual(['mgmt-app-data']);
    const byAccount = await scanAndPlanFix({ snapshot: SNAPSHOT, accounts: ['333333333333'] });
    expect(byAccount.plan.fixes.map((f) => f.bucket)).toEqual(['workload-a-trail']);
    const byRule = await scanAndPlanFix({
      snapshot: SNAPSHOT,
      ruleIds: ['aws-cloudtrail-bucket-access-logging'],
    });
    expect(byRule.plan.fixes.map((f) => f.bucket)).toEqual(['workload-a-trail']);
    const partitioned = await scanAndPlanFix({
      snapshot: SNAPSHOT,
      targetBucket: 'acme-central-logs',
      partitioned: true,
      bucketGlobs: ['mgmt-*'],
    });
    expect(partitioned.plan.options).toEqual({ partitioned: true, targetBucket: 'acme-central-logs' });
    expect(partitioned.plan.fixes.map((f) => f.target)).toEqual(['acme-central-logs']);
  });

  it('checks rule ids before reading anything; suppressed findings (file or .trailguard.yaml) are not fixed', async () => {
    await expect(
      scanAndPlanFix({ snapshot: join(work, 'no-such-snapshot.json'), ruleIds: ['no-such-rule'] }),
    ).rejects.toThrow(new UsageError('unknown rule "no-such-rule" (run `trailguard rules` to list them)'));

    const dir = mkdtempSync(join(work, 'suppress-'));
    const yaml = 'suppressions:\n  - bucket: "mgmt-*"\n    reason: accepted for this test\n';
    writeFileSync(join(dir, 'accepted.yaml'), yaml);
    const fromFile = await scanAndPlanFix({
      snapshot: SNAPSHOT,
      suppressionsFile: join(dir, 'accepted.yaml'),
    });
    expect(fromFile.plan.fixes.map((f) => f.bucket)).toEqual(['workload-a-trail']);
    expect(fromFile.report.summary.suppressed).toBeGreaterThan(0);
    // configFile: .trailguard.yaml in cwd, as the CLI reads it; not read without configFile.
    writeFileSync(join(dir, '.trailguard.yaml'), yaml);
    const fromConfig = await scanAndPlanFix({ snapshot: SNAPSHOT, cwd: dir, configFile: true });
    expect(fromConfig.plan.fixes.map((f) => f.bucket)).toEqual(['workload-a-trail']);
    const withoutConfig = await scanAndPlanFix({ snapshot: SNAPSHOT, cwd: dir });
    expect(withoutConfig.plan.fixes.map((f) => f.bucket)).toEqual(['mgmt-app-data', 'workload-a-trail']);
    const run = await cli(['fix', '--snapshot', SNAPSHOT, '-f', 'json'], dir);
    expect(run.stdout).toBe(planWriters.json(fromConfig.plan));
  });

  it('hands warnings to onWarning and calls onScanEnd, also when the scan fails', async () => {
    const dir = mkdtempSync(join(work, 'warn-'));
    writeFileSync(join(dir, 'main.tf'), 'resource "aws_s3_bucket" "a" {\n  bucket = "acme-a"\n}\n');
    writeFileSync(join(dir, 'broken.tf'), 'resource "aws_s3_bucket" "b" {\n  bucket =\n}\n');
    const warnings: string[] = [];
    let ended = 0;
    const planned = await scanAndPlanFix({
      paths: [dir],
      cwd: dir,
      onWarning: (w) => warnings.push(w),
      onScanEnd: () => ended++,
    });
    expect(ended).toBe(1);
    expect(warnings).toEqual(planned.warnings);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/^broken\.tf:\d+: syntax error/);
    expect(planned.iac).toBe(true);
    expect(planned.plan.fixes.map((f) => f.bucket)).toEqual(['acme-a']);

    let endedOnFailure = 0;
    await expect(
      scanAndPlanFix({ snapshot: join(work, 'no-such-snapshot.json'), onScanEnd: () => endedOnFailure++ }),
    ).rejects.toBeInstanceOf(InputError);
    expect(endedOnFailure).toBe(1);
  });
});

describe('editIacFix', () => {
  it('diffs without touching the files, writes with write: true, and the re-plan has nothing left to fix', async () => {
    const dir = mkdtempSync(join(work, 'tf-'));
    cpSync(join(ROOT, 'test/fixtures/terraform/missing-target'), dir, { recursive: true });
    const original = readFileSync(join(dir, 'main.tf'), 'utf8');
    const before = await scanAndPlanFix({ paths: ['.'], cwd: dir });
    expect(before.iac).toBe(true);
    expect(before.plan.fixes.length).toBeGreaterThan(0);

    const preview = await editIacFix(before.plan, { paths: ['.'], cwd: dir });
    expect(preview.written).toEqual([]);
    expect(readFileSync(join(dir, 'main.tf'), 'utf8')).toBe(original);
    expect(preview.changes.map((c) => c.file).sort()).toEqual(['main.tf', 'trailguard_fix.tf']);
    expect(preview.diff).toContain('+++ b/trailguard_fix.tf');
    expect(preview.diff).toContain('--- a/main.tf');
    // The CLI prints exactly this diff.
    const run = await cli(['fix', '.'], dir);
    expect(run.stdout).toBe(preview.diff);

    const written = await editIacFix(before.plan, { paths: ['.'], cwd: dir, write: true });
    expect(written.written.map((f) => f.slice(dir.length + 1)).sort()).toEqual([
      'main.tf',
      'trailguard_fix.tf',
    ]);
    for (const change of written.changes) {
      expect(readFileSync(join(dir, change.file), 'utf8'), change.file).toBe(change.after);
    }
    const after = await scanAndPlanFix({ paths: ['.'], cwd: dir });
    expect(after.plan.fixes).toEqual([]);
    expect(after.report.findings.filter((f) => f.status === 'NON_COMPLIANT')).toEqual([]);
  });

  it('refuses a plan that was not made from Terraform or CloudFormation', async () => {
    const { plan } = await scanAndPlanFix({ snapshot: SNAPSHOT });
    await expect(editIacFix(plan, { paths: [SNAPSHOT], cwd: ROOT, write: true })).rejects.toThrow(
      new UsageError(
        '--write edits Terraform and CloudFormation inputs; this input is snapshot (use -f terraform|cloudformation|cli for a patch)',
      ),
    );
  });
});
