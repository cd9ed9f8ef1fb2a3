/**
 * The scan's option vocabulary, shared by the library (src/scan.ts) and the CLI's flag declarations:
 * input kinds, severities, the default suppressions file and the rule selection. Imports nothing heavy,
 * so a command's `--help` can name the choices without loading rules, zod or any source.
 */
import type { Severity } from './engine/types.js';
import { UsageError } from './errors.js';
import type { InputType } from './sources/types.js';

export const INPUT_TYPES: InputType[] = ['snapshot', 'terraform', 'terraform-plan', 'cloudformation', 'cdk'];

/** Read from the working directory when no suppressions file is named. */
export const CONFIG_FILE = '.trailguard.yaml';

/** Lowest first: `--min-severity X` keeps X and what follows. */
export const SEVERITIES: readonly Severity[] = ['info', 'low', 'medium', 'high', 'critical'];

export interface RuleSelection {
  /** Only these rule ids (each must be a known rule). */
  ruleIds?: readonly string[];
  /** Only rules of this severity or higher. */
  minSeverity?: Severity;
}

/**
 * The rule ids to run (undefined: every rule): `ruleIds`, narrowed by `minSeverity`. A finding's severity
 * is its rule's, so the threshold selects rules: everything a kept rule reports (UNDETERMINED included)
 * stays in the report. An unknown id, or a threshold that keeps no rule, is a UsageError, not an empty
 * passing scan.
 */
export function selectRuleIds(
  rules: readonly { meta: { id: string; severity: Severity } }[],
  selection: RuleSelection,
): string[] | undefined {
  const ids = selection.ruleIds ? [...selection.ruleIds] : undefined;
  for (const id of ids ?? []) {
    if (!rules.some((r) => r.meta.id === id))
      throw new UsageError(`unknown rule "${id}" (run \`trailguard rules\` to list them)`);
  }
  const { minSeverity } = selection;
  if (minSeverity === undefined) return ids;
  const floor = SEVERITIES.indexOf(minSeverity);
  const candidates = rules.filter((r) => !ids || ids.includes(r.meta.id));
  const kept = candidates.filter((r) => SEVERITIES.indexOf(r.meta.severity) >= floor).map((r) => r.meta.id);
  if (kept.length === 0) {
    const known = candidates.map((r) => `${r.meta.id} is ${r.meta.severity}`).join(', ');
    throw new UsageError(`no rule is at or above --min-severity ${minSeverity} (${known})`);
  }
  return kept;
}
