/**
 * The one sanitiser for every human-facing channel (text, Markdown and CSV reports, stderr warnings and
 * errors, progress, fix plans, `explain`). Names, messages and paths come from AWS, snapshots and IaC
 * files that someone else controls: a raw ESC or an OSC sequence in them could retitle or reset the
 * terminal, a bidi override (U+202E) could make `gnp.exe` read as `exe.png`, a zero-width character
 * could make two different names look the same. Such characters are shown as visible escapes instead:
 *
 *   C0 and C1 controls and DEL         → `\x1b`, `\x07`, `\x9b`   (two lowercase hex digits)
 *   other invisible format characters  → `\u202e`, `\u200b`, `\ufeff`, `\u{e0041}`
 *     (Unicode general categories Cf — bidi embeddings, overrides, isolates and marks, zero-width
 *     space/joiners, BOM, tag characters — Zl/Zp line and paragraph separators, lone surrogates)
 *
 * A backslash itself is left as it is (Windows paths stay readable), so `\x1b` in the output may be
 * either an escaped ESC or those four characters in the input: what matters is that no raw control
 * or format character reaches a terminal, spreadsheet or Markdown renderer.
 *
 * Machine formats (JSON, SARIF, ASFF, OCSF, JUnit XML, HTML's embedded JSON) keep the exact value,
 * encoded by their own rules; JSON text additionally writes these characters as `\uXXXX` escapes
 * (`escapeJsonText`: the same value, but `trailguard scan -f json` in a terminal or CI log shows them).
 */

/** Every character the sanitiser escapes. */
export const UNSAFE_CHARACTER = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Cs}]/u;
const UNSAFE_GLOBAL = new RegExp(UNSAFE_CHARACTER.source, 'gu');
/** The same, except line feed: for multi-line text whose line breaks are its own (plans, messages). */
const UNSAFE_EXCEPT_LF = /(?!\n)[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Cs}]/gu;
const HAS_UNSAFE_EXCEPT_LF = new RegExp(UNSAFE_EXCEPT_LF.source, 'u');

/** Printable ASCII (and line feeds): nothing to escape. Checked first: far cheaper than the Unicode classes. */
const PLAIN = /^[ -~]*$/;
const PLAIN_LINES = /^[ -~\n]*$/;

function escapeCharacter(c: string): string {
  const code = c.codePointAt(0) ?? 0;
  if (code <= 0xff) return `\\x${code.toString(16).padStart(2, '0')}`;
  if (code <= 0xffff) return `\\u${code.toString(16).padStart(4, '0')}`;
  return `\\u{${code.toString(16)}}`;
}

/** Replaces every character `sanitize` escapes with `replacer(character)` (for other escape syntaxes). */
export function replaceUnsafe(text: string, replacer: (character: string) => string): string {
  return !PLAIN.test(text) && UNSAFE_CHARACTER.test(text) ? text.replace(UNSAFE_GLOBAL, replacer) : text;
}

/** One line of text: every control (line breaks included) and format character escaped visibly. */
export function sanitize(text: string): string {
  return !PLAIN.test(text) && UNSAFE_CHARACTER.test(text)
    ? text.replace(UNSAFE_GLOBAL, escapeCharacter)
    : text;
}

/** Multi-line text: like `sanitize`, but line feeds stay line feeds (a CR is still escaped). */
export function sanitizeLines(text: string): string {
  return !PLAIN_LINES.test(text) && UNSAFE_CHARACTER.test(text)
    ? text.replace(UNSAFE_EXCEPT_LF, escapeCharacter)
    : text;
}

/**
 * JSON text with every character `sanitize` escapes written as a `\uXXXX` escape (per UTF-16 unit):
 * the parsed value is unchanged. JSON.stringify already escapes C0 controls; this adds DEL, C1, bidi and
 * zero-width characters, which it leaves raw.
 */
export function escapeJsonText(json: string): string {
  // Line feeds in JSON text are its own indentation (JSON.stringify escapes those inside strings).
  return !PLAIN_LINES.test(json) && HAS_UNSAFE_EXCEPT_LF.test(json)
    ? json.replace(UNSAFE_EXCEPT_LF, (c) =>
        Array.from(
          { length: c.length },
          (_, i) => `\\u${c.charCodeAt(i).toString(16).padStart(4, '0')}`,
        ).join(''),
      )
    : json;
}

/**
 * A shell word for a POSIX script: plain when it is only safe characters, else single-quoted, and when
 * it holds control or format characters, `$'…'` with `\xHH` escapes of their UTF-8 bytes (the exact
 * value for the shell, visible in the script).
 */
export function shellWord(word: string): string {
  if (/^[A-Za-z0-9._/=:,@+-]+$/.test(word)) return word;
  if (!UNSAFE_CHARACTER.test(word)) return `'${word.replace(/'/g, `'\\''`)}'`;
  let out = '';
  for (const c of word) {
    if (UNSAFE_CHARACTER.test(c)) {
      for (const byte of Buffer.from(c, 'utf8')) out += `\\x${byte.toString(16).padStart(2, '0')}`;
    } else if (c === "'" || c === '\\') out += `\\${c}`;
    else out += c;
  }
  return `$'${out}'`;
}
