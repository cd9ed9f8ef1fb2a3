/**
 * The default report, for people at a terminal and in CI logs: what needs attention (NON_COMPLIANT and
 * UNDETERMINED findings) one compact line each, grouped by account (live, snapshot) or file (IaC); then
 * the words and the fix for every reason and warning listed, one summary line per status and a per-rule
 * and per-account (or per-file) table, like Prowler's closing summary; the verdict line last.
 * `show` lists other statuses too. Lines are wrapped only to a terminal's width (`width`), never when the
 * output is piped or written to a file; colour only when asked.
 */
import { catalogOf } from '../engine/catalog.js';
import { STATUS_TEXT } from '../engine/reasons.js';
import {
  type Finding,
  type ReasonCode,
  type Report,
  STATUSES,
  type Status,
  type WarningCode,
} from '../engine/types.js';
import { sanitize } from '../util/sanitize.js';
import { toStringReporter } from './render.js';
import { fixHintForReason, recordedByConfig, resourceName } from './shared.js';
import type { ReportStream } from './types.js';

type Paint = (code: string, text: string) => string;

const ANSI = {
  red: '31',
  yellow: '33',
  green: '32',
  dim: '2',
  bold: '1',
  cyan: '36',
  magenta: '35',
} as const;

const STATUS_STYLE: Record<Status, { mark: string; color: string; word: string }> = {
  NON_COMPLIANT: { mark: '✗', color: ANSI.red, word: 'non-compliant' },
  UNDETERMINED: { mark: '?', color: ANSI.yellow, word: 'undetermined' },
  COMPLIANT: { mark: '✓', color: ANSI.green, word: 'compliant' },
  NOT_APPLICABLE: { mark: '-', color: ANSI.dim, word: 'not applicable' },
};

/** The statuses listed finding by finding unless `show` adds others. */
export const DEFAULT_SHOWN: readonly Status[] = ['NON_COMPLIANT', 'UNDETERMINED'];

/** Rows of the per-account / per-file table before the rest is counted in one line. */
const TABLE_ROWS = 25;

/**
 * Names and messages come from AWS or IaC files: line breaks become spaces (one finding, one line),
 * and control or bidi characters are shown as visible escapes (src/util/sanitize.ts).
 */
export function clean(text: string): string {
  return sanitize(text.replace(/\r\n|\r|\n/g, ' '));
}

/**
 * Word-wraps `text` to `width` (none: one line), the first line starting with `first`, the others with
 * `rest`. A word longer than the width stays whole on its own line.
 */
function wrap(text: string, width: number | undefined, first = '', rest = first): string[] {
  if (!width) return [first + text];
  const lines: string[] = [];
  let indent = first + (/^ +/.exec(text)?.[0] ?? '');
  let line = '';
  for (const word of text.split(' ').filter(Boolean)) {
    if (line && indent.length + line.length + 1 + word.length > width) {
      lines.push(indent + line);
      indent = rest;
      line = word;
    } else {
      line = line ? `${line} ${word}` : word;
    }
  }
  lines.push(indent + line);
  return lines;
}

export function summaryLine(report: Report): string {
  const { summary } = report;
  const total = report.findings.length;
  const parts = [
    `${summary.NON_COMPLIANT} non-compliant`,
    `${summary.UNDETERMINED} undetermined`,
    `${summary.COMPLIANT} compliant`,
    `${summary.NOT_APPLICABLE} not applicable`,
    `${summary.suppressed} suppressed`,
  ];
  const errors = report.errors.length
    ? `; ${report.errors.length} collection error${report.errors.length === 1 ? '' : 's'}`
    : '';
  const base = report.baseline;
  const baseline = base
    ? `; baseline: ${base.new} new, ${base.unchanged + base.updated} existing, ${base.absent.length} fixed`
    : '';
  return `${total} finding${total === 1 ? '' : 's'}: ${parts.join(', ')}${errors}${baseline}`;
}

/** The group a finding is listed under: its file (IaC) or its account (live, snapshot). */
function groupOf(finding: Finding): string {
  const { location, account } = finding.resource;
  if (location) return location.file;
  return account ? `account ${account}` : 'account unknown';
}

/** Where in its group: `line 12:1 aws_s3_bucket.logs` (IaC) or the Region (cloud; none for global). */
function whereInGroup(finding: Finding): string | undefined {
  const { location, region } = finding.resource;
  if (location) {
    return `line ${location.line}${location.column ? `:${location.column}` : ''} ${location.address}`;
  }
  return region ?? undefined;
}

