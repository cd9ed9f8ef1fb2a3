/**
 * "The scan read nothing at all" (issue 10), defined by counts, never guessed from findings:
 * - Terraform, CloudFormation/CDK, plan JSON: the files the loader parsed (`SourceResult.inputsRead`).
 * - Live AWS and snapshots: the accounts whose data was read (`scanned: true`). A snapshot that names no
 *   account at all (buckets and trails only, e.g. written by another tool) counts as one input read.
 * Such a scan exits 2 with `nothingReadReason` instead of reporting: a CI gate must never pass on it.
 */
import type { Inventory } from '../inventory/model.js';
import type { SourceResult } from './types.js';

export function inputsReadOf(result: SourceResult): number {
  if (result.inputsRead !== undefined) return result.inputsRead;
  return scannedAccounts(result.inventory);
}

export function scannedAccounts(inventory: Inventory): number {
  if (inventory.accounts.length === 0) return 1;
  return inventory.accounts.filter((account) => account.scanned).length;
}

/** One line saying why nothing was read, for a result whose `inputsReadOf` is 0. */
export function nothingReadReason(result: SourceResult): string {
  const { inventory, source } = result;
  if (source.kind === 'aws' || source.kind === 'snapshot' || inventory.accounts.length > 0) {
    const first = inventory.accounts.find((a) => a.accessError);
    const why = first?.accessError
      ? ` (first: ${first.id}: ${first.accessError.code}: ${first.accessError.message})`
      : '';
    const origin = source.kind === 'snapshot' ? 'the snapshot scanned' : 'the scan could read';
    return `nothing was scanned: ${origin} none of the ${inventory.accounts.length} account(s)${why}; check the role name (--role-name) and that it can be assumed from the scanning account`;
  }
  const first = inventory.errors[0];
  const why = first
    ? ` (${first.file ? `${first.file}${first.line ? `:${first.line}` : ''}: ` : ''}${first.message})`
    : '';
  return `nothing was scanned: no input file could be read as ${source.kind}${why}`;
}
