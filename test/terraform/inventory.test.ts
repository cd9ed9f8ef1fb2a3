/** Inventory details the rules do not show directly: names, links, policies, errors and locations. */
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.js';
import type { Bucket, Inventory } from '../../src/inventory/model.js';
import { isErrorValue } from '../../src/inventory/read.js';
import { loadTerraform } from '../../src/sources/terraform/index.js';
import { loadTerraformPlan, planFromText } from '../../src/sources/terraform/plan.js';

const F = 'test/fixtures/terraform';
const bucket = (inv: Inventory, address: string): Bucket => {
  const found = inv.buckets.find((b) => b.location?.address === address);
  if (!found) throw new Error(`no bucket ${address}`);
  return found;
};

describe('loadTerraform', () => {
  it('evaluates variables, locals and functions into names and prefixes', async () => {
    const { inventory } = await loadTerraform([`${F}/vars-locals`]);
    expect(inventory.trails[0]).toMatchObject({
      name: 'main-prod',
      bucket: 'acme-prod-trail',
      keyPrefix: 'ct/prod',
    });
    expect(bucket(inventory, 'aws_s3_bucket.trail').logging).toEqual({
      targetBucket: 'acme-prod-access-logs',
      targetPrefix: 'acme-prod-trail/',
    });
    expect(bucket(inventory, 'aws_s3_bucket.logs').policy).toEqual({
      Statement: [
        {
          Action: 's3:PutObject',
          Effect: 'Allow',
          Principal: { Service: 'logging.s3.amazonaws.com' },
          Resource: 'arn:aws:s3:::acme-prod-access-logs/*',
        },
      ],
      Version: '2012-10-17',
    });
  });

  it('renders aws_iam_policy_document and reads every aws_s3_bucket_logging field', async () => {
    const { inventory } = await loadTerraform([`${F}/reference-chain`]);
    const trail = bucket(inventory, 'aws_s3_bucket.trail');
    expect(trail.logging).toEqual({
      targetBucket: 'acme-access-logs',
      targetPrefix: 'trail/',
      expectedBucketOwner: '111111111111',
      partitioned: true,
    });
    expect(bucket(inventory, 'aws_s3_bucket.access_logs').policy).toEqual({
      Version: '2012-10-17',
      Statement: [
        {
          Sid: 'S3ServerAccessLogsPolicy',
          Effect: 'Allow',
          Action: 's3:PutObject',
          Resource: 'arn:aws:s3:::acme-access-logs/*',
          Principal: { Service: 'logging.s3.amazonaws.com' },
          Condition: { StringEquals: { 'aws:SourceAccount': '111111111111' } },
        },
      ],
    });
    expect(inventory.trails[0]?.location).toEqual({
      file: 'main.tf',
      line: 3,
      column: 1,
      address: 'aws_cloudtrail.main',
    });
  });

  it('reads heredoc policies, trail flags and literal links', async () => {
    const { inventory } = await loadTerraform([`${F}/literal-names`]);
    expect(inventory.trails[0]).toMatchObject({
      multiRegion: true,
      organization: true,
      bucket: 'acme-org-trail',
    });
    const b = bucket(inventory, 'aws_s3_bucket.org_trail');
    expect((b.policy as { Statement: unknown[] }).Statement).toHaveLength(1);
    expect(b.logging).toMatchObject({ targetBucket: 'central-access-logs-elsewhere' });
  });

  it('names buckets it cannot resolve by address and links trails to them by reference', async () => {
    const { inventory } = await loadTerraform([`${F}/unresolved-names`]);
    const prefixed = bucket(inventory, 'aws_s3_bucket.prefixed');
    expect(prefixed.name).toBe('<aws_s3_bucket.prefixed>');
    expect(prefixed.nameUnresolved?.message).toMatch(/bucket_prefix/);
    expect(bucket(inventory, 'aws_s3_bucket.generated').nameUnresolved?.message).toMatch(
      /no bucket argument/,
    );
    const byName = Object.fromEntries(inventory.trails.map((t) => [t.name, t.bucket]));
    expect(byName['to-prefixed']).toBe('<aws_s3_bucket.prefixed>');
    expect(byName['to-computed']).toBe('<aws_s3_bucket.computed>');
    expect(byName['to-remote']).toMatchObject({ error: { code: 'UNRESOLVED' } });
    expect(byName['to-data']).toMatchObject({ error: { code: 'UNRESOLVED' } });
    expect(inventory.errors.map((e) => e.code)).toContain('REMOTE_MODULE');
  });

  it('expands dynamic blocks over literals and refuses to guess over unknowns', async () => {
    const { inventory } = await loadTerraform([`${F}/dynamic-logging`]);
    expect(bucket(inventory, 'aws_s3_bucket.known').logging).toEqual({
      targetBucket: 'acme-dynamic-target',
      targetPrefix: 'known/',
    });
    expect(isErrorValue(bucket(inventory, 'aws_s3_bucket.unknown').logging)).toBe(true);
    expect(bucket(inventory, 'aws_s3_bucket.none').logging).toBeNull();
  });

  it('follows module inputs and outputs of local modules and gives module-relative files', async () => {
    const { inventory } = await loadTerraform([`${F}/local-module`]);
    expect(inventory.trails[0]?.bucket).toBe('acme-mod-trail');
    const inner = bucket(inventory, 'module.trail_bucket.aws_s3_bucket.this');
    expect(inner.location?.file).toBe('modules/log-bucket/main.tf');
    expect(inner.logging).toMatchObject({ targetBucket: 'acme-mod-access' });
    expect(bucket(inventory, 'module.access_logs.aws_s3_bucket.this').logging).toBeNull();
  });

  it('applies only AWS facts as defaults and models v3 inline settings', async () => {
    const { inventory } = await loadTerraform([`${F}/inline-v3`]);
    const trail = bucket(inventory, 'aws_s3_bucket.trail');
    expect(trail).toMatchObject({
      region: 'eu-west-1',
      defaultEncryption: 'SSE-KMS',
      ownership: 'BucketOwnerEnforced',
    });
    const logs = bucket(inventory, 'aws_s3_bucket.log_bucket');
    // ACL grants configured: ownership is not assumed (it decides whether the grants count).
    expect(logs.ownership).toBeUndefined();
    expect(logs.acl).toContainEqual(expect.objectContaining({ permission: 'WRITE' }));
    expect(logs).toMatchObject({
      requesterPays: false,
      objectLockDefaultRetention: false,
      defaultEncryption: 'SSE-S3',
    });
  });

  it('reports a syntax error with file:line and still loads the other files', async () => {
    const result = await loadTerraform([`${F}/syntax-error`]);
    // Line 5 (`target_bucket =` with nothing after it), where Terraform reports "Invalid expression".
    expect(result.failedFiles).toEqual([
      {
        file: 'broken.tf',
        line: 5,
        message: 'syntax error: expected an expression, found end of line',
        code: 'SYNTAX_ERROR',
      },
    ]);
    expect(result.inventory.errors).toContainEqual(
      expect.objectContaining({ code: 'SYNTAX_ERROR', file: 'broken.tf' }),
    );
    expect(result.inventory.buckets.map((b) => b.name)).toEqual(['acme-still-scanned']);
  });

  it('throws InputError when every file fails or the path is missing', async () => {
    await expect(loadTerraform([`${F}/syntax-error/broken.tf`])).rejects.toThrow(InputError);
    await expect(loadTerraform([`${F}/syntax-error/broken.tf`])).rejects.toThrow(
      /broken\.tf:5: syntax error/,
    );
    await expect(loadTerraform([`${F}/does-not-exist`])).rejects.toThrow(InputError);
  });

  it('scans a list of .tf files as one module', async () => {
    const { inventory } = await loadTerraform([`${F}/count-zero/main.tf`]);
    expect(inventory.buckets[0]?.location?.file).toBe(`${F}/count-zero/main.tf`);
    expect(inventory.buckets[0]?.logging).toBeNull();
  });
});

