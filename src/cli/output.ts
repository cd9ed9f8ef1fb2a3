import { join } from 'node:path';
import type { Report } from '../engine/types.js';
import { InputError, UsageError } from '../errors.js';
import {
  FORMAT_EXTENSIONS,
  FORMAT_NAMES,
  type FormatName,
  isFormatName,
  loadReportStream,
} from '../reporters/formats.js';
import { writeFileAtomic } from '../util/atomic-write.js';
import { batched } from '../util/json-chunks.js';
import { type CliIO, writeChunks } from './io.js';

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
  return names as FormatName[];
}

export interface OutputOptions {
  formats: FormatName[];
  output?: string;
  outputDir?: string;
  color: boolean;
  quiet?: boolean;
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
