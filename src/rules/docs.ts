import { REASON_TEXT, STATUS_TEXT, WARNING_TEXT } from '../engine/reasons.js';
import type { ReasonCode, RuleMeta, Status, WarningCode } from '../engine/types.js';

/** One row of a rule's decision table, for its documentation. */
export interface RuleOutcome {
  when: string;
  status: Status;
  reasons: ReasonCode[];
}

/** Rule metadata plus its decision table and warnings (optional, so any RuleMeta can be rendered). */
export interface DocumentedRuleMeta extends RuleMeta {
  outcomes?: RuleOutcome[];
  warnings?: WarningCode[];
}

/** Markdown table cell: no raw pipes or newlines. */
function cell(text: string): string {
  return text.replaceAll('|', '\\|').replaceAll('\n', ' ');
}

function table(head: string[], rows: string[][]): string {
  return [
    `| ${head.join(' | ')} |`,
    `| ${head.map(() => '---').join(' | ')} |`,
    ...rows.map((row) => `| ${row.map(cell).join(' | ')} |`),
  ].join('\n');
}

/** Renders a rule's documentation as Markdown (used by `explain` and docs/rules/<id>.md). */
export function renderRuleDoc(meta: DocumentedRuleMeta): string {
  const sections: string[] = [
    `# ${meta.title}`,
    table(['Rule id', 'Severity', 'Resource type'], [[`\`${meta.id}\``, meta.severity, meta.resourceType]]),
    `## Description\n\n${meta.description}`,
    `## Rationale\n\n${meta.rationale}`,
    `## Impact\n\n${meta.impact}`,
  ];
  if (meta.outcomes && meta.outcomes.length > 0) {
    sections.push(
      [
        '## How trailguard decides',
        'Evaluated in this order; the first row that matches gives the status and the reason.',
        table(
          ['#', 'When', 'Status', 'Reason', 'Meaning'],
          meta.outcomes.map((row, i) => [
            String(i + 1),
            row.when,
            STATUS_TEXT[row.status],
            row.reasons.map((r) => `\`${r}\``).join(', '),
            row.reasons.map((r) => REASON_TEXT[r]).join('; '),
          ]),
        ),
      ].join('\n\n'),
    );
  }
  if (meta.warnings && meta.warnings.length > 0) {
    sections.push(
      [
        '## Warnings',
        'A compliant finding may carry these warnings:',
        table(
          ['Warning', 'Meaning'],
          meta.warnings.map((w) => [`\`${w}\``, WARNING_TEXT[w]]),
        ),
      ].join('\n\n'),
    );
  }
  sections.push(
    `## Audit\n\n${meta.audit}`,
    [
      '## Remediation',
      `### Console\n\n${meta.remediation.console}`,
      `### AWS CLI\n\n${meta.remediation.cli}`,
      `### Terraform\n\n${meta.remediation.terraform}`,
      `### CloudFormation\n\n${meta.remediation.cloudformation}`,
      '`trailguard fix` plans the same changes as data and changes nothing unless given `--apply`.',
    ].join('\n\n'),
    `## Default value\n\n${meta.defaultValue}`,
    [
      '## Compliance',
      table(
        ['Framework', 'Version', 'Control'],
        meta.compliance.map((m) => [m.framework, m.version ?? '', m.control]),
      ),
    ].join('\n\n'),
    ['## References', meta.references.map((r) => `- [${r.title}](${r.url})`).join('\n')].join('\n\n'),
  );
  return `${sections.join('\n\n')}\n`;
}
