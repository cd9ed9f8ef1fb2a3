import type { Report, RuleMeta, Status } from '../engine/types.js';

export interface ReporterOptions {
  /** ANSI colour (only when writing to a terminal). */
  color: boolean;
  /** Summary only (text). */
  quiet?: boolean;
  /**
   * Text: the terminal's width to wrap lines to (only when writing to a terminal); absent: no wrapping,
   * one finding per line whatever its length (pipes, files, CI logs).
   */
  width?: number;
  /** Text: statuses listed finding by finding besides NON_COMPLIANT and UNDETERMINED (`--show`, `-v`). */
  show?: readonly Status[];
  /**
   * Rule metadata by id (help text, remediation). Defaults to the registry the report carries
   * (`Report.rules`); tests pass their own. A finding whose rule is unknown is still reported, just
   * without the rule's docs.
   */
  ruleMeta?: (ruleId: string) => RuleMeta | undefined;
}

/**
 * A reporter is a pure function of the report that yields the report's text in chunks (a generator:
 * still pure, and the CLI writes it as a stream, so no report is ever one giant string).
 */
export type ReportStream = (report: Report, options: ReporterOptions) => Iterable<string>;

/** The same report as one string (the library API and small reports). */
export type Reporter = (report: Report, options: ReporterOptions) => string;
