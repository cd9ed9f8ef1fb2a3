/** The human plan: what will be fixed, how, and what is skipped and why. */

import { ruleCatalog } from '../../rules/index.js';
import { sanitizeLines } from '../../util/sanitize.js';
import { describeStep } from '../describe.js';
import type { FixPlan } from '../types.js';

export function writeText(plan: FixPlan): string {
  const lines: string[] = [];
  const creates = plan.targets.filter((t) => t.create).length;
  const refused = plan.skipped.filter((s) => s.refused).length;
  lines.push(
    `trailguard fix plan: ${plan.fixes.length} bucket(s) to fix, ${creates} target bucket(s) to create, ${plan.steps.length} API call(s); ${plan.skipped.length} skipped (${refused} refused)`,
  );
  if (plan.fixes.length > 0) {
    lines.push('', 'Fixes:');
    for (const fix of plan.fixes) {
      const how =
        fix.mode === 'grant-only'
          ? `grant log delivery on its current target ${fix.target} (prefix "${fix.targetPrefix}")`
          : `log to ${fix.target} prefix "${fix.targetPrefix}"`;
      const grant = fix.statementSid ? '' : ' (the target already grants delivery: statement reused)';
      lines.push(
        `  ${fix.bucket}${fix.account ? ` [${fix.account}]` : ''}: ${ruleCatalog.reasonText(fix.reason)} → ${how}${grant}`,
      );
      if (fix.note) lines.push(`      (${fix.note})`);
    }
  }
  if (plan.steps.length > 0) {
    lines.push('', 'API calls, in order:');
    plan.steps.forEach((step, i) => {
      lines.push(`  ${String(i + 1).padStart(3)}. ${describeStep(step)}`);
    });
  }
  if (plan.skipped.length > 0) {
    lines.push('', 'Skipped:');
    for (const s of plan.skipped) {
      lines.push(`  ${s.bucket} (${s.reason}): ${s.refused ? 'REFUSED: ' : ''}${s.message}`);
    }
  }
  lines.push(
    '',
    plan.steps.length > 0
      ? 'Nothing has been changed. Run again with --apply to apply, or --format cli|terraform|cloudformation for a patch.'
      : 'Nothing to do.',
  );
  // Bucket names and messages come from the input: control and bidi characters shown escaped.
  return sanitizeLines(`${lines.join('\n')}\n`);
}
