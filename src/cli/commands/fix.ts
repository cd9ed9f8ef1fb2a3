/**
 * `trailguard fix`: scan, then print a remediation plan (default), write it as a CLI / Terraform /
 * CloudFormation patch, apply it (`--apply`, confirmed), or undo an apply (`--undo FILE`).
 */

import { Option } from '@commander-js/extra-typings';
import type { AwsOptions } from '../../aws/options.js';
import { UsageError } from '../../errors.js';
import {
  applyFix,
  applyPlanText,
  applyResultText,
  assertApplicable,
  assertUndoFileFree,
  describeStep,
  type FixPlan,
  PLAN_FORMATS,
  type PlanFormat,
  planWriters,
  restorePlanText,
  scanAndPlanFix,
  undoFix,
  undoResultJson,
  undoResultText,
} from '../../remediation/index.js';
import { INPUT_TYPES } from '../../scan-options.js';
import { sanitize, sanitizeLines } from '../../util/sanitize.js';
import { type AwsFlags, addAwsOptions, awsOptionsFrom, stopProgress } from '../aws-options.js';
import type { CliIO } from '../io.js';
import { type GroupFlags, optionGroup, type Program } from '../options.js';
import { ruleList, writeAtomic } from '../output.js';
import { addTerraformVariableOptions, terraformOptionsFrom } from '../terraform-options.js';
import { runIacFix } from './fix-iac.js';

const REGION = /^[a-z]{2}(-[a-z]+)+-\d+$/;
// Bucket naming rules (S3 User Guide, "General purpose bucket naming rules"): 3–63 of [a-z0-9.-], alphanumeric ends.
const BUCKET = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;

/** `NAME` or `REGION=NAME,REGION=NAME`. */
export function parseTargetBucket(value: string): string | Record<string, string> {
  if (!value.includes('=')) {
    if (!BUCKET.test(value)) throw new UsageError(`--target-bucket: "${value}" is not a valid bucket name`);
    return value;
  }
  const map: Record<string, string> = {};
  for (const pair of value.split(',').map((s) => s.trim())) {
    const [region, name, ...rest] = pair.split('=');
    if (!region || !name || rest.length > 0 || !REGION.test(region) || !BUCKET.test(name)) {
      throw new UsageError(`--target-bucket: "${pair}" is not REGION=BUCKET`);
    }
    map[region] = name;
  }
  return map;
}

