import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { parseInventory, validateInventory } from '../../src/inventory/schema.js';
import { readSnapshot } from '../../src/sources/snapshot/read.js';
import { memoryIO } from '../helpers/memory-io.js';

const exampleFile = new URL('../../examples/snapshot.json', import.meta.url);
const example = JSON.parse(readFileSync(exampleFile, 'utf8'));

function messageOf(check: () => unknown): string | null {
  try {
    check();
    return null;
  } catch (error) {
    return (error as Error).message;
  }
}

/** A copy of the example with one value somewhere replaced (or one key removed / added). */
const mutated = fc
  .tuple(fc.nat(), fc.constantFrom('replace', 'delete', 'add'), fc.jsonValue({ maxDepth: 2 }))
  .map(([pick, how, value]) => {
    const doc = structuredClone(example);
    const slots: [Record<string, unknown>, string][] = [];
    const visit = (node: unknown) => {
      if (node === null || typeof node !== 'object') return;
      for (const key of Object.keys(node)) {
        slots.push([node as Record<string, unknown>, key]);
        visit((node as Record<string, unknown>)[key]);
      }
    };
    visit(doc);
    const [parent, key] = slots[pick % slots.length] as [Record<string, unknown>, string];
    if (how === 'replace') parent[key] = value;
    else if (how === 'delete') delete parent[key];
    else parent[`${key}X`] = value;
    return doc;
  });

describe('snapshot validation without a copy', () => {
  it('accepts the example and returns the parsed data itself', () => {
    const data = structuredClone(example);
    expect(validateInventory(data, 'snap.json')).toBe(data);
    expect(validateInventory(structuredClone(example), 'snap.json')).toEqual(
      parseInventory(structuredClone(example), 'snap.json'),
    );
  });

  it('rejects exactly what parseInventory rejects, with the same JSON path and message', () => {
    fc.assert(
      fc.property(mutated, (doc) => {
        const expected = messageOf(() => parseInventory(structuredClone(doc), 'snap.json'));
        expect(messageOf(() => validateInventory(doc, 'snap.json'))).toBe(expected);
      }),
      { numRuns: 400 },
    );
  });

  it('names the element: buckets[3].exists', () => {
    const doc = structuredClone(example);
    doc.buckets[3].exists = 'yes';
    expect(messageOf(() => validateInventory(doc, 'snap.json'))).toBe(
      'snapshot snap.json: at buckets[3].exists: expected boolean, got string',
    );
  });
});

describe('readSnapshot', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tg-snapshot-'));

  it('reads a snapshot with a UTF-8 byte order mark', async () => {
    const file = join(dir, 'bom.json');
    writeFileSync(file, `\ufeff${JSON.stringify(example)}`);
    const { inventory } = await readSnapshot(file);
    expect(inventory.buckets).toHaveLength(example.buckets.length);
  });

  it('a snapshot over --limit snapshot-bytes is not read: one BUDGET_EXCEEDED error naming the limit', async () => {
    const io = memoryIO();
    const code = await main(
      [
        'node',
        'trailguard',
        'scan',
        '--snapshot',
        exampleFile.pathname,
        '--limit',
        'snapshot-bytes=1k',
        '-f',
        'json',
      ],
      io,
    );
    const report = JSON.parse(io.out.join(''));
    expect(report.errors).toEqual([
      expect.objectContaining({
        code: 'BUDGET_EXCEEDED',
        file: exampleFile.pathname,
        message: expect.stringMatching(
          /over the snapshot-bytes limit of 1024 \(raise it with --limit snapshot-bytes=N\)/,
        ),
      }),
    ]);
    expect(report.findings.length).toBeGreaterThan(0);
    expect(report.findings.every((f: { status: string }) => f.status !== 'COMPLIANT')).toBe(true);
    expect(code).not.toBe(0);
  });

  it('bad JSON is one line naming the file (exit 2)', async () => {
    const file = join(dir, 'bad.json');
    writeFileSync(file, '{"schema": ');
    const io = memoryIO();
    expect(await main(['node', 'trailguard', 'scan', '--snapshot', file], io)).toBe(2);
    expect(io.err.join('')).toMatch(new RegExp(`^trailguard: snapshot ${file}: not valid JSON \\(.*\\)\\n$`));
  });
});
