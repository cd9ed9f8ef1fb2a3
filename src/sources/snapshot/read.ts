import { InputError } from '../../errors.js';
import { INPUT_ERROR_CODES } from '../../inventory/input-errors.js';
import type { Inventory } from '../../inventory/model.js';
import { validateInventory } from '../../inventory/schema.js';
import { readJsonFile } from '../json-file.js';
import { type InputLimits, LimitExceeded, resolveLimits } from '../limits.js';
import type { SourceResult } from '../types.js';

/**
 * Reads and validates a `trailguard/inventory@1` snapshot file. A malformed snapshot throws InputError
 * with the JSON path (exit 2); a snapshot over `limits.snapshotBytes` is not read and becomes one
 * BUDGET_EXCEEDED error (an UNDETERMINED finding naming the limit), so other inputs still report.
 *
 * Why JSON.parse and not a streaming parser: measured on generated snapshots (bench/snapshot-scale.mjs,
 * docs/notes/reporters.md), JSON.parse of the whole file plus element-by-element validation without a
 * copy is several times faster than a JavaScript tokenizer and its peak memory is the file plus the
 * objects the rules need anyway. The one hard ceiling is V8's longest string (~512 MiB on 64-bit): a
 * larger file is read as bytes and gets a clear message instead of "Invalid string length".
 */
export async function readSnapshot(
  file: string,
  limits: InputLimits = resolveLimits(),
): Promise<SourceResult> {
  // The size is checked on the opened file before a byte is read; a device or FIFO is never read.
  const read = await readJsonFile(file, limits.snapshotBytes, { allowBom: true });
  switch (read.kind) {
    case 'json':
      break;
    case 'error':
      throw unreadable(file, read.error);
    case 'not-regular':
      throw new InputError(`snapshot ${file}: not a regular file (a device, FIFO or socket is never read)`);
    case 'too-large': {
      const limit = new LimitExceeded(
        'snapshotBytes',
        limits.snapshotBytes,
        `snapshot of ${read.size} bytes`,
      );
      return { inventory: budgetExceeded(file, limit.message), source: { kind: 'snapshot', paths: [file] } };
    }
    case 'too-long':
      throw new InputError(
        `snapshot ${file}: ${read.size} bytes is more than one JavaScript string can hold; split it (one snapshot per account or Region: trailguard scan a.json b.json)`,
      );
    case 'not-json':
      throw new InputError(`snapshot ${file}: not valid JSON (${read.message})`);
  }
  const inventory = validateInventory(read.value, file);
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

function unreadable(file: string, error: unknown): InputError {
  const code = (error as NodeJS.ErrnoException).code;
  return new InputError(
    code === 'ENOENT'
      ? `snapshot ${file}: file not found`
      : `snapshot ${file}: cannot read (${code ?? 'error'})`,
  );
}

function budgetExceeded(file: string, message: string): Inventory {
  return {
    schema: 'trailguard/inventory@1',
    partition: 'aws',
    collectedAt: new Date().toISOString(),
    accounts: [],
    trails: [],
    buckets: [],
    errors: [{ operation: 'ReadSnapshot', code: INPUT_ERROR_CODES.BUDGET_EXCEEDED, message, file }],
  };
}
