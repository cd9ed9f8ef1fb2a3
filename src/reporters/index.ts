import { asff, asffStream } from './asff.js';
import { csv, csvStream } from './csv.js';
import { FORMAT_EXTENSIONS, type FormatName, isFormatName } from './formats.js';
import { html, htmlStream } from './html/index.js';
import { json, jsonStream } from './json.js';
import { junit, junitStream } from './junit.js';
import { markdown, markdownStream } from './markdown.js';
import { ocsf, ocsfStream } from './ocsf.js';
import { sarif, sarifStream } from './sarif.js';
import { text, textStream } from './text.js';
import type { Reporter, ReportStream } from './types.js';

export { FORMAT_EXTENSIONS, type FormatName, isFormatName };

/** Format name → reporter. Adding a format = one file, one line here and its name and loader in formats.ts. */
export const reporters = {
  text,
  json,
  sarif,
  junit,
  csv,
  markdown,
  html,
  asff,
  ocsf,
} satisfies Record<FormatName, Reporter>;

/** The same reporters as streams of chunks: what the CLI writes (a report is never one giant string). */
export const reportStreams: Record<FormatName, ReportStream> = {
  text: textStream,
  json: jsonStream,
  sarif: sarifStream,
  junit: junitStream,
  csv: csvStream,
  markdown: markdownStream,
  html: htmlStream,
  asff: asffStream,
  ocsf: ocsfStream,
};
