import { Option } from '@commander-js/extra-typings';
import { exitCodeFor, type FailOn } from '../../engine/exit-code.js';
import { UsageError } from '../../errors.js';
import type { FormatName } from '../../reporters/index.js';
import { summaryLine } from '../../reporters/text.js';
import { checkScanInputs, type ScanResult, scan } from '../../scan.js';
import { INPUT_TYPES } from '../../scan-options.js';
import { parseLimitFlags } from '../../sources/limits.js';
import { sanitize } from '../../util/sanitize.js';
import { addAwsOptions, awsOptionsFrom, stopProgress } from '../aws-options.js';
import { type CliIO, useColor } from '../io.js';
import { type Program, repeatable } from '../options.js';
import {
  addReportOptions,
  parseFormats,
  parseShow,
  type ReportFlags,
  selectionFrom,
  terminalWidth,
  writeReports,
} from '../output.js';
import { addTerraformVariableOptions, terraformOptionsFrom } from '../terraform-options.js';

export { INPUT_TYPES };

export function registerScan(program: Program, io: CliIO): void {
  const scanCommand = program
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
      repeatable,
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
      repeatable,
    )
    .option('--stdin-filename <name>', 'the file name findings give the input read from "-" (stdin)')
    .option('--no-inline-ignores', 'ignore trailguard:ignore comments and Metadata.trailguard.ignore in IaC')
    .option(
      '--baseline <report.json>',
      'an earlier trailguard JSON report: findings it already has do not fail the run; reports mark new vs existing',
    );
  const command = addAwsOptions(
    addReportOptions(
      addTerraformVariableOptions(scanCommand).option(
        '--send-to-security-hub',
        'also import the findings into AWS Security Hub (BatchImportFindings, ASFF; exit 3 if any fails)',
      ),
    ),
  );
  command.action(async (paths, flags) => {
    const formats = parseFormats(flags.format);
    parseShow(flags.show, flags.verbose); // a wrong --show is exit 2 before anything is scanned
    checkScanInputs({
      ...(flags.snapshot !== undefined ? { snapshot: flags.snapshot } : {}),
      paths,
      ...(flags.configAggregator !== undefined ? { configAggregator: flags.configAggregator } : {}),
      ...(flags.verifyLive ? { verifyLive: true } : {}),
    });
    const aggregator = flags.configAggregator;
    if (paths.includes('-') && io.stdinIsTTY)
      throw new UsageError('"-" reads the input from stdin, but stdin is a terminal: pipe a file in');
    const live = !flags.snapshot && paths.length === 0;
    // AWS flags are parsed (and validated) only for a live scan; progress is drawn on a terminal only.
    const aws = live ? awsOptionsFrom(flags, io) : undefined;
    // --send-to-security-hub after a file scan: the AWS flags say where to import (checked before scanning).
    const hubAws = !live && flags.sendToSecurityHub === true ? awsOptionsFrom(flags) : undefined;
    let result: ScanResult;
    try {
      result = await scan({
        ...(flags.snapshot !== undefined ? { snapshot: flags.snapshot } : {}),
        paths,
        ...(flags.inputType !== undefined ? { inputType: flags.inputType } : {}),
        limits: parseLimitFlags(flags.limit ?? []),
        terraform: terraformOptionsFrom(flags, io.env, io.cwd),
        skipPaths: flags.skipPath ?? [],
        inlineIgnores: flags.inlineIgnores,
        cwd: io.cwd,
        ...(flags.stdinFilename !== undefined ? { stdinName: flags.stdinFilename } : {}),
        ...(aws ? { aws } : {}),
        ...(aggregator !== undefined ? { configAggregator: aggregator } : {}),
        ...(flags.verifyLive ? { verifyLive: true } : {}),
        // Rules, suppressions and the baseline are read first, before any input (scan.ts prepareScan).
        ...selectionFrom(flags, io),
        ...(flags.baseline !== undefined ? { baselineFile: flags.baseline } : {}),
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

/** The end of every command that reports (scan, demo): warnings on stderr, the report(s), the exit code. */
export async function printResult(
  result: ScanResult,
  formats: FormatName[],
  flags: Pick<ReportFlags, 'output' | 'outputDir' | 'color' | 'quiet' | 'show' | 'verbose'> & {
    failOn: FailOn;
  },
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
      ...(flags.output !== undefined ? { output: flags.output } : {}),
      ...(flags.outputDir !== undefined ? { outputDir: flags.outputDir } : {}),
      color: useColor(io, flags.color),
      quiet: Boolean(flags.quiet),
      show: parseShow(flags.show, flags.verbose),
      width: terminalWidth(io),
    },
    io,
  );
  io.exitCode = exitCodeFor(result.report, flags.failOn);
  // Reports went to files: the CI log still gets one line saying what was found and where the report is.
  const written = flags.output ?? flags.outputDir;
  if (written !== undefined) {
    io.stderr(
      `trailguard: ${summaryLine(result.report)} (exit ${io.exitCode}; ${formats.join(', ')} in ${sanitize(written)})\n`,
    );
  }
}
