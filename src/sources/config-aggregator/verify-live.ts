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
import { AccountClients } from '../../aws/clients.js';
import { readBucketHealth } from '../../aws/bucket-health.js';
import { assumeRole, callerIdentity } from '../../aws/identity.js';
import { roleArn } from '../../aws/partition.js';
import type { Finding } from '../../engine/types.js';
import type { Bucket, Inventory } from '../../inventory/model.js';
import { isErrorValue, type Read } from '../../inventory/read.js';
import { CallStats, DEFAULT_MAX_ATTEMPTS, DEFAULT_TIMEOUT_MS } from '../aws/index.js';
import { readLogging } from '../aws/buckets.js';
import { startRegion } from '../aws/discovery.js';
import type { AwsOptions } from '../aws/options.js';

const PER_ACCOUNT = 8;

/** Bucket names a report's failing and undetermined findings name (resource and related buckets). */
export function bucketsToVerify(findings: readonly Finding[]): string[] {
  const names = new Set<string>();
  for (const finding of findings) {
    if (finding.status !== 'NON_COMPLIANT' && finding.status !== 'UNDETERMINED') continue;
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

/** Re-reads `names` in place in `inventory`. */
export async function verifyLive(
  inventory: Inventory,
  names: readonly string[],
  options: AwsOptions,
): Promise<VerifyStats> {
  const byName = new Map(inventory.buckets.map((b) => [b.name, b]));
  const byAccount = new Map<string, Bucket[]>();
  for (const name of names) {
    const bucket = byName.get(name);
    if (!bucket?.account || typeof bucket.region !== 'string' || bucket.exists !== true) continue;
    byAccount.set(bucket.account, [...(byAccount.get(bucket.account) ?? []), bucket]);
  }
  const result: VerifyStats = { verified: 0, failed: 0, calls: 0 };
  if (byAccount.size === 0) return result;
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
      [...byAccount].map(async ([account, buckets]) => {
        const credentials = await credentialsFor(account, caller.account, callerClients, region, options, inventory);
        if (isErrorValue(credentials)) {
          for (const b of buckets) failed(inventory, b, 'AssumeRole', credentials.error);
          result.failed += buckets.length;
          return;
        }
        const clients = new AccountClients(access.settings, credentials, ++priority);
        await Promise.all(
          buckets.map(async (bucket) => {
            const bucketRegion = bucket.region as string;
            const [logging, health] = await Promise.all([
              readLogging(clients, bucket.name, bucketRegion),
              readBucketHealth(clients, bucket.name, bucketRegion),
            ]);
            if (logging.missing) {
              bucket.exists = false;
              for (const key of ['logging', 'policy', 'acl', 'ownership', 'defaultEncryption', 'objectLockDefaultRetention', 'requesterPays'] as const)
                delete bucket[key];
            } else {
              bucket.logging = logging.logging;
              Object.assign(bucket, health);
            }
            delete bucket.capturedAt;
            if (isErrorValue(logging.logging) && !logging.missing) {
              failed(inventory, bucket, 'GetBucketLogging', logging.logging.error);
              result.failed++;
            } else result.verified++;
          }),
        );
      }),
    );
    result.calls = stats.calls;
    return result;
  } finally {
    access.close();
  }
}

async function credentialsFor(
  account: string,
  callerAccount: string,
  callerClients: AccountClients,
  region: string,
  options: AwsOptions,
  inventory: Inventory,
): Promise<Read<AwsCredentialIdentityProvider | AccountClients['credentials']>> {
  if (account === callerAccount) return callerClients.credentials;
  const arn = options.roleArns?.[account] ?? (options.roleName ? roleArn(inventory.partition, account, options.roleName) : undefined);
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

function failed(inventory: Inventory, bucket: Bucket, operation: string, error: { code: string; message: string }): void {
  inventory.errors.push({
    operation: `VerifyLive:${operation}`,
    account: bucket.account,
    region: typeof bucket.region === 'string' ? bucket.region : null,
    resource: bucket.name,
    code: error.code,
    message: `--verify-live could not re-read ${bucket.name}; its AWS Config values are kept: ${error.message}`,
  });
}
