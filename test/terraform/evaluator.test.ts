/**
 * The static evaluator on small generated configurations: symbolic values, regular expressions, template
 * directives, file access and the evaluation budget (issue 11: deterministic limits, BUDGET_EXCEEDED with
 * file:line, the other resources kept).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Bucket } from '../../src/inventory/model.js';
import { evaluate } from '../../src/scan.js';
import { type InputLimits, resolveLimits } from '../../src/sources/limits.js';
import { loadTerraform } from '../../src/sources/terraform/index.js';

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

async function load(files: Record<string, string>, limits: Partial<InputLimits> = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'tg-tfeval-'));
  dirs.push(dir);
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  const { inventory } = await loadTerraform([join(dir, 'root')], resolveLimits(limits));
  return inventory;
}

/** Bucket names (or `<address>` for unresolved names) keyed by address. */
function names(buckets: Bucket[]): Record<string, string> {
  return Object.fromEntries(buckets.map((b) => [b.location?.address ?? '?', b.name]));
}

describe('symbolic account and canonical user ids', () => {
  it('are equal to themselves, unknown against a literal, and never null', async () => {
    const inventory = await load({
      'root/main.tf': `
data "aws_caller_identity" "a" {}
data "aws_caller_identity" "b" {}
data "aws_canonical_user_id" "c" {}
resource "aws_s3_bucket" "same" {
  count  = data.aws_caller_identity.a.account_id == data.aws_caller_identity.b.account_id ? 1 : 0
  bucket = "acme-same"
}
resource "aws_s3_bucket" "not_null" {
  count  = data.aws_canonical_user_id.c.id == null ? 0 : 1
  bucket = "acme-not-null"
}
resource "aws_s3_bucket" "literal" {
  count  = data.aws_caller_identity.a.account_id == "123456789012" ? 1 : 0
  bucket = "acme-literal"
}
resource "aws_s3_bucket" "named" {
  bucket = "acme-\${data.aws_caller_identity.a.account_id}-logs"
}
resource "aws_s3_bucket_logging" "named" {
  bucket        = "acme-same"
  target_bucket = "acme-\${data.aws_caller_identity.b.account_id}-logs"
}
`,
    });
    const byAddress = names(inventory.buckets);
    expect(byAddress['aws_s3_bucket.same[0]']).toBe('acme-same');
    expect(byAddress['aws_s3_bucket.not_null[0]']).toBe('acme-not-null');
    // Unknown against a literal: one stand-in instance and a VALUE_UNRESOLVED error at its line.
    expect(byAddress['aws_s3_bucket.literal[*]']).toBe('acme-literal');
    const error = inventory.errors.find((e) => e.message.includes('aws_s3_bucket.literal'));
    expect(error).toMatchObject({ code: 'VALUE_UNRESOLVED', file: 'main.tf', line: 13 });
    // A name built from the account id links within the configuration, but is not a known name.
    const named = inventory.buckets.find((b) => b.location?.address === 'aws_s3_bucket.named');
    expect(named?.nameUnresolved?.message).toContain('${aws_account_id}');
    const same = inventory.buckets.find((b) => b.name === 'acme-same');
    expect(same?.logging).toMatchObject({ targetBucket: '<aws_s3_bucket.named>' });
  });
});

describe('unknown values never become known facts', () => {
  it('a module whose count is unknown is not iterated as empty, so its target is unresolved, not missing', async () => {
    const inventory = await load({
      'root/main.tf': `
variable "enabled" {
  type = bool
}
module "logs" {
  source = "./logs"
  count  = var.enabled ? 1 : 0
}
resource "aws_s3_bucket" "app" {
  bucket = "acme-app"
}
resource "aws_s3_bucket_logging" "app" {
  bucket        = aws_s3_bucket.app.id
  target_bucket = one([for m in module.logs : m.id])
}
resource "aws_s3_bucket_logging" "fallback" {
  bucket        = "acme-app-2"
  target_bucket = try(var.unset_target, null)
}
resource "aws_s3_bucket" "app2" {
  bucket = "acme-app-2"
}
variable "unset_target" {
  type = string
}
`,
      'root/logs/main.tf':
        'resource "aws_s3_bucket" "this" {\n  bucket = "acme-logs"\n}\noutput "id" {\n  value = aws_s3_bucket.this.id\n}\n',
    });
    const app = inventory.buckets.find((b) => b.name === 'acme-app');
    expect(app?.logging).toMatchObject({ targetBucket: { error: { code: 'UNRESOLVED' } } });
    // try() falls back only on evaluation errors: a value unknown until apply stays unknown.
    const app2 = inventory.buckets.find((b) => b.name === 'acme-app-2');
    expect(app2?.logging).toMatchObject({ targetBucket: { error: { code: 'UNRESOLVED' } } });
    expect(JSON.stringify(app2?.logging)).toContain('try(var.unset_target, null) (main.tf:18)');
  });
});

