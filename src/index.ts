/**
 * trailguard's library API. The CLI is a thin layer over these: each command parses its flags into one
 * of these functions' option objects, calls it, writes the result and sets the exit code
 * (`scan`, `collect`, `demo`, `diffReportFiles`, the remediation flows; README "Library API").
 */

export { type CollectOptions, collect } from './collect.js';
export { type DemoOptions, type DemoResult, demo } from './demo.js';
export {
  applyBaseline,
  type BaselineState,
  type BaselineSummary,
  diffReports,
  parseReportFindings,
  type ReportDiff,
} from './engine/baseline.js';
export { RuleCatalog } from './engine/catalog.js';
export { DEFAULT_FAIL_ON, exitCodeFor, type FailOn } from './engine/exit-code.js';
export { runRules } from './engine/run.js';
export type * from './engine/types.js';
export { CredentialsError, InputError, TrailguardError, UsageError } from './errors.js';
export type * from './inventory/model.js';
export { type ErrorValue, errorValue, isErrorValue, type Read, type ReadError } from './inventory/read.js';
export { inventoryJsonSchema, parseInventory } from './inventory/schema.js';
export type {
  ApplyOptions,
  ApplyResult,
  EditIacFixOptions,
  FileChange,
  FixInput,
  FixOptions,
  FixPlan,
  IacFix,
  PlanInput,
  PlannedFix,
  RestorePlan,
  ScanAndPlanFixOptions,
  StepOutcome,
  StepStatus,
  UndoFile,
  UndoOptions,
  UndoOutcome,
  UndoResult,
} from './remediation/index.js';
export {
  applyFix,
  applyResultText,
  editIacFix,
  planFix,
  planWriters,
  scanAndPlanFix,
  undoFix,
  undoResultJson,
  undoResultText,
} from './remediation/index.js';
export { diffReportFiles, readReportFindings } from './report-file.js';
export { type FormatName, reporters } from './reporters/index.js';
export { ruleCatalog, rules } from './rules/index.js';
export {
  evaluate,
  loadSource,
  prepareScan,
  type ScanOptions,
  type ScanResult,
  scan,
  scanSuppressions,
} from './scan.js';
export { CONFIG_FILE, INPUT_TYPES, type RuleSelection, SEVERITIES, selectRuleIds } from './scan-options.js';
export {
  type ImportFailure,
  type ImportOptions,
  type ImportResult,
  importToSecurityHub,
} from './security-hub.js';
export type { AwsSourceResult } from './sources/aws/index.js';
export type { AwsOptions } from './sources/aws/options.js';
export { loadPaths } from './sources/index.js';
export { serializeInventory } from './sources/snapshot/write.js';
