import { asff } from './asff.js';
import { csv } from './csv.js';
import { html } from './html/index.js';
import { json } from './json.js';
import { junit } from './junit.js';
import { markdown } from './markdown.js';
import { ocsf } from './ocsf.js';
import { sarif } from './sarif.js';
import { text } from './text.js';
import type { Reporter } from './types.js';

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
