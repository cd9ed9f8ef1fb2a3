/**
 * The rows both rules share (DESIGN 4.1 rows 5–10, 4.2 rows 2–7): read → enabled → target exists →
 * same Region and account → target can receive → compliant, with SELF_TARGET / TARGET_UNVERIFIED /
 * NO_TARGET_PREFIX warnings. Destination requirements: S3 User Guide, "Enabling Amazon S3 server access
 * logging" (https://docs.aws.amazon.com/AmazonS3/latest/userguide/enable-server-access-logging.html).
 */
import type { EngineReasonCode } from '../../engine/reasons.js';
import type { Status } from '../../engine/types.js';
import type { Bucket, LoggingConfig } from '../../inventory/model.js';
import {
  ACCESS_DENIED_CODES,
  isErrorValue,
  NO_TARGET,
  type Read,
  type ReadError,
  UNRESOLVED,
} from '../../inventory/read.js';
import {
  bucketListFailure,
  completeBucketList,
  type InventoryIndex,
  sharesTargetWithoutPrefix,
  targetsOf,
} from './inventory-index.js';
import { checkTargetDelivery, deliveryRequest } from './log-delivery.js';
import type { LoggingReasonCode, LoggingWarningCode } from './reasons.js';
import { describeBucket } from './refs.js';

/** The verdict's codes: its own (shared/reasons.ts) and VALUE_UNRESOLVED, the engine's. */
type ReasonCode = LoggingReasonCode | EngineReasonCode;
type WarningCode = LoggingWarningCode;

export interface Verdict {
  status: Status;
  reason: ReasonCode;
  warnings: WarningCode[];
  message: string;
  evidence: Record<string, unknown>;
}

/**
 * The reason of a verdict that an error value leaves undetermined: an IaC value that cannot be evaluated
 * statically (VALUE_UNRESOLVED), a read that was denied (ACCESS_DENIED), or one that failed (READ_FAILED).
 */
export function readFailureReason(error: ReadError): ReasonCode {
  if (error.code === UNRESOLVED) return 'VALUE_UNRESOLVED';
  return ACCESS_DENIED_CODES.has(error.code) ? 'ACCESS_DENIED' : 'READ_FAILED';
}

function readValue<T>(value: Read<T> | undefined): T | null {
  return value === undefined || isErrorValue(value) ? null : value;
}

function shown<T>(value: Read<T> | undefined): unknown {
  if (value === undefined) return 'not collected';
  return value;
}

export function evaluateBucketLogging(index: InventoryIndex, source: Bucket): Verdict {
  const name = describeBucket(source);
  const logging = source.logging;
  if (logging === undefined) {
    return verdict(
      'UNDETERMINED',
      'READ_FAILED',
      `The logging configuration of bucket ${name} was not collected.`,
      {
        logging: 'not collected',
      },
    );
  }
  if (isErrorValue(logging)) {
    const reason = readFailureReason(logging.error);
    return verdict(
      'UNDETERMINED',
      reason,
      reason === 'VALUE_UNRESOLVED'
        ? `The logging configuration of bucket ${name} cannot be evaluated statically (${logging.error.message}).`
        : `Reading the logging configuration of bucket ${name} failed (${logging.error.code}: ${logging.error.message}).`,
      { logging },
    );
  }
  if (logging === null) {
    return verdict(
      'NON_COMPLIANT',
      'LOGGING_DISABLED',
      `Bucket ${name} has server access logging disabled.`,
      {
        logging: null,
      },
    );
  }
  const evidence: Record<string, unknown> = { logging };
  if (isErrorValue(logging.targetBucket) && logging.targetBucket.error.code === NO_TARGET) {
    return verdict(
      'NON_COMPLIANT',
      'TARGET_BUCKET_MISSING',
      `Bucket ${name} has server access logging configured into a target bucket that does not exist (${logging.targetBucket.error.message}).`,
      evidence,
    );
  }
  if (isErrorValue(logging.targetBucket)) {
    // Which bucket receives the logs is unknown: never a pass (issue 10).
    return verdict(
      'UNDETERMINED',
      readFailureReason(logging.targetBucket.error),
      `Bucket ${name} has server access logging enabled, but its target bucket cannot be resolved (${logging.targetBucket.error.message}).`,
      evidence,
    );
  }
  const targetName = logging.targetBucket;
  const candidates = targetsOf(index, source, targetName).filter((t): t is Bucket => typeof t !== 'string');
  if (candidates.length <= 1) return againstTarget(index, source, logging, targetName, candidates[0]);
  return againstSeveral(index, source, logging, targetName, candidates);
}

