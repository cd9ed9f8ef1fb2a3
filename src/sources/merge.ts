import type { SourceKind } from '../engine/types.js';
import type { Inventory } from '../inventory/model.js';
import { inputsReadOf } from './inputs-read.js';
import type { SourceResult } from './types.js';

/**
 * Merges the results of several inputs (e.g. `scan infra/ template.yaml`). Buckets and trails are kept
 * per input: IaC inputs are separate stacks, and a name declared twice is reported where it is declared.
 */
export function mergeSourceResults(results: SourceResult[]): SourceResult {
  const [first, ...rest] = results;
  if (!first) throw new Error('mergeSourceResults: nothing to merge');
  if (rest.length === 0) return first;
  const inventory: Inventory = {
    ...first.inventory,
    accounts: dedupeBy(
      results.flatMap((r) => r.inventory.accounts),
      (a) => a.id,
    ),
    trails: results.flatMap((r) => r.inventory.trails),
    buckets: results.flatMap((r) => r.inventory.buckets),
    errors: results.flatMap((r) => r.inventory.errors),
  };
  const kinds = new Set<SourceKind>(results.map((r) => r.source.kind));
  return {
    inventory,
    source: {
      ...first.source,
      // Mixed inputs keep the first kind; the paths say what was read.
      kind: kinds.size === 1 ? first.source.kind : first.source.kind,
      paths: results.flatMap((r) => r.source.paths ?? []),
    },
    failedFiles: results.flatMap((r) => r.failedFiles ?? []),
    inputsRead: results.reduce((n, r) => n + inputsReadOf(r), 0),
    inlineIgnores: results.flatMap((r) => r.inlineIgnores ?? []),
  };
}

function dedupeBy<T>(items: T[], key: (item: T) => string): T[] {
  const seen = new Map<string, T>();
  for (const item of items) if (!seen.has(key(item))) seen.set(key(item), item);
  return [...seen.values()];
}
