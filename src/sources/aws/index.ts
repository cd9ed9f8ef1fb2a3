import pLimit from 'p-limit';
import { openAwsAccess } from '../../aws/access.js';
import { UsageError } from '../../errors.js';
import { emptyInventory, type InventoryError } from '../../inventory/model.js';
import { errorValue, isErrorValue } from '../../inventory/read.js';
import type { SourceResult } from '../types.js';
import { AccountClients, type CallCounter } from './clients.js';
import { Collector } from './collector.js';
import {
  assumeRole,
  type Caller,
  callerIdentity,
  type OrgMember,
  organizationPages,
  startRegion,
} from './discovery.js';
import type { AwsOptions, AwsProgress } from './options.js';
import { DEFAULT_REGION, partitionOfRegion, roleArn } from './partition.js';
import { inShard } from './shard.js';

/** Calls per account and service in flight at once (`--concurrency`). */
export const DEFAULT_CONCURRENCY = 8;
/** Accounts being collected at once: bounds memory (their clients and pending reads). */
export const DEFAULT_ACCOUNT_CONCURRENCY = 16;
/**
 * Calls of one service in flight at once across the whole scan. 64 = 8 accounts × 8 calls, the
 * total this collector always allowed; more accounts than 8 are open so that the ones between round
 * trips (assuming the role, listing) do not leave their share idle.
 */
export const DEFAULT_SERVICE_CONCURRENCY = 64;
export const DEFAULT_TIMEOUT_MS = 20_000;
export const DEFAULT_MAX_ATTEMPTS = 5;
const SERVICES = ['s3', 'cloudtrail', 'ec2', 'account', 'sts', 'organizations'] as const;

/** The collector's concurrency limits (for the benchmark's lower bound and the docs). */
export interface ConcurrencyCaps {
  accountsAtOnce: number;
  perAccount: number;
  /** Calls of each service that may be in flight at once across the whole scan. */
  perService: Record<(typeof SERVICES)[number], number>;
}

export function concurrencyCaps(
  options: Pick<AwsOptions, 'concurrency' | 'accountConcurrency' | 'serviceConcurrency'>,
): ConcurrencyCaps {
  const perAccount = options.concurrency ?? DEFAULT_CONCURRENCY;
  const accountsAtOnce = options.accountConcurrency ?? DEFAULT_ACCOUNT_CONCURRENCY;
  const scanWide = Math.min(
    options.serviceConcurrency ?? DEFAULT_SERVICE_CONCURRENCY,
    perAccount * accountsAtOnce,
  );
  return {
    accountsAtOnce,
    perAccount,
    perService: {
      s3: scanWide,
      cloudtrail: scanWide,
      ec2: scanWide,
      account: scanWide,
      // AssumeRole runs under the caller's own per-account limit (GetCallerIdentity before anything).
      sts: Math.min(scanWide, perAccount),
      // The ListAccounts pages follow one another (DescribeOrganization only after a failed page).
      organizations: 2,
    },
  };
}

interface ScanTarget {
  id: string;
  name: string | null;
  /** undefined: the caller's own credentials. */
  roleArn?: string;
}

/** Counts operations for progress (and per operation, for the demo's and the tests' statistics). */
export class CallStats implements CallCounter {
  calls = 0;
  errors = 0;
  readonly byOperation: Record<string, number> = {};
  constructor(private readonly onChange: () => void) {}
  started(operation: string): void {
    this.calls++;
    this.byOperation[operation] = (this.byOperation[operation] ?? 0) + 1;
    this.onChange();
  }
  failed(): void {
    this.errors++;
    this.onChange();
  }
}

export interface AwsSourceResult extends SourceResult {
  /** Operations the collector started, by name (SDK retries not counted). */
  stats: { calls: number; errors: number; byOperation: Record<string, number> };
}

