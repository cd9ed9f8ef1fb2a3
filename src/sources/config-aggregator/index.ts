/**
 * Source `--config-aggregator NAME`: a whole organization's buckets and trails as AWS Config recorded
 * them, read from one aggregator with SelectAggregateResourceConfig (issue 17), instead of calling every
 * account's APIs. One paged query per Region runs in parallel; a Region whose pages fail is an inventory
 * error (UNDETERMINED findings), and so is every source account/Region the aggregator itself reports as
 * FAILED or OUTDATED (DescribeConfigurationAggregatorSourcesStatus) — data AWS Config did not bring in
 * is never taken for "no buckets".
 *
 * Fields AWS Config does not record (listed in map.ts) stay absent; `--verify-live`
 * re-reads the buckets whose findings are NON_COMPLIANT or UNDETERMINED directly (verify-live.ts).
 */
import {
  ConfigServiceClient,
  DescribeConfigurationAggregatorSourcesStatusCommand,
  SelectAggregateResourceConfigCommand,
} from '@aws-sdk/client-config-service';
import pLimit from 'p-limit';
import { openAwsAccess } from '../../aws/access.js';
import { AccountClients } from '../../aws/clients.js';
import { controlPlaneRetry } from '../../aws/control-plane-retry.js';
import { toReadError } from '../../aws/errors.js';
import { callerIdentity } from '../../aws/identity.js';
import { UsageError } from '../../errors.js';
import { type Bucket, emptyInventory, type Inventory, type Trail } from '../../inventory/model.js';
import { organizationPages, startRegion } from '../aws/discovery.js';
import { type AwsSourceResult, CallStats, DEFAULT_MAX_ATTEMPTS, DEFAULT_TIMEOUT_MS } from '../aws/index.js';
import type { AwsOptions, AwsProgress } from '../aws/options.js';
import { DEFAULT_REGION, partitionOfRegion } from '../aws/partition.js';
import { bucketFromConfigItem, trailFromConfigItem } from './map.js';
import { BUCKET_TYPE, itemsQuery, PAGE_LIMIT, regionsQuery, TRAIL_TYPE } from './query.js';

export interface AggregatorOptions extends AwsOptions {
  /** The configuration aggregator's name (in the caller's account and Region). */
  aggregator: string;
  /** Re-read NON_COMPLIANT and UNDETERMINED buckets directly through `--role-name` (scan only). */
  verifyLive?: boolean;
}

/** Regions paged at once. */
const REGION_CONCURRENCY = 8;
/** Pages of one query at most (100 items each): a bound against a NextToken that never ends. */
const MAX_PAGES = 100_000;

type Json = Record<string, unknown>;

export async function collectFromAggregator(options: AggregatorOptions): Promise<AwsSourceResult> {
  if (!/^[\w-]{1,256}$/.test(options.aggregator))
    throw new UsageError(
      `--config-aggregator ${options.aggregator}: not an aggregator name ([A-Za-z0-9_-], 1-256)`,
    );
  if (options.org)
    throw new UsageError('--config-aggregator reads the organization from the aggregator: drop --org');
  const progress: AwsProgress = { accountsDone: 0, accountsTotal: 0, calls: 0, errors: 0 };
  const stats = new CallStats(() => {
    progress.calls = stats.calls;
    progress.errors = stats.errors;
    options.onProgress?.({ ...progress });
  });
  const maxAttempts = options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
  const access = await openAwsAccess(options, stats, {
    timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    maxAttempts,
    perAccount: REGION_CONCURRENCY,
    perService: REGION_CONCURRENCY,
    maxSockets: REGION_CONCURRENCY + 2,
  });
  try {
    const region = await startRegion(options.region, options.profile);
    const clients = new AccountClients(access.settings, access.base);
    const caller = await callerIdentity(clients, region, options.profile);
    const config = clients.get(
      `config/${region}`,
      () => new ConfigServiceClient({ ...clients.common(region), ...controlPlaneRetry(maxAttempts) }),
    );
    const inventory = emptyInventory(caller.partition ?? partitionOfRegion(region), new Date().toISOString());
    const reader = new AggregatorReader(config, options.aggregator, inventory);

    // Both the Region list and the source status must answer: without them nothing is known (exit 2).
    // The organization's members decide which accounts an organization trail covers; listed beside the
    // item queries (its pages follow one another: at 1,000 accounts they are the longest chain).
    const organization = listOrganization(clients, DEFAULT_REGION[inventory.partition]);
    const [regions] = await Promise.all([reader.regions(), reader.sourceProblems()]);
    const wanted = options.regions ? new Set(options.regions) : null;
    const accounts = options.accounts ? new Set(options.accounts) : null;
    const limit = pLimit(REGION_CONCURRENCY);
    await Promise.all(
      regions
        .filter((r) => !wanted || wanted.has(r))
        .map((r) => limit(() => reader.readRegion(r, options.accounts, accounts))),
    );
    reader.finish();
    await reader.trailVisibility(organization);
    return {
      inventory,
      source: {
        kind: 'aws-config',
        partition: inventory.partition,
        aggregator: options.aggregator,
        accounts: inventory.accounts.map((a) => a.id),
        collectedAt: inventory.collectedAt,
        ...reader.recordedRange(),
      },
      // Accounts with at least one recorded bucket or trail: 0 exits 2 (sources/inputs-read.ts).
      inputsRead: inventory.accounts.length,
      stats: { calls: stats.calls, errors: stats.errors, byOperation: { ...stats.byOperation } },
    };
  } finally {
    access.close();
  }
}