/**
 * The target name matches several IaC declarations that no scope narrows down (the same literal name in
 * two modules or stacks). Only one of them can exist once applied, and we cannot tell which, so a verdict
 * stands only when every candidate gives it; otherwise logging is enabled and delivery is unverified.
 */
function againstSeveral(
  index: InventoryIndex,
  source: Bucket,
  logging: LoggingConfig,
  targetName: string,
  candidates: Bucket[],
): Verdict {
  const verdicts = candidates.map((target) => againstTarget(index, source, logging, targetName, target));
  const declared = candidates.map((t) => (t.location ? `${t.location.file}:${t.location.line}` : t.name));
  const signature = (v: Verdict) => `${v.status}/${v.reason}/${[...v.warnings].sort().join(',')}`;
  const first = verdicts[0] as Verdict;
  if (verdicts.every((v) => signature(v) === signature(first))) {
    return { ...first, evidence: { ...first.evidence, targetDeclarations: declared } };
  }
  // A candidate whose facts failed to read or evaluate leaves the whole verdict undetermined.
  const undetermined = verdicts.find((v) => v.status === 'UNDETERMINED');
  if (undetermined) {
    return { ...undetermined, evidence: { ...undetermined.evidence, targetDeclarations: declared } };
  }
  const warnings = new Set<WarningCode>(['TARGET_UNVERIFIED']);
  for (const w of first.warnings) if (w !== 'TARGET_UNVERIFIED') warnings.add(w);
  return verdict(
    'COMPLIANT',
    'LOGGING_ENABLED',
    `Bucket ${describeBucket(source)} has server access logging enabled into bucket ${targetName}, which is declared ${candidates.length} times (${declared.join(', ')}) with different outcomes, so delivery could not be checked.`,
    {
      logging,
      targetDeclarations: declared,
      outcomes: verdicts.map((v, i) => ({ declaredAt: declared[i], status: v.status, reason: v.reason })),
    },
    [...warnings],
  );
}

