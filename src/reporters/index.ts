import { json } from './json.js';
import { text } from './text.js';
import type { Reporter } from './types.js';

/** Format name → reporter. Adding a format = one file here plus one line. */
export const reporters = {
  text,
  json,
} satisfies Record<string, Reporter>;

export type FormatName = keyof typeof reporters;

/** File extension per format, for --output-dir. */
export const FORMAT_EXTENSIONS: Record<FormatName, string> = {
  text: 'txt',
  json: 'json',
};

export function isFormatName(name: string): name is FormatName {
  return Object.hasOwn(reporters, name);
}
