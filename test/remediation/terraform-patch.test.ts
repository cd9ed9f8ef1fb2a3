/** The Terraform patch, added to the scanned configuration, makes the configuration compliant. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { planFix } from '../../src/remediation/planner.js';
import { writeTerraform } from '../../src/remediation/writers/terraform.js';
import { scan } from '../../src/scan.js';

const MAIN_TF = `
resource "aws_s3_bucket" "trail" {
  bucket = "tg-example-trail"
}

resource "aws_s3_bucket" "app" {
  bucket = "tg-example-app"
}

resource "aws_cloudtrail" "main" {
  name           = "main"
  s3_bucket_name = aws_s3_bucket.trail.id
}
`;

describe('terraform patch', () => {
  it('scanning the example plus the generated patch gives COMPLIANT for every fixed bucket', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tg-tf-'));
    writeFileSync(join(dir, 'main.tf'), MAIN_TF);
    const before = await scan({ paths: [dir], inputType: 'terraform' });
    const failing = before.report.findings
      .filter((f) => f.status === 'NON_COMPLIANT')
      .map((f) => f.resource.name);
    expect(new Set(failing)).toEqual(new Set(['tg-example-trail', 'tg-example-app']));

    const plan = planFix(
      {
        findings: before.report.findings,
        inventory: before.sourceResult.inventory,
        source: before.report.source,
      },
      { targetBucket: 'tg-example-access-logs' },
    );
    expect(plan.fixes.map((f) => f.bucket)).toEqual(['tg-example-app', 'tg-example-trail']);
    const patch = writeTerraform(plan);
    // Sources declared in the configuration are referenced by address, not by name.
    expect(patch).toContain('bucket        = aws_s3_bucket.trail.id');
    writeFileSync(join(dir, 'trailguard-fix.tf'), patch);

    const after = await scan({ paths: [dir], inputType: 'terraform' });
    const status = (name: string) =>
      after.report.findings
        .filter((f) => f.resource.name === name)
        .map((f) => `${f.ruleId} ${f.status} ${f.reason}`);
    for (const name of ['tg-example-trail', 'tg-example-app']) {
      const statuses = status(name);
      expect(statuses.length, name).toBeGreaterThan(0);
      for (const s of statuses) expect(s, name).toMatch(/ COMPLIANT LOGGING_ENABLED$/);
    }
    expect(status('tg-example-access-logs').every((s) => / NOT_APPLICABLE IS_LOG_DESTINATION$/.test(s))).toBe(
      true,
    );
    expect(after.report.summary.NON_COMPLIANT).toBe(0);
  }, 60_000);
});
