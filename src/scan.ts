/**
 * The library's scan entry point: source → Inventory → rules → suppressions → Report.
 * Everything after the source is pure; `now` is passed in so suppression expiry is testable.
 * `trailguard scan` is this function plus flag parsing and report writing (src/cli/commands/scan.ts).
 */
import { access } from 'node:fs/promises';
import { join } from 'node:path';

import { applyBaseline, type ComparableFinding } from './engine/baseline.js';
import { DEFAULT_FAIL_ON, type FailOn } from './engine/exit-code.js';
import { asSuppression, ignoreSource } from './engine/inline-ignores.js';
import { buildReport } from './engine/report.js';
import { runRules } from './engine/run.js';
import { applySuppressions, type SuppressionRule } from './engine/suppressions.js';
import type { Report, ReportSource, Rule, Severity } from './engine/types.js';
import { InputError, UsageError } from './errors.js';
import type { Inventory } from './inventory/model.js';
import { rules as allRules, ruleCatalog } from './rules/index.js';
import { CONFIG_FILE, selectRuleIds } from './scan-options.js';
import type { AwsOptions } from './sources/aws/options.js';
import { inputsReadOf, nothingReadReason } from './sources/inputs-read.js';
import { type InputLimits, resolveLimits } from './sources/limits.js';
import type { TerraformOptions } from './sources/terraform/index.js';
import type { InputType, SourceResult } from './sources/types.js';
import { readSuppressionsFile } from './suppressions-file.js';

export interface ScanOptions {
  /** An inventory already in memory. */
  inventory?: Inventory;
  /**
   * A `trailguard/inventory@1` snapshot file, or several (the shards of `collect --shard K/N`),
   * merged into one inventory (sources/snapshot/merge-shards.ts).
   */
  snapshot?: string | string[];
  /** IaC or snapshot paths (kind detected unless `inputType`). */
  paths?: string[];
  inputType?: InputType;
  /** Raised or lowered resource budgets for file inputs (`--limit`); defaults in `sources/limits.ts`. */
  limits?: Partial<InputLimits>;
  /** Terraform `--var-file` / `--var` values (in command-line order) and `TF_DATA_DIR`. */
  terraform?: TerraformOptions;
  /** `--skip-path` globs for directory walks (README "Scanning a repository"). */
  skipPaths?: string[];
  /** File names in findings are relative to this folder (default: the process's working directory). */
  cwd?: string;
  /** What a path `-` reads (default: process.stdin), and the name its findings give it (`<stdin>`). */
  stdin?: AsyncIterable<Buffer | string>;
  stdinName?: string;
  /** Live AWS (used when no inventory, snapshot or paths are given). */
  aws?: AwsOptions;
  /** Read the organization from this AWS Config aggregator instead of every account's APIs (with `aws`). */
  configAggregator?: string;
  /** Aggregator scans: re-read NON_COMPLIANT and UNDETERMINED buckets directly before reporting. */
  verifyLive?: boolean;
  suppressions?: SuppressionRule[];
  /** Apply the inline ignores of the IaC read (default true; `--no-inline-ignores` turns them off). */
  inlineIgnores?: boolean;
  /** Read more suppressions from this YAML file (`--suppressions`), after `suppressions`. */
  suppressionsFile?: string;
  /** Without `suppressionsFile`: read `.trailguard.yaml` in `cwd` when it exists (the CLI's default). */
  configFile?: boolean;
  /** `--baseline`: the findings of an earlier JSON report (`parseReportFindings`) and its name. */
  baseline?: { file: string; findings: ComparableFinding[]; failOn?: FailOn };
  /** `--baseline FILE`: read the earlier report from this file (`baseline` with `failOn`). */
  baselineFile?: string;
  /** What fails the run (`--fail-on`, default undetermined): marks the baseline's failing findings. */
  failOn?: FailOn;
  /** Only these rule ids (an unknown id is a UsageError). */
  ruleIds?: string[];
  /** Only rules of this severity or higher (`--min-severity`); none left is a UsageError. */
  minSeverity?: Severity;
  now?: Date;
}

export interface ScanResult {
  report: Report;
  /** Expired suppressions and files that failed to parse: one line each, for stderr. */
  warnings: string[];
  sourceResult: SourceResult;
}

