/**
 * Compact Markdown for pull-request comments (GitHub, GitLab): a one-line verdict, a table of what
 * needs action and, folded away, everything else. Every value from AWS or IaC is escaped so it can
 * neither break the table (pipes, line breaks) nor inject HTML, links, emphasis or @-mentions.
 */
import { catalogOf, type RuleCatalog } from '../engine/catalog.js';
import { STATUS_TEXT } from '../engine/reasons.js';
import { type Finding, type Report, STATUSES, type Status } from '../engine/types.js';
import { sanitize } from '../util/sanitize.js';
import { toStringReporter } from './render.js';
import { recordedByConfig, resourceName, ruleDocsUrl, whereText } from './shared.js';
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

function row(f: Finding, withFix: boolean, catalog: RuleCatalog): string {
  const base = f.baseline ? (f.baseline === 'new' ? ' 🆕 new' : ' (existing)') : '';
  const status = f.suppressed
    ? `🔕 Suppressed (${STATUS_TEXT[f.status].toLowerCase()})${base}`
    : `${ICON[f.status]} ${STATUS_TEXT[f.status]}${base}`;
  const rule = `[${f.ruleId}](${ruleDocsUrl(f.ruleId)})`;
  let reason = mdCell(catalog.reasonText(f.reason));
  if (f.warnings.length) reason += `<br>⚠️ ${f.warnings.join(', ')}`;
  if (f.suppressed)
    reason += `<br>🔕 ${f.suppressed.inline ? `inline ignore (${mdCell(f.suppressed.source ?? '')}): ` : ''}${mdCell(f.suppressed.reason)}`;
  const hint = catalog.fixHint(f);
  if (withFix && hint && !f.suppressed) reason += `<br>**Fix:** ${mdCell(hint)}`;
  return `| ${status} | ${mdCell(resourceName(f))} | ${mdCell(whereText(f))} | ${rule} | ${reason} |`;
}

/**
 * GitHub rejects a comment body over 65,536 characters. Counted in UTF-16 code units (JavaScript's
 * `length`), which is never fewer than the characters GitHub counts, so staying under it is safe.
 */
export const COMMENT_LIMIT = 65_536;
/** Kept free for the truncation notes, the collection-error heading and the footer. */
const RESERVE = 2_048;

/** How much of the comment is left; every chunk is counted before it is yielded. */
class Budget {
  private left: number;
  constructor(limit: number) {
    this.left = limit - RESERVE;
  }
  take(chunk: string): boolean {
    if (chunk.length > this.left) return false;
    this.left -= chunk.length;
    return true;
  }
}

/** The table and the blank line after it, as many rows as fit; `shown.count` says how many did. */
function* table(
  findings: Finding[],
  withFix: boolean,
  budget: Budget,
  shown: { count: number },
  catalog: RuleCatalog,
): Generator<string> {
  let head = '| Status | Resource | Where | Rule | Reason |\n| --- | --- | --- | --- | --- |\n';
  for (const f of findings) {
    // The head goes with the first row: no empty table when not one row fits.
    const line = `${head}${row(f, withFix, catalog)}\n`;
    if (!budget.take(line)) break;
    head = '';
    shown.count++;
    yield line;
  }
  if (shown.count > 0) yield '\n';
}

/** The note under a cut table: what was left out, by status, and where the rest is. */
function cutNote(findings: Finding[], shown: number): string {
  const left = findings.slice(shown);
  if (left.length === 0) return '';
  const byStatus = STATUSES.map((status) => {
    const n = left.filter((f) => f.status === status && !f.suppressed).length;
    return n ? `${n} ${STATUS_TEXT[status].toLowerCase()}` : '';
  });
  const suppressed = left.filter((f) => f.suppressed).length;
  const counts = [...byStatus, suppressed ? `${suppressed} suppressed` : ''].filter(Boolean).join(', ');
  return `**${left.length} more not shown** (${counts}): this comment stays under GitHub's ${COMMENT_LIMIT.toLocaleString('en-US')}-character limit. ${FULL_REPORT}\n\n`;
}

const FULL_REPORT =
  'The full report is in the other formats of the same run (e.g. `--format markdown,json,html --output-dir reports/`).';

function verdict(report: Report): string {
  const s = report.summary;
  const icon = s.NON_COMPLIANT > 0 ? '❌' : s.UNDETERMINED > 0 ? '❔' : '✅';
  const b = report.baseline;
  const baseline = b
    ? ` · baseline: ${b.new} new, ${b.unchanged + b.updated} existing, ${b.absent.length} fixed`
    : '';
  return `### ${icon} trailguard: ${s.NON_COMPLIANT} non-compliant · ${s.UNDETERMINED} undetermined · ${s.COMPLIANT} compliant · ${s.NOT_APPLICABLE} not applicable · ${s.suppressed} suppressed${baseline}`;
}

/**
 * Each line followed by a newline, so the report is the concatenation of the yielded lines. The whole
 * stays under COMMENT_LIMIT: tables and the error list are cut with counts of what was left out.
 */
export const markdownStream: ReportStream = function* (report) {
  const budget = new Budget(COMMENT_LIMIT);
  const catalog = catalogOf(report);
  const head = `${verdict(report)}\n\n`;
  budget.take(head);
  yield head;
  const needsAction = (f: Finding) =>
    !f.suppressed && (f.status === 'NON_COMPLIANT' || f.status === 'UNDETERMINED');
  const action = report.findings.filter(needsAction);
  const rest = report.findings.filter((f) => !needsAction(f));
  if (action.length) {
    const shown = { count: 0 };
    yield* table(action, true, budget, shown, catalog);
    yield cutNote(action, shown.count);
  } else yield 'Nothing needs action.\n\n';
  if (rest.length) {
    yield `<details><summary>Compliant, not applicable and suppressed (${rest.length})</summary>\n\n`;
    const shown = { count: 0 };
    yield* table(rest, false, budget, shown, catalog);
    yield cutNote(rest, shown.count);
    yield '</details>\n\n';
  }
  if (report.errors.length) {
    yield `**${report.errors.length} collection error(s)** — some resources could not be read:\n\n`;
    let listed = 0;
    for (const e of report.errors) {
      const where = [e.account, e.region, e.resource, e.file].filter(Boolean).join('/');
      const line = `- ${mdCell(`${e.operation} ${where}: ${e.code}: ${e.message}`)}\n`;
      if (!budget.take(line)) break;
      listed++;
      yield line;
    }
    if (listed < report.errors.length) yield `- … ${report.errors.length - listed} more. ${FULL_REPORT}\n`;
    yield '\n';
  }
  const { source } = report;
  // The footer's values are bounded (version, kind, timestamp) but come from the input: cut them too.
  const recorded = recordedByConfig(source);
  yield `<sub>trailguard ${mdCell(report.tool.version.slice(0, 64))} · source ${mdCell(source.kind.slice(0, 64))}${source.collectedAt ? ` · collected ${mdCell(source.collectedAt.slice(0, 64))}` : ''}${recorded ? ` · ${mdCell(recorded.slice(0, 400))}` : ''}</sub>\n`;
};

export const markdown = toStringReporter(markdownStream);
