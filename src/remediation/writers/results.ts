/**
 * What `fix --apply` and `fix --undo` report: pure (result) => string, safe to display (every string that
 * comes from AWS or the undo file is sanitised; JSON is escaped like the reports).
 */
import { escapeJsonText, sanitizeLines, shellWord } from '../../util/sanitize.js';
import { describeStep } from '../describe.js';
import type { ApplyResult } from '../executor.js';
import type { FixPlan } from '../types.js';
import type { UndoResult } from '../undo.js';
import { writeText } from './text.js';

/** The plan shown before an apply asks (the text plan without its "nothing has been changed" hint). */
export function applyPlanText(plan: FixPlan): string {
  return writeText(plan).replace(/\nNothing has been changed\..*\n$/, '\n');
}

/**
 * One line per step and the summary, ending with the undo command. `hintFlags`: flags the undo needs that
 * the undo file does not record (where the credentials came from: `--profile`, `--endpoint-url`).
 */
export function applyResultText(result: ApplyResult, hintFlags: readonly string[] = []): string {
  const count = (status: string) => result.outcomes.filter((o) => o.status === status).length;
  const lines = result.outcomes.map(
    (o) =>
      `${String(o.index + 1).padStart(3)}. ${o.status.toUpperCase().padEnd(9)} ${describeStep(o.step)}${o.status === 'done' || o.status === 'not-run' ? '' : `\n       → ${o.detail}`}`,
  );
  lines.push(
    '',
    `${result.ok ? 'Applied' : 'STOPPED at the first failure'}: ${count('done')} done, ${count('unchanged')} already in place, ${count('failed')} failed, ${count('not-run')} not run.`,
    `Undo with: trailguard fix --undo ${[result.undoFile, ...hintFlags].map(shellWord).join(' ')}`,
  );
  return sanitizeLines(`${lines.join('\n')}\n`);
}

/** The undo's one-sentence outcome (also the `summary` of the JSON report). */
function undoSummary(result: UndoResult): string {
  const { file, force } = result.plan;
  const count = (status: string) => result.outcomes.filter((o) => o.status === status).length;
  if (result.outcomes.every((o) => o.status === 'nothing-to-do'))
    return `Nothing to undo: everything recorded in ${file} is already as before the apply.`;
  if (result.ok) return 'Undo complete.';
  return `Undo INCOMPLETE: ${count('skipped')} skipped (changed since the apply${force ? '' : '; --force restores them anyway'}), ${count('failed')} failed; see above.`;
}

/** One line per restored entry and the summary. */
export function undoResultText(result: UndoResult): string {
  const lines = result.outcomes.map(
    (o) => `${o.status.padEnd(13)} ${o.entry.kind.padEnd(14)} ${o.entry.bucket}: ${o.detail}`,
  );
  return sanitizeLines(`${lines.join('\n')}${lines.length ? '\n' : ''}${undoSummary(result)}\n`);
}

/** The file, the verdict, the restore plan, the outcomes and the AWS call count. */
export function undoResultJson(result: UndoResult): string {
  const json = {
    file: result.plan.file,
    ok: result.ok,
    summary: undoSummary(result),
    plan: result.plan.entries.map(({ entry, kind, action, detail }) => ({ entry, kind, action, detail })),
    outcomes: result.outcomes,
    calls: result.calls,
  };
  return `${escapeJsonText(JSON.stringify(json, null, 2))}\n`;
}