export async function collectAws(options: AwsOptions): Promise<AwsSourceResult> {
  if (options.org && !options.roleName)
    throw new UsageError('--org needs --role-name NAME (the role to assume in each account)');
  if (options.accounts && !options.org)
    throw new UsageError('--accounts narrows an organization scan: add --org');
  if (options.shard && !options.org) throw new UsageError('--shard splits an organization scan: add --org');

  const progress: AwsProgress = { accountsDone: 0, accountsTotal: 0, calls: 0, errors: 0 };
  const stats = new CallStats(() => {
    progress.calls = stats.calls;
    progress.errors = stats.errors;
    options.onProgress?.({ ...progress });
  });
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const caps = concurrencyCaps(options);
  const maxSockets = Object.values(caps.perService).reduce((a, b) => a + b, 0);
  const access = await openAwsAccess(options, stats, {
    timeoutMs,
    maxAttempts: options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS,
    perAccount: caps.perAccount,
    perService: caps.perService.s3,
    maxSockets,
  });
  const { settings, base } = access;

  try {
    const region = await startRegion(options.region, options.profile);
    const callerClients = new AccountClients(settings, base);
    const identity = callerIdentity(callerClients, region, options.profile);
    // The partition follows from the Region the calls go to; GetCallerIdentity confirms it below.
    const inventory = emptyInventory(partitionOfRegion(region), new Date().toISOString());
    if (options.shard) inventory.shard = { index: options.shard.index, count: options.shard.count };
    const collector = new Collector({
      inventory,
      startRegion: region,
      ...(options.regions ? { regionFilter: options.regions } : {}),
    });
    let opened = 0;
    // Outside org mode the caller's own account is scanned with the caller's credentials: its
    // listings need neither its id nor anything else GetCallerIdentity answers, so they start now,
    // alongside it (one round trip less on the critical path; docs/notes/live.md).
    const callerScan = options.org
      ? undefined
      : collector.collectAccount(
          identity.then((c) => c.account),
          null,
          new AccountClients(settings, base, ++opened),
        );
    let caller: Caller;
    try {
      caller = await identity;
    } catch (error) {
      await callerScan?.catch(() => undefined);
      throw error;
    }
    const partition = caller.partition;
    inventory.partition = partition;
    options.onProgress?.({ ...progress });

    let listingFailed = false;
    const collectOne = async (target: ScanTarget): Promise<void> => {
      if (listingFailed) return;
      if (callerScan && target.id === caller.account && target.roleArn === undefined) {
        await callerScan;
        progress.accountsDone++;
        options.onProgress?.({ ...progress });
        return;
      }
      const priority = ++opened;
      if (target.roleArn === undefined) {
        await collector.collectAccount(target.id, target.name, new AccountClients(settings, base, priority));
      } else {
        const credentials = await assumeRole(callerClients, region, target.roleArn, options.externalId);
        if (isErrorValue(credentials)) collector.addUnscanned(target.id, target.name, credentials);
        else
          await collector.collectAccount(
            target.id,
            target.name,
            new AccountClients(settings, credentials, priority),
          );
      }
      progress.accountsDone++;
      options.onProgress?.({ ...progress });
    };
    // Each account starts as soon as it is known (an organization's first ListAccounts page), not
    // after the whole list: the scan overlaps the listing of the next pages.
    const accountLimit = pLimit(caps.accountsAtOnce);
    const running: Promise<void>[] = [];
    try {
      for await (const target of scanTargets({
        options,
        callerClients,
        callerAccount: caller.account,
        partition,
        inventory,
      })) {
        progress.accountsTotal++;
        running.push(accountLimit(() => collectOne(target)));
      }
    } catch (error) {
      // A failed listing ends the scan (UsageError): accounts not started are dropped, the started
      // ones settle first, so nothing keeps calling AWS after collectAws returns.
      listingFailed = true;
      await Promise.allSettled(running);
      throw error;
    }
    await Promise.all(running);
    await collector.complete(callerClients);
    return {
      inventory: collector.finish(),
      source: {
        kind: 'aws',
        partition,
        accounts: inventory.accounts.map((a) => a.id),
        collectedAt: inventory.collectedAt,
      },
      stats: { calls: stats.calls, errors: stats.errors, byOperation: { ...stats.byOperation } },
    };
  } finally {
    access.close();
  }
}

