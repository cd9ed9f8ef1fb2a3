import type { Report, RuleMeta } from '../engine/types.js';

export interface ReporterOptions {
  /** ANSI colour (only when writing to a terminal). */
  color: boolean;
  /** Summary only (text). */
  quiet?: boolean;
  /**
   * Rule metadata by id (help text, remediation). Defaults to the rule registry; tests pass their own.
   * A finding whose rule is unknown is still reported, just without the rule's docs.
   */
  ruleMeta?: (ruleId: string) => RuleMeta | undefined;
}

/** A reporter is a pure function of the report. */
export type Reporter = (report: Report, options: ReporterOptions) => string;