describe('generated bucket names', () => {
  it('a policy built from the ARN of a bucket with a generated name grants that same bucket', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tg-tfeval-'));
    dirs.push(dir);
    writeFileSync(
      join(dir, 'main.tf'),
      `
resource "aws_s3_bucket" "logs" {
  bucket_prefix = "acme-logs-"
}
data "aws_iam_policy_document" "logs" {
  statement {
    principals {
      type        = "Service"
      identifiers = ["logging.s3.amazonaws.com"]
    }
    actions   = ["s3:PutObject"]
    resources = ["\${aws_s3_bucket.logs.arn}/*"]
  }
}
resource "aws_s3_bucket_policy" "logs" {
  bucket = aws_s3_bucket.logs.id
  policy = data.aws_iam_policy_document.logs.json
}
resource "aws_s3_bucket" "app" {
  bucket = "acme-app"
}
resource "aws_s3_bucket_logging" "app" {
  bucket        = aws_s3_bucket.app.id
  target_bucket = aws_s3_bucket.logs.id
  target_prefix = "app/"
}
`,
    );
    const source = await loadTerraform([dir]);
    const logs = source.inventory.buckets.find((b) => b.name === '<aws_s3_bucket.logs>');
    expect(logs?.policy).toMatchObject({ Statement: [{ Resource: 'arn:aws:s3:::<aws_s3_bucket.logs>/*' }] });
    const { report } = evaluate(source);
    const app = report.findings.find(
      (f) => f.ruleId === 'aws-s3-bucket-access-logging' && f.resource.name === 'acme-app',
    );
    expect(app).toMatchObject({ status: 'COMPLIANT', reason: 'LOGGING_ENABLED', warnings: [] });
  });
  it('an aws:SourceArn condition built from the ARN of a source with a generated name matches that source', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tg-tfeval-'));
    dirs.push(dir);
    writeFileSync(
      join(dir, 'main.tf'),
      `
resource "aws_s3_bucket" "logs" {
  bucket = "acme-logs"
}
data "aws_iam_policy_document" "logs" {
  statement {
    principals {
      type        = "Service"
      identifiers = ["logging.s3.amazonaws.com"]
    }
    actions   = ["s3:PutObject"]
    resources = ["\${aws_s3_bucket.logs.arn}/*"]
    condition {
      test     = "ArnLike"
      variable = "aws:SourceArn"
      values   = [aws_s3_bucket.app.arn]
    }
  }
}
resource "aws_s3_bucket_policy" "logs" {
  bucket = aws_s3_bucket.logs.id
  policy = data.aws_iam_policy_document.logs.json
}
resource "aws_s3_bucket" "app" {
  bucket_prefix = "acme-app-"
}
resource "aws_s3_bucket" "other" {
  bucket = "acme-other"
}
resource "aws_s3_bucket_logging" "app" {
  bucket        = aws_s3_bucket.app.id
  target_bucket = aws_s3_bucket.logs.id
  target_prefix = "app/"
}
resource "aws_s3_bucket_logging" "other" {
  bucket        = aws_s3_bucket.other.id
  target_bucket = aws_s3_bucket.logs.id
  target_prefix = "other/"
}
`,
    );
    const { report } = evaluate(await loadTerraform([dir]));
    const finding = (name: string) =>
      report.findings.find((f) => f.ruleId === 'aws-s3-bucket-access-logging' && f.resource.name === name);
    expect(finding('<aws_s3_bucket.app>')).toMatchObject({
      status: 'COMPLIANT',
      reason: 'LOGGING_ENABLED',
      warnings: [],
    });
    // Another bucket's known ARN is not the symbol: the grant does not apply to it.
    expect(finding('acme-other')).toMatchObject({ status: 'NON_COMPLIANT', reason: 'TARGET_CANNOT_RECEIVE' });
  });
});

