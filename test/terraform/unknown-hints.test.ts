/**
 * Issue 19 item 6: what stays unknown statically says exactly what resolves it — the variable and the
 * `--var` / `--var-file` flag, a provider Region only the environment gives (set it in the provider, or scan
 * the plan JSON), an account pinned by an assume_role ARN built from a variable, a data source read from AWS.
 * And giving the values resolves them.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadTerraform } from '../../src/sources/terraform/index.js';

function root(text: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'tg-hints-'));
  writeFileSync(join(dir, 'main.tf'), text);
  return dir;
}

const gated = (condition: string) =>
  `data "aws_region" "current" {}\ndata "aws_caller_identity" "current" {}\n` +
  `resource "aws_s3_bucket" "home" {\n  count  = ${condition} ? 1 : 0\n  bucket = "acme-home"\n}\n`;

async function errors(dir: string, variables: Parameters<typeof loadTerraform>[2] = {}) {
  const { inventory } = await loadTerraform([dir], undefined, variables);
  return inventory.errors.map((e) => `${e.code} ${e.file}:${e.line} ${e.message}`);
}

describe('unknown values name what resolves them', () => {
  it('a Region only the environment gives: set it in the provider, or scan the plan JSON', async () => {
    const dir = root(gated('data.aws_region.current.name == "us-east-1"'));
    expect(await errors(dir)).toEqual([
      'VALUE_UNRESOLVED main.tf:3 count/for_each of aws_s3_bucket.home is not known statically: data.aws_region: the provider Region is not known statically: no provider "aws" block sets a region: Terraform takes it from the environment (AWS_REGION, the AWS profile) when it runs; set region in a provider "aws" block, or scan the plan JSON (terraform show -json <planfile>)',
    ]);
  });

  it('a Region from a variable without a value: the variable, its place and the flag; --var resolves it', async () => {
    const dir = root(
      `variable "region" {\n  type = string\n}\nprovider "aws" {\n  region = var.region\n}\n${gated('data.aws_region.current.name == "us-east-1"')}`,
    );
    const [message] = await errors(dir);
    expect(message).toContain(
      'data.aws_region: the provider Region is not known statically: region = var.region (main.tf:5): var.region has no default: its value is given when Terraform runs (give it with --var NAME=VALUE or --var-file FILE, or scan the plan JSON)',
    );
    expect(await errors(dir, { variables: [{ kind: 'var', assignment: 'region=us-east-1' }] })).toEqual([]);
  });

  it('an account from an assume_role ARN built from a variable, compared with another variable: the variable first', async () => {
    const dir = root(
      `variable "account_id" {\n  type = string\n}\nvariable "audit_account_id" {\n  type = string\n}\n` +
        `provider "aws" {\n  region = "us-east-1"\n  assume_role {\n    role_arn = "arn:aws:iam::\${var.account_id}:role/deploy"\n  }\n}\n` +
        gated('data.aws_caller_identity.current.account_id == var.audit_account_id'),
    );
    expect((await errors(dir))[0]).toContain('var.audit_account_id has no default');
    const onlyAudit = await errors(dir, {
      variables: [{ kind: 'var', assignment: 'audit_account_id=222222222222' }],
    });
    expect(onlyAudit[0]).toContain(
      'the account id is known only when Terraform runs (${aws_account_id:aws}): provider "aws" assumes role_arn = "arn:aws:iam::${var.account_id}:role/deploy" (main.tf:10): template: var.account_id has no default',
    );
    const both = [
      { kind: 'var' as const, assignment: 'audit_account_id=222222222222' },
      { kind: 'var' as const, assignment: 'account_id=222222222222' },
    ];
    expect(await errors(dir, { variables: both })).toEqual([]);
    const { inventory } = await loadTerraform([dir], undefined, { variables: both });
    expect(inventory.buckets.map((b) => b.name)).toEqual(['acme-home']);
  });

  it('a data source read from AWS: scan the plan JSON', async () => {
    const dir = root(
      `data "aws_organizations_organization" "org" {}\nresource "aws_s3_bucket" "x" {\n  count  = data.aws_organizations_organization.org.master_account_id == "111111111111" ? 1 : 0\n  bucket = "acme-x"\n}\n`,
    );
    expect((await errors(dir))[0]).toContain(
      'data.aws_organizations_organization.org.master_account_id is read from AWS at plan time (data source): scan the plan JSON (terraform show -json <planfile>) to resolve it',
    );
  });
});
