/**
 * Issue 13: `trailguard fix PATH --write` on Terraform, through the CLI in process, on copies in temp dirs:
 * count, for_each, local modules, an existing policy resource (jsonencode and aws_iam_policy_document),
 * an existing aws_caller_identity, generated names. After --write a re-scan shows every fixed bucket
 * COMPLIANT and every file parses; without --write the diff changes no file and applies to the same result.
 */
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { isAbsolute, join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { applyUnifiedDiff } from '../../src/remediation/iac-edit/unified-diff.js';
import { parseHclSync } from '../../src/sources/terraform/hcl-parse.js';
import { memoryIO } from '../helpers/memory-io.js';

/** Runs from the scanned folder, as from a repository root: findings name files relative to it (issue 14). */
async function cli(args: string[]) {
  const dir = args.find((a) => isAbsolute(a) && statSync(a, { throwIfNoEntry: false })?.isDirectory());
  const io = memoryIO({ env: process.env, ...(dir ? { cwd: dir } : {}) });
  const code = await main(['node', 'trailguard', ...args], io);
  return { code, stdout: io.out.join(''), stderr: io.err.join('') };
}

interface Row {
  rule: string;
  status: string;
  reason: string;
  name: string;
}

async function scan(dir: string): Promise<Row[]> {
  const { stdout } = await cli(['scan', dir, '-f', 'json', '-q', '--fail-on', 'none']);
  const report = JSON.parse(stdout) as {
    findings: { ruleId: string; status: string; reason: string; resource: { name?: string; id: string } }[];
  };
  return report.findings.map((f) => ({
    rule: f.ruleId,
    status: f.status,
    reason: f.reason,
    name: f.resource.name ?? f.resource.id,
  }));
}

const count = (rows: Row[], status: string) => rows.filter((r) => r.status === status).length;

function project(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'tg-iac-tf-'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}

function tree(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const entry of readdirSync(d)) {
      const path = join(d, entry);
      if (statSync(path).isDirectory()) walk(path);
      else out[relative(dir, path)] = readFileSync(path, 'utf8');
    }
  };
  walk(dir);
  return out;
}

function expectParses(dir: string) {
  for (const [file, text] of Object.entries(tree(dir)))
    if (file.endsWith('.tf')) expect(parseHclSync(file, text).ok, file).toBe(true);
}

const ROOT = {
  'main.tf': `data "aws_caller_identity" "me" {}

locals {
  envs = toset(["dev", "prod"])
}

resource "aws_s3_bucket" "trail" {
  for_each = local.envs
  bucket   = "acme-\${each.key}-trail"
}

resource "aws_s3_bucket" "app" {
  count  = 2
  bucket = "acme-app-\${count.index}"
}

# A generated name: Terraform picks it at apply time.
resource "aws_s3_bucket" "scratch" {}

resource "aws_s3_bucket" "logs" {
  bucket = "acme-central-logs"
}

resource "aws_s3_bucket_policy" "logs" {
  bucket = aws_s3_bucket.logs.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid       = "DenyHttp" # keep this comment
        Effect    = "Deny"
        Principal = "*"
        Action    = "s3:*"
        Resource  = [aws_s3_bucket.logs.arn, "\${aws_s3_bucket.logs.arn}/*"]
        Condition = { Bool = { "aws:SecureTransport" = "false" } }
      }
    ]
  })
}

resource "aws_s3_bucket_logging" "trail" {
  for_each      = local.envs
  bucket        = aws_s3_bucket.trail[each.key].id
  target_bucket = aws_s3_bucket.logs.id
  target_prefix = "\${each.key}/"
}

resource "aws_cloudtrail" "main" {
  name           = "main"
  s3_bucket_name = aws_s3_bucket.trail["prod"].id
}
`,
};

