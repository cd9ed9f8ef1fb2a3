/**
 * Heap growth for live AWS reads. A live scan allocates fast and keeps little: each API call leaves
 * short-lived request/response garbage, while the inventory grows by ~10 KB per account. With V8's
 * default heap growth the old space balloons with that garbage before a full GC runs (10,000 accounts:
 * 432 MB peak RSS, of which ~20 MB is live at the end). A smaller growth step (10 % instead of V8's
 * adaptive 1.1–4×) keeps the peak close to the live set at ~10 % more CPU, and unlike a fixed
 * --max-old-space-size it cannot run out of heap on a larger organization (measurements:
 * docs/notes/performance.md). Not for IaC and snapshot inputs: there the live set itself is large and
 * grows while reading, so small steps would only add full GCs.
 */
import type { Command } from 'commander';

export const LIVE_HEAP_GROWING_PERCENT = 10;

/** Does this command (with its parsed arguments) read live AWS? */
export function readsLiveAws(command: Command): boolean {
  const name = command.name();
  if (name === 'collect' || name === 'demo') return true;
  if (name !== 'scan' && name !== 'fix') return false;
  return !command.opts().snapshot && command.args.length === 0;
}

/** Applies the live-scan heap growth (V8 reads the flag at each GC, so setting it at run time works). */
export async function tuneHeapForLiveAws(): Promise<void> {
  const { setFlagsFromString } = await import('node:v8');
  setFlagsFromString(`--heap-growing-percent=${LIVE_HEAP_GROWING_PERCENT}`);
}
