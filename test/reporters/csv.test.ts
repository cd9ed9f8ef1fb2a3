import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CSV_COLUMNS, csv, csvCell } from '../../src/reporters/csv.js';
import { sanitize } from '../../src/util/sanitize.js';
import { fixtureReport, OPTIONS, SCRIPT_BUCKET } from './fixture.js';

/** A strict RFC 4180 reader for the tests: quoted fields, doubled quotes, CRLF records. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let i = 0;
  let quoted = false;
  while (i < text.length) {
    const c = text[i] as string;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i += 2;
        continue;
      }
      if (c === '"') quoted = false;
      else field += c;
      i += 1;
      continue;
    }
    if (c === '"' && field === '') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i += 1;
    } else if (c === '"' || c === '\n' || c === '\r') throw new Error(`bare ${JSON.stringify(c)} at ${i}`);
    else field += c;
    i += 1;
  }
  if (quoted) throw new Error('unterminated quote');
  if (field !== '' || row.length) throw new Error('last record not terminated by CRLF');
  return rows;
}

/** A formula trigger, also after leading white space or in full width (＝ ＋ － ＠). */
const FORMULA = /^(?:[\s\u3000]*[=+\-@\uff1d\uff0b\uff0d\uff20]|[\t\r])/;

describe('csv reporter', () => {
  const rows = parseCsv(csv(fixtureReport(), OPTIONS));

  it('has a header and one row per finding, all of the same width', () => {
    expect(rows[0]).toEqual([...CSV_COLUMNS]);
    expect(rows).toHaveLength(fixtureReport().findings.length + 1);
    for (const row of rows) expect(row).toHaveLength(CSV_COLUMNS.length);
  });

  it('no cell can start a formula; hostile values are kept, prefixed with a quote', () => {
    for (const row of rows) for (const cell of row) expect(cell).not.toMatch(FORMULA);
    const names = rows.map((r) => r[CSV_COLUMNS.indexOf('resource_name')]);
    expect(names).toContain(`'=HYPERLINK("http://evil.example/","click")`);
    expect(names).toContain("'@SUM(1+1)");
    expect(names).toContain(SCRIPT_BUCKET);
    const messages = rows.map((r) => r[CSV_COLUMNS.indexOf('message')]);
    // The line break inside the message is shown as an escape: `cat report.csv` must not move the cursor.
    expect(messages).toContain("'+cmd|' /C calc'!A0 logs to a deleted bucket.\\x0d\\x0aSecond line.");
  });

  it('marks suppressed findings with their reason', () => {
    const row = rows.find((r) => r[CSV_COLUMNS.indexOf('resource_name')] === 'dev-scratch');
    expect(row?.[CSV_COLUMNS.indexOf('suppressed')]).toBe('true');
    expect(row?.[CSV_COLUMNS.indexOf('suppression_reason')]).toMatch(/SEC-142/);
    expect(row?.[CSV_COLUMNS.indexOf('suppression_expires')]).toBe('2027-03-31');
  });

  it('gives IaC findings their file and line', () => {
    const row = rows.find((r) => r[CSV_COLUMNS.indexOf('resource_name')] === 'tf-trail-logs');
    expect(row?.[CSV_COLUMNS.indexOf('file')]).toBe('infra/main.tf');
    expect(row?.[CSV_COLUMNS.indexOf('line')]).toBe('12');
  });

  it('any string survives a round trip, sanitised, and neutralised only when it starts like a formula', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme-ascii' }), fc.string({ unit: 'binary' }), (a, b) => {
        const parsed = parseCsv(`${csvCell(a)},${csvCell(b)}\r\n`);
        expect(parsed).toHaveLength(1);
        parsed[0]?.forEach((cell, k) => {
          const visible = sanitize(k === 0 ? a : b);
          expect(cell).toBe(FORMULA.test(visible) ? `'${visible}` : visible);
          expect(cell).not.toMatch(FORMULA);
        });
      }),
    );
  });

  it('neutralises formulas behind leading spaces and in full width', () => {
    for (const value of [' =1+1', '\u3000+A1', '\uff1dSUM(A1)', '\uff0b1', '\uff0d1', '\uff20A', '  @x']) {
      expect(csvCell(value).replace(/^"|"$/g, '')).toBe(`'${value}`);
    }
    // A leading tab is shown as an escape, which no spreadsheet reads as a formula.
    expect(csvCell('\tcalc')).toBe('\\x09calc');
    expect(csvCell('a=b')).toBe('a=b');
  });
});
