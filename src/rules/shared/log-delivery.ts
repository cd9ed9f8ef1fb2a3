/**
 * The one model of "can this target bucket receive server access logs from this source?", shared by the
 * rules (the verdict) and the remediation planner (the plan). Both build the delivery request here and
 * judge the target with `checkTargetDelivery` (delivery-policy.ts / conditions.ts / wildcard.ts: the
 * linear IAM wildcard matcher, no RegExp built from policy text), so a plan can only propose what the
 * rules will then call compliant: the planner checks the target *as it will be after the fix* (its policy
 * with our statements merged, or a bucket as trailguard creates it) with the same function.
 *
 * Why here (src/rules/shared) and not a new top-level folder: the model is the rules' evaluator; the
 * planner is its second caller. Rules stay pure and unaware of remediation; remediation imports rules.
 */
import { type Bucket, bucketArn, type Partition, type PolicyDocument } from '../../inventory/model.js';
import { isErrorValue, type Read } from '../../inventory/read.js';
import type { DeliveryRequest, PreparedPolicy } from './delivery-policy.js';
import { checkTargetDelivery, type TargetCheck } from './target-check.js';

export type { DeliveryRequest } from './delivery-policy.js';
export { checkTargetDelivery, type TargetCheck } from './target-check.js';

/**
 * The request S3 makes when it delivers `source`'s access logs into `targetName` under `prefix`.
 * IaC sources without an account / with a generated name are named by the symbols their configuration uses.
 */
export function deliveryRequest(
  partition: Partition,
  source: Bucket,
  target: Bucket | undefined,
  targetName: string,
  prefix: Read<string>,
): DeliveryRequest {
  return {
    partition,
    targetBucket: targetName,
    targetPrefix: isErrorValue(prefix) ? null : prefix,
    sourceAccount: source.account,
    sourceArn: source.nameUnresolved ? null : bucketArn(partition, source.name),
    // An IaC source with a generated name is `<address>`, as the same template refers to its ARN.
    ...(source.nameUnresolved && source.location
      ? { sourceArnSymbol: bucketArn(partition, source.name) }
      : {}),
    ...(target ? sameStackAccount(source, target) : {}),
    targetAccount: target?.account ?? null,
  };
}

/**
 * Terraform: a source and target whose `accountSymbol` is the same (one root module, the same provider
 * credentials, or the same pinned account) are in one account, which the target's policy may name with
 * that symbol (`${aws_account_id}` from `data.aws_caller_identity`) or account id.
 * CloudFormation: a source and target declared in the same template are deployed by one stack, into one
 * account, which the target's policy names `${AWS::AccountId}` (issue 19; e.g. the policy CDK generates
 * for `serverAccessLogsBucket`). A symbol: equal to the same text in that policy, unknown against
 * anything else. Any other pair gets no symbol.
 */
export function sameStackAccount(source: Bucket, target: Bucket): { sourceAccountSymbol?: string } {
  if (source.account === null && source.accountSymbol && source.accountSymbol === target.accountSymbol)
    return { sourceAccountSymbol: source.accountSymbol };
  const a = source.location;
  const b = target.location;
  if (source.account !== null || !a || !b || a.file !== b.file) return {};
  return isTemplateFile(a.file) ? { sourceAccountSymbol: CFN_ACCOUNT_SYMBOL } : {};
}

export const CFN_ACCOUNT_SYMBOL = '$' + '{AWS::AccountId}';

export function isTemplateFile(file: string): boolean {
  return /\.(ya?ml|json|template)$/i.test(file);
}

/** The symbol a policy written in the source's own configuration uses for its account, if any. */
export function sourceAccountSymbol(source: Bucket): string | undefined {
  if (source.account !== null) return undefined;
  if (source.accountSymbol) return source.accountSymbol;
  return source.location && isTemplateFile(source.location.file) ? CFN_ACCOUNT_SYMBOL : undefined;
}

/** Where the target sits relative to the source: S3 delivers only within one account and one Region. */
export function placementProblem(
  source: { account: string | null; region: string | null },
  target: Bucket,
): { code: 'TARGET_OTHER_ACCOUNT' | 'TARGET_OTHER_REGION'; detail: string } | null {
  if (target.account !== source.account) {
    return {
      code: 'TARGET_OTHER_ACCOUNT',
      detail: `is owned by ${target.account ?? 'an account outside the scan'}, not by the source's account ${source.account ?? '(unknown)'}; S3 delivers access logs only within one account`,
    };
  }
  const region = target.region === undefined || isErrorValue(target.region) ? null : target.region;
  if (source.region && region && region !== source.region) {
    return {
      code: 'TARGET_OTHER_REGION',
      detail: `is in ${region}, the source in ${source.region}; S3 delivers access logs only within one Region`,
    };
  }
  return null;
}

/**
 * A log bucket as trailguard creates it (remediation): BucketOwnerEnforced, SSE-S3, Block Public Access,
 * no Object Lock, no Requester Pays, no ACL grants, and the given policy.
 */
export function createdLogTarget(
  name: string,
  like: Pick<Bucket, 'account' | 'accountSymbol' | 'location'> & { region: string | null },
  policy: PolicyDocument | null,
): Bucket {
  const bucket: Bucket = {
    name,
    account: like.account,
    exists: true,
    logging: null,
    policy,
    ownership: 'BucketOwnerEnforced',
    acl: [],
    defaultEncryption: 'SSE-S3',
    objectLockDefaultRetention: false,
    requesterPays: false,
  };
  if (like.region) bucket.region = like.region;
  if (like.accountSymbol) bucket.accountSymbol = like.accountSymbol;
  if (like.location) bucket.location = like.location;
  return bucket;
}

/** The check of `target` with its policy replaced by `policy` (the state a plan leaves it in). */
export function checkWithPolicy(
  target: Bucket,
  policy: PolicyDocument | null,
  request: DeliveryRequest,
  policies?: Map<PolicyDocument, PreparedPolicy>,
): TargetCheck {
  return checkTargetDelivery({ ...target, policy }, request, policies);
}
