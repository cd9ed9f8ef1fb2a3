/**
 * Live AWS collector (DESIGN 5.1): credentials and caller → accounts to scan (org mode or the caller
 * plus --role-arn accounts) → each account collected concurrently (bounded) → phase 2 → Inventory.
 * The API plan is in plan.ts; AWS errors become error values (errors.ts), never exceptions that end
 * the scan. Only known user errors throw: CredentialsError (no or rejected credentials) and
 * UsageError (--org outside an organization…).
 */
import { fromNodeProviderChain } from '@aws-sdk/credential-providers';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import type { AwsCredentialIdentityProvider } from '@smithy/types';
import pLimit from 'p-limit';
import { UsageError } from '../../errors.js';
import { emptyInventory } from '../../inventory/model.js';
import { errorValue, isErrorValue } from '../../inventory/read.js';
import type { SourceResult } from '../types.js';
import { AccountClients, type CallCounter, type ClientSettings } from './clients.js';
import { Collector } from './collector.js';
import { assumeRole, callerIdentity, listOrganization, startRegion } from './discovery.js';
import type { AwsOptions, AwsProgress } from './options.js';
import { DEFAULT_REGION, roleArn } from './partition.js';

export const DEFAULT_CONCURRENCY = 8;
export const DEFAULT_ACCOUNT_CONCURRENCY = 8;
export const DEFAULT_TIMEOUT_MS = 20_000;
export const DEFAULT_MAX_ATTEMPTS = 5;

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
  const env = options.env ?? process.env;
  if (options.org && !options.roleName)
    throw new UsageError('--org needs --role-name NAME (the role to assume in each account)');
  if (options.accounts && !options.org)
    throw new UsageError('--accounts narrows an organization scan: add --org');

  const progress: AwsProgress = { accountsDone: 0, accountsTotal: 0, calls: 0, errors: 0 };
  const stats = new CallStats(() => {
    progress.calls = stats.calls;
    progress.errors = stats.errors;
    options.onProgress?.({ ...progress });
  });
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const requestHandler = new NodeHttpHandler({
    requestTimeout: timeoutMs,
    connectionTimeout: Math.min(timeoutMs, 10_000),
  });
  const endpoint = options.endpointUrl ?? (env.AWS_ENDPOINT_URL || undefined);
  const settings: ClientSettings = {
    ...(endpoint ? { endpoint } : {}),
    maxAttempts: options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS,
    requestHandler,
    counter: stats,
    concurrency: options.concurrency ?? DEFAULT_CONCURRENCY,
  };
  const baseCredentials: AwsCredentialIdentityProvider = options.credentials
    ? async () => ({ ...options.credentials! })
    : fromNodeProviderChain(options.profile ? { profile: options.profile } : {});

  try {
    const region = await startRegion(options.region, options.profile);
    const callerClients = new AccountClients(settings, baseCredentials);
    const caller = await callerIdentity(callerClients, region, options.profile);
    const partition = caller.partition;
    const inventory = emptyInventory(partition, new Date().toISOString());

    const targets = await scanTargets(options, callerClients, caller.account, partition, inventory);
    const collector = new Collector({
      inventory,
      startRegion: region,
      scanSet: new Set(targets.map((t) => t.id)),
      ...(options.regions ? { regionFilter: options.regions } : {}),
    });
    progress.accountsTotal = targets.length;
    options.onProgress?.({ ...progress });

    const accountLimit = pLimit(options.accountConcurrency ?? DEFAULT_ACCOUNT_CONCURRENCY);
    await Promise.all(
      targets.map((target) =>
        accountLimit(async () => {
          if (target.roleArn === undefined) {
            await collector.collectAccount(
              target.id,
              target.name,
              new AccountClients(settings, baseCredentials),
            );
          } else {
            const credentials = await assumeRole(callerClients, region, target.roleArn, options.externalId);
            if (isErrorValue(credentials)) collector.addUnscanned(target.id, target.name, credentials);
            else
              await collector.collectAccount(
                target.id,
                target.name,
                new AccountClients(settings, credentials),
              );
          }
          progress.accountsDone++;
          options.onProgress?.({ ...progress });
        }),
      ),
    );
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
    requestHandler.destroy();
  }
}

/**
 * The accounts to scan. Org mode: every ACTIVE account of the organization (--accounts narrows);
 * the caller's own account is read with the caller's credentials (the audit role is often not
 * deployed in the management account, and the caller can already read it), every other account
 * through the role (--role-arn for that account wins over --role-name). Outside org mode: the
 * caller's account plus each --role-arn account.
 */
async function scanTargets(
  options: AwsOptions,
  callerClients: AccountClients,
  callerAccount: string,
  partition: keyof typeof DEFAULT_REGION,
  inventory: ReturnType<typeof emptyInventory>,
): Promise<ScanTarget[]> {
  const roleArns = options.roleArns ?? {};
  const viaRole = (id: string, name: string | null): ScanTarget => {
    if (id === callerAccount) return { id, name };
    const arn = roleArns[id] ?? roleArn(partition, id, options.roleName as string);
    return { id, name, roleArn: arn };
  };
  if (!options.org) {
    return [
      { id: callerAccount, name: null },
      ...Object.entries(roleArns)
        .filter(([id]) => id !== callerAccount)
        .map(([id, arn]) => ({ id, name: null, roleArn: arn })),
    ];
  }
  const org = await listOrganization(callerClients, DEFAULT_REGION[partition]);
  const wanted = options.accounts ? new Set(options.accounts) : null;
  const targets: ScanTarget[] = [];
  for (const member of org.members) {
    if (wanted && !wanted.has(member.id)) continue;
    if (member.state !== 'ACTIVE') {
      inventory.errors.push({
        operation: 'ListAccounts',
        account: member.id,
        code: 'AccountNotActive',
        message: `account state is ${member.state}: not scanned`,
      });
      continue;
    }
    targets.push(viaRole(member.id, member.name));
  }
  for (const id of wanted ?? []) {
    if (!org.members.some((m) => m.id === id)) {
      const missing = errorValue(
        'AccountNotInOrganization',
        `--accounts ${id} is not an account of the organization`,
      );
      inventory.errors.push({ operation: 'ListAccounts', account: id, ...missing.error });
    }
  }
  return targets;
}
