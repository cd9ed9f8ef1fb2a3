import type { CliIO } from '../../src/cli/io.js';

/** A CliIO that records what the CLI writes, for in-process CLI tests. */
export type MemoryIO = CliIO & { out: string[]; err: string[]; asked: string[] };

export function memoryIO(options: Partial<CliIO> & { answers?: string[] } = {}): MemoryIO {
  const { answers = [], ...overrides } = options;
  const out: string[] = [];
  const err: string[] = [];
  const asked: string[] = [];
  return {
    out,
    err,
    asked,
    stdout: (t) => {
      out.push(t);
    },
    stderr: (t) => {
      err.push(t);
    },
    stdoutIsTTY: false,
    stderrIsTTY: false,
    stdinIsTTY: false,
    env: {},
    cwd: process.cwd(),
    ask: async (question) => {
      asked.push(question);
      return answers.shift() ?? '';
    },
    ...overrides,
  };
}
