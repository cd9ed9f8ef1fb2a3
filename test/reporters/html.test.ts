import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cspHash, html, safeJson } from '../../src/reporters/html/index.js';
import { Packer, UNPACK_SOURCE } from '../../src/reporters/html/pack.js';
import { fixtureReport, OPTIONS, SCRIPT_BUCKET } from './fixture.js';

describe('html reporter (markup; the page itself is tested in test/browser)', () => {
  const page = html(fixtureReport(), OPTIONS);
  const scripts = [...page.matchAll(/<script([^>]*)>([\s\S]*?)<\/script>/g)];
  const style = /<style>([\s\S]*?)<\/style>/.exec(page)?.[1] ?? '';
  const csp = /http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(page)?.[1] ?? '';

  it('has a strict CSP that allows exactly the inline script and style by hash', () => {
    expect(csp).toContain("default-src 'none'");
    expect(scripts).toHaveLength(2);
    const [data, code] = scripts;
    expect(data?.[1]).toBe(' type="application/json" id="tg-data"');
    expect(code?.[1]).toBe('');
    expect(csp).toContain(`script-src ${cspHash(code?.[2] ?? '')}`);
    expect(csp).toContain(`style-src ${cspHash(style)}`);
    expect(csp).not.toContain('unsafe-inline');
  });

  it('references nothing outside the file', () => {
    // The markup, without the JSON data block (whose strings are data, escaped, never parsed as HTML).
    const markup = page.replace(scripts[0]?.[0] ?? '', '');
    expect(markup).not.toMatch(/<(link|img|iframe|object|embed)\b/i);
    expect(markup).not.toMatch(/\ssrc=/i);
    expect(style).not.toMatch(/url\(|@import/i);
    expect(markup).not.toMatch(/href="http/i);
  });

  it('embeds the data so that no value can end the script block', () => {
    expect(page).not.toContain(SCRIPT_BUCKET);
    expect(page).not.toContain('<img src=x');
    const data = JSON.parse(scripts[0]?.[2] ?? '') as { n: number; c: { nm: number[] }; s: string[] };
    expect(data.n).toBe(13);
    expect(data.c.nm).toHaveLength(13);
    expect(data.c.nm.map((k) => data.s[k])).toContain(SCRIPT_BUCKET);
  });

  it('packs any JSON value so that the page decoder gives it back', () => {
    const unpack = new Function(`${UNPACK_SOURCE}; return unpack;`)() as (
      v: unknown,
      s: string[],
      k: number[][],
    ) => unknown;
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.jsonValue(), fc.dictionary(fc.string(), fc.jsonValue())), { maxLength: 5 }),
        (values) => {
          const p = new Packer();
          const packed = values.map((v) => p.pack(v));
          // Through JSON text, as in the page.
          const { s, k, x } = JSON.parse(JSON.stringify({ s: p.strings, k: p.shapes, x: packed }));
          values.forEach((v, i) => {
            expect(JSON.stringify(unpack(x[i], s, k))).toBe(JSON.stringify(v));
          });
        },
      ),
    );
    // Key lists that a naive join would confuse get shapes of their own.
    const q = new Packer();
    const tricky = [{ 'a\u0001b': 1 }, { a: 1, b: 2 }, { '2\u0001a': 1, b: 2 }, { '': 1 }, {}];
    const packedTricky = tricky.map((v) => q.pack(v));
    tricky.forEach((v, i) => {
      expect(JSON.stringify(unpack(packedTricky[i], q.strings, q.shapes))).toBe(JSON.stringify(v));
    });
    // A key named __proto__ stays a plain key.
    const p = new Packer();
    const value = JSON.parse('{"__proto__":{"polluted":1},"a":[1,"b",null,true]}');
    const back = unpack(JSON.parse(JSON.stringify(p.pack(value))), p.strings, p.shapes) as Record<
      string,
      unknown
    >;
    expect(JSON.stringify(back)).toBe(JSON.stringify(value));
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('safeJson round-trips any value and never contains < > & U+2028 U+2029', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.string(), (value, s) => {
        for (const v of [value, { s: `${s}</script><!--\u2028\u2029&` }]) {
          const out = safeJson(v);
          expect(out).not.toMatch(/[<>&\u2028\u2029]/);
          expect(JSON.parse(out)).toEqual(JSON.parse(JSON.stringify(v)));
        }
      }),
    );
  });
});
