import type { FixPlan } from '../types.js';

/** The plan data itself (`trailguard/fix-plan@1`). */
export function writeJson(plan: FixPlan): string {
  return `${JSON.stringify(plan, null, 2)}\n`;
}
