/**
 * Issue 10 items 2, 10 and 11 through the built CLI: unread input is an UNDETERMINED finding that fails
 * the run by default (fail-closed), a forced input type that matches nothing exits 2, and a snapshot's
 * `errors[]` (DESIGN 3) decides the verdict the same way as our own collector's account fields.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Report } from '../../src/engine/types.js';
import { expectOneLineError, runCli } from './helpers.js';

/** Runs from the scanned folder, as CI runs from the repository root: findings name files relative to it. */
function scanJson(args: string[], cwd?: string) {
  const run = runCli(['scan', ...args, '-f', 'json'], cwd ? { cwd } : {});
  return { code: run.code, report: JSON.parse(run.stdout) as Report, stderr: run.stderr };
}

function tempDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** A snapshot as another tool following DESIGN 3 would write it: the failure only in `errors[]`. */
function foreignSnapshot(errors: object[]): string {
  const file = join(tempDir('trailguard-foreign-'), 'inventory.json');
  writeFileSync(
    file,
    JSON.stringify({
      schema: 'trailguard/inventory@1',
      partition: 'aws',
      collectedAt: '2026-11-21T10:00:00Z',
      accounts: [{ id: '222222222222', scanned: true }],
      trails: [],
      buckets: [],
      errors,
    }),
  );
  return file;
}

describe('item 10: a Terraform directory with one broken file fails the run by default', () => {
  const dir = tempDir('trailguard-tf-broken-');
  writeFileSync(join(dir, 'broken.tf'), 'resource "aws_s3_bucket" "b" {\n  bucket = \n}\n');
  writeFileSync(join(dir, 'clean.tf'), 'variable "region" {\n  default = "us-east-1"\n}\n');

  it('SYNTAX_ERROR finding with file:line in JSON, exit 1 by default and with --fail-on undetermined', () => {
    const { code, report } = scanJson([dir], dir);
    expect(code).toBe(1);
    expect(report.findings.map((f) => [f.ruleId, f.status, f.reason, f.resource.type])).toEqual([
      ['aws-cloudtrail-bucket-access-logging', 'UNDETERMINED', 'SYNTAX_ERROR', 'File'],
      ['aws-s3-bucket-access-logging', 'UNDETERMINED', 'SYNTAX_ERROR', 'File'],
    ]);
    expect(report.findings[0]?.resource.location).toMatchObject({ file: 'broken.tf', line: 2 });
    expect(runCli(['scan', dir, '--fail-on', 'undetermined', '-q']).code).toBe(1);
    expect(runCli(['scan', dir, '--fail-on', 'non-compliant', '-q']).code).toBe(0);
    expect(runCli(['scan', dir, '--fail-on', 'none', '-q']).code).toBe(0);
  });

  it('the finding is in every format: SARIF annotates the file and line, JUnit and CSV list it', () => {
    const sarif = JSON.parse(runCli(['scan', dir, '-f', 'sarif'], { cwd: dir }).stdout);
    const results = sarif.runs[0].results as {
      properties: { reason: string };
      locations: {
        physicalLocation?: { artifactLocation: { uri: string }; region: { startLine: number } };
      }[];
    }[];
    expect(results).toHaveLength(2);
    for (const result of results) {
      expect(result.properties.reason).toBe('SYNTAX_ERROR');
      expect(result.locations[0]?.physicalLocation?.artifactLocation.uri).toBe('broken.tf');
      expect(result.locations[0]?.physicalLocation?.region.startLine).toBe(2);
    }
    for (const format of ['junit', 'csv', 'markdown', 'text', 'html', 'ocsf', 'asff']) {
      const run = runCli(['scan', dir, '-f', format]);
      expect(run.code, format).toBe(1);
      // ASFF carries only findings with an AWS account (Security Hub needs one).
      if (format !== 'asff') expect(run.stdout, format).toMatch(/SYNTAX\\?_ERROR/);
      if (format !== 'asff') expect(run.stdout, format).toContain('broken.tf');
    }
  });

  it('a directory whose only file is broken read nothing: exit 2, one line', () => {
    const only = tempDir('trailguard-tf-only-broken-');
    writeFileSync(join(only, 'broken.tf'), 'resource "x" {\n');
    expect(expectOneLineError(runCli(['scan', only]))).toMatch(/broken\.tf/);
  });
});

