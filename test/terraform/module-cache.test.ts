/**
 * Issue 19 item 4 on a module cache laid out exactly as `terraform init` writes it (fixture module-cache:
 * .terraform/modules/modules.json with Key / Source / Version / Dir; registry modules nested in a local module
 * and in each other, a local module inside a downloaded one, a git module's `//subdirectory`), scanned with the
 * root's own --var-file: remote modules are read like local ones (status, reason, file:line, address). Without a
 * cache the finding says how to get one. Through the CLI.
 */
import { cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { memoryIO } from '../helpers/memory-io.js';

const DIR = 'test/fixtures/terraform/module-cache';
const CACHE = 'env/prod/.terraform/modules';

interface JsonFinding {
  ruleId: string;
  status: string;
  reason: string;
  warnings: string[];
  message: string;
  resource: { name?: string; location?: { file: string; line: number; address?: string } };
}

/** Scans from the folder itself: file names in findings are relative to the current directory. */
async function scan(path: string, ...args: string[]) {
  const dir = resolve(path);
  const io = memoryIO({ cwd: dir });
  const code = await main(
    ['node', 'trailguard', 'scan', dir, '-f', 'json', '--fail-on', 'none', ...args],
    io,
  );
  if (code !== 0) throw new Error(`exit ${code}: ${io.err.join('')}`);
  return JSON.parse(io.out.join('')) as {
    findings: JsonFinding[];
    errors: { code: string; message: string }[];
  };
}

const rows = (findings: JsonFinding[]) =>
  findings
    .map((f) => [
      f.ruleId === 'aws-cloudtrail-bucket-access-logging' ? 'A' : 'B',
      f.resource.location?.address,
      `${f.resource.location?.file}:${f.resource.location?.line}`,
      f.status,
      f.reason,
      f.warnings.join(','),
    ])
    .sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));

describe('registry and git modules from the module cache (issue 19 item 4)', () => {
  it('are scanned like local modules after terraform init, with the root variables from --var-file', async () => {
    const report = await scan(DIR, '--var-file', resolve(DIR, 'env/prod/fixtures.tfvars'));
    const logs = 'module.trail_bucket.module.logs.module.bucket.aws_s3_bucket.default';
    const access = 'module.trail_bucket.module.access_logs.module.bucket.aws_s3_bucket.default';
    expect(rows(report.findings)).toEqual(
      rows(
        [
          // The trail's bucket: made by a registry module inside a registry module inside a local module; its
          // policy comes from a local module inside the downloaded one; logging into the access-log bucket.
          ['A', logs, `${CACHE}/trail_bucket.logs.bucket/main.tf:14`, 'COMPLIANT', 'LOGGING_ENABLED', ''],
          ['B', logs, `${CACHE}/trail_bucket.logs.bucket/main.tf:14`, 'COMPLIANT', 'LOGGING_ENABLED', ''],
          [
            'B',
            access,
            `${CACHE}/trail_bucket.access_logs.bucket/main.tf:14`,
            'NOT_APPLICABLE',
            'IS_LOG_DESTINATION',
            '',
          ],
          // A git module's subdirectory.
          [
            'B',
            'module.archive.aws_s3_bucket.this',
            `${CACHE}/archive/modules/bucket/main.tf:6`,
            'NON_COMPLIANT',
            'LOGGING_DISABLED',
            '',
          ],
          // env/dev has no cache: one input error per rule at the module call.
          ['A', 'env/dev/main.tf', 'env/dev/main.tf:2', 'UNDETERMINED', 'INPUT_UNREADABLE', ''],
          ['B', 'env/dev/main.tf', 'env/dev/main.tf:2', 'UNDETERMINED', 'INPUT_UNREADABLE', ''],
        ].map(([rule, address, at, status, reason, warnings]) => {
          const [file, line] = (at as string).split(':');
          return {
            ruleId: rule === 'A' ? 'aws-cloudtrail-bucket-access-logging' : 'aws-s3-bucket-access-logging',
            status: status as string,
            reason: reason as string,
            warnings: warnings ? [warnings as string] : [],
            message: '',
            resource: { location: { file: file as string, line: Number(line), address: address as string } },
          };
        }),
      ),
    );
    const trail = report.findings.find(
      (f) => f.ruleId === 'aws-cloudtrail-bucket-access-logging' && f.status === 'COMPLIANT',
    );
    expect(trail?.resource.name).toBe('acme-trail-eu-west-1');
  });

  it('without a cache, or with one that is out of date, the finding says how to get one', async () => {
    const report = await scan(`${DIR}/env/dev`);
    const unread = report.findings.find((f) => f.reason === 'INPUT_UNREADABLE');
    expect(unread?.message).toContain(
      'module.logs: comes from "acme/log-storage/aws", which is not downloaded: not scanned; run "terraform init" in . (trailguard then reads the downloaded modules in .terraform/modules) or scan the plan JSON (terraform show -json <planfile>)',
    );
    // A cache written for another source of the call (the configuration changed since terraform init).
    const copy = mkdtempSync(join(tmpdir(), 'tg-modcache-'));
    cpSync(DIR, copy, { recursive: true });
    const manifest = join(copy, CACHE, 'modules.json');
    writeFileSync(
      manifest,
      readFileSync(manifest, 'utf8').replace(
        'registry.terraform.io/acme/cloudtrail/aws',
        'registry.terraform.io/acme/old-trail/aws',
      ),
    );
    const stale = await scan(copy, '--var-file', join(copy, 'env/prod/fixtures.tfvars'));
    expect(stale.errors).toEqual([
      expect.objectContaining({ code: 'REMOTE_MODULE', file: 'env/dev/main.tf', line: 2 }),
      expect.objectContaining({
        code: 'REMOTE_MODULE',
        file: 'env/prod/main.tf',
        line: 19,
        message: expect.stringContaining(
          'module.cloudtrail: comes from "acme/cloudtrail/aws", but the module cache holds "registry.terraform.io/acme/old-trail/aws" for it: not scanned; run "terraform init" in env/prod',
        ),
      }),
    ]);
  });

  it('a local module called as "../lib/" (trailing slash) is that module, not a second root module', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tg-slash-'));
    mkdirSync(join(dir, 'app'));
    mkdirSync(join(dir, 'lib'));
    writeFileSync(join(dir, 'app/main.tf'), 'module "lib" {\n  source = "../lib/"\n}\n');
    writeFileSync(join(dir, 'lib/main.tf'), 'resource "aws_s3_bucket" "x" {\n  bucket = "acme-lib"\n}\n');
    const report = await scan(dir);
    // Before, lib/ was also evaluated as a root module of its own: the bucket was reported twice.
    expect(rows(report.findings)).toEqual([
      ['B', 'module.lib.aws_s3_bucket.x', 'lib/main.tf:1', 'NON_COMPLIANT', 'LOGGING_DISABLED', ''],
    ]);
  });
});
