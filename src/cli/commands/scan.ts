import { access } from 'node:fs/promises';
import { join } from 'node:path';
import { type Command, Option } from 'commander';
import { DEFAULT_FAIL_ON, exitCodeFor, FAIL_ON_VALUES, type FailOn } from '../../engine/exit-code.js';
import { loadSuppressions, type SuppressionRule } from '../../engine/suppressions.js';
import type { Severity } from '../../engine/types.js';
import { InputError, UsageError } from '../../errors.js';
import type { FormatName } from '../../reporters/index.js';
import { summaryLine } from '../../reporters/text.js';
import { type ScanResult, scan } from '../../scan.js';
import { parseLimitFlags } from '../../sources/limits.js';
import type { InputType } from '../../sources/types.js';
import { sanitize } from '../../util/sanitize.js';
import { addAwsOptions, awsOptionsFrom, stopProgress } from '../aws-options.js';
import { type CliIO, useColor } from '../io.js';
import { parseFormats, parseShow, terminalWidth, writeReports } from '../output.js';
import { addTerraformVariableOptions, terraformOptionsFrom } from '../terraform-options.js';

export const INPUT_TYPES: InputType[] = ['snapshot', 'terraform', 'terraform-plan', 'cloudformation', 'cdk'];
export const CONFIG_FILE = '.trailguard.yaml';

/** Flags shared by every command that prints a report (scan, demo). */
export function addReportOptions(command: Command): Command {
  return command
    .option('-f, --format <formats>', 'report format(s), comma-separated (see README)', 'text')
    .option('-o, --output <file>', 'write the report to a file instead of stdout')
    .option('--output-dir <dir>', 'write one file per format into this directory')
    .addOption(
      new Option(
        '--fail-on <level>',
        'exit 1 on unsuppressed findings of this status or worse: undetermined (default, fail-closed: NON_COMPLIANT and UNDETERMINED fail), non-compliant (only NON_COMPLIANT), none (never)',
      )
        .choices([...FAIL_ON_VALUES])
        .default(DEFAULT_FAIL_ON),
    )
    .option(
      '--suppressions <file>',
      `suppressions YAML file (default: ${CONFIG_FILE} in the working directory)`,
    )
    .option('--rule <ids>', 'only these rule ids (comma-separated)')
    .addOption(
      new Option('--min-severity <level>', 'only rules of this severity or higher').choices([...SEVERITIES]),
    )
    .option(
      '--show <statuses>',
      'text: also list these statuses finding by finding (compliant, not-applicable, all; failing ones always are)',
    )
    .option('-v, --verbose', 'text: list every finding (same as --show all)')
    .option('-q, --quiet', 'summary only (text), no progress')
    .option('--no-color', 'no ANSI colour even on a terminal');
}

/** Suppressions from --suppressions, else from .trailguard.yaml in the working directory when present. */
export async function suppressionsFrom(
  flags: Record<string, unknown>,
  io: CliIO,
): Promise<SuppressionRule[]> {
  if (typeof flags.suppressions === 'string') return loadSuppressions(flags.suppressions);
  const config = join(io.cwd, CONFIG_FILE);
  try {
    await access(config);
  } catch {
    return [];
  }
  // Named as the user knows it (messages and `suppressed.source`), read from the working directory.
  return loadSuppressions(config, CONFIG_FILE);
}

export function ruleIdsFrom(flags: Record<string, unknown>, known: readonly string[]): string[] | undefined {
  if (typeof flags.rule !== 'string') return undefined;
  const ids = flags.rule.split(',').map((s) => s.trim());
  for (const id of ids) {
    if (!known.includes(id))
      throw new UsageError(`unknown rule "${id}" (run \`trailguard rules\` to list them)`);
  }
  return ids;
}

const SEVERITIES: readonly Severity[] = ['info', 'low', 'medium', 'high', 'critical'];

/**
 * The rules to run: --rule, narrowed by --min-severity. A finding's severity is its rule's, so the
 * threshold selects rules: everything a kept rule reports (UNDETERMINED included) stays in the report.
 * A threshold that keeps no rule is a usage error, not an empty passing scan.
 */
