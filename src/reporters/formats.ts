/**
 * The report formats by name, and a loader per format: the CLI imports only the reporter it writes
 * (the HTML reporter alone carries its page's script and style), so a scan that prints text never
 * loads the others. The library's eager map is `reporters` in index.ts.
 */
import { textStream } from './text.js';
import type { ReportStream } from './types.js';

/** Every format, in the order the CLI lists them. */
export const FORMAT_NAMES = [
  'text',
  'json',
  'sarif',
  'junit',
  'csv',
  'markdown',
  'html',
  'asff',
  'ocsf',
] as const;

export type FormatName = (typeof FORMAT_NAMES)[number];

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
  return (FORMAT_NAMES as readonly string[]).includes(name);
}

const STREAM_LOADERS: Record<FormatName, () => Promise<ReportStream>> = {
  // Text is the default and its summary line ends every scan: always loaded.
  text: async () => textStream,
  json: async () => (await import('./json.js')).jsonStream,
  sarif: async () => (await import('./sarif.js')).sarifStream,
  junit: async () => (await import('./junit.js')).junitStream,
  csv: async () => (await import('./csv.js')).csvStream,
  markdown: async () => (await import('./markdown.js')).markdownStream,
  html: async () => (await import('./html/index.js')).htmlStream,
  asff: async () => (await import('./asff.js')).asffStream,
  ocsf: async () => (await import('./ocsf.js')).ocsfStream,
};

/** The streaming reporter of `format`, its module imported on first use. */
export function loadReportStream(format: FormatName): Promise<ReportStream> {
  return STREAM_LOADERS[format]();
}