export async function loadSource(options: ScanOptions): Promise<SourceResult> {
  if (options.inventory) {
    return {
      inventory: options.inventory,
      source: { kind: 'snapshot', collectedAt: options.inventory.collectedAt },
    };
  }
  // Each source is imported when used: a snapshot or IaC scan never loads the AWS SDK, and a live
  // scan never loads the IaC parsers (start-up cost: docs/notes/performance.md).
  if (options.snapshot !== undefined && options.snapshot.length > 0)
    return loadSnapshots(options.snapshot, options.limits);
  if (options.paths && options.paths.length > 0) return loadFiles(options.paths, options);
  if (options.configAggregator) {
    const { collectFromAggregator } = await import('./sources/config-aggregator/index.js');
    return collectFromAggregator({ ...options.aws, aggregator: options.configAggregator });
  }
  const { collectAws } = await import('./sources/aws/index.js');
  return collectAws(options.aws ?? {});
}

async function loadSnapshots(
  snapshot: string | string[],
  limits: ScanOptions['limits'],
): Promise<SourceResult> {
  const { readSnapshot } = await import('./sources/snapshot/read.js');
  const files = typeof snapshot === 'string' ? [snapshot] : snapshot;
  const resolved = resolveLimits(limits);
  const parts: SourceResult[] = [];
  for (const file of files) parts.push(await readSnapshot(file, resolved));
  // One shard alone is not the organization: the merge's checks say which shards are missing.
  if (parts.length === 1 && !parts[0]?.inventory.shard) return parts[0] as SourceResult;
  const { mergeSnapshotResults } = await import('./sources/snapshot/merge-shards.js');
  return mergeSnapshotResults(files, parts);
}

async function loadFiles(paths: string[], options: ScanOptions): Promise<SourceResult> {
  const { loadPaths } = await import('./sources/index.js');
  return loadPaths(paths, options.inputType, options.limits, options.terraform, {
    ...(options.cwd !== undefined ? { cwd: options.cwd } : {}),
    ...(options.skipPaths ? { skipPaths: options.skipPaths } : {}),
    ...(options.stdin ? { stdin: options.stdin } : {}),
    ...(options.stdinName !== undefined ? { stdinName: options.stdinName } : {}),
  });
}

/** Pure: evaluates an inventory already loaded. */
export function evaluate(
  sourceResult: SourceResult,
  options: Pick<ScanOptions, 'suppressions' | 'ruleIds' | 'now' | 'inlineIgnores' | 'baseline'> = {},
): ScanResult {
  const selected: readonly Rule[] = options.ruleIds
    ? allRules.filter((rule) => options.ruleIds?.includes(rule.meta.id))
    : allRules;
  const findings = runRules(sourceResult.inventory, selected);
  // Inline ignores (trailguard:ignore comments, Metadata.trailguard.ignore) apply like suppressions;
  // one that cannot apply (no reason, a bad date) is said on stderr and not applied.
  const inline = options.inlineIgnores === false ? [] : (sourceResult.inlineIgnores ?? []);
  const inlineWarnings = inline
    .filter((ignore) => ignore.problem)
    .map((ignore) => `inline ignore ${ignoreSource(ignore)}: ${ignore.problem}; it is not applied`);
  const { findings: marked, warnings } = applySuppressions(
    findings,
    [...(options.suppressions ?? []), ...inline.filter((ignore) => !ignore.problem).map(asSuppression)],
    options.now ?? new Date(),
    { ranRules: selected.map((rule) => rule.meta.id), knownRules: allRules.map((rule) => rule.meta.id) },
  );
  const source: ReportSource = { ...sourceResult.source };
  const { baseline } = options;
  const compared = baseline
    ? applyBaseline(marked, baseline.findings, baseline.file, baseline.failOn ?? 'undetermined', ruleCatalog)
    : undefined;
  const report = buildReport(
    source,
    compared?.findings ?? marked,
    sourceResult.inventory.errors,
    ruleCatalog,
  );
  if (compared) report.baseline = compared.summary;
  const fileWarnings = (sourceResult.failedFiles ?? []).map(
    (f) => `${f.file}${f.line ? `:${f.line}` : ''}: ${f.message}`,
  );
  return { report, warnings: [...fileWarnings, ...inlineWarnings, ...warnings], sourceResult };
}

/**
 * The suppressions a scan applies: `suppressions`, then those of `suppressionsFile`, or (with
 * `configFile`) of `.trailguard.yaml` in `cwd` when it exists, named as the user knows it.
 */
