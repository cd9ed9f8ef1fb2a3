import type { Report } from '../engine/types.js';

export interface ReporterOptions {
  /** ANSI colour (only when writing to a terminal). */
  color: boolean;
  /** Summary only (text). */
  quiet?: boolean;
}

/** A reporter is a pure function of the report. */
export type Reporter = (report: Report, options: ReporterOptions) => string;
