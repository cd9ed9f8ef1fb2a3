import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CSV_COLUMNS, csv, csvCell } from '../../src/reporters/csv.js';
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

const FORMULA = /^[=+\-@\t\r]/;

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
    expect(messages).toContain("'+cmd|' /C calc'!A0 logs to a deleted bucket.\r\nSecond line.");
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

  it('any string survives a round trip, neutralised only when it starts like a formula', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme-ascii' }), fc.string(), (a, b) => {
        const parsed = parseCsv(`${csvCell(a)},${csvCell(b)}\r\n`);
        expect(parsed).toHaveLength(1);
        parsed[0]?.forEach((cell, k) => {
          const original = k === 0 ? a : b;
          expect(cell).toBe(FORMULA.test(original) ? `'${original}` : original);
          expect(cell).not.toMatch(FORMULA);
        });
      }),
    );
  });
});