function list(value: string | undefined): string[] | undefined {
  if (value === undefined) return undefined;
  return value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

/** fix's own flags (typed options: ../options.ts); the Terraform variable and AWS groups follow them in --help. */
const addFixOptions = optionGroup((command) =>
  command
    .option('--snapshot <file>', 'plan from a trailguard/inventory@1 snapshot (planning only)')
    .addOption(new Option('--input-type <type>', 'force the kind of every path').choices(INPUT_TYPES))
    .addOption(
      new Option('-f, --format <format>', 'plan output format').choices(PLAN_FORMATS).default('text'),
    )
    .option('-o, --output <file>', 'write the plan (or the apply report) to a file')
    .option('--rule <ids>', 'only findings of these rule ids (comma-separated)')
    .option('--bucket <globs>', 'only source buckets matching these globs (comma-separated)')
    .option('--account <ids>', 'only source buckets owned by these accounts (comma-separated)')
    .option(
      '--target-bucket <name>',
      'log target: NAME, or REGION=NAME[,REGION=NAME…] (default <account>-<region>-s3-access-logs)',
    )
    .option('--partitioned', 'date-partitioned log keys (PartitionedPrefix, EventTime)')
    .option('--suppressions <file>', 'suppressions YAML file (suppressed findings are not fixed)')
    .option('--apply', 'apply the plan (asks for confirmation on a terminal)')
    .option('--yes', 'do not ask: apply / undo without confirmation (automation)')
    .option('--undo-file <file>', 'where --apply writes its undo file (default: trailguard-undo-<time>.json)')
    .option('--undo <file>', 'restore what an apply changed, from its undo file')
    .option(
      '--force',
      'with --undo: also restore what changed since the apply (other logging, edited statements)',
    )
    .option(
      '--write',
      'IaC paths: edit the Terraform / CloudFormation files in place (default: print a diff)',
    )
    .option('-q, --quiet', 'no progress'),
);

type FixFlags = GroupFlags<typeof addFixOptions> & AwsFlags;

export function registerFix(program: Program, io: CliIO): void {
  const command = addAwsOptions(
    addTerraformVariableOptions(
      addFixOptions(
        program
          .command('fix')
          .description(
            'plan (default), apply or undo the fix of non-compliant buckets; or write it as a CLI/IaC patch',
          )
          .argument('[paths...]', 'Terraform / CloudFormation inputs (plan and patches only)'),
      ),
    ),
  );
  command.action(async (paths, flags) => {
    const { format } = flags;
    // Flags are checked before any AWS call.
    const targetBucket = flags.targetBucket !== undefined ? parseTargetBucket(flags.targetBucket) : undefined;
    const apply = flags.apply === true;
    const undo = flags.undo;
    checkModes(paths, flags, io.stdinIsTTY);
    const aws = awsOptionsFrom(flags, io);

    if (flags.force === true && !undo) throw new UsageError('--force is for --undo');
    if (undo) {
      if (format !== 'text' && format !== 'json') throw new UsageError('--undo reports as text or json');
      await runUndo(undo, flags, aws, io);
      return;
    }
    // An existing undo file is refused before the scan: nothing is read or changed.
    const undoFile = apply ? undoFileFrom(flags) : undefined;
    if (undoFile) await assertUndoFileFree(undoFile);

    const { plan, iac } = await scanAndPlanFix({
      snapshot: flags.snapshot,
      paths,
      inputType: flags.inputType,
      terraform: terraformOptionsFrom(flags, io.env, io.cwd),
      cwd: io.cwd,
      aws,
      suppressionsFile: flags.suppressions,
      configFile: true,
      partitioned: flags.partitioned === true,
      ruleIds: flags.rule !== undefined ? ruleList(flags.rule) : undefined,
      bucketGlobs: list(flags.bucket),
      accounts: list(flags.account),
      targetBucket,
      onScanEnd: () => stopProgress(aws),
      onWarning: (warning) => io.stderr(`trailguard: warning: ${sanitize(warning)}\n`),
    });

    // IaC paths without -f: the change as a diff of the files (or written, with --write).
    const formatGiven = command.getOptionValueSource('format') === 'cli';
    if (!apply && (flags.write === true || (iac && !formatGiven))) {
      await runIacFix(plan, paths, flags.write === true, io);
      return;
    }
    if (undoFile === undefined) {
      await emit(planWriters[format](plan), flags, io);
      return;
    }
    await runApply(plan, format, flags, aws, io, undoFile);
  });
}

/** The combinations of plan / apply / undo / --write and inputs that cannot work (exit 2, before any read). */
function checkModes(paths: readonly string[], flags: FixFlags, stdinIsTTY: boolean): void {
  const apply = flags.apply === true;
  const undo = flags.undo;
  if (apply && undo) throw new UsageError('use either --apply or --undo, not both');
  if ((apply || undo) && flags.yes !== true && !stdinIsTTY) {
    throw new UsageError(
      `${apply ? '--apply' : '--undo'} needs --yes when stdin is not a terminal (nothing to confirm with)`,
    );
  }
  if ((apply || undo) && (flags.snapshot || paths.length > 0)) {
    throw new UsageError(
      `${apply ? '--apply' : '--undo'} works on live AWS only; --snapshot and paths are for planning`,
    );
  }
  if (flags.snapshot && paths.length > 0) throw new UsageError('give either --snapshot or paths, not both');
  if (flags.write === true && (apply || undo || paths.length === 0 || flags.format !== 'text'))
    throw new UsageError(
      '--write edits the Terraform / CloudFormation files given as paths; not with --apply, --undo or -f',
    );
}

function undoFileFrom(flags: FixFlags): string {
  return flags.undoFile ?? `trailguard-undo-${new Date().toISOString().replace(/[:.]/g, '-')}.json`;
}

/** Verifies the file (no AWS call), shows the restore plan, asks (or prints it under --yes), restores. */
async function runUndo(file: string, flags: FixFlags, aws: AwsOptions, io: CliIO): Promise<void> {
  const result = await undoFix(file, {
    aws,
    force: flags.force === true,
    // The undo key is looked up here (after the file is read: a missing file says so first).
    env: io.env,
    confirm: async (plan) => {
      io.stderr(sanitizeLines(restorePlanText(plan)));
      if (flags.yes === true) return true;
      const writes = plan.entries.filter((p) => p.kind === 'write').length;
      return confirm(
        io,
        `Restore everything recorded in ${sanitize(file)} as planned above (${writes} change(s))?`,
      );
    },
    onEntry: (o) => {
      if (flags.quiet) return;
      io.stderr(
        sanitizeLines(`trailguard: undo ${o.entry.kind} ${o.entry.bucket}: ${o.status}: ${o.detail}\n`),
      );
    },
  });
  if (result.cancelled) {
    io.stderr('trailguard: undo cancelled, nothing changed\n');
    io.exitCode = 1;
    return;
  }
  await emit(flags.format === 'json' ? undoResultJson(result) : undoResultText(result), flags, io);
  io.exitCode = result.ok ? 0 : 1;
}

async function runApply(
  plan: FixPlan,
  format: PlanFormat,
  flags: FixFlags,
  aws: AwsOptions,
  io: CliIO,
  undoFile: string,
): Promise<void> {
  if (format !== 'text' && format !== 'json') throw new UsageError('--apply reports as text or json');
  assertApplicable(plan);
  io.stderr(applyPlanText(plan));
  if (plan.steps.length === 0) {
    await emit(
      format === 'json' ? JSON.stringify({ plan, result: null }, null, 2) : 'Nothing to do.\n',
      flags,
      io,
    );
    return;
  }
  if (flags.yes !== true && !(await confirm(io, `Apply ${plan.steps.length} change(s)?`))) {
    io.stderr('trailguard: nothing applied\n');
    io.exitCode = 1;
    return;
  }
  io.stderr(`trailguard: undo file: ${sanitize(undoFile)}\n`);
  const result = await applyFix(plan, {
    aws,
    undoFile,
    env: io.env,
    onStep: (o) => {
      if (!flags.quiet)
        io.stderr(
          `trailguard: [${o.index + 1}/${plan.steps.length}] ${o.status}: ${sanitize(describeStep(o.step))}\n`,
        );
    },
  });
  // The undo file carries roles, external id, partition and Region; the credentials' origin it does not.
  const hintFlags = [
    ...(flags.profile !== undefined ? ['--profile', flags.profile] : []),
    ...(flags.endpointUrl !== undefined ? ['--endpoint-url', flags.endpointUrl] : []),
  ];
  await emit(
    format === 'json' ? `${JSON.stringify({ plan, result }, null, 2)}\n` : applyResultText(result, hintFlags),
    flags,
    io,
  );
  io.exitCode = result.ok ? 0 : 1;
}

async function emit(text: string, flags: FixFlags, io: CliIO): Promise<void> {
  if (flags.output !== undefined) await writeAtomic(flags.output, text);
  else io.stdout(text);
}

/** y/N on the terminal; anything but y/yes is no, and so is having nobody to ask. */
async function confirm(io: CliIO, question: string): Promise<boolean> {
  if (!io.ask) return false;
  const answer = await io.ask(`${question} [y/N] `);
  return /^y(es)?$/i.test(answer.trim());
}