function againstTarget(
  index: InventoryIndex,
  source: Bucket,
  logging: LoggingConfig,
  targetName: string,
  found: Bucket | undefined,
): Verdict {
  const name = describeBucket(source);
  const self = targetName === source.name;
  const target = self ? source : found;
  const evidence: Record<string, unknown> = { logging };
  const warnings: WarningCode[] = [];
  if (self) warnings.push('SELF_TARGET');
  if (sharesTargetWithoutPrefix(index, source)) warnings.push('NO_TARGET_PREFIX');

  const sourceRegion = readValue(source.region);
  const targetRegion = target ? readValue(target.region) : null;
  const facts: Record<string, unknown> = {
    name: targetName,
    inInventory: target !== undefined,
    sourceRegion: shown(source.region),
    sourceAccount: source.account,
  };
  evidence.target = facts;
  if (target) {
    facts.exists = target.exists;
    facts.region = shown(target.region);
    facts.account = target.account;
  }
  if (target && target.exists === false) {
    return verdict(
      'NON_COMPLIANT',
      'TARGET_BUCKET_MISSING',
      `Bucket ${name} sends its access logs to bucket ${targetName}, which does not exist.`,
      evidence,
    );
  }
  if (sourceRegion !== null && targetRegion !== null && sourceRegion !== targetRegion) {
    return verdict(
      'NON_COMPLIANT',
      'TARGET_OTHER_REGION',
      `Bucket ${name} (${sourceRegion}) sends its access logs to bucket ${targetName} in ${targetRegion}; S3 delivers only within one Region.`,
      evidence,
    );
  }
  // A live bucket that no scanned account listed while one account's bucket list failed: it may be that
  // account's, so whether source and target share an account is unknown (issue 10, seen under faults:
  // a trail bucket of an account whose ListBuckets failed came out COMPLIANT). Never a pass or an
  // accusation. (IaC buckets have no account and a location: left to the rows below.)
  const sourceOwnerFailure =
    !self && source.account === null && source.location === undefined ? anyBucketListFailure(index) : null;
  if (sourceOwnerFailure) {
    facts.sourceOwnerUnknownBecause = sourceOwnerFailure;
    return verdict(
      'UNDETERMINED',
      readFailureReason(sourceOwnerFailure.error),
      `Bucket ${name} sends its access logs to bucket ${targetName}, but no scanned account listed bucket ${name} and the bucket list of account ${sourceOwnerFailure.account} could not be read (${sourceOwnerFailure.error.code}: ${sourceOwnerFailure.error.message}), so its owner is unknown.`,
      evidence,
    );
  }
  if (source.account !== null && target?.account != null && target.account !== source.account) {
    return verdict(
      'NON_COMPLIANT',
      'TARGET_OTHER_ACCOUNT',
      `Bucket ${name} (account ${source.account}) sends its access logs to bucket ${targetName} owned by account ${target.account}; S3 delivers only within one account.`,
      evidence,
    );
  }
  const owned = completeBucketList(index, source.account);
  const ownerUnknown = !self && (target === undefined || target.account === null);
  if (ownerUnknown && owned && !owned.has(targetName)) {
    facts.ownerBucketListChecked = source.account;
    // Missing or in another account: either way S3 cannot deliver, but which one rests on the target's
    // existence check; when that read failed (a 503), say so rather than accuse (issue 10 item 7).
    if (target && isErrorValue(target.exists)) {
      return verdict(
        'UNDETERMINED',
        readFailureReason(target.exists.error),
        `Bucket ${name} sends its access logs to bucket ${targetName}, which account ${source.account} does not own, and checking whether it exists failed (${target.exists.error.code}: ${target.exists.error.message}).`,
        evidence,
      );
    }
    return verdict(
      'NON_COMPLIANT',
      'TARGET_OTHER_ACCOUNT',
      `Bucket ${name} sends its access logs to bucket ${targetName}, which account ${source.account} does not own (it belongs to another account or no longer exists); S3 delivers only within one account.`,
      evidence,
    );
  }
  // The owner of the target is unknown because the source account's bucket list could not be read: the
  // target is not outside the scan, its reads failed (issue 10 item 6). Never a pass.
  const listFailure = ownerUnknown ? bucketListFailure(index, source.account) : null;
  if (listFailure) {
    facts.ownerBucketListError = listFailure;
    return verdict(
      'UNDETERMINED',
      readFailureReason(listFailure),
      `Bucket ${name} sends its access logs to bucket ${targetName}, but the bucket list of account ${source.account} could not be read (${listFailure.code}: ${listFailure.message}), so the target's owner and settings are unknown.`,
      evidence,
    );
  }
  if (!target) {
    return verdict(
      'COMPLIANT',
      'LOGGING_ENABLED',
      `Bucket ${name} has server access logging enabled into bucket ${targetName}, which is outside the inventory and could not be checked.`,
      evidence,
      [...warnings, 'TARGET_UNVERIFIED'],
    );
  }
  const check = checkTargetDelivery(
    target,
    deliveryRequest(index.inventory.partition, source, target, targetName, logging.targetPrefix),
    index.policies,
  );
  if (isErrorValue(target.exists)) {
    check.unverified.push(`its existence could not be checked (${target.exists.error.code})`);
    check.failures.push(target.exists.error);
  }
  // A Region that failed to read cannot be compared (row 8); an absent one (IaC) is left alone, since
  // PutBucketLogging itself rejects a cross-Region target when the configuration is applied.
  if (!self && (isErrorValue(source.region) || isErrorValue(target.region))) {
    check.unverified.push('the Regions of source and target could not both be read');
    for (const region of [source.region, target.region])
      if (isErrorValue(region)) check.failures.push(region.error);
  }
  // A policy condition on the source ARN cannot be settled when the source's name is unresolved.
  const mayDependOnSource =
    check.verdict === 'unverified' && policyUnsettledOn(check.evidence.policy, 'aws:SourceArn');
  if (source.nameUnresolved && mayDependOnSource) {
    check.unverified.push(
      `the source bucket's name is not known statically (${source.nameUnresolved.message})`,
    );
    check.failures.push(source.nameUnresolved);
  }
  Object.assign(facts, check.evidence, { problems: check.problems, unverified: check.unverified });
  if (check.verdict === 'cannot-receive') {
    return verdict(
      'NON_COMPLIANT',
      'TARGET_CANNOT_RECEIVE',
      `Bucket ${name} sends its access logs to bucket ${targetName}, which cannot receive them: ${check.problems.join('; ')}.`,
      evidence,
    );
  }
  const failure = check.failures[0];
  if (failure) {
    facts.failures = check.failures;
    return verdict(
      'UNDETERMINED',
      readFailureReason(failure),
      `Bucket ${name} has server access logging enabled into bucket ${targetName}, but whether it can receive the logs rests on ${check.failures.length === 1 ? 'a value' : 'values'} that could not be ${readFailureReason(failure) === 'VALUE_UNRESOLVED' ? 'evaluated' : 'read'}: ${check.unverified.join('; ')}.`,
      evidence,
    );
  }
  if (check.unverified.length > 0) {
    return verdict(
      'COMPLIANT',
      'LOGGING_ENABLED',
      `Bucket ${name} has server access logging enabled into bucket ${targetName}, but delivery could not be fully checked: ${check.unverified.join('; ')}.`,
      evidence,
      [...warnings, 'TARGET_UNVERIFIED'],
    );
  }
  return verdict(
    'COMPLIANT',
    'LOGGING_ENABLED',
    self
      ? `Bucket ${name} has server access logging enabled into itself, and delivery is allowed.`
      : `Bucket ${name} has server access logging enabled into bucket ${targetName}, which can receive the logs.`,
    evidence,
    warnings,
  );
}

