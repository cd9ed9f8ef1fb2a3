/**
 * `--verify-live`: before reporting, the buckets whose findings are NON_COMPLIANT or UNDETERMINED
 * (and the log targets those findings name) are read again directly — logging plus the six target-health
 * reads, in the bucket's Region, through the owning account's role — and their AWS Config values are
 * replaced. A recorded configuration can be minutes old and AWS Config does not record Object Ownership:
 * a failure is confirmed on live data before it fails a pipeline. A bucket that cannot be re-read keeps
 * its recorded values and the error is an inventory error (so the run still says what it could not do).
 */
import type { AwsCredentialIdentityProvider } from '@smithy/types';
import { openAwsAccess } from '../../aws/access.js';
import { readBucketHealth } from '../../aws/bucket-health.js';
import { AccountClients } from '../../aws/clients.js';
import { assumeRole, callerIdentity } from '../../aws/identity.js';
import { roleArn } from '../../aws/partition.js';
import type { Finding } from '../../engine/types.js';
import type { Bucket, Inventory, Trail } from '../../inventory/model.js';
import { isErrorValue, type Read } from '../../inventory/read.js';
import { readLogging, readUnownedBucket } from '../aws/buckets.js';
import { startRegion } from '../aws/discovery.js';
import { CallStats, DEFAULT_MAX_ATTEMPTS, DEFAULT_TIMEOUT_MS } from '../aws/index.js';
import type { AwsOptions } from '../aws/options.js';
import { trailStatus } from '../aws/trails.js';

const PER_ACCOUNT = 8;

/**
 * Bucket names that failing, undetermined or warned findings name (resource and related buckets): the
 * verdicts recorded data may have got wrong or could not settle (a COMPLIANT finding with
 * TARGET_UNVERIFIED is one: AWS Config does not record Object Ownership).
 */
export function bucketsToVerify(findings: readonly Finding[]): string[] {
  const names = new Set<string>();
  for (const finding of findings) {
    const settled = finding.status === 'COMPLIANT' || finding.status === 'NOT_APPLICABLE';
    if (settled && finding.warnings.length === 0) continue;
    for (const ref of [finding.resource, ...finding.related]) {
      if (ref.type === 'AWS::S3::Bucket' && ref.name) names.add(ref.name);
    }
  }
  return [...names].sort();
}

export interface VerifyStats {
  verified: number;
  failed: number;
  calls: number;
}

/**
 * Re-reads `names` (and the logging targets of those that log) in place in `inventory`. A name AWS
 * Config did not record (deleted, or owned outside the aggregator) is probed with HeadBucket from the
 * account that refers to it (the trail's or the source bucket's owner), as the live collector does.
 */
export async function verifyLive(
  inventory: Inventory,
  names: readonly string[],
  options: AwsOptions,
): Promise<VerifyStats> {
  const byName = new Map(inventory.buckets.map((b) => [b.name, b]));
  const wanted = new Set(names);
  for (const name of names) {
    const logging = byName.get(name)?.logging;
    if (logging && !isErrorValue(logging) && typeof logging.targetBucket === 'string')
      wanted.add(logging.targetBucket);
  }
  const referrers = referrersOf(inventory);
  // Only a log target's health decides a verdict (policy, ACL, ownership…); a source needs its logging.
  const targets = new Set<string>();
  for (const bucket of inventory.buckets) {
    const logging = bucket.logging;
    if (logging && !isErrorValue(logging) && typeof logging.targetBucket === 'string')
      targets.add(logging.targetBucket);
  }
  const work = new Map<string, { reread: Bucket[]; probe: string[]; trails: Trail[] }>();
  const slot = (account: string) => {
    let entry = work.get(account);
    if (!entry) {
      entry = { reread: [], probe: [], trails: [] };
      work.set(account, entry);
    }
    return entry;
  };
  // AWS Config does not record whether a trail is logging: every trail's status is read (one call each).
  for (const trail of inventory.trails) {
    if (trail.account && trail.homeRegion && trail.isLogging === undefined)
      slot(trail.account).trails.push(trail);
  }
  for (const name of [...wanted].sort()) {
    const bucket = byName.get(name);
    if (bucket?.account && typeof bucket.region === 'string' && bucket.exists === true)
      slot(bucket.account).reread.push(bucket);
    else if (!bucket) {
      const referrer = referrers.get(name);
      if (referrer) slot(referrer).probe.push(name);
    }
  }
  const result: VerifyStats = { verified: 0, failed: 0, calls: 0 };
  if (work.size === 0) return result;
  const stats = new CallStats(() => undefined);
  const access = await openAwsAccess(options, stats, {
    timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    maxAttempts: options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS,
    perAccount: PER_ACCOUNT,
    perService: 64,
    maxSockets: 70,
  });
  try {
    const region = await startRegion(options.region, options.profile);
    const callerClients = new AccountClients(access.settings, access.base);
    const caller = await callerIdentity(callerClients, region, options.profile);
    let priority = 0;
    await Promise.all(
      [...work].map(async ([account, { reread, probe, trails }]) => {
        const credentials = await credentialsFor(
          account,
          caller.account,
          callerClients,
          region,
          options,
          inventory,
        );
        if (isErrorValue(credentials)) {
          for (const b of reread)
            failed(inventory, b.name, account, b.region, 'AssumeRole', credentials.error);
          for (const name of probe) failed(inventory, name, account, null, 'AssumeRole', credentials.error);
          result.failed += reread.length + probe.length;
          return;
        }
        const clients = new AccountClients(access.settings, credentials, ++priority);
        await Promise.all([
          ...reread.map(async (bucket) => {
            await reread1(clients, bucket, targets.has(bucket.name));
            result.verified++;
          }),
          ...probe.map(async (name) => {
            inventory.buckets.push(await readUnownedBucket(clients, name, region));
            result.verified++;
          }),
          ...trails.map(async (trail) => {
            trail.isLogging = await trailStatus(clients, trail.homeRegion as string, trail.arn);
            delete trail.capturedAt;
          }),
        ]);
      }),
    );
    inventory.buckets.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    result.calls = stats.calls;
    return result;
  } finally {
    access.close();
  }
}

