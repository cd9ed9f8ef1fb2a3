import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { InputError } from '../../errors.js';
import type { Inventory } from '../../inventory/model.js';

/** The snapshot text: the Inventory as indented JSON, one trailing newline (diffs cleanly). */
export function serializeInventory(inventory: Inventory): string {
  return `${JSON.stringify(inventory, null, 2)}\n`;
}

/**
 * Writes a `trailguard/inventory@1` snapshot atomically: to a temporary file beside the target, then
 * renamed over it, so an interrupted collection never leaves a truncated snapshot over a good one.
 */
export async function writeSnapshot(inventory: Inventory, file: string): Promise<void> {
  const tmp = `${file}.tmp-${process.pid}`;
  try {
    await mkdir(dirname(file), { recursive: true });
    await writeFile(tmp, serializeInventory(inventory), 'utf8');
    await rename(tmp, file);
  } catch (error) {
    await rm(tmp, { force: true });
    throw new InputError(
      `cannot write ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
    );
  }
}