export function selectedRuleIds(
  flags: Record<string, unknown>,
  rules: readonly { meta: { id: string; severity: Severity } }[],
): string[] | undefined {
  const ids = ruleIdsFrom(
    flags,
    rules.map((r) => r.meta.id),
  );
  if (typeof flags.minSeverity !== 'string') return ids;
  const floor = SEVERITIES.indexOf(flags.minSeverity as Severity);
  const candidates = rules.filter((r) => !ids || ids.includes(r.meta.id));
  const kept = candidates.filter((r) => SEVERITIES.indexOf(r.meta.severity) >= floor).map((r) => r.meta.id);
  if (kept.length === 0) {
    const known = candidates.map((r) => `${r.meta.id} is ${r.meta.severity}`).join(', ');
    throw new UsageError(`no rule is at or above --min-severity ${flags.minSeverity} (${known})`);
  }
  return kept;
}

export function registerScan(program: Command, io: CliIO): void {
  const command = program
    .command('scan')
    .description('scan live AWS (default), a snapshot, Terraform, a plan JSON, CloudFormation or cdk.out')
    .argument(
      '[paths...]',
      'a repository or any folder (every Terraform, plan JSON, template and cdk.out below it), files, or - (stdin)',
    )
    .option(
      '--snapshot <files...>',
      'evaluate a trailguard/inventory@1 snapshot (from `trailguard collect`); several: the shards of collect --shard, merged',
    )
    .addOption(new Option('--input-type <type>', 'force the kind of every path').choices(INPUT_TYPES))
    .option(
      '--limit <name=n>',
      'raise or lower a resource budget for file inputs (repeatable; see README "Limits")',
      (value: string, previous: string[] = []) => [...previous, value],
    )
    .option(
      '--config-aggregator <name>',
      'read the organization from this AWS Config aggregator (SelectAggregateResourceConfig) instead of every account',
    )
    .option(
      '--verify-live',
      'with --config-aggregator: re-read failing and undetermined buckets directly before reporting',
    )
    .option(
      '--skip-path <glob>',
      'do not read files or folders matching this glob when walking a directory (repeatable)',
      (value: string, previous: string[] = []) => [...previous, value],
    )
    .option('--stdin-filename <name>', 'the file name findings give the input read from "-" (stdin)')
    .option('--no-inline-ignores', 'ignore trailguard:ignore comments and Metadata.trailguard.ignore in IaC')
    .option(
      '--baseline <report.json>',
      'an earlier trailguard JSON report: findings it already has do not fail the run; reports mark new vs existing',
    );
  addTerraformVariableOptions(command);
  command.option(
    '--send-to-security-hub',
    'also import the findings into AWS Security Hub (BatchImportFindings, ASFF; exit 3 if any fails)',
  );
  addReportOptions(command);
  addAwsOptions(command);
  command.action(async (paths: string[], flags: Record<string, unknown>) => {
    const formats = parseFormats(flags.format as string);
    parseShow(flags.show, flags.verbose); // a wrong --show is exit 2 before anything is scanned
    if (flags.snapshot && paths.length > 0) throw new UsageError('give either --snapshot or paths, not both');
    // --snapshot takes several files (shards to merge); a folder or another file after it was meant as a path.
    const snapshots = (flags.snapshot as string[] | undefined) ?? [];
    if (snapshots.slice(1).some((f) => !/\.json$/i.test(f)))
      throw new UsageError(
        'give either --snapshot or paths, not both (several --snapshot files are .json snapshots)',
      );
    const aggregator = flags.configAggregator as string | undefined;
    if (aggregator !== undefined && (flags.snapshot || paths.length > 0))
      throw new UsageError('--config-aggregator reads AWS: give no --snapshot or paths with it');
    if (flags.verifyLive && aggregator === undefined)
      throw new UsageError('--verify-live needs --config-aggregator');
    if (paths.includes('-') && io.stdinIsTTY)
      throw new UsageError('"-" reads the input from stdin, but stdin is a terminal: pipe a file in');
    const { rules } = await import('../../rules/index.js');
    const ruleIds = selectedRuleIds(flags, rules);
    const suppressions = await suppressionsFrom(flags, io);
    const baseline =
      typeof flags.baseline === 'string'
        ? {
            file: flags.baseline,
            findings: await readReportFindings(flags.baseline),
            failOn: flags.failOn as FailOn,
          }
        : undefined;
    const live = !flags.snapshot && paths.length === 0;
    // AWS flags are parsed (and validated) only for a live scan; progress is drawn on a terminal only.
    const aws = live ? awsOptionsFrom(flags, io) : undefined;
    // --send-to-security-hub after a file scan: the AWS flags say where to import (checked before scanning).
    const hubAws = !live && flags.sendToSecurityHub === true ? awsOptionsFrom(flags) : undefined;
    let result: Awaited<ReturnType<typeof scan>>;
    try {
      result = await scan({
        snapshot: flags.snapshot as string[] | undefined,
        paths,
        inputType: flags.inputType as InputType | undefined,
        limits: parseLimitFlags((flags.limit as string[] | undefined) ?? []),
        terraform: terraformOptionsFrom(flags, io.env, io.cwd),
        skipPaths: (flags.skipPath as string[] | undefined) ?? [],
        inlineIgnores: flags.inlineIgnores !== false,
        cwd: io.cwd,
        ...(typeof flags.stdinFilename === 'string' ? { stdinName: flags.stdinFilename } : {}),
        aws,
        ...(aggregator !== undefined ? { configAggregator: aggregator } : {}),
        ...(flags.verifyLive ? { verifyLive: true } : {}),
        suppressions,
        ruleIds,
        ...(baseline ? { baseline } : {}),
      });
    } finally {
      if (aws) stopProgress(aws);
    }
    await printResult(result, formats, flags, io);
    if (flags.sendToSecurityHub === true) {
      const { sendToSecurityHub } = await import('../security-hub.js');
      await sendToSecurityHub(result.report, aws ?? hubAws ?? awsOptionsFrom(flags), io);
    }
  });
}

