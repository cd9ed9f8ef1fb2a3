import { joinChunks } from '../util/json-chunks.js';
import type { Reporter, ReportStream } from './types.js';

/** The string form of a streaming reporter. */
export function toStringReporter(stream: ReportStream): Reporter {
  return (report, options) => joinChunks(stream(report, options));
}
