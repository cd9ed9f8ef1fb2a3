import type { InventoryError } from '../inventory/model.js';
import { VERSION } from '../version.js';
import type { RuleCatalog } from './catalog.js';
import {
  type Finding,
  REPORT_SCHEMA_ID,
  type Report,
  type ReportSource,
  STATUSES,
  type Summary,
} from './types.js';

export function summarize(findings: readonly Finding[]): Summary {
  const summary: Summary = {
    COMPLIANT: 0,
    NON_COMPLIANT: 0,
    NOT_APPLICABLE: 0,
    UNDETERMINED: 0,
    suppressed: 0,
  };
  for (const finding of findings) {
    if (finding.suppressed) summary.suppressed += 1;
    else summary[finding.status] += 1;
  }
  return summary;
}

/** Stable order: by status (failing first), then rule, then resource id. Reports must not depend on source order. */
export function sortFindings(findings: Finding[]): Finding[] {
  const rank = (f: Finding) => STATUSES.indexOf(f.status);
  // The same order as String#localeCompare, without creating a collator per comparison (100,000 findings).
  const { compare } = new Intl.Collator();
  return [...findings].sort(
    (a, b) =>
      rank(a) - rank(b) ||
      compare(a.ruleId, b.ruleId) ||
      compare(a.resource.id, b.resource.id) ||
      compare(a.reason, b.reason),
  );
}

/** `rules`: the registry the scan ran with (all of it, not only the rules selected), for the reporters. */
export function buildReport(
  source: ReportSource,
  findings: Finding[],
  errors: InventoryError[],
  rules: RuleCatalog,
): Report {
  const sorted = sortFindings(findings);
  return {
    schema: REPORT_SCHEMA_ID,
    tool: { name: 'trailguard', version: VERSION },
    source,
    summary: summarize(sorted),
    findings: sorted,
    errors,
    rules,
  };
}