/** Who refers to a bucket name: a trail's owner, or the owner of a bucket that logs into it. */
function referrersOf(inventory: Inventory): Map<string, string> {
  const referrers = new Map<string, string>();
  for (const trail of inventory.trails) {
    if (typeof trail.bucket === 'string' && trail.account) referrers.set(trail.bucket, trail.account);
  }
  for (const bucket of inventory.buckets) {
    const logging = bucket.logging;
    if (!bucket.account || !logging || isErrorValue(logging) || typeof logging.targetBucket !== 'string')
      continue;
    if (!referrers.has(logging.targetBucket)) referrers.set(logging.targetBucket, bucket.account);
  }
  return referrers;
}

/** Logging, plus the six target-health reads for a log target; each failure is an error value on its field. */
async function reread1(clients: AccountClients, bucket: Bucket, isTarget: boolean): Promise<void> {
  const bucketRegion = bucket.region as string;
  const [logging, health] = await Promise.all([
    readLogging(clients, bucket.name, bucketRegion),
    isTarget ? readBucketHealth(clients, bucket.name, bucketRegion) : undefined,
  ]);
  delete bucket.capturedAt;
  if (logging.missing) {
    // Deleted since AWS Config recorded it.
    bucket.exists = false;
    for (const key of HEALTH_KEYS) delete bucket[key];
    delete bucket.logging;
    return;
  }
  bucket.logging = logging.logging;
  if (health) Object.assign(bucket, health);
}

const HEALTH_KEYS = [
  'policy',
  'acl',
  'ownership',
  'defaultEncryption',
  'objectLockDefaultRetention',
  'requesterPays',
] as const;

async function credentialsFor(
  account: string,
  callerAccount: string,
  callerClients: AccountClients,
  region: string,
  options: AwsOptions,
  inventory: Inventory,
): Promise<Read<AwsCredentialIdentityProvider | AccountClients['credentials']>> {
  if (account === callerAccount) return callerClients.credentials;
  const arn =
    options.roleArns?.[account] ??
    (options.roleName ? roleArn(inventory.partition, account, options.roleName) : undefined);
  if (!arn) {
    return {
      error: {
        code: 'NoRoleForAccount',
        message: `--verify-live needs --role-name (or --role-arn ${account}=ARN) to read account ${account}`,
      },
    };
  }
  return assumeRole(callerClients, region, arn, options.externalId);
}

function failed(
  inventory: Inventory,
  name: string,
  account: string,
  region: Read<string> | null | undefined,
  operation: string,
  error: { code: string; message: string },
): void {
  inventory.errors.push({
    operation: `VerifyLive:${operation}`,
    account,
    region: typeof region === 'string' ? region : null,
    resource: name,
    code: error.code,
    message: `--verify-live could not re-read ${name} from account ${account}; what AWS Config recorded is kept: ${error.message}`,
  });
}
