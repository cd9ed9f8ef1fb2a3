/**
 * Compact Markdown for pull-request comments (GitHub, GitLab): a one-line verdict, a table of what
 * needs action and, folded away, everything else. Every value from AWS or IaC is escaped so it can
 * neither break the table (pipes, line breaks) nor inject HTML, links, emphasis or @-mentions.
 */
import { STATUS_TEXT } from '../engine/reasons.js';
import type { Finding, Report, Status } from '../engine/types.js';
import { fixHint, reasonText, resourceName, ruleDocsUrl, whereText } from './shared.js';
import type { Reporter } from './types.js';

const ICON: Record<Status, string> = {
  NON_COMPLIANT: '❌',
  UNDETERMINED: '❔',
  COMPLIANT: '✅',
  NOT_APPLICABLE: '➖',
};

/** Escapes text for a Markdown table cell: Markdown punctuation and pipes, HTML, mentions, line breaks. */
export function mdCell(value: string): string {
  // Markdown punctuation first: the entities added next contain `&`, `#` and `;`, which must stay as they are.
  return value
    .replace(/[\\`*_[\]()#!~|]/g, (c) => `\\${c}`)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/@/g, '&#64;')
    .replace(/\r\n|\r|\n/g, ' ');
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

function table(findings: Finding[], withFix: boolean): string[] {
  return [
    '| Status | Resource | Where | Rule | Reason |',
    '| --- | --- | --- | --- | --- |',
    ...findings.map((f) => row(f, withFix)),
  ];
}

function verdict(report: Report): string {
  const s = report.summary;
  const icon = s.NON_COMPLIANT > 0 ? '❌' : s.UNDETERMINED > 0 ? '❔' : '✅';
  return `### ${icon} trailguard: ${s.NON_COMPLIANT} non-compliant · ${s.UNDETERMINED} undetermined · ${s.COMPLIANT} compliant · ${s.NOT_APPLICABLE} not applicable · ${s.suppressed} suppressed`;
}

export const markdown: Reporter = (report) => {
  const out = [verdict(report), ''];
  const action = report.findings.filter(
    (f) => !f.suppressed && (f.status === 'NON_COMPLIANT' || f.status === 'UNDETERMINED'),
  );
  const rest = report.findings.filter((f) => !action.includes(f));
  if (action.length) out.push(...table(action, true), '');
  else out.push('Nothing needs action.', '');
  if (rest.length) {
    out.push(
      `<details><summary>Compliant, not applicable and suppressed (${rest.length})</summary>`,
      '',
      ...table(rest, false),
      '',
      '</details>',
      '',
    );
  }
  if (report.errors.length) {
    out.push(`**${report.errors.length} collection error(s)** — some resources could not be read:`, '');
    for (const e of report.errors) {
      const where = [e.account, e.region, e.resource, e.file].filter(Boolean).join('/');
      out.push(`- ${mdCell(`${e.operation} ${where}: ${e.code}: ${e.message}`)}`);
    }
    out.push('');
  }
  const { source } = report;
  out.push(
    `<sub>trailguard ${mdCell(report.tool.version)} · source ${mdCell(source.kind)}${source.collectedAt ? ` · collected ${mdCell(source.collectedAt)}` : ''}</sub>`,
  );
  return `${out.join('\n')}\n`;
};
