import type { Reporter } from './types.js';

/** `trailguard/report@1`, exactly the report object. */
export const json: Reporter = (report) => `${JSON.stringify(report, null, 2)}\n`;
