/**
 * A log target that no scanned account listed is normally outside the scan: its delivery facts are
 * left absent ("not collected"), and the rules say TARGET_UNVERIFIED / BUCKET_NOT_IN_SCOPE. But when
 * a scanned account's ListBuckets failed, the target may well be that account's: its facts are then
 * unknown because a read failed, not because it is out of scope (issue 10 item 6: such a target with
 * no delivery grant came back COMPLIANT + TARGET_UNVERIFIED under faults). This records them as
 * error values naming the failed listing, so the rules say UNDETERMINED with the error.
 */
import { HEALTH_FIELDS } from '../../aws/bucket-health.js';
import type { Account, Bucket } from '../../inventory/model.js';
import { type ErrorValue, errorValue, isErrorValue } from '../../inventory/read.js';

/** The first scanned account whose bucket list failed, as the error to record; null when none did. */
function failedListing(accounts: Iterable<Account>): ErrorValue | null {
  for (const account of accounts) {
    if (!account.scanned || account.buckets === undefined || !isErrorValue(account.buckets)) continue;
    const { code, message } = account.buckets.error;
    return errorValue(
      code,
      `not read: no scanned account listed this bucket, and the bucket list of account ${account.id} could not be read (${code}: ${message}), so it may be that account's`,
    );
  }
  return null;
}

/** Marks the unread delivery facts of unlisted log targets when some scanned account's listing failed. */
export function markUnlistedTargets(accounts: Iterable<Account>, buckets: Iterable<Bucket>): void {
  const failure = failedListing(accounts);
  if (failure === null) return;
  const all = [...buckets];
  const targets = new Set<string>();
  for (const b of all) {
    const logging = b.logging;
    if (logging && !isErrorValue(logging) && !isErrorValue(logging.targetBucket))
      targets.add(logging.targetBucket);
  }
  for (const bucket of all) {
    if (bucket.account !== null || bucket.exists === false || !targets.has(bucket.name)) continue;
    for (const field of HEALTH_FIELDS) if (bucket[field] === undefined) bucket[field] = failure;
  }
}
