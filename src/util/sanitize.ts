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
 * encoded by their own rules.
 */

/** Every character the sanitiser escapes. */
export const UNSAFE_CHARACTER = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Cs}]/u;
const UNSAFE_GLOBAL = new RegExp(UNSAFE_CHARACTER.source, 'gu');
/** The same, except line feed: for multi-line text whose line breaks are its own (plans, messages). */
const UNSAFE_EXCEPT_LF = /(?!\n)[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Cs}]/gu;

function escapeCharacter(c: string): string {
  const code = c.codePointAt(0) ?? 0;
  if (code <= 0xff) return `\\x${code.toString(16).padStart(2, '0')}`;
  if (code <= 0xffff) return `\\u${code.toString(16).padStart(4, '0')}`;
  return `\\u{${code.toString(16)}}`;
}

/** One line of text: every control (line breaks included) and format character escaped visibly. */
export function sanitize(text: string): string {
  return UNSAFE_CHARACTER.test(text) ? text.replace(UNSAFE_GLOBAL, escapeCharacter) : text;
}

/** Multi-line text: like `sanitize`, but line feeds stay line feeds (a CR is still escaped). */
export function sanitizeLines(text: string): string {
  return UNSAFE_CHARACTER.test(text) ? text.replace(UNSAFE_EXCEPT_LF, escapeCharacter) : text;
}