type OrganizationListing = { members: Map<string, string | null> } | { failure: string };

/** Organizations ListAccounts, page after page; a failure is a value (it matters only with organization trails). */
async function listOrganization(clients: AccountClients, region: string): Promise<OrganizationListing> {
  const members = new Map<string, string | null>();
  try {
    for await (const page of organizationPages(clients, region)) {
      for (const member of page) members.set(member.id, member.name);
    }
    return { members };
  } catch (error) {
    return { failure: error instanceof Error ? error.message : String(error) };
  }
}

class AggregatorReader {
  private readonly buckets = new Map<string, Bucket & { capturedAt?: string }>();
  private readonly trails = new Map<string, Trail & { capturedAt?: string }>();
  private readonly accountIds = new Set<string>();
  private oldest: string | undefined;
  private newest: string | undefined;

  constructor(
    private readonly client: ConfigServiceClient,
    private readonly aggregator: string,
    private readonly inventory: Inventory,
  ) {}

  private fatal(operation: string, error: unknown): never {
    const read = toReadError(error);
    throw new UsageError(
      `cannot read AWS Config aggregator ${this.aggregator} (${operation}: ${read.code}: ${read.message})`,
    );
  }

  async regions(): Promise<string[]> {
    const regions = new Set<string>();
    try {
      for await (const row of this.select(regionsQuery())) {
        if (typeof row.awsRegion === 'string') regions.add(row.awsRegion);
      }
    } catch (error) {
      this.fatal('SelectAggregateResourceConfig', error);
    }
    return [...regions].sort();
  }

  /** Source accounts/Regions whose data did not reach the aggregator: each is an inventory error. */
  async sourceProblems(): Promise<void> {
    let token: string | undefined;
    try {
      for (let page = 0; page < MAX_PAGES; page++) {
        const output = await this.client.send(
          new DescribeConfigurationAggregatorSourcesStatusCommand({
            ConfigurationAggregatorName: this.aggregator,
            UpdateStatus: ['FAILED', 'OUTDATED'],
            ...(token ? { NextToken: token } : {}),
          }),
        );
        for (const status of output.AggregatedSourceStatusList ?? []) {
          const account = /^\d{12}$/.test(status.SourceId ?? '') ? (status.SourceId as string) : null;
          const when = status.LastUpdateTime ? ` (last update ${status.LastUpdateTime.toISOString()})` : '';
          const detail = status.LastErrorCode
            ? `: ${status.LastErrorCode}: ${status.LastErrorMessage ?? ''}`
            : '';
          this.inventory.errors.push({
            operation: 'SelectAggregateResourceConfig',
            account,
            region: status.AwsRegion ?? null,
            code:
              status.LastUpdateStatus === 'OUTDATED' ? 'AggregatorSourceOutdated' : 'AggregatorSourceFailed',
            message:
              `AWS Config aggregator ${this.aggregator} has ${status.LastUpdateStatus === 'OUTDATED' ? 'outdated' : 'no current'} data from ${status.SourceType === 'ORGANIZATION' ? 'the organization' : `account ${status.SourceId}`} in ${status.AwsRegion ?? 'some Region'}${when}${detail}`.trim(),
          });
        }
        token = output.NextToken;
        if (!token) return;
      }
    } catch (error) {
      this.fatal('DescribeConfigurationAggregatorSourcesStatus', error);
    }
  }

  async readRegion(
    region: string,
    accountList: readonly string[] | undefined,
    accounts: Set<string> | null,
  ): Promise<void> {
    try {
      for await (const item of this.select(itemsQuery(region, accountList))) {
        if (typeof item.accountId !== 'string' || (accounts && !accounts.has(item.accountId))) continue;
        this.add(item);
      }
    } catch (error) {
      const read = toReadError(error);
      this.inventory.errors.push({
        operation: 'SelectAggregateResourceConfig',
        region,
        code: read.code,
        message: `the aggregator's items of ${region} could not be read completely: ${read.message}`,
      });
    }
  }