const MODULES = {
  'main.tf': `module "app" {
  source = "./modules/app"
  name   = "acme-mod"
}

module "remote" {
  source = "terraform-aws-modules/s3-bucket/aws"
  bucket = "acme-remote"
}
`,
  'modules/app/main.tf': `variable "name" {
  type = string
}

resource "aws_s3_bucket" "data" {
  bucket = "\${var.name}-data"
}

resource "aws_s3_bucket" "quiet" {
  bucket = "\${var.name}-quiet"
}

resource "aws_s3_bucket" "logs" {
  bucket = "\${var.name}-logs"
}

resource "aws_s3_bucket_logging" "data" {
  bucket        = aws_s3_bucket.data.id
  target_bucket = aws_s3_bucket.logs.id
  target_prefix = "data/"
}

data "aws_iam_policy_document" "logs" {
  # TLS only
  statement {
    sid       = "DenyHttp"
    effect    = "Deny"
    actions   = ["s3:*"]
    resources = ["\${aws_s3_bucket.logs.arn}/*"]
    principals {
      type        = "*"
      identifiers = ["*"]
    }
    condition {
      test     = "Bool"
      variable = "aws:SecureTransport"
      values   = ["false"]
    }
  }
}

resource "aws_s3_bucket_policy" "logs" {
  bucket = aws_s3_bucket.logs.id
  policy = data.aws_iam_policy_document.logs.json
}
`,
};

