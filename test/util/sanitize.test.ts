import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  escapeJsonText,
  sanitize,
  sanitizeLines,
  shellWord,
  UNSAFE_CHARACTER,
} from '../../src/util/sanitize.js';
import { hostileString } from '../helpers/hostile.js';

describe('sanitize', () => {
  it('never lets a control, bidi or zero-width character through, and is the identity on clean text', () => {
    fc.assert(
      fc.property(hostileString, (text) => {
        const out = sanitize(text);
        expect(UNSAFE_CHARACTER.test(out)).toBe(false);
        if (!UNSAFE_CHARACTER.test(text)) expect(out).toBe(text);
        const lines = sanitizeLines(text);
        expect(UNSAFE_CHARACTER.test(lines.replace(/\n/g, ''))).toBe(false);
        expect(lines.split('\n').length).toBe(text.split('\n').length);
      }),
      { numRuns: 500 },
    );
  });

  it('shows each character as a visible escape', () => {
    expect(sanitize('a\u001b]0;x\u0007b')).toBe('a\\x1b]0;x\\x07b');
    expect(sanitize('\u001bc')).toBe('\\x1bc');
    expect(sanitize('\u009b')).toBe('\\x9b');
    expect(sanitize('exe.\u202egnp')).toBe('exe.\\u202egnp');
    expect(sanitize('a\u200bb\u2066c')).toBe('a\\u200bb\\u2066c');
    expect(sanitize('tag\u{e0041}')).toBe('tag\\u{e0041}');
    expect(sanitize('x\ud800y')).toBe('x\\ud800y');
    expect(sanitize('line\nbreak\r')).toBe('line\\x0abreak\\x0d');
    expect(sanitizeLines('line\nbreak\r')).toBe('line\nbreak\\x0d');
    expect(sanitize('café 😀 ⚠️ Ünïcødé')).toBe('café 😀 ⚠️ Ünïcødé');
  });

  it('escapeJsonText: the same JSON value, nothing invisible left raw', () => {
    fc.assert(
      fc.property(fc.array(hostileString), (values) => {
        const json = escapeJsonText(JSON.stringify(values, null, 2));
        expect(JSON.parse(json)).toEqual(values);
        expect(UNSAFE_CHARACTER.test(json.replace(/\n/g, ''))).toBe(false);
      }),
    );
  });

  it('shellWord: bash reads back the exact word; the script shows no raw control character', async () => {
    const { execFileSync } = await import('node:child_process');
    const words = fc.sample(
      hostileString.filter((w) => !w.includes('\u0000') && !/[\ud800-\udfff]/.test(w)),
      40,
    );
    for (const word of words) {
      const quoted = shellWord(word);
      expect(UNSAFE_CHARACTER.test(quoted)).toBe(false);
      const echoed = execFileSync('bash', ['-c', `printf '%s' ${quoted}`], { encoding: 'utf8' });
      expect(echoed).toBe(word);
    }
  });
});
