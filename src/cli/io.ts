import { once } from 'node:events';
import { createInterface } from 'node:readline/promises';
import { batched } from '../util/json-chunks.js';

/** The CLI's connection to the outside, injectable for tests. */
export interface CliIO {
  stdout(text: string): void;
  stderr(text: string): void;
  /** stdout is a terminal (colour, progress). */
  stdoutIsTTY: boolean;
  stderrIsTTY: boolean;
  stdinIsTTY: boolean;
  env: NodeJS.ProcessEnv;
  cwd: string;
  /** Asks a question on the terminal and returns the answer line (confirmations). Absent: nobody to ask. */
  ask?(question: string): Promise<string>;
  /** Set by a command to choose the process exit code. */
  exitCode?: number;
  /** Resolves when stdout can take more (back-pressure for long reports); absent = always ready. */
  stdoutReady?(): Promise<void> | undefined;
}

/** Writes a stream of chunks to stdout in ~64 KiB pieces, waiting whenever stdout's buffer is full. */
export async function writeChunks(io: CliIO, chunks: Iterable<string>): Promise<void> {
  for (const piece of batched(chunks)) {
    io.stdout(piece);
    await io.stdoutReady?.();
  }
}

export function nodeIO(): CliIO {
  return {
    stdout: (text) => process.stdout.write(text),
    stdoutReady: () => (process.stdout.writableNeedDrain ? drained(process.stdout) : undefined),
    stderr: (text) => process.stderr.write(text),
    stdoutIsTTY: Boolean(process.stdout.isTTY),
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

/** Waits for 'drain', or for the stream to end (a closed pipe must not hang the run). */
async function drained(stream: NodeJS.WriteStream): Promise<void> {
  await Promise.race([once(stream, 'drain'), once(stream, 'close'), once(stream, 'error')]);
}

/** Colour only on a terminal, and never when NO_COLOR is set (https://no-color.org). */
export function useColor(io: CliIO, flag?: boolean): boolean {
  if (flag === false) return false;
  if (io.env.NO_COLOR !== undefined && io.env.NO_COLOR !== '') return false;
  if (io.env.FORCE_COLOR !== undefined && io.env.FORCE_COLOR !== '0') return true;
  return io.stdoutIsTTY;
}
