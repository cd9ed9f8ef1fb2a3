import { readFile } from 'node:fs/promises';
import { InputError } from '../../errors.js';
import { parseInventory } from '../../inventory/schema.js';
import type { SourceResult } from '../types.js';

/** Reads and validates a `trailguard/inventory@1` snapshot file. Throws InputError with the JSON path. */
export async function readSnapshot(file: string): Promise<SourceResult> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new InputError(
      code === 'ENOENT'
        ? `snapshot ${file}: file not found`
        : `snapshot ${file}: cannot read (${code ?? 'error'})`,
    );
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new InputError(`snapshot ${file}: not valid JSON (${(error as Error).message})`);
  }
  const inventory = parseInventory(data, file);
  return {
    inventory,
    source: {
      kind: 'snapshot',
      paths: [file],
      partition: inventory.partition,
      accounts: inventory.accounts.map((a) => a.id),
      collectedAt: inventory.collectedAt,
    },
  };
}
