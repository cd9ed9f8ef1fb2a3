/**
 * A many-account organization in which every bucket state of both decision tables occurs several
 * times, spread over the workload accounts (each gets four states, in rotation), for the
 * fault-equivalence test. Built with the emulator's scenario builder; names say what they show.
 *
 * Accounts: management (scanner, owner of the organization trail), log archive, WORKLOADS workload
 * accounts, one member whose role does not trust the scanner, and one company outside the
 * organization that owns a trail bucket and a log target some workloads point at.
 */
import { logDeliveryPolicy, type ScenarioSpec, scenario } from '../../src/emulator/index.js';

export const MGMT = '100000000000';
export const ARCHIVE = '100000000001';
export const UNTRUSTED = '100000000002';
export const OUTSIDER = '900000000000';
export const ROLE_NAME = 'TrailguardAudit';
export const SCANNER_KEYS = { accessKeyId: 'AKIAEVERYSTATESCAN01', secretAccessKey: 'secret' };
const WORKLOADS = 14;
const STATES_PER_ACCOUNT = 4;
const US = 'us-east-1';
const EU = 'eu-west-1';
const LOG_DELIVERY = 'http://acs.amazonaws.com/groups/s3/LogDelivery';

export function workloadAccount(i: number): string {
  return String(100000000010 + i);
}

const denyDelivery = (target: string) => ({
  Sid: 'DenyLogDelivery',
  Effect: 'Deny',
  Principal: { Service: 'logging.s3.amazonaws.com' },
  Action: 's3:PutObject',
  Resource: `arn:aws:s3:::${target}/*`,
});

type Builder = ReturnType<typeof scenario>;

/**
 * One state: the buckets and trails that show it, in account `a`, names prefixed with `p`. The
 * comment is the clean verdict of the CloudTrail rule for the trail bucket `${p}-src`.
 */
const STATES: Record<string, (s: Builder, a: string, p: string) => void> = {
  // COMPLIANT LOGGING_ENABLED: logs with a prefix into the account's shared, granted target.
  ok: (s, a, p) => {
    s.bucket({ name: `${p}-src`, account: a, region: US, logging: logTo(`logs-${a}`, `${p}/`) });
  },
  // COMPLIANT LOGGING_ENABLED [SELF_TARGET].
  self: (s, a, p) => {
    s.bucket({
      name: `${p}-src`,
      account: a,
      region: US,
      logging: logTo(`${p}-src`, 'self/'),
      policy: logDeliveryPolicy(`${p}-src`, a),
    });
  },
  // NON_COMPLIANT LOGGING_DISABLED.
  disabled: (s, a, p) => {
    s.bucket({ name: `${p}-src`, account: a, region: US });
  },
  // NON_COMPLIANT TARGET_BUCKET_MISSING (the target was deleted: HeadBucket 404).
  targetMissing: (s, a, p) => {
    s.bucket({ name: `${p}-src`, account: a, region: US, logging: logTo(`${p}-gone`, 'x/') });
    s.bucket({ name: `${p}-gone`, account: a, region: US, deleted: true });
  },
  // NON_COMPLIANT TARGET_OTHER_REGION.
  otherRegion: (s, a, p) => {
    s.bucket({ name: `${p}-src`, account: a, region: US, logging: logTo(`${p}-eu`, 'x/') });
    s.bucket({ name: `${p}-eu`, account: a, region: EU, policy: logDeliveryPolicy(`${p}-eu`, a) });
  },
  // NON_COMPLIANT TARGET_OTHER_ACCOUNT: a target of the (scanned) log archive account.
  otherAccount: (s, a, p) => {
    s.bucket({ name: `${p}-src`, account: a, region: US, logging: logTo(`logs-${ARCHIVE}`, `${p}/`) });
  },
  // NON_COMPLIANT TARGET_OTHER_ACCOUNT: a target outside the scan (HeadBucket 403).
  outsideTarget: (s, a, p) => {
    s.bucket({ name: `${p}-src`, account: a, region: US, logging: logTo(`logs-${OUTSIDER}`, `${p}/`) });
  },
  // NON_COMPLIANT TARGET_CANNOT_RECEIVE: no grant at all.
  noGrant: (s, a, p) => target(s, a, p, {}),
  // NON_COMPLIANT TARGET_CANNOT_RECEIVE: a Log Delivery ACL grant ignored under BucketOwnerEnforced.
  aclIgnored: (s, a, p) =>
    target(s, a, p, {
      ownership: 'BucketOwnerEnforced',
      acl: [{ grantee: LOG_DELIVERY, granteeType: 'Group', permission: 'WRITE' }],
    }),
  // COMPLIANT LOGGING_ENABLED: the Log Delivery ACL grant counts where ACLs apply.
  aclGrant: (s, a, p) =>
    target(s, a, p, {
      ownership: 'ObjectWriter',
      acl: [{ grantee: LOG_DELIVERY, granteeType: 'Group', permission: 'WRITE' }],
    }),
  // NON_COMPLIANT TARGET_CANNOT_RECEIVE: SSE-KMS default encryption.
  kms: (s, a, p) => target(s, a, p, { encryption: 'SSE-KMS', policy: logDeliveryPolicy(`${p}-tgt`, a) }),
  // NON_COMPLIANT TARGET_CANNOT_RECEIVE: Object Lock default retention.
  lock: (s, a, p) =>
    target(s, a, p, {
      objectLock: { defaultRetention: { mode: 'GOVERNANCE', days: 30 } },
      policy: logDeliveryPolicy(`${p}-tgt`, a),
    }),
  // NON_COMPLIANT TARGET_CANNOT_RECEIVE: Requester Pays.
  payer: (s, a, p) => target(s, a, p, { requesterPays: true, policy: logDeliveryPolicy(`${p}-tgt`, a) }),
  // NON_COMPLIANT TARGET_CANNOT_RECEIVE: an explicit Deny for the logging service.
  deny: (s, a, p) =>
    target(s, a, p, { policy: logDeliveryPolicy(`${p}-tgt`, a, [denyDelivery(`${p}-tgt`)]) }),
  // COMPLIANT LOGGING_ENABLED [NO_TARGET_PREFIX]: two sources share a target without prefixes.
  sharedNoPrefix: (s, a, p) => {
    s.bucket({ name: `${p}-src`, account: a, region: US, logging: logTo(`${p}-tgt`, '') });
    s.bucket({ name: `${p}-other`, account: a, region: US, logging: logTo(`${p}-tgt`, '') });
    s.bucket({ name: `${p}-tgt`, account: a, region: US, policy: logDeliveryPolicy(`${p}-tgt`, a) });
  },
  // NON_COMPLIANT TRAIL_BUCKET_MISSING: the trail's bucket was deleted.
  trailBucketMissing: (s, a, p) => {
    s.bucket({ name: `${p}-src`, account: a, region: US, deleted: true });
  },
  // UNDETERMINED BUCKET_NOT_IN_SCOPE: the trail writes to a bucket of a company outside the scan.
  outOfScope: (s, _a, p) => {
    s.bucket({ name: `${p}-src`, account: OUTSIDER, region: US });
  },
  // COMPLIANT LOGGING_ENABLED [TRAIL_NOT_LOGGING]: see the trail below (logging: false).
  stopped: (s, a, p) => {
    s.bucket({ name: `${p}-src`, account: a, region: US, logging: logTo(`logs-${a}`, `${p}/`) });
  },
};