/** The findings of a trailguard JSON report (`--baseline`, `diff`), read within the largest JSON text Node can hold. */
export async function readReportFindings(file: string) {
  const { readFileBounded } = await import('../../sources/files.js');
  const { parseReportFindings } = await import('../../engine/baseline.js');
  const read = await readFileBounded(file, 512 * 1024 * 1024);
  if (read.kind === 'text') return parseReportFindings(read.text, file);
  const why =
    read.kind === 'error'
      ? read.error.code === 'ENOENT'
        ? 'no such file'
        : `cannot read (${read.error.code ?? 'error'})`
      : read.kind === 'too-large'
        ? 'larger than 512 MiB of JSON'
        : 'not a regular file';
  throw new InputError(`${file}: ${why}`);
}

/** The end of every command that reports (scan, demo): warnings on stderr, the report(s), the exit code. */
export async function printResult(
  result: ScanResult,
  formats: FormatName[],
  flags: Record<string, unknown>,
  io: CliIO,
): Promise<void> {
  for (const warning of result.warnings) io.stderr(`trailguard: warning: ${sanitize(warning)}\n`);
  const leftOut = formats.includes('asff')
    ? (await import('../../reporters/asff.js')).asffLeftOut(result.report)
    : 0;
  if (leftOut > 0) {
    io.stderr(
      `trailguard: warning: ASFF: ${leftOut} of ${result.report.findings.length} findings name no AWS account (IaC files) and are not in the ASFF report (Security Hub needs an AwsAccountId)\n`,
    );
  }
  await writeReports(
    result.report,
    {
      formats,
      output: flags.output as string | undefined,
      outputDir: flags.outputDir as string | undefined,
      color: useColor(io, flags.color as boolean),
      quiet: Boolean(flags.quiet),
      show: parseShow(flags.show, flags.verbose),
      width: terminalWidth(io),
    },
    io,
  );
  io.exitCode = exitCodeFor(result.report, flags.failOn as FailOn);
  // Reports went to files: the CI log still gets one line saying what was found and where the report is.
  const written = (flags.output ?? flags.outputDir) as string | undefined;
  if (written !== undefined) {
    io.stderr(
      `trailguard: ${summaryLine(result.report)} (exit ${io.exitCode}; ${formats.join(', ')} in ${sanitize(written)})\n`,
    );
  }
}
