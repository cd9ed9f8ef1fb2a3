import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InputError } from '../errors.js';
import { inventoryJsonSchema, parseInventory } from './schema.js';

const example = JSON.parse(readFileSync(new URL('../../examples/snapshot.json', import.meta.url), 'utf8'));
const published = JSON.parse(
  readFileSync(new URL('../../schemas/inventory-v1.schema.json', import.meta.url), 'utf8'),
);

// biome-ignore lint/suspicious/noExplicitAny: the cases mutate arbitrary snapshot JSON on purpose
type Doc = any;

function withChange(change: (doc: Doc) => void): unknown {
  const copy = structuredClone(example);
  change(copy);
  return copy;
}

function rejection(data: unknown): string {
  try {
    parseInventory(data, 'snap.json');
  } catch (error) {
    expect(error).toBeInstanceOf(InputError);
    return (error as Error).message;
  }
  throw new Error('expected the snapshot to be rejected');
}

/** Every property path of the JSON Schema whose value may be null, with its description (if any). */
function nullableProperties(schema: Doc, path = ''): { path: string; description?: string }[] {
  const out: { path: string; description?: string }[] = [];
  const allowsNull = (s: Doc): boolean =>
    s?.type === 'null' ||
    (Array.isArray(s?.type) && s.type.includes('null')) ||
    (Array.isArray(s?.anyOf) && s.anyOf.some(allowsNull));
  for (const [key, sub] of Object.entries<Doc>(schema?.properties ?? {})) {
    const here = `${path}.${key}`;
    if (allowsNull(sub)) out.push({ path: here, description: sub.description });
    out.push(...nullableProperties(sub, here));
    for (const branch of sub.anyOf ?? []) out.push(...nullableProperties(branch, here));
  }
  if (schema?.items) out.push(...nullableProperties(schema.items, `${path}[]`));
  return out;
}

describe('snapshot schema', () => {
  it('accepts "region": null for a bucket that does not exist (a snapshot from another tool)', () => {
    const data = withChange((doc) => {
      doc.buckets.push({ name: 'gone-bucket', account: null, region: null, exists: false });
    });
    const inventory = parseInventory(data, 'snap.json');
    expect(inventory.buckets.at(-1)?.region).toBeNull();
  });

  it('documents every nullable field in the published JSON Schema, saying what null means', () => {
    const nullable = nullableProperties(published);
    // The fields DESIGN 3 and model.ts give a meaning to null.
    for (const field of [
      '.accounts[].name',
      '.trails[].account',
      '.trails[].homeRegion',
      '.trails[].keyPrefix',
      '.buckets[].account',
      '.buckets[].region',
      '.buckets[].logging',
      '.buckets[].policy',
      '.buckets[].ownership',
      '.buckets[].defaultEncryption',
      '.errors[].account',
      '.errors[].region',
    ])
      expect(nullable.map((n) => n.path)).toContain(field);
    for (const { path, description } of nullable) {
      expect(description, path).toMatch(/null/);
    }
  });

  it('accepts the shipped example, keeping error values and nulls', () => {
    const inventory = parseInventory(example, 'examples/snapshot.json');
    expect(inventory.accounts).toHaveLength(4);
    expect(inventory.buckets.find((b) => b.name === 'workload-a-data')?.logging).toEqual({
      error: { code: 'AccessDenied', message: 'Access Denied' },
    });
    expect(inventory.buckets.find((b) => b.name === 'mgmt-app-data')?.logging).toBeNull();
  });

  it.each([
    [
      'wrong schema version',
      (d: Doc) => (d.schema = 'trailguard/inventory@2'),
      /unsupported schema "trailguard\/inventory@2"/,
    ],
    [
      'missing field',
      (d: Doc) => delete d.trails[0].bucket,
      /at trails\[0\]\.bucket: expected string \(missing\)/,
    ],
    [
      'wrong type deep inside',
      (d: Doc) => (d.buckets[0].exists = 'yes'),
      /at buckets\[0\]\.exists: expected boolean, got string/,
    ],
    ['bad account id', (d: Doc) => (d.accounts[0].id = '12345'), /at accounts\[0\]\.id: .*12-digit/],
    [
      'unknown field',
      (d: Doc) => (d.buckets[1].loging = null),
      /at buckets\[1\]: unknown field\(s\) "loging"/,
    ],
    [
      'bad enum',
      (d: Doc) => (d.buckets[0].ownership = 'Owner'),
      /at buckets\[0\]\.ownership: expected one of/,
    ],
    [
      'malformed error value',
      (d: Doc) => (d.buckets[4].logging = { error: { message: 'x' } }),
      /at buckets\[4\]\.logging/,
    ],
    [
      'bad partition',
      (d: Doc) => (d.partition = 'aws-mars'),
      /at partition: expected one of "aws", "aws-cn", "aws-us-gov"/,
    ],
    ['bad timestamp', (d: Doc) => (d.collectedAt = 'yesterday'), /at collectedAt/],
  ])('rejects %s with the JSON path and what was expected', (_name, change, pattern) => {
    const message = rejection(withChange(change));
    expect(message).toMatch(/^snapshot snap\.json: /);
    expect(message).toMatch(pattern);
    expect(message).not.toContain('\n');
  });

  it('rejects non-objects', () => {
    expect(rejection([])).toMatch(/at \(root\): expected object, got array/);
    expect(rejection(null)).toMatch(/expected object/);
  });

  it('publishes a JSON Schema that is up to date (npm run build && node scripts/generate-schema.mjs)', () => {
    expect(published).toEqual(inventoryJsonSchema());
  });

  it('the published JSON Schema accepts the example and rejects a broken snapshot, like zod', () => {
    const ajv = new Ajv2020({ strict: false });
    const validate = ajv.compile(published);
    expect(validate(example)).toBe(true);
    expect(validate(withChange((d) => (d.buckets[0].exists = 'yes')))).toBe(false);
  });

  it('never crashes on arbitrary or mutated input: a valid inventory or one InputError line', () => {
    const mutated = fc
      .tuple(fc.array(fc.oneof(fc.string(), fc.nat(20))), fc.jsonValue())
      .map(([path, value]) => {
        const copy = structuredClone(example);
        let node: Doc = copy;
        for (const key of path.slice(0, -1)) {
          if (node === null || typeof node !== 'object' || !(key in node)) break;
          node = node[key];
        }
        const last = path.at(-1);
        if (node !== null && typeof node === 'object' && last !== undefined) node[last] = value;
        return copy;
      });
    fc.assert(
      fc.property(fc.oneof(fc.jsonValue(), mutated), (data) => {
        try {
          const inventory = parseInventory(data, 'fuzz.json');
          expect(inventory.schema).toBe('trailguard/inventory@1');
        } catch (error) {
          expect(error).toBeInstanceOf(InputError);
          expect((error as Error).message).not.toContain('\n');
        }
      }),
      { numRuns: 500 },
    );
  });
});
