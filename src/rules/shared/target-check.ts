/**
 * Can the target bucket receive server access logs from this source? Checks every destination
 * requirement of the S3 User Guide ("Enabling Amazon S3 server access logging",
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/enable-server-access-logging.html):
 * a grant to the logging service (bucket policy, or Log Delivery group ACL unless Object Ownership is
 * BucketOwnerEnforced), no explicit Deny, no Object Lock default retention, no Requester Pays, and default
 * encryption SSE-S3 or none (SSE-KMS / DSSE-KMS are not supported for the destination).
 *
 * Only facts actually read can make the verdict `cannot-receive`; a fact that is absent or an error value
 * makes it `unverified` (TARGET_UNVERIFIED), never a guessed pass or fail.
 */
import { type Bucket, LOG_DELIVERY_GROUP_URI, type PolicyDocument } from '../../inventory/model.js';
import { isErrorValue, type Read, type ReadError } from '../../inventory/read.js';
import {
  type DeliveryRequest,
  evaluatePreparedPolicy,
  type PreparedPolicy,
  prepareDeliveryPolicy,
  type StatementVerdict,
} from './delivery-policy.js';
import { type Tri, triAnd, triOr } from './tri.js';

export interface TargetCheck {
  verdict: 'can-receive' | 'cannot-receive' | 'unverified';
  /** Why it cannot receive (one short phrase each). */
  problems: string[];
  /** What could not be checked. */
  unverified: string[];
  /**
   * The error values among the facts that left it unverified (a read that failed, an IaC value that is
   * UNRESOLVED). Non-empty means the target is not merely outside the scan: the verdict is UNDETERMINED.
   */
  failures: ReadError[];
  evidence: Record<string, unknown>;
  /** Does the policy or ACL grant the delivery (the remediation planner reuses a grant that says yes)? */
  grant: Tri;
  /** Does a Deny of the bucket policy block it? */
  deny: Tri;
  /** Sids (or `#index`) of the Deny statements that block it, for messages. */
  deniedBy: string[];
}

type Fact<T> = { known: true; value: T } | { known: false; why: string; error?: ReadError };

function fact<T>(value: Read<T> | undefined, label: string): Fact<T> {
  if (value === undefined) return { known: false, why: `${label} was not collected` };
  if (isErrorValue(value)) {
    return { known: false, why: `${label} could not be read (${value.error.code})`, error: value.error };
  }
  return { known: true, value };
}

/** The error of each unknown fact (absent facts have none: they were not collected, not failed). */
function errorsOf(...facts: Fact<unknown>[]): ReadError[] {
  return facts.flatMap((f) => (!f.known && f.error ? [f.error] : []));
}

function statementRefs(statements: StatementVerdict[], effect: 'Allow' | 'Deny', applies: Tri) {
  return statements
    .filter((s) => s.effect === effect && s.applies === applies)
    .map((s) => ({
      index: s.index,
      ...(s.sid ? { sid: s.sid } : {}),
      ...(applies === 'unknown' ? { unknownBecause: s.unknownBecause } : {}),
    }));
}

/**
 * `policies` caches parsed policies by document for one evaluation (a log bucket's policy is evaluated once
 * per source bucket); callers that check a single target can leave it out.
 */
