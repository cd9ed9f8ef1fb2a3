/**
 * aws-s3-bucket-access-logging — DESIGN 4.2: one finding per bucket of every scanned account and every
 * bucket declared in IaC, plus one per account whose buckets could not be listed or that has none.
 * Buckets proven missing (exists: false) and buckets of accounts outside the scan are not reported here:
 * they are nobody's bucket to fix in this scan, and the CloudTrail rule speaks about the ones trails use.
 */
import type { Rule } from '../../engine/types.js';
import type { Account, Bucket } from '../../inventory/model.js';
import { isErrorValue } from '../../inventory/read.js';
import { roleNotAssumable } from '../shared/account-findings.js';
import {
  buildIndex,
  type InventoryIndex,
  isScanned,
  listingErrorsOf,
  sourcesLoggingInto,
} from '../shared/inventory-index.js';
import { evaluateBucketLogging, readFailureReason } from '../shared/logging-verdict.js';
import { accountRef, bucketRef, describeBucket } from '../shared/refs.js';
import { meta } from './meta.js';
import type { Draft } from './reasons.js';

export const s3BucketAccessLogging: Rule = {
  meta,
  evaluate(inventory) {
    const index = buildIndex(inventory);
    // Each IaC declaration is its own finding, even when several share a literal name (see inventory-index).
    const buckets = index.buckets.filter((bucket) => inScope(index, bucket));
    return [
      ...inventory.accounts.flatMap((account) => accountFinding(index, account)),
      ...buckets.map((bucket) => bucketFinding(index, bucket)),
    ];
  },
};

/**
 * A bucket is ours to report when a scanned account owns it, or when it is declared in IaC (no owner
 * account; recognised by its source location, or by an inventory that names no account at all).
 */
function inScope(index: InventoryIndex, bucket: Bucket): boolean {
  if (bucket.exists === false) return false;
  if (bucket.account !== null) return isScanned(index, bucket.account);
  return bucket.location !== undefined || index.inventory.accounts.length === 0;
}

function accountFinding(index: InventoryIndex, account: Account): Draft[] {
  const base = { warnings: [], resource: accountRef(index.inventory, account), related: [] };
  const notAssumable = roleNotAssumable(index, account, 'buckets');
  if (notAssumable) return [notAssumable];
  // A ListBuckets failure may be recorded only in `errors` (a snapshot from another tool, DESIGN 3).
  const recorded = listingErrorsOf(index, account.id, 'buckets')[0];
  const error =
    account.accessError ??
    (account.buckets && isErrorValue(account.buckets) ? account.buckets.error : null) ??
    (account.scanned && recorded ? { code: recorded.code, message: recorded.message } : null);
  if (error) {
    return [
      {
        ...base,
        status: 'UNDETERMINED',
        reason: 'BUCKETS_UNREADABLE',
        message: `The buckets of account ${account.id} could not be listed (ListBuckets: ${error.code}: ${error.message}).`,
        evidence: { scanned: account.scanned, error },
      },
    ];
  }
  if (!account.scanned) return [];
  // An absent list was not recorded: as for trails, fall back to the buckets the inventory attributes to the account.
  const listed = account.buckets;
  const owned = Array.isArray(listed) ? listed.length : (index.ownedBucketCount.get(account.id) ?? 0);
  if (owned > 0) return [];
  return [
    {
      ...base,
      status: 'NOT_APPLICABLE',
      reason: 'NO_BUCKETS',
      message: `Account ${account.id} has no S3 bucket.`,
      evidence: { buckets: [] },
    },
  ];
}

function bucketFinding(index: InventoryIndex, bucket: Bucket): Draft {
  const resource = bucketRef(index.inventory, bucket);
  const sources = sourcesLoggingInto(index, bucket);
  if (sources.length > 0) {
    const names = sources.map((s) => describeBucket(s.bucket));
    return {
      status: 'NOT_APPLICABLE',
      reason: 'IS_LOG_DESTINATION',
      warnings: [],
      message: `Bucket ${describeBucket(bucket)} receives the access logs of ${names.join(', ')}; logging a log bucket would only log the log delivery.`,
      resource,
      related: sources.map((s) => bucketRef(index.inventory, s.bucket)),
      evidence: { logSources: sources.map((s) => s.info) },
    };
  }
  const verdict = evaluateBucketLogging(index, bucket);
  // Only where the verdict would accuse a bucket of not logging: a log destination usually does not log.
  const unread = verdict.reason === 'LOGGING_DISABLED' ? unreadPossibleSources(index, bucket) : [];
  const first = unread[0];
  if (first && isErrorValue(first.logging)) {
    // No bucket read logs into it, but one whose logging could not be read may: whether it is a log
    // destination (NOT_APPLICABLE) is unknown, so LOGGING_DISABLED would be a guess (issue 10, faults).
    const error = first.logging.error;
    return {
      status: 'UNDETERMINED',
      reason: readFailureReason(error),
      warnings: [],
      message: `Whether bucket ${describeBucket(bucket)} is itself a log destination is unknown: the logging configuration of ${unread.map(describeBucket).join(', ')} in its account could not be read (${error.code}: ${error.message}); its own server access logging is disabled.`,
      resource,
      related: unread.map((b) => bucketRef(index.inventory, b)),
      evidence: {
        unreadSources: unread.map((b) => ({ bucket: b.name, logging: b.logging })),
        withoutThem: { status: verdict.status, reason: verdict.reason, evidence: verdict.evidence },
      },
    };
  }
  return { ...verdict, resource, related: [] };
}

/**
 * Buckets of the same (scanned) account whose logging configuration failed to read: any of them may
 * name this bucket as its target, which makes it a log destination (whatever the Region: a source in
 * another Region is reported on its own, TARGET_OTHER_REGION). IaC buckets (no account) are left out:
 * their unresolved values are reported as such.
 */
function unreadPossibleSources(index: InventoryIndex, bucket: Bucket): Bucket[] {
  if (bucket.account === null) return [];
  const unread = unreadByAccount(index).get(bucket.account) ?? [];
  return unread.filter((other) => other !== bucket);
}

/**
 * Per account, its buckets whose logging could not be read, in inventory order: built once per
 * evaluation (scanning every bucket for each bucket without logging was quadratic: 37 s at 100,000).
 */
const unreadMemo = new WeakMap<InventoryIndex, Map<string, Bucket[]>>();
function unreadByAccount(index: InventoryIndex): Map<string, Bucket[]> {
  let byAccount = unreadMemo.get(index);
  if (byAccount === undefined) {
    byAccount = new Map();
    for (const other of index.buckets) {
      if (other.account === null || other.logging === undefined || !isErrorValue(other.logging)) continue;
      const list = byAccount.get(other.account);
      if (list) list.push(other);
      else byAccount.set(other.account, [other]);
    }
    unreadMemo.set(index, byAccount);
  }
  return byAccount;
}
