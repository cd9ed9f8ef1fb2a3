import type { RuleMeta } from '../engine/types.js';

/** Renders a rule's documentation as Markdown (used by `explain` and docs/rules/<id>.md). */
export function renderRuleDoc(meta: RuleMeta): string {
  return `# ${meta.id}\n\n${meta.title}\n`;
}
