import { asff, asffStream } from './asff.js';
import { csv, csvStream } from './csv.js';
import { html, htmlStream } from './html/index.js';
import { json, jsonStream } from './json.js';
import { junit, junitStream } from './junit.js';
import { markdown, markdownStream } from './markdown.js';
import { ocsf, ocsfStream } from './ocsf.js';
import { sarif, sarifStream } from './sarif.js';
import { text, textStream } from './text.js';
import type { Reporter, ReportStream } from './types.js';

/** Format name → reporter. Adding a format = one file here plus one line. */
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
} satisfies Record<string, Reporter>;

export type FormatName = keyof typeof reporters;

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

/** File extension per format, for --output-dir. */
export const FORMAT_EXTENSIONS: Record<FormatName, string> = {
  text: 'txt',
  json: 'json',
  sarif: 'sarif',
  junit: 'junit.xml',
  csv: 'csv',
  markdown: 'md',
  html: 'html',
  asff: 'asff.json',
  ocsf: 'ocsf.json',
};

export function isFormatName(name: string): name is FormatName {
  return Object.hasOwn(reporters, name);
}