describe('aws:SourceAccount from data.aws_caller_identity', () => {
  const policy = (source: string) => `
data "aws_caller_identity" "current" {}
resource "aws_s3_bucket" "logs" {
  bucket = "acme-logs"
}
data "aws_iam_policy_document" "logs" {
  statement {
    principals {
      type        = "Service"
      identifiers = ["logging.s3.amazonaws.com"]
    }
    actions   = ["s3:PutObject"]
    resources = ["\${aws_s3_bucket.logs.arn}/*"]
    condition {
      test     = "StringEquals"
      variable = "aws:SourceAccount"
      values   = [data.aws_caller_identity.current.account_id]
    }
  }
}
resource "aws_s3_bucket_policy" "logs" {
  bucket = aws_s3_bucket.logs.id
  policy = data.aws_iam_policy_document.logs.json
}
${source}`;
  const source = (provider = '') => `
resource "aws_s3_bucket" "app" {
  ${provider}
  bucket = "acme-app"
}
resource "aws_s3_bucket_logging" "app" {
  ${provider}
  bucket        = aws_s3_bucket.app.id
  target_bucket = "acme-logs"
  target_prefix = "app/"
}
`;
  async function appFinding(files: Record<string, string>, scan: string) {
    const dir = mkdtempSync(join(tmpdir(), 'tg-tfeval-'));
    dirs.push(dir);
    for (const [name, text] of Object.entries(files)) {
      mkdirSync(join(dir, name, '..'), { recursive: true });
      writeFileSync(join(dir, name), text);
    }
    const { report } = evaluate(await loadTerraform([join(dir, scan)]));
    return report.findings.find(
      (f) => f.ruleId === 'aws-s3-bucket-access-logging' && f.resource.name === 'acme-app',
    );
  }

  it('matches a source under the same provider credentials of the same root module', async () => {
    const finding = await appFinding({ 'main.tf': policy(source()) }, '.');
    expect(finding).toMatchObject({ status: 'COMPLIANT', reason: 'LOGGING_ENABLED', warnings: [] });
  });

  it('stays unknown for a source under other credentials or in another root module', async () => {
    const otherCredentials = `provider "aws" {\n  alias   = "other"\n  profile = "other"\n}\n${source('provider = aws.other')}`;
    expect(await appFinding({ 'main.tf': policy(otherCredentials) }, '.')).toMatchObject({
      status: 'COMPLIANT',
      warnings: ['TARGET_UNVERIFIED'],
    });
    const twoRoots = { 'a/main.tf': policy(''), 'b/main.tf': source() };
    expect(await appFinding(twoRoots, '.')).toMatchObject({
      status: 'COMPLIANT',
      warnings: ['TARGET_UNVERIFIED'],
    });
  });
});

