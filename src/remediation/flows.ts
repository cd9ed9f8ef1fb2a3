/**
 * The `fix` flows as library functions (the CLI's `trailguard fix` is a thin layer over them):
 *
 * - `scanAndPlanFix`: scan an input like `scan()` does, read the settings of chosen log targets that a live
 *   scan did not read, and plan (the pure planner) — a `FixPlan` plus the scan's report;
 * - `editIacFix`: the plan as edits of the scanned Terraform / CloudFormation files (a diff), written in
 *   place with `write: true`;
 * - applying and undoing are the executor's `applyFix` and `undo.ts`'s `undoFix`.
 *
 * None of them prints, asks or exits: what the CLI shows comes back as values, warnings through
 * `onWarning`, and the environment (the undo key) only through an explicit `env` option.
 */
import { basename, isAbsolute, relative, resolve } from 'node:path';
import type { Report } from '../engine/types.js';
import { UsageError } from '../errors.js';
import { rules } from '../rules/index.js';
import { type ScanOptions, scan } from '../scan.js';
import { selectRuleIds } from '../scan-options.js';
import { diffOf, type FileChange, planIacEdits, writeIacEdits } from './iac-edit/index.js';
import { planFix } from './planner.js';
import { probeTargets } from './target-probe.js';
import type { FixOptions, FixPlan } from './types.js';

/** What `scanAndPlanFix` reads: the inputs of `scan()` that a fix can start from, and its suppressions. */
export type FixInput = Pick<
  ScanOptions,
  | 'inventory'
  | 'snapshot'
  | 'paths'
  | 'inputType'
  | 'terraform'
  | 'cwd'
  | 'aws'
  | 'suppressions'
  | 'suppressionsFile'
  | 'configFile'
>;

export interface ScanAndPlanFixOptions extends FixInput, Omit<FixOptions, 'declareIacTargets'> {
  /** Each scan warning (an expired suppression, a file that failed to parse), as soon as the scan is over. */
  onWarning?: (message: string) => void;
  /** Called when the scan is over (also when it failed), before target settings are read. */
  onScanEnd?: () => void;
}

export interface PlannedFix {
  plan: FixPlan;
  /** The scan the plan was made from (its findings, source and summary). */
  report: Report;
  warnings: string[];
  /** The input was Terraform / CloudFormation paths: `editIacFix` can write the plan into them. */
  iac: boolean;
}

function isIacSource(kind: string | undefined): boolean {
  return kind === 'terraform' || kind === 'cloudformation';
}

/**
 * Scan, then plan the fix of its NON_COMPLIANT buckets. `ruleIds` selects findings (every rule runs); an
 * unknown one is a UsageError before anything is read. On live AWS the settings of the chosen targets
 * that the scan did not read are read first (target-probe.ts), with the scan's AWS options; IaC paths
 * declare a new log bucket per configuration where a bucket has none (`FixOptions.declareIacTargets`).
 */
export async function scanAndPlanFix(options: ScanAndPlanFixOptions): Promise<PlannedFix> {
  const {
    onWarning,
    onScanEnd,
    ruleIds: ids,
    bucketGlobs,
    accounts,
    targetBucket,
    partitioned,
    ...input
  } = options;
  // Checked like scan's --rule, before anything is read.
  const ruleIds = selectRuleIds(rules, ids ? { ruleIds: ids } : {});
  let result: Awaited<ReturnType<typeof scan>>;
  try {
    result = await scan(input);
  } finally {
    onScanEnd?.();
  }
  for (const warning of result.warnings) onWarning?.(warning);
  const { report } = result;
  const iac = (input.paths?.length ?? 0) > 0 && isIacSource(report.source.kind);
  const fix: FixOptions = { partitioned: partitioned === true, ...(iac ? { declareIacTargets: true } : {}) };
  if (ruleIds) fix.ruleIds = ruleIds;
  if (bucketGlobs) fix.bucketGlobs = bucketGlobs;
  if (accounts) fix.accounts = accounts;
  if (targetBucket !== undefined) fix.targetBucket = targetBucket;
  // Live scans read target settings only for current targets: read those of the chosen targets too.
  const inventory =
    report.source.kind === 'aws'
      ? await probeTargets(report.findings, result.sourceResult.inventory, fix, input.aws ?? {})
      : result.sourceResult.inventory;
  const plan = planFix({ findings: report.findings, inventory, source: report.source }, fix);
  return { plan, report, warnings: result.warnings, iac };
}

export interface EditIacFixOptions {
  /** The Terraform / CloudFormation paths the plan was scanned from, as given (relative to `cwd`). */
  paths: string[];
  /** The working folder: what `paths` and the scan's file names are relative to. */
  cwd: string;
  /** Write the edits into the files (atomically, only inside the scanned folders); default: only compute them. */
  write?: boolean;
}

export interface IacFix {
  /** The file changes; file names relative to `cwd` (outside it: to the scanned folder that holds them). */
  changes: FileChange[];
  /** The changes as one unified diff ('' when there are none). */
  diff: string;
  /** Fixes that cannot be written safely: exactly what to change by hand. */
  manual: string[];
  /** Remarks about what was (or would be) written. */
  notes: string[];
  /** With `write`: the files written, on disk. */
  written: string[];
}

/**
 * The plan as edits of the scanned files (`trailguard fix PATH`), and with `write` the files edited in
 * place (`--write`). What cannot be written safely is in `manual`; the plan's skipped buckets stay in
 * `plan.skipped`. Throws UsageError for a plan that was not made from Terraform / CloudFormation.
 */
export async function editIacFix(plan: FixPlan, options: EditIacFixOptions): Promise<IacFix> {
  const { cwd } = options;
  const source = plan.source;
  if (!source || !isIacSource(source.kind)) {
    throw new UsageError(
      `--write edits Terraform and CloudFormation inputs; this input is ${source?.kind ?? 'unknown'} (use -f terraform|cloudformation|cli for a patch)`,
    );
  }
  const full = options.paths.map((p) => resolve(cwd, p));
  const edits = await planIacEdits(plan, source, full, cwd);
  // Scan paths given absolute (a single template) are shown relative to the working folder.
  const label = (file: string) => {
    if (!isAbsolute(file)) return file;
    const fromCwd = relative(cwd, file);
    if (!fromCwd.startsWith('..')) return fromCwd;
    // Outside the working folder: relative to the scanned folder that holds it.
    for (const p of full) {
      const fromBase = relative(p, file);
      if (!fromBase.startsWith('..') && !isAbsolute(fromBase)) return fromBase || basename(file);
    }
    return basename(file);
  };
  const changes = edits.changes.map((c) => ({ ...c, file: label(c.file) }));
  const written = options.write ? await writeIacEdits(edits.changes, full, cwd) : [];
  return { changes, diff: diffOf(changes), manual: edits.manual, notes: edits.notes, written };
}
