/**
 * Choosing the log target for a source bucket and checking that an existing target can receive logs.
 * The requirements are those of the S3 User Guide ("Enabling Amazon S3 server access logging"): same
 * account and Region as the source, no Object Lock default retention, no Requester Pays, SSE-S3 (not
 * SSE-KMS / DSSE-KMS) default encryption, and no Deny on the delivery. trailguard refuses rather than
 * changes any of those settings: they were chosen by someone, for a reason it cannot see.
 *
 * The answer comes from the rules' model (src/rules/shared/log-delivery.ts), asked about the target as the
 * plan leaves it (its policy with the delivery statement merged): what the plan proposes, a re-scan calls
 * compliant, and what the rules would still reject is refused here with their words.
 */
import type { Bucket, Inventory, PolicyDocument } from '../inventory/model.js';
import { isErrorValue, UNRESOLVED } from '../inventory/read.js';
import {
  checkTargetDelivery,
  checkWithPolicy,
  createdLogTarget,
  type DeliveryRequest,
  deliveryRequest,
  placementProblem,
  sourceAccountSymbol,
  type TargetCheck,
} from '../rules/shared/log-delivery.js';
import { deliveryStatement, mergePolicy } from './policy.js';
import type { PolicyStatement, SkipCode } from './types.js';

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

/** A target the plan can use for a source: the statement to merge (null: its policy already grants it). */
export interface TargetUse {
  statement: PolicyStatement | null;
  /** The target's state after the plan, judged by the rules' model (can-receive, or unverified by design). */
  after: TargetCheck;
}

/**
 * Can `target` (existing, or as trailguard would create it when `create`) receive `source`'s logs under
 * `prefix` once the plan merged its statement? A problem says why not (refused), else the statement to add.
 */
export function useTarget(
  target: Bucket,
  source: Bucket,
  ref: { account: string | null; region: string | null },
  prefix: string,
  inventory: Inventory,
  create = false,
): TargetProblem | TargetUse {
  const name = target.name;
  if (!create) {
    if (isErrorValue(target.exists)) {
      return unreadable(name, `its existence could not be checked (${target.exists.error.code})`);
    }
    const placement = placementProblem(ref, target);
    if (placement)
      return { code: placement.code, refused: true, message: `target ${name} ${placement.detail}` };
    if (isErrorValue(target.region)) return unreadable(name, 'its Region could not be read');
    if (isErrorValue(target.policy)) {
      if (target.policy.error.code === UNRESOLVED && target.location) {
        // IaC: a policy built from values trailguard cannot evaluate (a variable, a remote module…).
        const statement = deliveryStatement(grantFor(inventory, source, ref, name, prefix));
        return unreadable(
          name,
          `its bucket policy (${target.location.address}, ${target.location.file}:${target.location.line}) is built from values trailguard cannot evaluate or edit (${target.policy.error.message}); add this statement to it by hand${source.logging ? '' : `, then log ${source.name} into ${name} with prefix "${prefix}"`}: ${JSON.stringify(statement)}`,
        );
      }
      return unreadable(
        name,
        `its bucket policy could not be read (${target.policy.error.code}), so it cannot be merged safely`,
      );
    }
  }
  const request = deliveryRequest(inventory.partition, source, target, name, prefix);
  const policy: PolicyDocument | null =
    create || isErrorValue(target.policy) ? null : (target.policy ?? null);
  const before = create ? null : checkTargetDelivery(target, request);
  const statement =
    before?.grant === 'yes'
      ? null
      : deliveryStatement(grantFor(inventory, source, ref, name, prefix, request));
  const after = statement
    ? checkWithPolicy(target, mergePolicy(policy, [statement]), request)
    : (before as TargetCheck);
  if (after.verdict === 'cannot-receive') {
    const denied = after.deniedBy.filter((s) => !s.startsWith('#'));
    return cannotReceive(
      name,
      `${after.problems.join('; ')}${denied.length ? ` (statement ${denied.join(', ')})` : ''}`,
    );
  }
  if (after.failures.length > 0) return unreadable(name, after.unverified.join('; '));
  return { statement, after };
}

/** What trailguard creates for a source with no usable target: the bucket it is checked as. */
export function plannedTarget(
  name: string,
  source: Bucket,
  ref: { account: string | null; region: string | null },
) {
  return createdLogTarget(
    name,
    {
      account: ref.account,
      region: ref.region,
      ...(source.accountSymbol ? { accountSymbol: source.accountSymbol } : {}),
      // Declared next to the source (same template / module): one stack, one account.
      ...(source.location ? { location: { ...source.location, address: name } } : {}),
    },
    null,
  );
}

export function grantFor(
  inventory: Inventory,
  source: Bucket,
  ref: { account: string | null },
  target: string,
  prefix: string,
  request?: DeliveryRequest,
) {
  const symbol =
    ref.account === null ? (request?.sourceAccountSymbol ?? sourceAccountSymbol(source)) : undefined;
  return {
    partition: inventory.partition,
    target,
    prefix,
    sourceBucket: source.name,
    sourceAccount: ref.account,
    ...(symbol ? { sourceAccountSymbol: symbol } : {}),
  };
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