/**
 * The accounts to scan. Org mode: every ACTIVE account of the organization (--accounts narrows);
 * the caller's own account is read with the caller's credentials (the audit role is often not
 * deployed in the management account, and the caller can already read it), every other account
 * through the role (--role-arn for that account wins over --role-name), then each --role-arn account
 * that is not a member. Outside org mode: the caller's account plus each --role-arn account.
 */
async function* scanTargets(scope: TargetScope): AsyncGenerator<ScanTarget, void, undefined> {
  const { options, callerAccount } = scope;
  if (!options.org) {
    yield { id: callerAccount, name: null };
    yield* roleTargets(options.roleArns ?? {}, (id) => id !== callerAccount);
    return;
  }
  yield* organizationTargets(scope);
}

interface TargetScope {
  options: AwsOptions;
  callerClients: AccountClients;
  callerAccount: string;
  partition: keyof typeof DEFAULT_REGION;
  /** Accounts that cannot be scanned are recorded here. */
  inventory: ReturnType<typeof emptyInventory>;
}

async function* organizationTargets({
  options,
  callerClients,
  callerAccount,
  partition,
  inventory,
}: TargetScope): AsyncGenerator<ScanTarget, void, undefined> {
  const roleArns = options.roleArns ?? {};
  const wanted = options.accounts ? new Set(options.accounts) : null;
  // --shard: every shard lists the whole organization and keeps its own accounts (errors included).
  const mine = (id: string) => inShard(id, options.shard);
  const chosen = (id: string) => (!wanted || wanted.has(id)) && mine(id);
  const members = new Set<string>();
  for await (const page of organizationPages(callerClients, DEFAULT_REGION[partition])) {
    for (const member of page) members.add(member.id);
    for (const member of page.filter((m) => chosen(m.id))) {
      if (member.state === 'ACTIVE') yield memberTarget(member, callerAccount, roleArns, partition, options);
      else inventory.errors.push(notActive(member));
    }
  }
  // --role-arn for an account outside the organization (a company just acquired, not yet invited):
  // scanned in full like a member, through that role. --accounts, when given, must list it.
  yield* roleTargets(roleArns, (id) => !members.has(id) && id !== callerAccount && chosen(id));
  const notMembers = [...(wanted ?? [])].filter((id) => !members.has(id) && !(id in roleArns) && mine(id));
  inventory.errors.push(...notMembers.map(notInOrganization));
}

/** The --role-arn accounts that `keep` accepts, each read through its role. */
function roleTargets(roleArns: Record<string, string>, keep: (id: string) => boolean): ScanTarget[] {
  return Object.entries(roleArns)
    .filter(([id]) => keep(id))
    .map(([id, arn]) => ({ id, name: null, roleArn: arn }));
}

/** A member account: the caller's own with its credentials, any other through its --role-arn or --role-name. */
function memberTarget(
  member: OrgMember,
  callerAccount: string,
  roleArns: Record<string, string>,
  partition: keyof typeof DEFAULT_REGION,
  options: AwsOptions,
): ScanTarget {
  const { id, name } = member;
  if (id === callerAccount) return { id, name };
  return { id, name, roleArn: roleArns[id] ?? roleArn(partition, id, options.roleName as string) };
}

function notActive(member: OrgMember): InventoryError {
  return {
    operation: 'ListAccounts',
    account: member.id,
    code: 'AccountNotActive',
    message: `account state is ${member.state}: not scanned`,
  };
}

function notInOrganization(id: string): InventoryError {
  const missing = errorValue(
    'AccountNotInOrganization',
    `--accounts ${id} is not an account of the organization`,
  );
  return { operation: 'ListAccounts', account: id, ...missing.error };
}
