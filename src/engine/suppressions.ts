import type { Finding } from './types.js';

/** One entry of a suppressions file (see README "Suppressions"). */
export interface SuppressionRule {
  rule?: string;
  bucket?: string;
  trail?: string;
  account?: string;
  reason: string;
  expires?: string;
}

export interface SuppressionOutcome {
  findings: Finding[];
  /** One line per expired suppression, for stderr and the report. */
  warnings: string[];
}

/** Marks matching findings as suppressed (they stay in the output). `now` is passed in: no clock here. */
export function applySuppressions(
  findings: Finding[],
  _rules: SuppressionRule[],
  _now: Date,
): SuppressionOutcome {
  return { findings, warnings: [] };
}

/** Reads a suppressions YAML file or the `suppressions:` key of a .trailguard.yaml. Throws InputError. */
export async function loadSuppressions(_file: string): Promise<SuppressionRule[]> {
  throw new Error('loadSuppressions: not implemented yet');
}