describe('fix PATH --write (Terraform)', () => {
  it('count, for_each, generated names, an existing jsonencode policy and aws_caller_identity', async () => {
    const dir = project(ROOT);
    const before = await scan(dir);
    expect(count(before, 'NON_COMPLIANT')).toBeGreaterThanOrEqual(5);
    const run = await cli(['fix', dir, '--write']);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/edited {2}main\.tf/);
    expect(run.stdout).toMatch(/created trailguard_fix\.tf/);
    const files = tree(dir);
    const all = Object.values(files).join('\n');
    // References by address, never the plan's display names.
    expect(all).not.toMatch(/<aws_s3_bucket|<new log bucket/);
    // The existing caller identity is reused, not declared twice; the existing policy is merged into.
    expect(all.match(/data "aws_caller_identity"/g)).toHaveLength(1);
    expect(all).toContain('data.aws_caller_identity.me.account_id');
    expect(all.match(/resource "aws_s3_bucket_policy" "logs"/g)).toHaveLength(1);
    expect(files['main.tf']).toContain('Sid       = "DenyHttp" # keep this comment');
    expect(files['main.tf']).toContain('"aws:SourceArn" = aws_s3_bucket.trail["dev"].arn');
    expect(files['trailguard_fix.tf']).toMatch(/bucket\s+= aws_s3_bucket\.app\[1\]\.id/);
    expect(files['trailguard_fix.tf']).toMatch(/bucket\s+= aws_s3_bucket\.scratch\.id/);
    expectParses(dir);
    const after = await scan(dir);
    expect(count(after, 'NON_COMPLIANT'), JSON.stringify(after)).toBe(0);
    expect(count(after, 'UNDETERMINED'), JSON.stringify(after)).toBe(0);
    for (const name of [
      'acme-dev-trail',
      'acme-prod-trail',
      'acme-app-0',
      'acme-app-1',
      '<aws_s3_bucket.scratch>',
    ])
      expect(
        after.filter((r) => r.name === name).map((r) => r.status),
        name,
      ).toEqual(expect.arrayContaining(['COMPLIANT']));
    // A second run has nothing left to write.
    const again = await cli(['fix', dir, '--write']);
    expect(again.stdout).toMatch(/Nothing to change/);
  });

  it('a local module: edits its folder (aws_iam_policy_document statement blocks) and adds its log bucket there', async () => {
    const dir = project(MODULES);
    const before = await scan(dir);
    expect(count(before, 'NON_COMPLIANT')).toBeGreaterThanOrEqual(2);
    const run = await cli(['fix', dir, '--write']);
    expect(run.code, run.stderr).toBe(0);
    const files = tree(dir);
    expect(files['modules/app/trailguard_fix.tf']).toBeDefined();
    expect(files['trailguard_fix.tf']).toBeUndefined();
    expect(files['modules/app/main.tf']).toContain('# TLS only');
    expect(files['modules/app/main.tf']).toMatch(/statement \{\n\s+sid\s+= "TrailguardAccessLogs/);
    // Module buckets by address: right for every instance, whatever name var.name gives.
    expect(files['modules/app/main.tf']).toMatch(/values\s+= \[aws_s3_bucket\.data\.arn\]/);
    expect(files['modules/app/main.tf']).toMatch(
      /resources = \["\$\{aws_s3_bucket\.logs\.arn\}\/data\/\*"\]/,
    );
    expect(files['modules/app/main.tf']).toMatch(/\n {2}\}\n\n {2}statement \{/);
    expect(`${files['modules/app/main.tf']}${files['modules/app/trailguard_fix.tf']}`).not.toContain(
      'arn:aws:s3:::acme-mod',
    );
    expect(run.stdout).toMatch(/every instance of that module/);
    expectParses(dir);
    const after = await scan(dir);
    expect(count(after, 'NON_COMPLIANT'), JSON.stringify(after)).toBe(0);
    expect(after.filter((r) => r.name === 'acme-mod-data').map((r) => r.status)).toEqual(['COMPLIANT']);
    expect(after.filter((r) => r.name === 'acme-mod-quiet').map((r) => r.status)).toEqual(['COMPLIANT']);
  });

  it('without --write prints a diff, changes no file, and the diff gives the same files as --write', async () => {
    const dir = project(ROOT);
    const original = tree(dir);
    const run = await cli(['fix', dir]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^--- a\/main\.tf\n\+\+\+ b\/main\.tf\n@@ /);
    expect(run.stderr).toMatch(/nothing written; run again with --write/);
    expect(tree(dir)).toEqual(original);
    const copy = mkdtempSync(join(tmpdir(), 'tg-iac-tf-'));
    cpSync(dir, copy, { recursive: true });
    await cli(['fix', copy, '--write']);
    const written = tree(copy);
    const patches = run.stdout.split(/(?=^--- )/m);
    for (const patch of patches) {
      const file = /^\+\+\+ b\/(.+)$/m.exec(patch)?.[1] as string;
      expect(applyUnifiedDiff(original[file] ?? '', patch), file).toBe(written[file]);
    }
  });

  it('says what to change by hand when the policy is built from values it cannot edit', async () => {
    const dir = project({
      'main.tf': `locals {
  policy = jsonencode({ Version = "2012-10-17", Statement = [] })
}

resource "aws_s3_bucket" "src" {
  bucket = "acme-src"
}

resource "aws_s3_bucket" "logs" {
  bucket = "acme-logs"
}

resource "aws_s3_bucket_policy" "logs" {
  bucket = aws_s3_bucket.logs.id
  policy = local.policy
}

resource "aws_s3_bucket_logging" "src" {
  bucket        = aws_s3_bucket.src.id
  target_bucket = aws_s3_bucket.logs.id
  target_prefix = "src/"
}
`,
    });
    const before = tree(dir);
    const run = await cli(['fix', dir, '--write']);
    expect(run.stdout).toMatch(
      /Change by hand[^\n]*\n\s+- Add these statements to the policy of aws_s3_bucket_policy\.logs \((?:\S*\/)?main\.tf:13\)/,
    );
    expect(run.stdout).toContain('"aws:SourceArn": "arn:aws:s3:::acme-src"');
    expect(tree(dir)).toEqual(before);
  });

  it('--write is refused with -f, --apply, or without paths', async () => {
    for (const args of [
      ['fix', '--write'],
      ['fix', '.', '--write', '-f', 'terraform'],
    ]) {
      const run = await cli(args);
      expect(run.code, args.join(' ')).toBe(2);
      expect(run.stderr).toMatch(/--write/);
    }
  });
});
