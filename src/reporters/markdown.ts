/**
 * Compact Markdown for pull-request comments (GitHub, GitLab): a one-line verdict, a table of what
 * needs action and, folded away, everything else. Every value from AWS or IaC is escaped so it can
 * neither break the table (pipes, line breaks) nor inject HTML, links, emphasis or @-mentions.
 */
import { STATUS_TEXT } from '../engine/reasons.js';
import type { Finding, Report, Status } from '../engine/types.js';
import { sanitize } from '../util/sanitize.js';
import { toStringReporter } from './render.js';
import { fixHint, reasonText, resourceName, ruleDocsUrl, whereText } from './shared.js';
import type { ReportStream } from './types.js';

const ICON: Record<Status, string> = {
  NON_COMPLIANT: '❌',
  UNDETERMINED: '❔',
  COMPLIANT: '✅',
  NOT_APPLICABLE: '➖',
};

/**
 * Escapes text for a Markdown table cell: Markdown punctuation and pipes, HTML, mentions, line breaks,
 * and (first) control and bidi characters, shown as visible escapes whose backslash is then escaped.
 */
export function mdCell(value: string): string {
  // Markdown punctuation next: the entities added after it contain `&`, `#` and `;`, which must stay as they are.
  return sanitize(value.replace(/\r\n|\r|\n/g, ' '))
    .replace(/[\\`*_[\]()#!~|]/g, (c) => `\\${c}`)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/@/g, '&#64;');
}

function row(f: Finding, withFix: boolean): string {
  const status = f.suppressed
    ? `🔕 Suppressed (${STATUS_TEXT[f.status].toLowerCase()})`
    : `${ICON[f.status]} ${STATUS_TEXT[f.status]}`;
  const rule = `[${f.ruleId}](${ruleDocsUrl(f.ruleId)})`;
  let reason = mdCell(reasonText(f.reason));
  if (f.warnings.length) reason += `<br>⚠️ ${f.warnings.join(', ')}`;
  if (f.suppressed) reason += `<br>🔕 ${mdCell(f.suppressed.reason)}`;
  const hint = fixHint(f);
  if (withFix && hint && !f.suppressed) reason += `<br>**Fix:** ${mdCell(hint)}`;
  return `| ${status} | ${mdCell(resourceName(f))} | ${mdCell(whereText(f))} | ${rule} | ${reason} |`;
}

/** The table and the blank line after it. */
function* table(findings: Finding[], withFix: boolean): Generator<string> {
  yield '| Status | Resource | Where | Rule | Reason |\n| --- | --- | --- | --- | --- |\n';
  for (const f of findings) yield `${row(f, withFix)}\n`;
  yield '\n';
}

function verdict(report: Report): string {
  const s = report.summary;
  const icon = s.NON_COMPLIANT > 0 ? '❌' : s.UNDETERMINED > 0 ? '❔' : '✅';
  return `### ${icon} trailguard: ${s.NON_COMPLIANT} non-compliant · ${s.UNDETERMINED} undetermined · ${s.COMPLIANT} compliant · ${s.NOT_APPLICABLE} not applicable · ${s.suppressed} suppressed`;
}

/** Each line followed by a newline, so the report is the concatenation of the yielded lines. */
export const markdownStream: ReportStream = function* (report) {
  yield `${verdict(report)}\n\n`;
  const needsAction = (f: Finding) =>
    !f.suppressed && (f.status === 'NON_COMPLIANT' || f.status === 'UNDETERMINED');
  const action = report.findings.filter(needsAction);
  const rest = report.findings.filter((f) => !needsAction(f));
  if (action.length) yield* table(action, true);
  else yield 'Nothing needs action.\n\n';
  if (rest.length) {
    yield `<details><summary>Compliant, not applicable and suppressed (${rest.length})</summary>\n\n`;
    yield* table(rest, false);
    yield '</details>\n\n';
  }
  if (report.errors.length) {
    yield `**${report.errors.length} collection error(s)** — some resources could not be read:\n\n`;
    for (const e of report.errors) {
      const where = [e.account, e.region, e.resource, e.file].filter(Boolean).join('/');
      yield `- ${mdCell(`${e.operation} ${where}: ${e.code}: ${e.message}`)}\n`;
    }
    yield '\n';
  }
  const { source } = report;
  yield `<sub>trailguard ${mdCell(report.tool.version)} · source ${mdCell(source.kind)}${source.collectedAt ? ` · collected ${mdCell(source.collectedAt)}` : ''}</sub>\n`;
};

export const markdown = toStringReporter(markdownStream);
