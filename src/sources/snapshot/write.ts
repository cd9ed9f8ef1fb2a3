import { InputError } from '../../errors.js';
import type { Inventory } from '../../inventory/model.js';
import { writeFileAtomic } from '../../util/atomic-write.js';
import { joinChunks, jsonChunks } from '../../util/json-chunks.js';

/** The snapshot text: the Inventory as indented JSON, one trailing newline (diffs cleanly). */
export function serializeInventory(inventory: Inventory): string {
  return joinChunks(inventoryChunks(inventory));
}

/** The same text as `serializeInventory`, in chunks (a million-bucket snapshot is never one string). */
export function* inventoryChunks(inventory: Inventory): Generator<string> {
  yield* jsonChunks(inventory, { depth: 2 });
  yield '\n';
}

/**
 * Writes a `trailguard/inventory@1` snapshot atomically (src/util/atomic-write.ts): an interrupted
 * collection never leaves a truncated snapshot over a good one.
 */
export async function writeSnapshot(inventory: Inventory, file: string): Promise<void> {
  try {
    await writeFileAtomic(file, inventoryChunks(inventory));
  } catch (error) {
    throw new InputError(
      `cannot write ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
    );
  }
}
