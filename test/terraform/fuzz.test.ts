/**
 * Property-based tests of the Terraform entry points: random and mutated inputs give a result or an
 * InputError, never another exception, and finish quickly.
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.js';
import { buildInventory } from '../../src/sources/terraform/build-inventory.js';
import { ModuleInstance } from '../../src/sources/terraform/config-eval.js';
import { parseHcl } from '../../src/sources/terraform/hcl-parse.js';
import { buildModuleDef } from '../../src/sources/terraform/module-def.js';
import { planFromText } from '../../src/sources/terraform/plan.js';

const SEED_TF = readFileSync('test/fixtures/terraform/reference-chain/main.tf', 'utf8');
const SEED_PLAN = readFileSync('test/fixtures/terraform/plan-first-apply/plan.json', 'utf8');

/** Parse + evaluate + build, as loadTerraform does for one file (without the file system). */
async function scanText(text: string): Promise<void> {
  const parsed = await parseHcl('main.tf', text);
  if (!parsed.ok) {
    expect(parsed.error.line).toBeGreaterThan(0);
    return;
  }
  const def = buildModuleDef('/virtual', [parsed.file]);
  const instance = new ModuleInstance(
    { defs: new Map([['/virtual', def]]), problems: [] },
    def,
    '',
    new Map(),
    new Map(),
    0,
    'aws',
    true,
  );
  const built = buildInventory(instance.allResources(), { partition: 'aws' });
  JSON.stringify(built);
}

const mutate = (seed: string) =>
  fc
    .array(fc.tuple(fc.nat(seed.length), fc.nat(20), fc.string({ maxLength: 12 })), {
      minLength: 1,
      maxLength: 6,
    })
    .map((edits) => edits.reduce((s, [at, del, ins]) => s.slice(0, at) + ins + s.slice(at + del), seed));

const HCL_TOKENS = [
  'resource',
  '"aws_s3_bucket"',
  '"x"',
  '{',
  '}',
  '[',
  ']',
  '(',
  ')',
  '=',
  '${',
  'var.a',
  'count',
  'for_each',
  'each.key',
  'aws_s3_bucket.x.id',
  '\n',
  ' ',
  '"',
  'dynamic',
  'logging',
  'for',
  'in',
  ':',
  '?',
  '<<EOF\n',
  'EOF\n',
  'range(1e9)',
  'local.a',
  'locals',
];

describe('fuzz: Terraform HCL', () => {
  it('never throws on mutated configuration', async () => {
    await fc.assert(fc.asyncProperty(mutate(SEED_TF), scanText), { numRuns: 150 });
  });

  it('never throws on token soup (cycles, huge counts, self references)', async () => {
    const soup = fc.array(fc.constantFrom(...HCL_TOKENS), { maxLength: 60 }).map((t) => t.join(' '));
    await fc.assert(fc.asyncProperty(soup, scanText), { numRuns: 150 });
  });

  it('handles self-referencing locals and resources without hanging', async () => {
    const started = Date.now();
    await scanText(
      `locals {\n a = local.b\n b = local.a\n}\nresource "aws_s3_bucket" "x" {\n bucket = aws_s3_bucket.x.id\n count = length(aws_s3_bucket.x)\n}\nresource "aws_cloudtrail" "t" {\n s3_bucket_name = local.a\n}\n`,
    );
    expect(Date.now() - started).toBeLessThan(2000);
  });
});

describe('fuzz: Terraform plan JSON', () => {
  const check = (text: string) => {
    try {
      JSON.stringify(planFromText('plan.json', text));
    } catch (error) {
      expect(error).toBeInstanceOf(InputError);
    }
  };
  it('gives a result or an InputError on mutated plans', () => {
    fc.assert(fc.property(mutate(SEED_PLAN), check), { numRuns: 200 });
  });
  it('gives a result or an InputError on arbitrary JSON values', () => {
    fc.assert(fc.property(fc.json(), check), { numRuns: 300 });
    const planLike = fc.record({
      planned_values: fc.anything(),
      resource_changes: fc.anything(),
      configuration: fc.anything(),
    });
    fc.assert(
      fc.property(planLike, (p) => check(JSON.stringify(p) ?? 'null')),
      { numRuns: 300 },
    );
  });
});