describe('functions', () => {
  it('regex, regexall and replace use RE2 semantics with Go replacement syntax', async () => {
    const inventory = await load({
      'root/main.tf': `
locals {
  parts = regex("^(\\\\w+)-(\\\\d+)$", "logs-42")
  all   = regexall("[0-9]", "a1b2c3")
  swap  = replace("logs-42", "/^(?P<word>\\\\w+)-(\\\\d+)$/", "$2-$\${word}")
  empty = replace("abc", "/x*/", "-")
}
resource "aws_s3_bucket" "r" {
  bucket = "\${local.parts[0]}-\${local.parts[1]}-\${join("", local.all)}-\${local.swap}-\${local.empty}"
}
`,
    });
    expect(inventory.buckets[0]?.nameUnresolved).toBeUndefined();
    expect(inventory.buckets[0]?.name).toBe('logs-42-123-42-logs--a-b-c-');
  });

  it('a catastrophic pattern for backtracking engines finishes (linear-time matching)', async () => {
    const inventory = await load({
      'root/main.tf': `
locals {
  input = "\${join("", [for i in range(30000) : "a"])}b"
}
resource "aws_s3_bucket" "r" {
  bucket = can(regex("^(a+)+$", local.input)) ? "matched" : "no-match"
}
`,
    });
    expect(inventory.buckets[0]?.name).toBe('no-match');
  });

  it('template directives with strip markers, and files only inside the scanned tree', async () => {
    const inventory = await load({
      'root/main.tf': `
resource "aws_s3_bucket" "t" {
  bucket = "a %{~ if true ~} b %{~ else ~} x %{~ endif ~} c-%{ for k, v in ["x", "y"] }\${k}\${v}%{ endfor }"
}
resource "aws_s3_bucket" "f" {
  bucket = trimspace(templatefile("\${path.module}/name.tpl", { env = "prod" }))
}
resource "aws_s3_bucket" "outside" {
  bucket = trimspace(file("\${path.module}/../secret.txt"))
}
`,
      'root/name.tpl': 'acme-${env}%{ if env == "prod" }-main%{ endif }\n',
      'secret.txt': 'not-for-us\n',
    });
    const byAddress = names(inventory.buckets);
    expect(byAddress['aws_s3_bucket.t']).toBe('abc-0x1y');
    expect(byAddress['aws_s3_bucket.f']).toBe('acme-prod-main');
    const outside = inventory.buckets.find((b) => b.location?.address === 'aws_s3_bucket.outside');
    expect(outside?.name).toBe('<aws_s3_bucket.outside>');
    expect(outside?.nameUnresolved?.message).toContain('outside the scanned tree');
  });
});

describe('evaluation budget', () => {
  const normal = 'resource "aws_s3_bucket" "ok" {\n  bucket = "acme-ok"\n}\n';

  it('nesting deeper than the depth limit is BUDGET_EXCEEDED at its file:line; the other buckets stay', async () => {
    const depth = 150;
    const inventory = await load(
      {
        'root/deep.tf': `locals {\n  x = ${'['.repeat(depth)}1${']'.repeat(depth)}\n}\nresource "aws_s3_bucket" "deep" {\n  bucket = "deep-\${length(local.x)}"\n}\n`,
        'root/main.tf': normal,
      },
      { depth: 100 },
    );
    expect(inventory.errors).toEqual([
      expect.objectContaining({ code: 'BUDGET_EXCEEDED', file: 'deep.tf', line: 2 }),
    ]);
    expect(inventory.errors[0]?.message).toContain('--limit depth=N');
    expect(names(inventory.buckets)).toEqual({
      'aws_s3_bucket.deep': '<aws_s3_bucket.deep>',
      'aws_s3_bucket.ok': 'acme-ok',
    });
  });

  it('a reference chain longer than the depth limit is BUDGET_EXCEEDED, not a stack overflow', async () => {
    const locals = Array.from({ length: 3000 }, (_v, i) => `  l${i + 1} = local.l${i}`).join('\n');
    const inventory = await load({
      'root/chain.tf': `locals {\n  l0 = "x"\n${locals}\n}\nresource "aws_s3_bucket" "chain" {\n  bucket = local.l3000\n}\n`,
      'root/main.tf': normal,
    });
    expect(inventory.errors.map((e) => [e.code, e.file])).toEqual([['BUDGET_EXCEEDED', 'chain.tf']]);
    expect(names(inventory.buckets)['aws_s3_bucket.ok']).toBe('acme-ok');
  });

  it('collection sizes and evaluation steps are counted deterministically', async () => {
    const files = {
      'root/main.tf': `${normal}resource "aws_s3_bucket" "big" {\n  bucket = "big-\${length(range(5000))}"\n}\n`,
    };
    const sized = await load(files, { collectionSize: 1000 });
    expect(sized.errors).toEqual([
      expect.objectContaining({ code: 'BUDGET_EXCEEDED', file: 'main.tf', line: 5 }),
    ]);
    expect(sized.errors[0]?.message).toContain('collection-size');
    const stepped = await load(files, { evalSteps: 2000 });
    expect(stepped.errors).toEqual([expect.objectContaining({ code: 'BUDGET_EXCEEDED', file: 'main.tf' })]);
    expect(stepped.errors[0]?.message).toContain('eval-steps');
    // Within the default budget the same configuration evaluates.
    const fine = await load(files);
    expect(fine.errors).toEqual([]);
    expect(names(fine.buckets)['aws_s3_bucket.big']).toBe('big-5000');
  });
});
