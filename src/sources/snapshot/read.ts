import { readFile } from 'node:fs/promises';
import { InputError } from '../../errors.js';
import { parseInventory } from '../../inventory/schema.js';
import { type InputLimits, resolveLimits } from '../limits.js';
import type { SourceResult } from '../types.js';

/** Reads and validates a `trailguard/inventory@1` snapshot file. Throws InputError with the JSON path. */
// `limits` bounds the file size (snapshotBytes); streaming parse is issue 11 work.
export async function readSnapshot(
  file: string,
  _limits: InputLimits = resolveLimits(),
): Promise<SourceResult> {
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
