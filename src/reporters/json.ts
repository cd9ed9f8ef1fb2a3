import { jsonChunks } from '../util/json-chunks.js';
import { toStringReporter } from './render.js';
import type { ReportStream } from './types.js';

/** `trailguard/report@1`, exactly the report object, streamed finding by finding. */
export const jsonStream: ReportStream = function* (report) {
  yield* jsonChunks(report, { depth: 2 });
  yield '\n';
};

export const json = toStringReporter(jsonStream);
