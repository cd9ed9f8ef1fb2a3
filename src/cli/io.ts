import { createInterface } from 'node:readline/promises';
import { InputError } from '../errors.js';
import { batched } from '../util/json-chunks.js';

/** The CLI's connection to the outside, injectable for tests. */
export interface CliIO {
  stdout(text: string): void;
  stderr(text: string): void;
  /** stdout is a terminal (colour, progress). */
  stdoutIsTTY: boolean;
  /** The terminal's width when stdout is a terminal (the text report wraps to it; never when piped). */
  stdoutColumns?: number;
  stderrIsTTY: boolean;
  stdinIsTTY: boolean;
  env: NodeJS.ProcessEnv;
  cwd: string;
  /** Asks a question on the terminal and returns the answer line (confirmations). Absent: nobody to ask. */
  ask?(question: string): Promise<string>;
  /** Set by a command to choose the process exit code. */
  exitCode?: number;
  /**
   * Resolves when stdout can take more (back-pressure for long reports): true, or false once stdout is
   * closed (`| head`), so a long report stops being generated. Absent = always ready.
   */
  stdoutReady?(): Promise<boolean> | boolean;
}

/** Writes a stream of chunks to stdout in ~64 KiB pieces, waiting whenever stdout's buffer is full. */
export async function writeChunks(io: CliIO, chunks: Iterable<string>): Promise<void> {
  for (const piece of batched(chunks)) {
    io.stdout(piece);
    if ((await io.stdoutReady?.()) === false) return;
  }
}

export function nodeIO(): CliIO {
  // A reader that goes away (`trailguard scan -f json | head`) is not an error of ours: stop writing,
  // keep the exit code the findings decide (as a single write did before reports were streamed).
  // Any other write error (a full disk behind `> file`) fails the run with one line.
  let stdoutClosed = false;
  let stdoutError: NodeJS.ErrnoException | undefined;
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    stdoutClosed = true;
    if (error.code !== 'EPIPE') stdoutError ??= error;
  });
  return {
    stdout: (text) => {
      if (!stdoutClosed) process.stdout.write(text);
    },
    stdoutReady: async () => {
      if (!stdoutClosed && process.stdout.writableNeedDrain) await drained(process.stdout);
      if (stdoutError)
        throw new InputError(`cannot write to stdout: ${stdoutError.code ?? stdoutError.message}`);
      return !stdoutClosed;
    },
    stderr: (text) => process.stderr.write(text),
    stdoutIsTTY: Boolean(process.stdout.isTTY),
    stdoutColumns: process.stdout.isTTY ? process.stdout.columns : undefined,
    stderrIsTTY: Boolean(process.stderr.isTTY),
    stdinIsTTY: Boolean(process.stdin.isTTY),
    env: process.env,
    cwd: process.cwd(),
    ask: async (question) => {
      // Prompts go to stderr so that stdout stays the report / plan.
      const rl = createInterface({ input: process.stdin, output: process.stderr });
      try {
        return await rl.question(question);
      } finally {
        rl.close();
      }
    },
  };
}

/** Waits for 'drain', or for the stream to close or fail (a closed pipe must not hang the run). */
function drained(stream: NodeJS.WriteStream): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      for (const event of ['drain', 'close', 'error']) stream.off(event, done);
      resolve();
    };
    for (const event of ['drain', 'close', 'error']) stream.once(event, done);
  });
}

/** Colour only on a terminal, and never when NO_COLOR is set (https://no-color.org). */
export function useColor(io: CliIO, flag?: boolean): boolean {
  if (flag === false) return false;
  if (io.env.NO_COLOR !== undefined && io.env.NO_COLOR !== '') return false;
  if (io.env.FORCE_COLOR !== undefined && io.env.FORCE_COLOR !== '0') return true;
  return io.stdoutIsTTY;
}
