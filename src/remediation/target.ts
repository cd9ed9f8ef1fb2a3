/**
 * Choosing the log target for a source bucket and checking that an existing target can receive logs.
 * The requirements are those of the S3 User Guide ("Enabling Amazon S3 server access logging"): same
 * account and Region as the source, no Object Lock default retention, no Requester Pays, SSE-S3 (not
 * SSE-KMS / DSSE-KMS) default encryption, and no Deny on the delivery. trailguard refuses rather than
 * changes any of those settings: they were chosen by someone, for a reason it cannot see.
 */
import type { Bucket, Inventory } from '../inventory/model.js';
import { isErrorValue } from '../inventory/read.js';
import { findBlockingDeny } from './policy.js';
import type { SkipCode } from './types.js';

export interface TargetProblem {
  code: SkipCode;
  refused: boolean;
  message: string;
}

export function defaultTargetName(account: string, region: string): string {
  return `${account}-${region}-s3-access-logs`;
}

/** The target named by --target-bucket for this Region, if any. */
export function explicitTarget(option: string | Record<string, string> | undefined, region: string | null) {
  if (option === undefined) return undefined;
  if (typeof option === 'string') return option;
  return region ? option[region] : undefined;
}

export function findBucket(inventory: Inventory, name: string): Bucket | undefined {
  return inventory.buckets.find((b) => b.name === name);
}

function regionOf(bucket: Bucket): string | null {
  return bucket.region === undefined || isErrorValue(bucket.region) ? null : bucket.region;
}

/**
 * Why an existing bucket cannot be the log target for `source` (null: it can). `prefix` is the prefix
 * the source will log under, for the Deny check.
 */
export function targetProblem(
  target: Bucket,
  source: { account: string | null; region: string | null },
  prefix: string,
  inventory: Inventory,
): TargetProblem | null {
  const name = target.name;
  if (isErrorValue(target.exists)) {
    return unreadable(name, `its existence could not be checked (${target.exists.error.code})`);
  }
  if (target.account !== source.account) {
    return {
      code: 'TARGET_OTHER_ACCOUNT',
      refused: true,
      message: `target ${name} is owned by ${target.account ?? 'an account outside the scan'}, not by the source's account ${source.account ?? '(unknown)'}; S3 delivers access logs only within one account`,
    };
  }
  const region = regionOf(target);
  if (isErrorValue(target.region)) return unreadable(name, `its Region could not be read`);
  if (source.region && region && region !== source.region) {
    return {
      code: 'TARGET_OTHER_REGION',
      refused: true,
      message: `target ${name} is in ${region}, the source in ${source.region}; S3 delivers access logs only within one Region`,
    };
  }
  const settings: [unknown, string][] = [
    [target.objectLockDefaultRetention, 'Object Lock default retention'],
    [target.requesterPays, 'Requester Pays'],
  ];
  for (const [value, what] of settings) {
    if (isErrorValue(value)) return unreadable(name, `its ${what} setting could not be read`);
    if (value === true) return cannotReceive(name, `it has ${what}`);
  }
  if (isErrorValue(target.defaultEncryption))
    return unreadable(name, 'its default encryption could not be read');
  if (target.defaultEncryption === 'SSE-KMS' || target.defaultEncryption === 'DSSE-KMS') {
    return cannotReceive(
      name,
      `its default encryption is ${target.defaultEncryption} (only SSE-S3 is supported)`,
    );
  }
  if (isErrorValue(target.policy)) {
    return unreadable(
      name,
      `its bucket policy could not be read (${target.policy.error.code}), so it cannot be merged safely`,
    );
  }
  const deny = findBlockingDeny(target.policy ?? null, name, prefix, inventory.partition);
  if (deny) {
    return cannotReceive(
      name,
      `its bucket policy denies s3:PutObject to log delivery${deny.Sid ? ` (statement ${String(deny.Sid)})` : ''}`,
    );
  }
  return null;
}

function cannotReceive(name: string, why: string): TargetProblem {
  return {
    code: 'TARGET_CANNOT_RECEIVE',
    refused: true,
    message: `target ${name} cannot receive access logs: ${why}; trailguard does not change that setting — choose another target with --target-bucket`,
  };
}

function unreadable(name: string, why: string): TargetProblem {
  return { code: 'TARGET_UNREADABLE', refused: true, message: `target ${name}: ${why}` };
}
