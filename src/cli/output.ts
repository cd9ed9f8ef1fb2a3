import { join } from 'node:path';
import { Option } from '@commander-js/extra-typings';
import { DEFAULT_FAIL_ON, FAIL_ON_VALUES } from '../engine/exit-code.js';
import { type Report, STATUSES, type Status } from '../engine/types.js';
import { InputError, UsageError } from '../errors.js';
import {
  FORMAT_EXTENSIONS,
  FORMAT_NAMES,
  type FormatName,
  isFormatName,
  loadReportStream,
} from '../reporters/formats.js';
import type { ScanOptions } from '../scan.js';
import { CONFIG_FILE, SEVERITIES } from '../scan-options.js';
import { writeFileAtomic } from '../util/atomic-write.js';
import { batched } from '../util/json-chunks.js';
import { type CliIO, writeChunks } from './io.js';
import { type GroupFlags, optionGroup } from './options.js';

/** Flags shared by every command that prints a report (scan, demo; typed options: ./options.ts). */
export const addReportOptions = optionGroup((command) =>
  command
    .option('-f, --format <formats>', 'report format(s), comma-separated (see README)', 'text')
    .option('-o, --output <file>', 'write the report to a file instead of stdout')
    .option('--output-dir <dir>', 'write one file per format into this directory')
    .addOption(
      new Option(
        '--fail-on <level>',
        'exit 1 on unsuppressed findings of this status or worse: undetermined (default, fail-closed: NON_COMPLIANT and UNDETERMINED fail), non-compliant (only NON_COMPLIANT), none (never)',
      )
        .choices(FAIL_ON_VALUES)
        .default(DEFAULT_FAIL_ON),
    )
    .option(
      '--suppressions <file>',
      `suppressions YAML file (default: ${CONFIG_FILE} in the working directory)`,
    )
    .option('--rule <ids>', 'only these rule ids (comma-separated)')
    .addOption(
      new Option('--min-severity <level>', 'only rules of this severity or higher').choices(SEVERITIES),
    )
    .option(
      '--show <statuses>',
      'text: also list these statuses finding by finding (compliant, not-applicable, all; failing ones always are)',
    )
    .option('-v, --verbose', 'text: list every finding (same as --show all)')
    .option('-q, --quiet', 'summary only (text), no progress')
    .option('--no-color', 'no ANSI colour even on a terminal'),
);

/** The report flags as parsed. */
export type ReportFlags = GroupFlags<typeof addReportOptions>;

/** `--rule a,b` → the ids as given (an empty one is reported as an unknown rule). */
export function ruleList(value: string): string[] {
  return value.split(',').map((s) => s.trim());
}

/**
 * What the report flags select for the library's scan: `--rule`, `--min-severity`, `--suppressions`
 * (else .trailguard.yaml in the working directory) and `--fail-on`.
 */
export function selectionFrom(
  flags: Pick<ReportFlags, 'rule' | 'minSeverity' | 'suppressions' | 'failOn'>,
  io: CliIO,
): Pick<ScanOptions, 'ruleIds' | 'minSeverity' | 'suppressionsFile' | 'configFile' | 'cwd' | 'failOn'> {
  return {
    ...(flags.rule !== undefined ? { ruleIds: ruleList(flags.rule) } : {}),
    ...(flags.minSeverity !== undefined ? { minSeverity: flags.minSeverity } : {}),
    ...(flags.suppressions !== undefined ? { suppressionsFile: flags.suppressions } : {}),
    configFile: true,
    cwd: io.cwd,
    failOn: flags.failOn,
  };
}

export function parseFormats(value: string | undefined): FormatName[] {
  const names = (value ?? 'text')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (names.length === 0) throw new UsageError('--format needs at least one format');
  for (const name of names) {
    if (!isFormatName(name)) {
      throw new UsageError(`unknown format "${name}" (choose from: ${FORMAT_NAMES.join(', ')})`);
    }
  }
  return names.filter(isFormatName);
}

/** `--show` values: statuses listed finding by finding in the text report besides the failing ones. */
const SHOW_VALUES: Record<string, readonly Status[]> = {
  'non-compliant': ['NON_COMPLIANT'],
  undetermined: ['UNDETERMINED'],
  compliant: ['COMPLIANT'],
  'not-applicable': ['NOT_APPLICABLE'],
  all: STATUSES,
};

/** `--show a,b` (and `-v`, which is `--show all`) → the statuses to list; a wrong value is exit 2. */
export function parseShow(value: string | undefined, verbose: boolean | undefined): Status[] {
  if (verbose === true) return [...STATUSES];
  if (value === undefined) return [];
  const statuses = new Set<Status>();
  for (const name of value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)) {
    const add = SHOW_VALUES[name];
    if (!add) {
      throw new UsageError(
        `unknown --show value "${name}" (choose from: ${Object.keys(SHOW_VALUES).join(', ')})`,
      );
    }
    for (const status of add) statuses.add(status);
  }
  return [...statuses];
}

/** The terminal width to wrap the text report to: only when stdout is a terminal, never when piped. */
export function terminalWidth(io: CliIO): number | undefined {
  return io.stdoutIsTTY ? (io.stdoutColumns ?? 80) : undefined;
}

export interface OutputOptions {
  formats: FormatName[];
  output?: string;
  outputDir?: string;
  color: boolean;
  quiet?: boolean;
  /** Text on a terminal: wrap to this width (see terminalWidth). */
  width?: number;
  /** Text: statuses listed besides the failing ones (see parseShow). */
  show?: readonly Status[];
  /** Base name of files written to --output-dir. */
  baseName?: string;
}

/**
 * Writes each format to stdout, --output or --output-dir, as a stream of chunks (a report is never
 * one string). Files are written atomically (src/util/atomic-write.ts), so an interrupted run never
 * leaves a half-written report over a good one.
 */
export async function writeReports(report: Report, options: OutputOptions, io: CliIO): Promise<void> {
  const { formats } = options;
  if (formats.length > 1 && !options.outputDir) {
    throw new UsageError('several formats need --output-dir DIR (one file per format)');
  }
  if (options.output && options.outputDir)
    throw new UsageError('use either --output or --output-dir, not both');
  for (const format of formats) {
    const toFile = Boolean(options.output || options.outputDir);
    // Only the reporters being written are imported (formats.ts).
    const content = (await loadReportStream(format))(report, {
      color: toFile ? false : options.color,
      quiet: options.quiet,
      ...(toFile || options.width === undefined ? {} : { width: options.width }),
      ...(options.show ? { show: options.show } : {}),
    });
    if (options.outputDir) {
      await writeAtomic(
        join(options.outputDir, `${options.baseName ?? 'trailguard'}.${FORMAT_EXTENSIONS[format]}`),
        content,
      );
    } else if (options.output) {
      await writeAtomic(options.output, content);
    } else {
      await writeChunks(io, content);
    }
  }
}

/** Writes a report or patch file atomically; a failure is one line naming the file (exit 2). */
export async function writeAtomic(file: string, content: string | Iterable<string>): Promise<void> {
  try {
    await writeFileAtomic(file, typeof content === 'string' ? content : batched(content));
  } catch (error) {
    throw new InputError(
      `cannot write ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
    );
  }
}
