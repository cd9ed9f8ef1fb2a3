/**
 * One row per finding, RFC 4180 (CRLF line ends, fields quoted when they hold a comma, quote or line
 * break, quotes doubled). Bucket names, messages and reasons come from outside, so no cell may start a
 * spreadsheet formula: see OWASP "CSV Injection" — a leading =, +, -, @, tab or CR is neutralised with
 * a single quote, which spreadsheets show as text.
 */
import { reasonText } from './shared.js';
import type { Reporter } from './types.js';

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

const FORMULA_START = /^[=+\-@\t\r]/;

export function csvCell(value: string): string {
  const safe = FORMULA_START.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export const csv: Reporter = (report) => {
  const rows: string[][] = [[...CSV_COLUMNS]];
  for (const f of report.findings) {
    const { resource } = f;
    rows.push([
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
      reasonText(f.reason),
      f.warnings.join(' '),
      f.message,
      f.related.map((r) => r.id).join(' '),
      f.suppressed?.reason ?? '',
      f.suppressed?.expires ?? '',
    ]);
  }
  return `${rows.map((row) => row.map(csvCell).join(',')).join('\r\n')}\r\n`;
};
