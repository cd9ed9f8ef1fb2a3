/** Remediation: the pure planner, the executor, undo and the plan writers (DESIGN section 7). */
export {
  type ApplyOptions,
  type ApplyResult,
  applyFix,
  type StepOutcome,
  type StepStatus,
} from './executor.js';
export { type PlanInput, planFix } from './planner.js';
export { probeTargets } from './target-probe.js';
export type * from './types.js';
export { type UndoOptions, type UndoOutcome, type UndoResult, undoFix } from './undo.js';
export { readUndoFile, type UndoFile } from './undo-file.js';
export { isPlanFormat, type PlanFormat, planWriters } from './writers/index.js';
