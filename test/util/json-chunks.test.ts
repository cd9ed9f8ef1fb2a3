import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { batched, joinChunks, jsonChunks, MappedArray } from '../../src/util/json-chunks.js';
import { escapeJsonText, UNSAFE_CHARACTER } from '../../src/util/sanitize.js';

describe('jsonChunks', () => {
  it('is JSON.stringify, byte for byte, for any JSON value, indented or compact, at any walk depth', () => {
    fc.assert(
      fc.property(
        fc
          .jsonValue({ maxDepth: 6 })
          .filter((v) => !UNSAFE_CHARACTER.test(JSON.stringify(v).replace(/\n/g, ''))),
        fc.constantFrom(0, 2, 4),
        fc.integer({ min: 0, max: 6 }),
        (value, space, depth) => {
          expect(joinChunks(jsonChunks(value, { space, depth }))).toBe(JSON.stringify(value, null, space));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('with invisible characters: the same value, written as \\u escapes (nothing raw)', () => {
    const hostile = fc.string({ unit: 'binary' });
    fc.assert(
      fc.property(
        fc.dictionary(hostile, fc.oneof(hostile, fc.array(hostile))),
        fc.constantFrom(0, 2),
        (value, space) => {
          const text = joinChunks(jsonChunks({ list: [value] }, { space, depth: 2 }));
          expect(text).toBe(escapeJsonText(JSON.stringify({ list: [value] }, null, space)));
          expect(JSON.parse(text)).toEqual({ list: [value] });
          expect(UNSAFE_CHARACTER.test(text.replace(/\n/g, ''))).toBe(false);
        },
      ),
    );
  });

  it('follows JSON.stringify on undefined members, functions, toJSON and empty containers', () => {
    const value = {
      a: undefined,
      b: [undefined, () => 1, Symbol('s'), 1],
      c: new Date(0),
      d: { toJSON: () => ({ x: [1, { y: 'z\n"' }] }) },
      e: [],
      f: {},
      g: { only: undefined },
      h: 'multi\nline',
    };
    for (const space of [0, 2]) {
      for (const depth of [0, 1, 2, 5]) {
        expect(joinChunks(jsonChunks(value, { space, depth }))).toBe(JSON.stringify(value, null, space));
      }
    }
  });

  it('a MappedArray is written as the array of its mapped elements, at any depth', () => {
    const mapped = new MappedArray([1, 2, 3], (n, i) => ({ n, i }));
    const plain = [1, 2, 3].map((n, i) => ({ n, i }));
    for (const depth of [0, 1, 3]) {
      expect(joinChunks(jsonChunks({ list: mapped, empty: new MappedArray([], (x) => x) }, { depth }))).toBe(
        JSON.stringify({ list: plain, empty: [] }, null, 2),
      );
    }
  });

  it('batched joins chunks into pieces of at least the given size, losing nothing', () => {
    const chunks = Array.from({ length: 1000 }, (_, i) => `chunk ${i};`);
    const pieces = [...batched(chunks, 100)];
    expect(pieces.join('')).toBe(chunks.join(''));
    for (const piece of pieces.slice(0, -1)) expect(piece.length).toBeGreaterThanOrEqual(100);
  });
});
