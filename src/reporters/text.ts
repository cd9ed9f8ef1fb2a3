import type { Reporter } from './types.js';

export const text: Reporter = (report) =>
  report.findings.map((f) => `${f.status} ${f.reason} ${f.resource.name ?? f.resource.id}`).join('\n');
