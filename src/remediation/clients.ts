/**
 * AWS access for `fix` (plan probes, apply, undo), acting in each bucket owner's account through the
 * AWS access layer (src/aws/): the same base credentials, the same role assumption (identity.ts
 * `assumeRole`: --role-arn ACCOUNT=ARN, or --role-name in org mode), the same HTTP handler, limits,
 * retries (--timeout, maxAttempts) and operation counter as the scan, and the same first Region
 * (--region, else the environment / the profile's Region, else the partition's default). The caller's
 * own account uses the base credentials.
 */
import { S3Client } from '@aws-sdk/client-s3';
import { openAwsAccess } from '../aws/access.js';
import { AccountClients, type CallCounter } from '../aws/clients.js';
import { assumeRole, callerIdentity } from '../aws/identity.js';
import type { AwsOptions } from '../aws/options.js';
import { roleArn as roleArnFor } from '../aws/partition.js';
import { startRegion } from '../aws/region.js';
import { CredentialsError } from '../errors.js';
import { isErrorValue } from '../inventory/read.js';

export interface S3ClientFactory {
  /** An SDK S3 client acting in `account` (writes: CreateBucket, PutBucketPolicy…). */
  s3(account: string, region: string): Promise<S3Client>;
  /** The account's access (its limits, counter and S3 readers) for reads. */
  account(account: string): Promise<AccountClients>;
  /** The Region of the run's STS calls (GetCallerIdentity, AssumeRole). */
  homeRegion(): Promise<string>;
  /** Operations started and failed so far (SDK retries not counted twice). */
  stats(): FixCallStats;
  /** Ends the sockets (after the last call). */
  close(): void;
}

export interface FixCallStats {
  calls: number;
  errors: number;
  byOperation: Record<string, number>;
}

/** `fix` makes few calls: one at a time per account and Region, a handful across the run. */
const FIX_LIMITS = { timeoutMs: 20_000, maxAttempts: 5, perAccount: 4, perService: 16, maxSockets: 32 };

export function createClientFactory(options: AwsOptions): S3ClientFactory {
  const partition = options.partition ?? 'aws';
  const stats: FixCallStats = { calls: 0, errors: 0, byOperation: {} };
  const counter: CallCounter = {
    started(operation) {
      stats.calls++;
      stats.byOperation[operation] = (stats.byOperation[operation] ?? 0) + 1;
    },
    failed() {
      stats.errors++;
    },
  };
  let region: Promise<string> | undefined;
  const home = () => {
    region ??= startRegion(options.region, options.profile, partition);
    return region;
  };
  const access = openAwsAccess(options, counter, {
    ...FIX_LIMITS,
    perAccount: options.concurrency ?? FIX_LIMITS.perAccount,
    timeoutMs: options.timeoutMs ?? FIX_LIMITS.timeoutMs,
    maxAttempts: options.maxAttempts ?? FIX_LIMITS.maxAttempts,
  });
  const accounts = new Map<string, Promise<AccountClients>>();
  const s3Clients = new Map<string, S3Client>();
  let callerClients: Promise<AccountClients> | undefined;
  let callerAccount: Promise<string> | undefined;

  const caller = () => {
    callerClients ??= access.then(({ settings, base }) => new AccountClients(settings, base));
    callerAccount ??= callerClients.then(
      async (clients) => (await callerIdentity(clients, await home(), options.profile)).account,
    );
    return callerAccount;
  };

  const open = async (account: string): Promise<AccountClients> => {
    const { settings, base } = await access;
    if ((await caller()) === account) return new AccountClients(settings, base);
    const roleArn =
      options.roleArns?.[account] ??
      (options.roleName ? roleArnFor(partition, account, options.roleName) : undefined);
    if (!roleArn) {
      throw new CredentialsError(
        `bucket owned by account ${account}, but the credentials are for ${await caller()}: give --role-name (org mode) or --role-arn ${account}=ARN`,
      );
    }
    const credentials = await assumeRole(
      (await callerClients) as AccountClients,
      await home(),
      roleArn,
      options.externalId,
    );
    if (isErrorValue(credentials)) {
      throw new CredentialsError(
        `cannot assume ${roleArn}: ${credentials.error.code}: ${credentials.error.message}`,
      );
    }
    return new AccountClients(settings, credentials);
  };

  const accountFor = (account: string): Promise<AccountClients> => {
    let clients = accounts.get(account);
    if (!clients) {
      clients = open(account);
      accounts.set(account, clients);
    }
    return clients;
  };

  return {
    account: accountFor,
    homeRegion: home,
    stats: () => ({ ...stats, byOperation: { ...stats.byOperation } }),
    async s3(account, region) {
      const key = `${account}/${region}`;
      let client = s3Clients.get(key);
      if (!client) {
        const clients = await accountFor(account);
        client = clients.get(`s3/${region}`, () => new S3Client(clients.common(region)));
        s3Clients.set(key, client);
      }
      return client;
    },
    close() {
      access.then((a) => a.close()).catch(() => undefined);
    },
  };
}
