/**
 * Heap growth for live AWS reads. A live scan allocates fast and keeps little: each API call leaves
 * short-lived request/response garbage, while the inventory grows by ~10 KB per account. With V8's
 * default heap growth the old space balloons with that garbage before a full GC runs (10,000 accounts:
 * 432 MB peak RSS, of which ~20 MB is live at the end). A smaller growth step (10 % instead of V8's
 * adaptive 1.1–4×) keeps the peak close to the live set at ~10 % more CPU, and unlike a fixed
 * --max-old-space-size it cannot run out of heap on a larger organization (measurements:
 * docs/notes/performance.md).
 *
 * File inputs (snapshots, IaC) get a milder step: there the live set itself is large and grows while the
 * rules run, so 10 % steps would only add full GCs, but V8's default growth still leaves ~230 MB of garbage
 * on top of a 100,000-bucket snapshot's 180 MB of findings. 30 % steps: peak 410–416 MB → 364–387 MB for
 * 3.8–4.0 s → 4.1–4.4 s (quiet machine, docs/notes/performance.md); small inputs never grow the heap, so
 * they pay nothing.
 */
import type { Program } from './options.js';

export const LIVE_HEAP_GROWING_PERCENT = 10;
export const FILE_INPUT_HEAP_GROWING_PERCENT = 30;

/** Does this command (with its parsed arguments) read live AWS? */
export function readsLiveAws(command: Program): boolean {
  const name = command.name();
  if (name === 'collect' || name === 'demo') return true;
  if (name !== 'scan' && name !== 'fix') return false;
  return !command.opts().snapshot && command.args.length === 0;
}

/** Does this command evaluate file inputs (a snapshot, IaC paths)? */
export function readsFileInputs(command: Program): boolean {
  const name = command.name();
  if (name !== 'scan' && name !== 'fix') return false;
  return Boolean(command.opts().snapshot) || command.args.length > 0;
}

/** The heap growth step for this command, or undefined for V8's default (commands that hold little). */
export function heapGrowingPercentFor(command: Program): number | undefined {
  if (readsLiveAws(command)) return LIVE_HEAP_GROWING_PERCENT;
  if (readsFileInputs(command)) return FILE_INPUT_HEAP_GROWING_PERCENT;
  return undefined;
}

/** Applies a heap growth step (V8 reads the flag at each GC, so setting it at run time works). */
export async function tuneHeapGrowth(percent: number): Promise<void> {
  const { setFlagsFromString } = await import('node:v8');
  setFlagsFromString(`--heap-growing-percent=${percent}`);
}
