/**
 * Remediation, the library's one entry for `fix` (DESIGN section 7): the flows (scan and plan, edit IaC
 * files), the pure planner, the executor, undo, and the writers of plans and results.
 */
export { describeStep } from './describe.js';
export {
  type ApplyOptions,
  type ApplyResult,
  applyFix,
  assertApplicable,
  type StepOutcome,
  type StepStatus,
} from './executor.js';
export {
  type EditIacFixOptions,
  editIacFix,
  type FixInput,
  type IacFix,
  type PlannedFix,
  type ScanAndPlanFixOptions,
  scanAndPlanFix,
} from './flows.js';
export type { FileChange } from './iac-edit/index.js';
export { type PlanInput, planFix } from './planner.js';
export type * from './types.js';
export {
  type RestorePlan,
  restorePlanText,
  type UndoOptions,
  type UndoOutcome,
  type UndoResult,
  undoFix,
} from './undo.js';
export { assertUndoFileFree, type UndoFile } from './undo-file.js';
export { PLAN_FORMATS, type PlanFormat, planWriters } from './writers/index.js';
export {
  applyPlanText,
  applyResultText,
  undoResultJson,
  undoResultText,
} from './writers/results.js';
