/**
 * The compact encoding of the HTML report's data: one string table (every distinct string once) and
 * "packed" JSON values that point into it. At 100,000 findings the same account ids, Regions, rule ids,
 * target bucket names and evidence keys repeat hundreds of thousands of times; as indices they cost a few
 * bytes each, and the page keeps one copy of each string in memory.
 *
 * A packed value is:
 *   null, true, false      themselves
 *   a non-negative integer  the string at that index of the string table
 *   [0, n]                  the number n
 *   [1, ...items]           an array of packed items
 *   [2 + k, ...values]      an object whose keys are shape k of the shape table (a list of string indices),
 *                           in that order, with these packed values
 * `UNPACK_SOURCE` is the page's decoder (plain ES5, part of the page script); the tests run it in Node
 * against `Packer` to check that every JSON value comes back equal.
 */
export class Packer {
  readonly strings: string[] = [];
  readonly shapes: number[][] = [];
  private readonly stringIndex = new Map<string, number>();
  private readonly shapeIndex = new Map<string, number>();

  /** The index of a string in the table (added on first use). */
  str(value: string): number {
    let i = this.stringIndex.get(value);
    if (i === undefined) {
      i = this.strings.length;
      this.strings.push(value);
      this.stringIndex.set(value, i);
    }
    return i;
  }

  /** The index of an optional string, -1 for null/undefined. */
  opt(value: string | null | undefined): number {
    return value === null || value === undefined ? -1 : this.str(value);
  }

  /** A JSON value (undefined members are dropped, as JSON.stringify does). */
  pack(value: unknown): unknown {
    if (value === null || value === undefined) return null;
    switch (typeof value) {
      case 'boolean':
        return value;
      case 'string':
        return this.str(value);
      case 'number':
        return [0, Number.isFinite(value) ? value : null];
      case 'object': {
        if (Array.isArray(value)) {
          const out: unknown[] = [1];
          for (const item of value) out.push(item === undefined ? null : this.pack(item));
          return out;
        }
        const json = (value as { toJSON?: () => unknown }).toJSON;
        if (typeof json === 'function') return this.pack(json.call(value));
        const keys = Object.keys(value).filter((k) => {
          const v = (value as Record<string, unknown>)[k];
          return v !== undefined && typeof v !== 'function' && typeof v !== 'symbol';
        });
        const out: unknown[] = [2 + this.shape(keys)];
        for (const k of keys) out.push(this.pack((value as Record<string, unknown>)[k]));
        return out;
      }
      default:
        return null;
    }
  }

  private shape(keys: string[]): number {
    // Keyed by the names themselves, so a known shape costs one lookup instead of one per key. The key is
    // unambiguous: names joined by U+0001 (starting with a digit) when none holds U+0001, else their JSON
    // (starting with U+0001).
    const key = keys.some((k) => k.includes('\u0001'))
      ? `\u0001${JSON.stringify(keys)}`
      : `${keys.length}\u0001${keys.join('\u0001')}`;
    let i = this.shapeIndex.get(key);
    if (i === undefined) {
      i = this.shapes.length;
      this.shapes.push(keys.map((k) => this.str(k)));
      this.shapeIndex.set(key, i);
    }
    return i;
  }
}

/**
 * The page-side decoder: `unpack(value, strings, shapes)`. Objects are made without a prototype, so a key
 * named `__proto__` in the data is an ordinary key.
 */
export const UNPACK_SOURCE = String.raw`
  function unpack(v, S, K) {
    if (v === null || v === true || v === false) return v;
    if (typeof v === 'number') return S[v];
    var tag = v[0], i, out;
    if (tag === 0) return v[1];
    if (tag === 1) {
      out = [];
      for (i = 1; i < v.length; i++) out.push(unpack(v[i], S, K));
      return out;
    }
    var keys = K[tag - 2];
    out = Object.create(null);
    for (i = 0; i < keys.length; i++) out[S[keys[i]]] = unpack(v[i + 1], S, K);
    return out;
  }
`;