  /** A result that is not a configuration item we can read: never dropped without a word. */
  private malformed(text: string, item?: Json): void {
    this.inventory.errors.push({
      operation: 'SelectAggregateResourceConfig',
      account: typeof item?.accountId === 'string' ? item.accountId : null,
      region: typeof item?.awsRegion === 'string' ? item.awsRegion : null,
      ...(typeof item?.resourceName === 'string' ? { resource: item.resourceName } : {}),
      code: 'MalformedConfigurationItem',
      message: `an AWS Config result could not be read as a bucket or trail: ${text.slice(0, 200)}`,
    });
  }

  private add(item: Json): void {
    const captured = item.configurationItemCaptureTime;
    if (typeof captured === 'string') {
      if (this.oldest === undefined || captured < this.oldest) this.oldest = captured;
      if (this.newest === undefined || captured > this.newest) this.newest = captured;
    }
    if (item.resourceType === BUCKET_TYPE) {
      const bucket = bucketFromConfigItem(item);
      if (!bucket) {
        this.malformed(JSON.stringify(item), item);
        return;
      }
      this.accountIds.add(bucket.account as string);
      const known = this.buckets.get(bucket.name);
      // A name deleted and created again: the existing bucket wins over the deleted item.
      if (!known || known.exists === false) this.buckets.set(bucket.name, bucket);
    } else if (item.resourceType === TRAIL_TYPE) {
      const trail = trailFromConfigItem(item);
      if (!trail) {
        this.malformed(JSON.stringify(item), item);
        return;
      }
      if (typeof item.accountId === 'string') this.accountIds.add(item.accountId);
      if (!this.trails.has(trail.arn)) this.trails.set(trail.arn, trail);
    }
  }

  finish(): void {
    const byName = (a: { name: string }, b: { name: string }) =>
      a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
    this.inventory.accounts = [...this.accountIds].sort().map((id) => ({ id, scanned: true }));
    this.inventory.buckets = [...this.buckets.values()].sort(byName);
    this.inventory.trails = [...this.trails.values()].sort((a, b) =>
      a.arn < b.arn ? -1 : a.arn > b.arn ? 1 : 0,
    );
  }

  /**
   * Which trails each account sees (`Account.trails`): its own, plus the organization trails when it is
   * a member of their organization. AWS Config records a trail only in its owner's account, so the
   * organization's members come from Organizations ListAccounts (also the accounts' names). When the
   * organization cannot be listed, an account without a trail of its own gets an error value: whether an
   * organization trail covers it is unknown (TRAILS_UNREADABLE, never "no trails").
   */
  async trailVisibility(organization: Promise<OrganizationListing>): Promise<void> {
    const own = new Map<string, string[]>();
    for (const trail of this.inventory.trails) {
      if (!trail.account) continue;
      own.set(trail.account, [...(own.get(trail.account) ?? []), trail.arn]);
    }
    const orgTrails = this.inventory.trails.filter((t) => t.organization);
    const listing = await organization;
    // Without an organization trail the listing only names the accounts (its failure does not matter).
    const members = 'members' in listing ? listing.members : null;
    const failure = orgTrails.length > 0 && 'failure' in listing ? listing.failure : null;
    for (const account of this.inventory.accounts) {
      const mine = own.get(account.id) ?? [];
      const name = members?.get(account.id);
      if (name) account.name = name;
      if (members) {
        const covering = members.has(account.id)
          ? orgTrails.filter((t) => t.account && t.account !== account.id && members?.has(t.account))
          : [];
        account.trails = [...mine, ...covering.map((t) => t.arn)];
      } else if (failure && mine.length === 0) {
        account.trails = {
          error: {
            code: 'OrganizationNotListed',
            message: `whether an organization trail covers this account is unknown: ${failure}`,
          },
        };
      } else account.trails = mine;
    }
  }

  recordedRange(): { recordedFrom?: string; recordedTo?: string } {
    return {
      ...(this.oldest ? { recordedFrom: this.oldest } : {}),
      ...(this.newest ? { recordedTo: this.newest } : {}),
    };
  }

  /** Every result of one query, page by page (each result is a JSON string). */
  private async *select(expression: string): AsyncGenerator<Json> {
    let token: string | undefined;
    for (let page = 0; page < MAX_PAGES; page++) {
      const output = await this.client.send(
        new SelectAggregateResourceConfigCommand({
          Expression: expression,
          ConfigurationAggregatorName: this.aggregator,
          Limit: PAGE_LIMIT,
          ...(token ? { NextToken: token } : {}),
        }),
      );
      for (const text of output.Results ?? []) {
        let row: unknown;
        try {
          row = JSON.parse(text);
        } catch {
          row = undefined;
        }
        if (row && typeof row === 'object' && !Array.isArray(row)) yield row as Json;
        else this.malformed(text);
      }
      token = output.NextToken;
      if (!token) return;
    }
    throw Object.assign(new Error(`more than ${MAX_PAGES} pages`), { name: 'TooManyPages' });
  }
}
