import { ENGINE_REASONS, STATUS_TEXT } from '../engine/reasons.js';
import type { ReasonCode, ReasonDefs, RuleMeta, Status } from '../engine/types.js';

/** One row of a rule's decision table, for its documentation. */
export interface RuleOutcome {
  when: string;
  status: Status;
  reasons: ReasonCode[];
}

/** Rule metadata plus its decision table (optional, so any RuleMeta can be rendered). */
export interface DocumentedRuleMeta extends RuleMeta {
  outcomes?: RuleOutcome[];
}

/** A reason's words: the rule's own definition, else the engine's (which rules give without listing). */
function meaning(meta: RuleMeta, reason: ReasonCode): string {
  return (meta.reasons?.[reason] ?? (ENGINE_REASONS as ReasonDefs)[reason])?.text ?? reason;
}

/**
 * A rule's metadata as `trailguard rules --json` prints it: warnings as the list of their codes, without
 * the reason definitions (their words are in the rule docs, `explain`), as before reasons moved into the
 * rule's meta.
 */
export function ruleMetaJson(
  meta: RuleMeta,
): Omit<RuleMeta, 'reasons' | 'warnings'> & { warnings?: string[] } {
  const { reasons: _words, warnings, ...rest } = meta;
  return warnings ? { ...rest, warnings: Object.keys(warnings) } : rest;
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
            row.reasons.map((r) => meaning(meta, r)).join('; '),
          ]),
        ),
      ].join('\n\n'),
    );
  }
  const warnings = Object.entries(meta.warnings ?? {});
  if (warnings.length > 0) {
    sections.push(
      [
        '## Warnings',
        'A compliant finding may carry these warnings:',
        table(
          ['Warning', 'Meaning'],
          warnings.map(([code, text]) => [`\`${code}\``, text]),
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