export const STATE_NAMES = Object.keys(STATES);

function logTo(targetBucket: string, targetPrefix: string) {
  return { targetBucket, targetPrefix };
}

/** A source logging into its own target `${p}-tgt`, whose properties decide delivery. */
function target(s: Builder, a: string, p: string, props: Record<string, unknown>): void {
  s.bucket({ name: `${p}-src`, account: a, region: US, logging: logTo(`${p}-tgt`, 'x/') });
  s.bucket({ name: `${p}-tgt`, account: a, region: US, ...props });
}

/** The organization: workload account i shows STATES_PER_ACCOUNT states, taken from STATE_NAMES in rotation. */
export function everyStateScenario(): ScenarioSpec {
  const s = scenario().regions([US, EU]);
  const role = { name: ROLE_NAME, trustedAccounts: [MGMT] };
  const workloads = Array.from({ length: WORKLOADS }, (_, i) => workloadAccount(i));
  s.org('o-everystate01', MGMT, [MGMT, ARCHIVE, UNTRUSTED, ...workloads]);
  s.account({
    id: MGMT,
    name: 'management',
    principals: [{ name: 'scanner', ...SCANNER_KEYS }],
  });
  s.account({ id: ARCHIVE, name: 'log-archive', roles: [role] });
  // Its role trusts only the outsider: AssumeRole AccessDenied, the account is not scanned.
  s.account({ id: UNTRUSTED, name: 'untrusted', roles: [{ name: ROLE_NAME, trustedAccounts: [OUTSIDER] }] });
  s.account({ id: OUTSIDER, name: 'outsider' });
  // The organization trail, into the log archive, logging to a granted target there.
  s.bucket({
    name: `org-trail-${ARCHIVE}`,
    account: ARCHIVE,
    region: US,
    logging: logTo(`logs-${ARCHIVE}`, 'org/'),
  });
  s.bucket({
    name: `logs-${ARCHIVE}`,
    account: ARCHIVE,
    region: US,
    policy: logDeliveryPolicy(`logs-${ARCHIVE}`, ARCHIVE),
  });
  s.trail({
    name: 'org-trail',
    account: MGMT,
    homeRegion: US,
    bucket: `org-trail-${ARCHIVE}`,
    multiRegion: true,
    organization: true,
  });
  s.bucket({ name: `logs-${OUTSIDER}`, account: OUTSIDER, region: US });
  s.bucket({ name: `mgmt-data-${MGMT}`, account: MGMT, region: US });
  workloads.forEach((a, i) => {
    s.account({ id: a, name: `workload-${i}`, roles: [role] });
    // The account's shared log target (granted).
    s.bucket({ name: `logs-${a}`, account: a, region: US, policy: logDeliveryPolicy(`logs-${a}`, a) });
    for (let k = 0; k < STATES_PER_ACCOUNT; k++) {
      const state = STATE_NAMES[(i * STATES_PER_ACCOUNT + k) % STATE_NAMES.length] as string;
      const p = `w${i}-${state.toLowerCase()}`;
      STATES[state]?.(s, a, p);
      s.trail({
        name: `${p}-trail`,
        account: a,
        homeRegion: k % 3 === 2 ? EU : US,
        bucket: `${p}-src`,
        ...(state === 'stopped' ? { logging: false } : {}),
      });
    }
  });
  return s.build();
}