export function checkTargetDelivery(
  target: Bucket,
  request: DeliveryRequest,
  policies: Map<PolicyDocument, PreparedPolicy> = new Map(),
): TargetCheck {
  const problems: string[] = [];
  const unverified: string[] = [];
  const failures: ReadError[] = [];
  const evidence: Record<string, unknown> = {};

  const policy = fact(target.policy, 'the bucket policy');
  let policyGrant: Tri = 'unknown';
  let policyDeny: Tri = 'unknown';
  let deniedBy: string[] = [];
  if (policy.known && policy.value === null) {
    policyGrant = 'no';
    policyDeny = 'no';
    evidence.policy = 'none';
  } else if (policy.known && policy.value !== null) {
    let prepared = policies.get(policy.value);
    if (prepared === undefined) {
      prepared = prepareDeliveryPolicy(policy.value);
      policies.set(policy.value, prepared);
    }
    const verdict = evaluatePreparedPolicy(prepared, request);
    policyGrant = verdict.allow;
    policyDeny = verdict.deny;
    deniedBy = verdict.statements
      .filter((s) => s.effect === 'Deny' && s.applies === 'yes')
      .map((s) => s.sid ?? `#${s.index}`);
    evidence.policy = {
      grant: verdict.allow,
      deny: verdict.deny,
      allowedBy: statementRefs(verdict.statements, 'Allow', 'yes'),
      mayAllow: statementRefs(verdict.statements, 'Allow', 'unknown'),
      deniedBy: statementRefs(verdict.statements, 'Deny', 'yes'),
      mayDeny: statementRefs(verdict.statements, 'Deny', 'unknown'),
    };
  } else if (!policy.known) {
    evidence.policy = policy.why;
  }

  // No ownership controls behaves as ObjectWriter, where ACLs apply (S3 User Guide, "Controlling ownership of objects").
  const ownership = fact(target.ownership, 'Object Ownership');
  const aclApplies: Tri = ownership.known
    ? ownership.value === 'BucketOwnerEnforced'
      ? 'no'
      : 'yes'
    : 'unknown';
  evidence.ownership = ownership.known ? (ownership.value ?? 'none (ObjectWriter)') : ownership.why;
  const acl = fact(target.acl, 'the ACL');
  const logDeliveryGrant: Tri = acl.known
    ? acl.value.some(
        (g) =>
          g.grantee === LOG_DELIVERY_GROUP_URI &&
          (g.permission === 'WRITE' || g.permission === 'FULL_CONTROL'),
      )
      ? 'yes'
      : 'no'
    : 'unknown';
  evidence.aclLogDeliveryWrite = acl.known ? logDeliveryGrant === 'yes' : acl.why;
  const aclGrant = triAnd(aclApplies, logDeliveryGrant);

  const grant = triOr(policyGrant, aclGrant);
  evidence.grant = grant;
  if (grant === 'no') {
    problems.push(
      aclApplies === 'no' && logDeliveryGrant === 'yes'
        ? 'its ACL grants the Log Delivery group, but ACLs are ignored under BucketOwnerEnforced and no bucket policy statement allows logging.s3.amazonaws.com'
        : 'neither its bucket policy nor its ACL allows logging.s3.amazonaws.com to write',
    );
  } else if (grant === 'unknown') {
    unverified.push(grantUnknownWhy(policy, ownership, acl));
    failures.push(...errorsOf(policy, ownership, acl));
  }
  if (policyDeny === 'yes') problems.push('a Deny statement in its bucket policy blocks log delivery');
  else if (policyDeny === 'unknown' && policy.known)
    unverified.push('a Deny statement may block log delivery');
  else if (policyDeny === 'unknown' && !policy.known) {
    unverified.push(policy.why);
    failures.push(...errorsOf(policy));
  }

  const lock = fact(target.objectLockDefaultRetention, 'Object Lock configuration');
  evidence.objectLockDefaultRetention = lock.known ? lock.value : lock.why;
  if (lock.known && lock.value) problems.push('it has an Object Lock default retention period');
  else if (!lock.known) {
    unverified.push(lock.why);
    failures.push(...errorsOf(lock));
  }

  const payer = fact(target.requesterPays, 'Requester Pays setting');
  evidence.requesterPays = payer.known ? payer.value : payer.why;
  if (payer.known && payer.value) problems.push('it has Requester Pays enabled');
  else if (!payer.known) {
    unverified.push(payer.why);
    failures.push(...errorsOf(payer));
  }

  const encryption = fact(target.defaultEncryption, 'default encryption');
  evidence.defaultEncryption = encryption.known ? (encryption.value ?? 'none') : encryption.why;
  if (encryption.known && (encryption.value === 'SSE-KMS' || encryption.value === 'DSSE-KMS')) {
    problems.push(
      `its default encryption is ${encryption.value} (only SSE-S3 is supported for log delivery)`,
    );
  } else if (!encryption.known) {
    unverified.push(encryption.why);
    failures.push(...errorsOf(encryption));
  }

  const cleaned = [...new Set(unverified)];
  const verdict = problems.length > 0 ? 'cannot-receive' : cleaned.length > 0 ? 'unverified' : 'can-receive';
  return {
    verdict,
    problems,
    unverified: cleaned,
    failures: [...new Set(failures)],
    evidence,
    grant,
    deny: policyDeny,
    deniedBy,
  };
}

function grantUnknownWhy(policy: Fact<unknown>, ownership: Fact<unknown>, acl: Fact<unknown>): string {
  if (!policy.known) return `${policy.why}, so the delivery grant is unknown`;
  const missing = [ownership, acl]
    .filter((f): f is { known: false; why: string } => !f.known)
    .map((f) => f.why);
  if (missing.length > 0) return `the bucket policy does not settle the grant and ${missing.join(' and ')}`;
  return 'the bucket policy grant depends on conditions that cannot be evaluated';
}