describe('loadTerraformPlan', () => {
  it('links unknown names of a first plan through configuration references', async () => {
    const { inventory, source } = await loadTerraformPlan(`${F}/plan-first-apply/plan.json`);
    expect(source.kind).toBe('terraform-plan');
    expect(inventory.trails[0]).toMatchObject({
      bucket: '<aws_s3_bucket.trail>',
      multiRegion: true,
      homeRegion: 'us-east-1',
    });
    expect(bucket(inventory, 'aws_s3_bucket.trail').logging).toMatchObject({
      targetBucket: 'acme-plan-logs',
    });
  });

  it('recurses child modules, follows module outputs and ignores count = 0 resources', async () => {
    const { inventory } = await loadTerraformPlan(`${F}/plan-modules/plan.json`);
    expect(inventory.trails[0]).toMatchObject({
      bucket: '<module.trail_bucket[0].aws_s3_bucket.this>',
      isLogging: false,
    });
    expect(bucket(inventory, 'module.trail_bucket[0].aws_s3_bucket.this').logging).toBeNull();
    expect(inventory.buckets).toHaveLength(2);
  });

  it('rejects malformed JSON and non-plans with one line', () => {
    expect(() => planFromText('p.json', '{"a":')).toThrow(InputError);
    expect(() => planFromText('p.json', '[]')).toThrow(/not a Terraform plan JSON/);
  });
});

const PEERS = '../shared/peer-fixtures/iac';
describe.skipIf(!existsSync(PEERS))('peer plan fixtures', () => {
  it('issue355 re-plan: logging populated from state links trail to its logged bucket', async () => {
    const { inventory } = await loadTerraformPlan(`${PEERS}/regula/FG_R00031_tfplan/issue355_infra.json`);
    const trailBucket = inventory.trails[0]?.bucket;
    const b = inventory.buckets.find((x) => x.name === trailBucket);
    expect(b?.logging).toMatchObject({ targetPrefix: 'log/' });
    expect(bucket(inventory, 'aws_s3_bucket.logging').logging).toBeNull();
  });

  it('checkov nested modules: a logging resource absent from planned_values does not count', async () => {
    const { inventory } = await loadTerraformPlan(`${PEERS}/checkov/tfplan_nested_child_modules/tfplan.json`);
    expect(inventory.buckets.map((b) => b.logging)).toEqual([null, null, null, null]);
  });
});