/** One finding, one line (wrapped with a hanging indent on a terminal). */
function findingLine(finding: Finding, width: number | undefined, paint: Paint): string[] {
  const style = STATUS_STYLE[finding.status];
  const parts = [clean(resourceName(finding))];
  const where = whereInGroup(finding);
  if (where) parts.push(clean(where));
  parts.push(finding.ruleId, finding.reason);
  if (finding.warnings.length) parts.push(finding.warnings.map((w) => `!${w}`).join(' '));
  // --baseline: new findings say so; those the baseline had say `existing` (they do not fail the run).
  if (finding.baseline) parts.push(finding.baseline === 'new' ? 'NEW' : 'existing');
  let text = parts.join(' · ');
  if (finding.message) text += ` — ${clean(finding.message)}`;
  if (finding.suppressed) {
    const { reason, expires, inline, source } = finding.suppressed;
    const where = inline ? `, inline ignore at ${clean(source ?? '')}` : '';
    text += ` [suppressed (was ${STATUS_TEXT[finding.status].toLowerCase()}${where}${expires ? `, until ${expires}` : ''}): ${clean(reason)}]`;
  }
  const lines = marked(style, text, width, '      ', paint);
  if (finding.suppressed) return lines.map((l) => paint(ANSI.magenta, l));
  return lines;
}

/** `  ✗ text`, wrapped with `rest` as the hanging indent, the mark in its status colour. */
function marked(
  style: { mark: string; color: string },
  text: string,
  width: number | undefined,
  rest: string,
  paint: Paint,
): string[] {
  const lines = wrap(text, width, `  ${style.mark} `, rest);
  const head = lines[0] ?? '';
  lines[0] = `  ${paint(style.color, style.mark)}${head.slice(3)}`;
  return lines;
}

interface Counts {
  NON_COMPLIANT: number;
  UNDETERMINED: number;
  COMPLIANT: number;
  NOT_APPLICABLE: number;
  suppressed: number;
}

function emptyCounts(): Counts {
  return { NON_COMPLIANT: 0, UNDETERMINED: 0, COMPLIANT: 0, NOT_APPLICABLE: 0, suppressed: 0 };
}

function count(map: Map<string, Counts>, key: string, finding: Finding): void {
  let counts = map.get(key);
  if (!counts) {
    counts = emptyCounts();
    map.set(key, counts);
  }
  if (finding.suppressed) counts.suppressed++;
  else counts[finding.status]++;
}

/** A table of counts per key, status columns right-aligned: the closing summary's per-rule/per-account view. */
function countTable(
  title: string,
  rows: [string, Counts][],
  paint: Paint,
  limit = Number.POSITIVE_INFINITY,
): string[] {
  const shown = rows.slice(0, limit);
  const names = shown.map(([key]) => clean(key));
  const keyWidth = Math.max(title.length, ...names.map((n) => n.length));
  const columns: [keyof Counts, string][] = [
    ['NON_COMPLIANT', 'fail'],
    ['UNDETERMINED', 'undet.'],
    ['COMPLIANT', 'pass'],
    ['NOT_APPLICABLE', 'n/a'],
    ['suppressed', 'suppr.'],
  ];
  const cell = (value: string, header: string) => value.padStart(Math.max(header.length, 4));
  const lines = [
    paint(ANSI.bold, `  ${title.padEnd(keyWidth)}  ${columns.map(([, h]) => cell(h, h)).join('  ')}`),
  ];
  shown.forEach(([, counts], i) => {
    lines.push(
      `  ${(names[i] ?? '').padEnd(keyWidth)}  ${columns.map(([k, h]) => cell(String(counts[k]), h)).join('  ')}`,
    );
  });
  if (rows.length > shown.length) {
    const rest = rows.length - shown.length;
    lines.push(paint(ANSI.dim, `  … ${rest} more (only the ${shown.length} with the most failures shown)`));
  }
  return lines;
}

/** Most failing first, then most undetermined, then by name: the rows a reader must look at lead. */
function byAttention(a: [string, Counts], b: [string, Counts]): number {
  return (
    b[1].NON_COMPLIANT - a[1].NON_COMPLIANT ||
    b[1].UNDETERMINED - a[1].UNDETERMINED ||
    (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)
  );
}

