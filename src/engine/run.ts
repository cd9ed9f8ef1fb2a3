import type { Inventory } from '../inventory/model.js';
import { inputErrorFindings } from './input-findings.js';
import type { Finding, FindingDraft, ResourceRef, Rule } from './types.js';

/**
 * Runs every rule over the inventory and completes each draft with the rule's metadata.
 * A rule that throws yields ONE UNDETERMINED RULE_ERROR finding and the run goes on (cdk-nag does the
 * same): one broken rule must never hide the verdicts of the others.
 * Then every entry of `inventory.errors` the rules did not already report becomes an UNDETERMINED finding
 * (see input-findings.ts): a part of the input that was not read is never silently left out.
 */
export function runRules(inventory: Inventory, rules: readonly Rule[]): Finding[] {
  const findings: Finding[] = [];
  for (const rule of rules) {
    let drafts: FindingDraft[];
    try {
      drafts = rule.evaluate(inventory);
    } catch (error) {
      drafts = [ruleErrorDraft(rule, inventory, error)];
    }
    // One copy per rule and run, shared by its findings (a copy per finding was ~40% of the memory of
    // a 100,000-bucket report); still never the metadata's own array.
    const compliance = rule.meta.compliance.map((mapping) => ({ ...mapping }));
    for (const draft of drafts) {
      // Key order follows the report@1 example in DESIGN section 6, so JSON output reads the same.
      findings.push({
        ruleId: rule.meta.id,
        status: draft.status,
        reason: draft.reason,
        warnings: draft.warnings,
        severity: rule.meta.severity,
        message: draft.message,
        resource: draft.resource,
        related: draft.related,
        evidence: draft.evidence,
        compliance,
        suppressed: null,
      });
    }
  }
  findings.push(...inputErrorFindings(inventory, rules, findings));
  return findings;
}

function ruleErrorDraft(rule: Rule, inventory: Inventory, error: unknown): FindingDraft {
  const message = error instanceof Error ? error.message : String(error);
  return {
    status: 'UNDETERMINED',
    reason: 'RULE_ERROR',
    warnings: [],
    message: `Rule ${rule.meta.id} failed while evaluating: ${message}`,
    resource: errorResource(inventory),
    related: [],
    evidence: { error: message },
  };
}

/** The single scanned account when there is exactly one; otherwise a synthetic reference to the inventory. */
function errorResource(inventory: Inventory): ResourceRef {
  const scanned = inventory.accounts.filter((account) => account.scanned);
  const only = scanned.length === 1 ? scanned[0] : undefined;
  if (only) {
    return {
      type: 'AWS::::Account',
      id: `arn:${inventory.partition}:iam::${only.id}:root`,
      name: only.name ?? only.id,
      account: only.id,
      region: null,
    };
  }
  return { type: 'AWS::::Account', id: 'inventory', name: 'inventory', account: null, region: null };
}
