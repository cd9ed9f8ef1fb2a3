/**
 * The default report: findings grouped by status, each with where it is, the reason in words and,
 * when it fails, one line on how to fix it. Fits an 80-column terminal; colour only when asked.
 */
import { STATUS_TEXT } from '../engine/reasons.js';
import { type Finding, type Report, STATUSES, type Status } from '../engine/types.js';
import { sanitize } from '../util/sanitize.js';
import { toStringReporter } from './render.js';
import { fixHint, reasonText, resourceName, warningTexts, whereText } from './shared.js';
import type { ReportStream } from './types.js';

const WIDTH = 80;

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

const STATUS_STYLE: Record<Status, { mark: string; color: string }> = {
  NON_COMPLIANT: { mark: '✗', color: ANSI.red },
  UNDETERMINED: { mark: '?', color: ANSI.yellow },
  COMPLIANT: { mark: '✓', color: ANSI.green },
  NOT_APPLICABLE: { mark: '-', color: ANSI.dim },
};

/**
 * Names and messages come from AWS or IaC files: line breaks become spaces (one finding, one block),
 * and control or bidi characters are shown as visible escapes (src/util/sanitize.ts).
 */
export function clean(text: string): string {
  return sanitize(text.replace(/\r\n|\r|\n/g, ' '));
}

/** Word-wraps `text` to the width, every line starting with `indent`. */
function wrap(text: string, indent: string): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line && indent.length + line.length + 1 + word.length > WIDTH) {
      lines.push(indent + line);
      line = word;
    } else {
      line = line ? `${line} ${word}` : word;
    }
  }
  if (line) lines.push(indent + line);
  return lines;
}

function findingLines(finding: Finding, paint: Paint): string[] {
  const style = STATUS_STYLE[finding.status];
  const head = `  ${paint(style.color, style.mark)} ${paint(ANSI.bold, clean(resourceName(finding)))}`;
  const lines = [head];
  lines.push(
    ...wrap(`${clean(whereText(finding))} · ${finding.ruleId} · ${finding.severity}`, '    ').map((l) =>
      paint(ANSI.dim, l),
    ),
  );
  lines.push(...wrap(`${finding.reason}: ${reasonText(finding.reason)}`, '    '));
  if (finding.message) lines.push(...wrap(clean(finding.message), '    ').map((l) => paint(ANSI.dim, l)));
  for (const warning of warningTexts(finding)) {
    lines.push(...wrap(`! ${warning}`, '    ').map((l) => paint(ANSI.yellow, l)));
  }
  if (finding.suppressed) {
    const { reason, expires } = finding.suppressed;
    const was = `was ${STATUS_TEXT[finding.status].toLowerCase()}`;
    lines.push(
      ...wrap(`suppressed (${was}${expires ? `, until ${expires}` : ''}): ${clean(reason)}`, '    ').map(
        (l) => paint(ANSI.magenta, l),
      ),
    );
  } else if (finding.status === 'NON_COMPLIANT' || finding.status === 'UNDETERMINED') {
    const hint = fixHint(finding);
    if (hint) lines.push(...wrap(`fix: ${hint}`, '    ').map((l) => paint(ANSI.cyan, l)));
  }
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
  return `${total} finding${total === 1 ? '' : 's'}: ${parts.join(', ')}${errors}`;
}

export const textStream: ReportStream = function* (report, options) {
  const paint: Paint = options.color ? (code, s) => `\u001b[${code}m${s}\u001b[0m` : (_code, s) => s;
  const s = report.summary;
  const verdictColor = s.NON_COMPLIANT > 0 ? ANSI.red : s.UNDETERMINED > 0 ? ANSI.yellow : ANSI.green;
  if (options.quiet) {
    // -q is exactly one line (scripts read it), never wrapped.
    yield `${paint(verdictColor, summaryLine(report))}\n`;
    return;
  }
  const verdict = wrap(summaryLine(report), '').map((line) => paint(verdictColor, line));

  // Every line ends with a newline; lines are yielded group by group, never joined into one string.
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
  ].filter(Boolean);
  out.push(
    ...wrap(`trailguard ${report.tool.version} · ${scope.join(' · ')}`, '').map((l) => paint(ANSI.dim, l)),
  );

  for (const status of STATUSES) {
    const group = report.findings.filter((f) => f.status === status && !f.suppressed);
    if (group.length === 0) continue;
    out.push('', paint(ANSI.bold, `${STATUS_TEXT[status].toUpperCase()} (${group.length})`));
    for (const finding of group) {
      out.push(...findingLines(finding, paint));
      if (out.length >= 256) yield flush();
    }
  }
  const suppressed = report.findings.filter((f) => f.suppressed);
  if (suppressed.length > 0) {
    out.push('', paint(ANSI.bold, `SUPPRESSED (${suppressed.length})`));
    for (const finding of suppressed) {
      out.push(...findingLines(finding, paint));
      if (out.length >= 256) yield flush();
    }
  }
  if (report.errors.length > 0) {
    out.push('', paint(ANSI.bold, `COLLECTION ERRORS (${report.errors.length})`));
    for (const error of report.errors) {
      const where = [error.account, error.region, error.resource, error.file].filter(Boolean).join('/');
      out.push(...wrap(clean(`${error.operation} ${where}: ${error.code}: ${error.message}`), '  '));
      if (out.length >= 256) yield flush();
    }
  }
  out.push('', ...verdict);
  yield flush();
};

export const text = toStringReporter(textStream);