export async function scanSuppressions(
  options: Pick<ScanOptions, 'suppressions' | 'suppressionsFile' | 'configFile' | 'cwd'>,
): Promise<SuppressionRule[]> {
  const given = options.suppressions ?? [];
  if (options.suppressionsFile !== undefined)
    return [...given, ...(await readSuppressionsFile(options.suppressionsFile))];
  if (!options.configFile) return given;
  const config = join(options.cwd ?? process.cwd(), CONFIG_FILE);
  try {
    await access(config);
  } catch {
    return given;
  }
  return [...given, ...(await readSuppressionsFile(config, CONFIG_FILE))];
}

/**
 * Refuses inputs that contradict each other instead of picking one by precedence: `--snapshot` with
 * paths, `--config-aggregator` with either, `--verify-live` without an aggregator, an inventory with
 * anything else to read. One UsageError, checked before anything is read (`scan()` calls it; the CLI
 * calls it where it checks its flags, so the first wrong flag is the one reported).
 */
export function checkScanInputs(
  options: Pick<ScanOptions, 'inventory' | 'snapshot' | 'paths' | 'configAggregator' | 'verifyLive'>,
): void {
  const snapshots = typeof options.snapshot === 'string' ? [options.snapshot] : (options.snapshot ?? []);
  const paths = options.paths ?? [];
  if (snapshots.length > 0 && paths.length > 0)
    throw new UsageError('give either --snapshot or paths, not both');
  // --snapshot takes several files (shards to merge); a folder or another file after it was meant as a path.
  if (snapshots.slice(1).some((f) => !/\.json$/i.test(f)))
    throw new UsageError(
      'give either --snapshot or paths, not both (several --snapshot files are .json snapshots)',
    );
  if (options.configAggregator !== undefined && (snapshots.length > 0 || paths.length > 0))
    throw new UsageError('--config-aggregator reads AWS: give no --snapshot or paths with it');
  if (options.verifyLive && options.configAggregator === undefined)
    throw new UsageError('--verify-live needs --config-aggregator');
  if (
    options.inventory &&
    (snapshots.length > 0 || paths.length > 0 || options.configAggregator !== undefined)
  )
    throw new UsageError(
      'give either an inventory or inputs to read (snapshot, paths, aggregator), not both',
    );
}

/**
 * Resolves what a scan reads besides its input, before reading the input: the rule selection
 * (`ruleIds`, `minSeverity`), the suppressions (`scanSuppressions`) and the baseline (`baselineFile`),
 * in that order. A bad one throws (UsageError / InputError) before any input is read or AWS called.
 * `scan()` does this itself; `demo()` does it before it starts the emulator.
 */
export async function prepareScan(options: ScanOptions): Promise<ScanOptions> {
  checkScanInputs(options);
  const ruleIds = selectRuleIds(allRules, {
    ...(options.ruleIds ? { ruleIds: options.ruleIds } : {}),
    ...(options.minSeverity !== undefined ? { minSeverity: options.minSeverity } : {}),
  });
  const suppressions = await scanSuppressions(options);
  let { baseline } = options;
  if (options.baselineFile !== undefined) {
    const { readReportFindings } = await import('./report-file.js');
    const file = options.baselineFile;
    baseline = { file, findings: await readReportFindings(file), failOn: options.failOn ?? DEFAULT_FAIL_ON };
  }
  const {
    ruleIds: _ids,
    minSeverity: _floor,
    suppressionsFile: _file,
    configFile: _config,
    baselineFile: _baseline,
    ...rest
  } = options;
  return { ...rest, ...(ruleIds ? { ruleIds } : {}), suppressions, ...(baseline ? { baseline } : {}) };
}

/**
 * Loads, checks that something was read, and evaluates. A scan that read nothing at all (no account
 * scanned, no file parsed, a forced input type that matches nothing: see `sources/inputs-read.ts`)
 * throws InputError (exit 2, one line) instead of returning a report that a CI gate could pass on.
 */
export async function scan(scanOptions: ScanOptions): Promise<ScanResult> {
  const options = await prepareScan(scanOptions);
  const sourceResult = await loadSource(options);
  if (!options.inventory && inputsReadOf(sourceResult) === 0) {
    throw new InputError(nothingReadReason(sourceResult));
  }
  const result = evaluate(sourceResult, options);
  if (!options.verifyLive) return result;
  const { bucketsToVerify, verifyLive } = await import('./sources/config-aggregator/verify-live.js');
  const names = bucketsToVerify(result.report.findings);
  const stats = await verifyLive(sourceResult.inventory, names, options.aws ?? {});
  const verified = evaluate(sourceResult, options);
  verified.report.source.verifiedLive = stats.verified;
  return verified;
}
