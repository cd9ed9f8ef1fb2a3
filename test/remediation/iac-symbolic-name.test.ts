/**
 * Issue 13: a Terraform bucket whose name is built from a symbol (`acme-${account id}-trail`) is fixed by
 * `fix PATH --write` like any other: its `.arn` names the same bucket the Inventory does (`<address>`), so
 * the grant the fix adds (`aws:SourceArn = aws_s3_bucket.computed.arn`) is recognised on the re-scan.
 * Before, the bucket stayed UNDETERMINED after the fix.
 */
import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { memoryIO } from '../helpers/memory-io.js';

const FIXTURE = join(import.meta.dirname, '../fixtures/terraform/unresolved-names');

async function run(dir: string, args: string[]) {
  const io = memoryIO({ env: process.env, cwd: dir });
  const code = await main(['node', 'trailguard', ...args], io);
  return { code, stdout: io.out.join(''), stderr: io.err.join('') };
}

async function verdicts(dir: string): Promise<Map<string, string>> {
  const { stdout } = await run(dir, ['scan', '.', '-f', 'json', '--fail-on', 'none']);
  const report = JSON.parse(stdout) as {
    findings: { ruleId: string; status: string; reason: string; resource: { name?: string; id: string } }[];
  };
  return new Map(
    report.findings.map((f) => [
      `${f.ruleId} ${f.resource.name ?? f.resource.id}`,
      `${f.status} ${f.reason}`,
    ]),
  );
}

describe('fix --write on a bucket named from a symbol', () => {
  it('turns it COMPLIANT on the re-scan, and leaves only unfixable findings', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tg-iac-symbolic-'));
    cpSync(FIXTURE, dir, { recursive: true });
    const before = await verdicts(dir);
    const computed = 'aws-s3-bucket-access-logging <aws_s3_bucket.computed>';
    expect(before.get(computed)).toBe('NON_COMPLIANT LOGGING_DISABLED');

    const fixed = await run(dir, ['fix', '.', '--write']);
    expect(fixed.code).toBe(0);
    const after = await verdicts(dir);
    expect(after.get(computed)).toBe('COMPLIANT LOGGING_ENABLED');
    expect(after.get('aws-cloudtrail-bucket-access-logging <aws_s3_bucket.computed>')).toBe(
      'COMPLIANT LOGGING_ENABLED',
    );
    // Nothing fixable is left failing; what stays UNDETERMINED is not in this configuration (a remote module,
    // a trail bucket named by a data source).
    const left = [...after].filter(([, v]) => !v.startsWith('COMPLIANT') && !v.startsWith('NOT_APPLICABLE'));
    for (const [, verdict] of left)
      expect(verdict).toMatch(/^UNDETERMINED (TRAIL_BUCKET_UNRESOLVED|INPUT_UNREADABLE)$/);
    expect(left.length).toBe(4);
  });
});
