/**
 * "The scan read nothing at all" (issue 10), defined by counts, never guessed from findings:
 * - Terraform, CloudFormation/CDK, plan JSON: the files the loader parsed (`SourceResult.inputsRead`).
 * - Live AWS and snapshots: the accounts whose data was read (`scanned: true`), 0 when every role
 *   assumption failed (see `accountsRead`). A snapshot that names no account at all (buckets and trails
 *   only, e.g. written by another tool) counts as one input read.
 * Such a scan exits 2 with `nothingReadReason` instead of reporting: a CI gate must never pass on it.
 */
import type { Inventory } from '../inventory/model.js';
import type { SourceResult } from './types.js';

export function inputsReadOf(result: SourceResult): number {
  if (result.inputsRead !== undefined) return result.inputsRead;
  return accountsRead(result.inventory);
}

/**
 * The accounts read. The collector reads the caller's own account with the caller's credentials and
 * every other account through the scan role; an account whose role could not be assumed is recorded
 * with `scanned: false` and its `accessError`. So when role assumptions were attempted (at least one
 * such account) and at most one account was read (the caller's), no role could be assumed anywhere:
 * the scan read nothing of what it was asked to (`--org --role-name NoSuchRole`), and counts 0.
 */
export function accountsRead(inventory: Inventory): number {
  if (inventory.accounts.length === 0) return 1;
  const scanned = inventory.accounts.filter((account) => account.scanned).length;
  const roleFailures = inventory.accounts.filter((account) => !account.scanned && account.accessError).length;
  return roleFailures > 0 && scanned <= 1 ? 0 : scanned;
}

/** One line saying why nothing was read, for a result whose `inputsReadOf` is 0. */
export function nothingReadReason(result: SourceResult): string {
  const { inventory, source } = result;
  if (source.kind === 'aws-config') {
    return `nothing was scanned: AWS Config aggregator ${source.aggregator ?? ''} returned no S3 bucket or CloudTrail trail (do its source accounts record AWS::S3::Bucket and AWS::CloudTrail::Trail?)`;
  }
  if (source.kind === 'aws' || source.kind === 'snapshot' || inventory.accounts.length > 0) {
    const failed = inventory.accounts.filter((a) => !a.scanned && a.accessError);
    const first = failed[0];
    const origin = source.kind === 'snapshot' ? 'the snapshot holds' : 'the scan could read';
    if (!first?.accessError) {
      return `nothing was scanned: ${origin} none of its ${inventory.accounts.length} account(s)`;
    }
    const { code, message } = first.accessError;
    const caller = inventory.accounts.some((a) => a.scanned)
      ? " (only the caller's own account was read)"
      : '';
    return `nothing was scanned: the scan role could not be assumed in any of the ${failed.length} account(s)${caller}; first: ${first.id}: ${code}: ${message}. Check --role-name / --role-arn and the role's trust policy`;
  }
  const first = inventory.errors[0];
  const why = first
    ? ` (${first.file ? `${first.file}${first.line ? `:${first.line}` : ''}: ` : ''}${first.message})`
    : '';
  return `nothing was scanned: no input file could be read as ${source.kind}${why}`;
}
