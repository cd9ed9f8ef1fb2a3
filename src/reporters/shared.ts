/**
 * Helpers every reporter shares, so one concept has one wording and one mapping across formats.
 */
import { catalogOf, type RuleCatalog } from '../engine/catalog.js';
import type { Finding, ReasonCode, Report, ReportSource, RuleMeta } from '../engine/types.js';
import type { ReporterOptions } from './types.js';

/** Where the generated rule docs live (docs/rules/<id>.md), for help links in SARIF, ASFF, HTML. */
export const RULE_DOCS_BASE_URL = 'https://github.com/trailguard/trailguard/blob/main/docs/rules/';

export const TOOL_URL = 'https://github.com/trailguard/trailguard';

export function ruleDocsUrl(ruleId: string): string {
  return `${RULE_DOCS_BASE_URL}${encodeURIComponent(ruleId)}.md`;
}

/**
 * Rule metadata by id: the test override, else the registry the report carries (never a global lookup:
 * a report speaks for the rules it was made with).
 */
export function ruleLookup(
  report: Report,
  options: Pick<ReporterOptions, 'ruleMeta'>,
): (ruleId: string) => RuleMeta | undefined {
  if (options.ruleMeta) return options.ruleMeta;
  const catalog = catalogOf(report);
  return (id) => catalog.rule(id);
}

/** The human name of the resource: bucket or trail name, else the ARN. */
export function resourceName(finding: Finding): string {
  return finding.resource.name ?? finding.resource.id;
}

/** `file:line[:column]` for IaC findings, else `account/region` (either may be unknown). */
export function whereText(finding: Finding): string {
  const { location, account, region } = finding.resource;
  if (location) return `${location.file}:${location.line}${location.column ? `:${location.column}` : ''}`;
  return `${account ?? 'unknown account'}${region ? `/${region}` : ''}`;
}

/** `CODE: words` for the finding's reason (OCSF `status_detail`, the JUnit failure's message and text). */
export function reasonLine(finding: Finding, catalog: RuleCatalog): string {
  return `${finding.reason}: ${catalog.reasonText(finding.reason)}`;
}

/** `CODE: words` per warning of the finding. */
export function warningTexts(finding: Finding, catalog: RuleCatalog): string[] {
  return finding.warnings.map((code) => `${code}: ${catalog.warningText(code)}`);
}

/**
 * The one sentence describing a finding that SARIF (`message.text`), ASFF (`Description`) and OCSF
 * (`message`, `finding_info.desc`) carry: resource and reason in words, the rule's message, the warnings.
 */
export function findingSentence(finding: Finding, catalog: RuleCatalog): string {
  const warnings = warningTexts(finding, catalog);
  return [
    `${resourceName(finding)}: ${catalog.reasonText(finding.reason)}.`,
    finding.message,
    ...(warnings.length ? [`Warnings: ${warnings.join('; ')}.`] : []),
  ].join(' ');
}

/** Truncates to `max` characters (services reject longer fields), marking the cut. */
export function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/** A Region for records that need one when the resource is global or unknown (the partition's first). */
export const DEFAULT_REGION: Record<string, string> = {
  aws: 'us-east-1',
  'aws-cn': 'cn-north-1',
  'aws-us-gov': 'us-gov-west-1',
};

/**
 * One fix line for every listed finding of a reason (the text report's "Reasons and fixes"): the
 * findings' own hints when they are few (up to 3 different ones, e.g. the Deny statements that block
 * their targets), else the reason's general hint.
 */
export function fixHintForReason(
  reason: ReasonCode,
  findings: readonly Finding[],
  catalog: RuleCatalog,
): string | undefined {
  const hints = [...new Set(findings.filter((f) => f.reason === reason).map((f) => catalog.fixHint(f)))];
  if (hints.length > 0 && hints.length <= 3 && hints.every((h) => h !== undefined))
    return hints.join('; or ');
  return catalog.reason(reason)?.fix;
}

/** First plain sentence of a Markdown paragraph, for one-line descriptions. */
export function firstSentence(text: string): string {
  const line =
    text
      .trim()
      .split(/\n\s*\n/)[0]
      ?.replace(/\s+/g, ' ') ?? '';
  const match = /^(.+?[.!?])(\s|$)/.exec(line);
  return match?.[1] ?? line;
}

/**
 * For a report read from an AWS Config aggregator: where the data came from and how old it is ("as
 * recorded by AWS Config"), and how many buckets `--verify-live` re-read. Undefined for other sources.
 */
export function recordedByConfig(source: ReportSource): string | undefined {
  if (source.kind !== 'aws-config') return undefined;
  const span =
    source.recordedFrom && source.recordedTo && source.recordedFrom !== source.recordedTo
      ? ` at ${source.recordedFrom} – ${source.recordedTo}`
      : source.recordedFrom
        ? ` at ${source.recordedFrom}`
        : '';
  const verified = source.verifiedLive ? `; ${source.verifiedLive} buckets re-read live` : '';
  return `as recorded by AWS Config aggregator ${source.aggregator ?? ''}${span}${verified}`;
}
