/** `-q` prints exactly one line (never wrapped, whatever its length), for scan and demo. Built binary. */
import { describe, expect, it } from 'vitest';
import { runCli } from './helpers.js';

const ONE_LINE =
  /^\d+ findings?: \d+ non-compliant, \d+ undetermined, \d+ compliant, \d+ not applicable, \d+ suppressed(; \d+ collection errors?)?\n$/;

describe('-q', () => {
  it('scan -q: one line on stdout, nothing on stderr, the usual exit code', () => {
    const run = runCli(['scan', '--snapshot', 'examples/snapshot.json', '-q']);
    expect(run.stdout).toMatch(ONE_LINE);
    // Longer than the 80 columns the full report wraps to: still one line.
    expect(run.stdout.length).toBeGreaterThan(80);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(1);
  });

  it('demo -q: one line on stdout, nothing on stderr', () => {
    const run = runCli(['demo', '-q']);
    expect(run.stdout).toMatch(ONE_LINE);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
  }, 60_000);
});
