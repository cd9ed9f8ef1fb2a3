/**
 * One row per finding, RFC 4180 (CRLF line ends, fields quoted when they hold a comma, quote or line
 * break, quotes doubled). Bucket names, messages and reasons come from outside:
 * - control and bidi/zero-width characters are escaped visibly (src/util/sanitize.ts), so a line break
 *   inside a value shows as `\x0a` and `cat report.csv` cannot drive the terminal;
 * - no cell may start a spreadsheet formula (OWASP "CSV Injection"): a cell whose first character
 *   after any leading white space is =, +, -, @ or their full-width forms ＝ ＋ － ＠ (which spreadsheets
 *   in East Asian locales also read as a formula), or that starts with tab or CR, gets a leading single
 *   quote, which spreadsheets show as text.
 */
import { catalogOf } from '../engine/catalog.js';
import { sanitize } from '../util/sanitize.js';
import { toStringReporter } from './render.js';
import type { ReportStream } from './types.js';

export const CSV_COLUMNS = [
  'status',
  'suppressed',
  'severity',
  'rule_id',
  'resource_type',
  'resource_name',
  'resource_id',
  'account',
  'region',
  'file',
  'line',
  'address',
  'reason',
  'reason_text',
  'warnings',
  'message',
  'related',
  'suppression_reason',
  'suppression_expires',
] as const;

/** A formula trigger, possibly after white space (spreadsheets trim it), or a leading tab / CR. */
const FORMULA_START = /^(?:[\s\u3000]*[=+\-@\uff1d\uff0b\uff0d\uff20]|[\t\r])/;

export function csvCell(value: string): string {
  const escaped = sanitize(value);
  const safe = FORMULA_START.test(escaped) ? `'${escaped}` : escaped;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

function csvRow(cells: readonly string[]): string {
  return `${cells.map(csvCell).join(',')}\r\n`;
}

export const csvStream: ReportStream = function* (report) {
  const catalog = catalogOf(report);
  yield csvRow(CSV_COLUMNS);
  for (const f of report.findings) {
    const { resource } = f;
    yield csvRow([
      f.status,
      f.suppressed ? 'true' : 'false',
      f.severity,
      f.ruleId,
      resource.type,
      resource.name ?? '',
      resource.id,
      resource.account ?? '',
      resource.region ?? '',
      resource.location?.file ?? '',
      resource.location ? String(resource.location.line) : '',
      resource.location?.address ?? '',
      f.reason,
      catalog.reasonText(f.reason),
      f.warnings.join(' '),
      f.message,
      f.related.map((r) => r.id).join(' '),
      f.suppressed?.reason ?? '',
      f.suppressed?.expires ?? '',
    ]);
  }
};

export const csv = toStringReporter(csvStream);