describe('item 11: a forced --input-type that matches nothing', () => {
  it('scan snapshot.json --input-type terraform exits 2 with one line, no report', () => {
    const snapshot = foreignSnapshot([]);
    const run = runCli(['scan', snapshot, '--input-type', 'terraform']);
    expect(expectOneLineError(run)).toMatch(
      /nothing was scanned: .*inventory\.json: not a Terraform file \(\.tf, \.tf\.json or \.tfvars\)/,
    );
    expect(run.stdout).toBe('');
  });

  it('beside a real Terraform folder it is an INPUT_UNREADABLE finding and the folder is still scanned', () => {
    const snapshot = foreignSnapshot([]);
    const { code, report } = scanJson([
      snapshot,
      'test/fixtures/terraform/syntax-error/good.tf',
      '--input-type',
      'terraform',
    ]);
    expect(code).toBe(1);
    const reasons = report.findings.map((f) => `${f.status} ${f.reason} ${f.resource.name}`);
    expect(reasons).toContain(`UNDETERMINED INPUT_UNREADABLE ${snapshot}`);
    expect(reasons).toContain('NON_COMPLIANT LOGGING_DISABLED acme-still-scanned');
  });
});

describe('item 2: a snapshot from another tool that records failures only in errors[]', () => {
  it.each([
    ['ListTrails', 'TRAILS_UNREADABLE', 'NO_TRAILS', 'aws-cloudtrail-bucket-access-logging'],
    ['DescribeTrails', 'TRAILS_UNREADABLE', 'NO_TRAILS', 'aws-cloudtrail-bucket-access-logging'],
    ['GetTrailStatus', 'TRAILS_UNREADABLE', 'NO_TRAILS', 'aws-cloudtrail-bucket-access-logging'],
    ['ListBuckets', 'BUCKETS_UNREADABLE', 'NO_BUCKETS', 'aws-s3-bucket-access-logging'],
  ])('%s AccessDenied → UNDETERMINED %s, not %s (%s); exit 1', (operation, reason, notReason, rule) => {
    const snapshot = foreignSnapshot([
      { operation, account: '222222222222', region: 'us-east-1', code: 'AccessDenied', message: 'denied' },
    ]);
    const { code, report } = scanJson(['--snapshot', snapshot]);
    expect(code).toBe(1);
    const ofRule = report.findings.filter((f) => f.ruleId === rule);
    expect(ofRule.map((f) => [f.status, f.reason, f.resource.account])).toEqual([
      ['UNDETERMINED', reason, '222222222222'],
    ]);
    expect(report.findings.some((f) => f.reason === notReason)).toBe(false);
    expect(ofRule[0]?.message).toContain(operation);
  });
});

describe('the contract is documented where users look', () => {
  it.each(['aws-cloudtrail-bucket-access-logging', 'aws-s3-bucket-access-logging'])(
    'trailguard explain %s lists the input-error reasons in its decision table',
    (rule) => {
      const run = runCli(['explain', rule]);
      expect(run.code).toBe(0);
      for (const reason of [
        'INPUT_UNREADABLE',
        'SYNTAX_ERROR',
        'VALUE_UNRESOLVED',
        'BUDGET_EXCEEDED',
        'ROLE_NOT_ASSUMABLE',
      ])
        expect(run.stdout).toContain(`\`${reason}\``);
    },
  );

  it('scan --help states the fail-closed default', () => {
    const help = runCli(['scan', '--help']).stdout.replace(/\s+/g, ' ');
    expect(help).toContain('undetermined (default, fail-closed: NON_COMPLIANT and UNDETERMINED fail)');
    expect(help).toContain('default: "undetermined"');
  });
});
