/**
 * The Terraform evaluator through the CLI (`trailguard scan <dir> -f json`): status, reason and file:line
 * of the findings each fixture is about (issue 10 item 1, issue 19 items 2, 3 and 5).
 */
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { memoryIO } from '../helpers/memory-io.js';

const FIXTURES = 'test/fixtures/terraform';

interface JsonFinding {
  ruleId: string;
  status: string;
  reason: string;
  warnings: string[];
  message: string;
  resource: { type: string; name?: string; location?: { file: string; line: number; address?: string } };
}

/** Scans from the fixture's folder: file names in findings are relative to the current directory (issue 14). */
async function scan(fixture: string, ...args: string[]) {
  const dir = resolve(FIXTURES, fixture);
  const io = memoryIO({ cwd: dir });
  const code = await main(['node', 'trailguard', 'scan', dir, '-f', 'json', ...args], io);
  const report = JSON.parse(io.out.join('')) as {
    findings: JsonFinding[];
    errors: { code: string; message: string; file?: string; line?: number }[];
  };
  return { code, report, stderr: io.err.join('') };
}

/** The general rule's finding on the bucket at this address. */
function bucketFinding(findings: JsonFinding[], address: string): JsonFinding {
  const found = findings.find(
    (f) => f.ruleId === 'aws-s3-bucket-access-logging' && f.resource.location?.address === address,
  );
  if (!found) throw new Error(`no finding for ${address}`);
  return found;
}

describe('logging targets that point at nothing (issue 10 item 1)', () => {
  it('an index out of range or a null target is NON_COMPLIANT TARGET_BUCKET_MISSING with the expression and file:line', async () => {
    const { code, report } = await scan('missing-target', '--fail-on', 'non-compliant');
    const byIndex = bucketFinding(report.findings, 'aws_s3_bucket.by_index');
    expect(byIndex).toMatchObject({ status: 'NON_COMPLIANT', reason: 'TARGET_BUCKET_MISSING' });
    expect(byIndex.resource.location).toMatchObject({ file: 'main.tf', line: 12 });
    expect(byIndex.message).toContain('aws_s3_bucket.logs[0].id (main.tf:18)');
    expect(byIndex.message).toContain('out of range');
    const byOne = bucketFinding(report.findings, 'aws_s3_bucket.by_one');
    expect(byOne).toMatchObject({ status: 'NON_COMPLIANT', reason: 'TARGET_BUCKET_MISSING' });
    expect(byOne.message).toContain('one(aws_s3_bucket.logs[*].id) (main.tf:28)');
    expect(byOne.message).toContain('null');
    expect(code).toBe(1);
  });

  it('a target that cannot be evaluated is UNDETERMINED VALUE_UNRESOLVED, naming the expression and file:line', async () => {
    const { report } = await scan('missing-target', '--fail-on', 'none');
    const byVariable = bucketFinding(report.findings, 'aws_s3_bucket.by_variable');
    expect(byVariable.message).toContain('var.log_bucket (main.tf:38)');
    expect(byVariable).toMatchObject({ status: 'UNDETERMINED', reason: 'VALUE_UNRESOLVED' });
    expect(byVariable.resource.location).toMatchObject({ file: 'main.tf', line: 32 });
  });
});

describe('provider-known data sources and composed policy documents (issue 19 items 2 and 3)', () => {
  it('evaluates count over data.aws_region through aliases and providers = {}, and merges source_policy_documents with dynamic conditions', async () => {
    const { report } = await scan('composed-policy', '--fail-on', 'none');
    expect(report.errors).toEqual([]);
    // count = data.aws_region.current.name == var.home_region ? 1 : 0 → one instance; the composed policy grants delivery.
    expect(bucketFinding(report.findings, 'aws_s3_bucket.app[0]')).toMatchObject({
      status: 'COMPLIANT',
      reason: 'LOGGING_ENABLED',
      warnings: [],
      resource: { location: { file: 'main.tf', line: 42 } },
    });
    // The module gets aws = aws.us: its aws_region is us-east-1, so its bucket exists.
    const usApp = bucketFinding(report.findings, 'module.us_app.aws_s3_bucket.this[0]');
    expect(usApp.resource.location).toMatchObject({ file: 'modules/app-bucket/main.tf', line: 12 });
    expect(usApp.status).toBe('COMPLIANT');
    // Its target's policy names the account the provider pins (assume_role ARN): the same account as the source.
    expect(usApp.warnings).toEqual([]);
    expect(usApp.reason).toBe('LOGGING_ENABLED');
    expect(bucketFinding(report.findings, 'module.logs.aws_s3_bucket.this')).toMatchObject({
      status: 'NOT_APPLICABLE',
      reason: 'IS_LOG_DESTINATION',
      resource: { location: { file: 'modules/log-bucket/main.tf', line: 18 } },
    });
  });
});

describe('templates, files and regular expressions (issue 19 item 5)', () => {
  it('evaluates templatefile() with directives, file() + jsondecode, regex and replace; a file outside the tree stays unresolved', async () => {
    const { report } = await scan('templated-policy', '--fail-on', 'none');
    expect(report.errors).toEqual([]);
    for (const address of ['aws_s3_bucket.app["app"]', 'aws_s3_bucket.app["acme-web-site"]']) {
      expect(bucketFinding(report.findings, address)).toMatchObject({
        status: 'COMPLIANT',
        reason: 'LOGGING_ENABLED',
        warnings: [],
        resource: { location: { file: 'main.tf', line: 22 } },
      });
    }
    const other = bucketFinding(report.findings, 'aws_s3_bucket.other');
    expect(other.resource.location).toMatchObject({ file: 'main.tf', line: 44 });
    expect(other).toMatchObject({ status: 'UNDETERMINED', reason: 'VALUE_UNRESOLVED' });
    // The evidence names the expression and file:line that could not be evaluated.
    expect(JSON.stringify((other as JsonFinding & { evidence: unknown }).evidence)).toContain(
      'policy = file(\\"/etc/hostname\\") (main.tf:41): file \\"/etc/hostname\\" is outside the scanned tree',
    );
  });
});
