/**
 * The CLI: argument parsing → library calls → reporter → exit code; nothing else.
 * Each command lives in its own file under commands/ and registers itself on the program; only the
 * command being run is imported (start-up cost: docs/notes/performance.md).
 */
import { Command, CommanderError } from '@commander-js/extra-typings';
import { EXIT_USAGE } from '../engine/exit-code.js';
import { TrailguardError } from '../errors.js';
import { sanitize, sanitizeLines } from '../util/sanitize.js';
import { VERSION } from '../version.js';
import { invokedCommand, registerCommands } from './commands/index.js';
import { heapGrowingPercentFor, tuneHeapGrowth } from './heap.js';
import { type CliIO, nodeIO } from './io.js';
import type { Program } from './options.js';
import { normalizeTerraformFlags } from './terraform-options.js';

/**
 * The program with every command: the one `argv` runs fully registered, the others as help-listing
 * placeholders (`all`: every command fully, e.g. to compare help texts).
 */
export async function buildProgram(
  io: CliIO,
  argv: readonly string[] = [],
  options: { all?: boolean } = {},
): Promise<Program> {
  const program = new Command('trailguard')
    .description(
      'Audit S3 server access logging on CloudTrail buckets (CIS AWS 3.4 / Security Hub CloudTrail.7) and on every S3 bucket.',
    )
    .version(VERSION, '-V, --version')
    .option('--debug', 'print stack traces of unexpected errors')
    .exitOverride()
    .configureOutput({
      writeOut: (s) => io.stdout(s),
      writeErr: (s) => io.stderr(s),
      // One line, so scripts and people see exactly what was wrong.
      outputError: (s, write) =>
        write(
          `${sanitize(
            s
              .replace(/^error: /, 'trailguard: ')
              .trim()
              .replace(/\s*\n\s*/g, ' '),
          )} (see --help)\n`,
        ),
    });
  program.hook('preAction', async (_program, command) => {
    const percent = heapGrowingPercentFor(command);
    if (percent !== undefined) await tuneHeapGrowth(percent);
  });
  const only = invokedCommand(argv);
  await registerCommands(program, io, { ...(only ? { only } : {}), ...options });
  return program;
}

/** Runs the CLI and returns the exit code (0 ok, 1 failing findings, 2 usage / input / config error). */
export async function main(argv: string[], io: CliIO = nodeIO()): Promise<number> {
  try {
    // `-var` / `-var-file` as Terraform spells them (commander reads `-var` as `-v -a -r`).
    const args = normalizeTerraformFlags(argv);
    const program = await buildProgram(io, args);
    await program.parseAsync(args);
    return io.exitCode ?? 0;
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version end through here with exit code 0.
      if (error.exitCode === 0) return 0;
      return EXIT_USAGE;
    }
    if (error instanceof TrailguardError) {
      // Messages quote file names, JSON keys and bucket names from the input: shown escaped (util/sanitize.ts).
      io.stderr(`trailguard: ${sanitize(error.message)}\n`);
      return error.exitCode;
    }
    const debug = argv.includes('--debug');
    io.stderr(
      debug
        ? `trailguard: unexpected error: ${sanitizeLines((error as Error)?.stack ?? String(error))}\n`
        : `trailguard: unexpected error: ${sanitize((error as Error)?.message ?? String(error))} (run with --debug for details)\n`,
    );
    return EXIT_USAGE;
  }
}