const listFailures = new WeakMap<InventoryIndex, { account: string; error: ReadError } | null>();

/** The first scanned account whose bucket list failed, once per evaluation; null when none did. */
function anyBucketListFailure(index: InventoryIndex): { account: string; error: ReadError } | null {
  let found = listFailures.get(index);
  if (found === undefined) {
    found = null;
    for (const account of index.accounts.values()) {
      const error = account.scanned ? bucketListFailure(index, account.id) : null;
      if (error) {
        found = { account: account.id, error };
        break;
      }
    }
    listFailures.set(index, found);
  }
  return found;
}

function verdict(
  status: Status,
  reason: ReasonCode,
  message: string,
  evidence: Record<string, unknown>,
  warnings: WarningCode[] = [],
): Verdict {
  return { status, reason, warnings, message, evidence };
}

/** True when an Allow or Deny of the policy evidence could not be settled because of a condition on `key`. */
function policyUnsettledOn(policy: unknown, key: string): boolean {
  if (policy === null || typeof policy !== 'object') return false;
  const { mayAllow = [], mayDeny = [] } = policy as {
    mayAllow?: { unknownBecause?: string[] }[];
    mayDeny?: { unknownBecause?: string[] }[];
  };
  const needle = key.toLowerCase();
  return [...mayAllow, ...mayDeny].some((s) =>
    (s.unknownBecause ?? []).some((why) => why.toLowerCase().includes(needle)),
  );
}