export const textStream: ReportStream = function* (report, options) {
  const paint: Paint = options.color ? (code, s) => `\u001b[${code}m${s}\u001b[0m` : (_code, s) => s;
  const width = options.width && options.width > 20 ? options.width : undefined;
  const s = report.summary;
  const verdictColor = s.NON_COMPLIANT > 0 ? ANSI.red : s.UNDETERMINED > 0 ? ANSI.yellow : ANSI.green;
  if (options.quiet) {
    // -q is exactly one line (scripts read it), never wrapped.
    yield `${paint(verdictColor, summaryLine(report))}\n`;
    return;
  }
  const shown = new Set<Status>([...DEFAULT_SHOWN, ...(options.show ?? [])]);

  // Every line ends with a newline; lines are yielded in batches, never joined into one big string.
  const out: string[] = [];
  const flush = (): string => {
    const chunk = out.length ? `${out.join('\n')}\n` : '';
    out.length = 0;
    return chunk;
  };
  const { source } = report;
  const scope = [
    `source ${source.kind}`,
    source.partition ? `partition ${source.partition}` : undefined,
    source.accounts?.length
      ? `${source.accounts.length} account${source.accounts.length === 1 ? '' : 's'}`
      : undefined,
    source.paths?.length ? clean(source.paths.join(', ')) : undefined,
    source.collectedAt ? `collected ${source.collectedAt}` : undefined,
    recordedByConfig(source) !== undefined ? clean(recordedByConfig(source) as string) : undefined,
  ].filter(Boolean);
  out.push(
    ...wrap(`trailguard ${report.tool.version} · ${scope.join(' · ')}`, width).map((l) => paint(ANSI.dim, l)),
  );

  // The listed findings, grouped (groups in name order; in a group by status, suppressed last, input order).
  const groups = new Map<string, Finding[]>();
  const byRule = new Map<string, Counts>();
  const byPlace = new Map<string, Counts>();
  const listedReasons = new Set<ReasonCode>();
  const listedFindings: Finding[] = [];
  const listedWarnings = new Set<WarningCode>();
  let compliantWithWarnings = 0;
  let fileFindings = 0;
  for (const finding of report.findings) {
    count(byRule, finding.ruleId, finding);
    const group = groupOf(finding);
    count(byPlace, finding.resource.location?.file ?? finding.resource.account ?? 'unknown', finding);
    if (finding.resource.location) fileFindings++;
    if (finding.status === 'COMPLIANT' && finding.warnings.length > 0) compliantWithWarnings++;
    if (!shown.has(finding.status)) continue;
    let members = groups.get(group);
    if (!members) {
      members = [];
      groups.set(group, members);
    }
    members.push(finding);
    if (!finding.suppressed) {
      listedReasons.add(finding.reason);
      listedFindings.push(finding);
    }
    for (const warning of finding.warnings) listedWarnings.add(warning);
  }
  const rank = (f: Finding) => STATUSES.indexOf(f.status) + (f.suppressed ? STATUSES.length : 0);
  for (const key of [...groups.keys()].sort()) {
    const members = (groups.get(key) ?? []).map((f, i) => ({ f, i }));
    members.sort((a, b) => rank(a.f) - rank(b.f) || a.i - b.i);
    out.push('', paint(ANSI.bold, clean(key)));
    for (const { f } of members) {
      out.push(...findingLine(f, width, paint));
      if (out.length >= 64) yield flush();
    }
  }

  if (groups.size === 0) {
    const listed = STATUSES.filter((status) => shown.has(status)).map((status) => STATUS_STYLE[status].word);
    out.push(
      '',
      `No ${listed.slice(0, -1).join(', ')}${listed.length > 1 ? ' or ' : ''}${listed.at(-1)} findings.`,
    );
  }

  // What the listed codes mean and how to fix them: once per code, not once per finding.
  if (listedReasons.size > 0 || listedWarnings.size > 0) {
    out.push('', paint(ANSI.bold, 'Reasons and fixes'));
    const catalog = catalogOf(report);
    for (const reason of listedReasons) {
      out.push(...wrap(`${reason}: ${catalog.reasonText(reason)}`, width, '  ', '    '));
      const hint = fixHintForReason(reason, listedFindings, catalog);
      if (hint) out.push(...wrap(`fix: ${hint}`, width, '    ').map((l) => paint(ANSI.cyan, l)));
    }
    for (const warning of listedWarnings) {
      out.push(
        ...wrap(`! ${warning}: ${catalog.warningText(warning)}`, width, '  ', '    ').map((l) =>
          paint(ANSI.yellow, l),
        ),
      );
    }
  }

  if (report.errors.length > 0) {
    out.push('', paint(ANSI.bold, `COLLECTION ERRORS (${report.errors.length})`));
    for (const error of report.errors) {
      const where = [error.account, error.region, error.resource, error.file].filter(Boolean).join('/');
      out.push(
        ...wrap(clean(`${error.operation} ${where}: ${error.code}: ${error.message}`), width, '  ', '    '),
      );
      if (out.length >= 64) yield flush();
    }
  }

  // The closing summary: one line per status, then the tables.
  out.push('', paint(ANSI.bold, 'Summary'));
  for (const status of STATUSES) {
    const style = STATUS_STYLE[status];
    const n = s[status];
    const notes: string[] = [];
    if (status === 'COMPLIANT' && compliantWithWarnings > 0)
      notes.push(`${compliantWithWarnings} with warnings`);
    if (n > 0 && !shown.has(status)) notes.push(`listed with --show ${style.word.replace(' ', '-')}`);
    const note = notes.length ? ` (${notes.join('; ')})` : '';
    out.push(...marked(style, `${String(n).padStart(5)} ${style.word}${note}`, width, '          ', paint));
  }
  out.push(`    ${String(s.suppressed).padStart(5)} suppressed`);
  if (report.errors.length > 0) {
    const n = report.errors.length;
    out.push(`    ${String(n).padStart(5)} collection error${n === 1 ? '' : 's'}`);
  }
  if (report.findings.length > 0) {
    out.push('', ...countTable('rule', [...byRule].sort(byAttention), paint));
    const places = [...byPlace].sort(byAttention);
    const title =
      fileFindings === report.findings.length ? 'file' : fileFindings === 0 ? 'account' : 'account / file';
    out.push('', ...countTable(title, places, paint, TABLE_ROWS));
  }
  out.push('', ...wrap(summaryLine(report), width).map((line) => paint(verdictColor, line)));
  yield flush();
};

export const text = toStringReporter(textStream);
