/** Who the caller is, which accounts and Regions to scan, and credentials for each account. */
import {
  DescribeOrganizationCommand,
  type Account as OrgAccount,
  paginateListAccounts,
} from '@aws-sdk/client-organizations';
import { httpStatus, toReadError } from '../../aws/errors.js';
import { UsageError } from '../../errors.js';
import type { Partition } from '../../inventory/model.js';
import type { Read } from '../../inventory/read.js';
import type { AccountClients } from './clients.js';
import { DEFAULT_REGION } from './partition.js';

export { type Caller, callerIdentity } from '../../aws/identity.js';
export { startRegion } from '../../aws/region.js';

export interface OrgMember {
  id: string;
  name: string | null;
  /** ACTIVE; anything else is skipped (suspended / closing accounts cannot be scanned). */
  state: string;
}

function stateOf(account: OrgAccount): string {
  // `Status` is retired in favour of `State` (AWS-WIRE-NOTES 6); read whichever is present.
  return account.State ?? account.Status ?? 'UNKNOWN';
}

const NOT_IN_ORGANIZATION = '--org: the caller account is not in an AWS Organization (drop --org)';

/**
 * Why ListAccounts failed, in one line. DescribeOrganization is asked only then: it is the call that
 * tells "not in an organization" from "not the management account" (any member may describe the
 * organization). A scan whose ListAccounts answers never calls it, so it can neither slow down nor
 * end a scan that can run (a throttled DescribeOrganization used to abort one).
 */
async function listingFailure(clients: AccountClients, region: string, error: unknown): Promise<UsageError> {
  const read = toReadError(error);
  if (read.code === 'AWSOrganizationsNotInUseException') return new UsageError(NOT_IN_ORGANIZATION);
  try {
    await clients.organizations(region).send(new DescribeOrganizationCommand({}));
  } catch (describeError) {
    if (toReadError(describeError).code === 'AWSOrganizationsNotInUseException')
      return new UsageError(NOT_IN_ORGANIZATION);
  }
  return new UsageError(
    `--org: cannot list the organization's accounts (${read.code}: ${read.message}): run from the management account or a delegated administrator`,
  );
}

/**
 * The organization's accounts, page by page as ListAccounts returns them (pages may be empty while
 * NextToken is present), so the scan of the first accounts starts while the next pages are fetched.
 * Each page gets the patient control-plane retries (src/aws/control-plane-retry.ts); a page that still fails ends the scan
 * (the accounts it would have named are unknown).
 */
export async function* organizationPages(
  clients: AccountClients,
  region: string,
): AsyncGenerator<OrgMember[], void, undefined> {
  const pages = paginateListAccounts({ client: clients.organizations(region) }, {});
  while (true) {
    let page: Awaited<ReturnType<(typeof pages)['next']>>;
    try {
      page = await pages.next();
    } catch (error) {
      throw await listingFailure(clients, region, error);
    }
    if (page.done) return;
    const members: OrgMember[] = [];
    for (const account of page.value.Accounts ?? []) {
      if (account.Id) members.push({ id: account.Id, name: account.Name ?? null, state: stateOf(account) });
    }
    yield members;
  }
}

export { assumeRole } from '../../aws/identity.js';

/** Regions the scan reads, and the operation that said so (named in `inventory.errors` when it failed). */
export interface EnabledRegions {
  operation: 'ListRegions' | 'DescribeRegions';
  regions: Read<string[]>;
}

/**
 * Statuses of Regions the account can use. ENABLING / DISABLING are transitions: a Region being
 * enabled holds nothing yet and one being disabled no longer accepts the account's credentials
 * (Account API reference, RegionOptStatus), so both are skipped like DISABLED.
 */
const USABLE_STATUSES = ['ENABLED', 'ENABLED_BY_DEFAULT'] as const;
/** ListRegions' page limit (MaxResults 1–50). */
const LIST_REGIONS_PAGE = 50;

/**
 * The account's usable Regions. Account Management `ListRegions` first (its package is small; EC2's
 * costs about 95 MB of RSS); EC2 `DescribeRegions` (lazy import) in aws-us-gov, where the Account
 * API is not documented, and when ListRegions says it does not exist at that endpoint. An access
 * denial is not "not available": it stays an error value, like any other failure.
 */
export async function enabledRegions(
  clients: AccountClients,
  region: string,
  partition: Partition,
): Promise<EnabledRegions> {
  if (partition === 'aws-us-gov')
    return { operation: 'DescribeRegions', regions: await ec2Regions(clients, region) };
  try {
    return { operation: 'ListRegions', regions: await listRegions(clients, DEFAULT_REGION[partition]) };
  } catch (error) {
    if (isUnavailable(error))
      return { operation: 'DescribeRegions', regions: await ec2Regions(clients, region) };
    return { operation: 'ListRegions', regions: { error: toReadError(error) } };
  }
}

async function listRegions(clients: AccountClients, globalRegion: string): Promise<string[]> {
  // The Account API has one endpoint per partition (account.us-east-1.amazonaws.com in aws), signed
  // for that partition's global Region whatever the scan's start Region (AWS-WIRE-NOTES 7).
  // Through the lean client by default (no SDK client per account), the SDK's Account client on the
  // SDK path (src/aws/readers.ts).
  const reader = clients.accountReader();
  const names: string[] = [];
  let token: string | undefined;
  do {
    const output = await clients.limit('account', () =>
      reader.listRegions(globalRegion, {
        MaxResults: LIST_REGIONS_PAGE,
        RegionOptStatusContains: [...USABLE_STATUSES],
        ...(token ? { NextToken: token } : {}),
      }),
    );
    for (const r of output.Regions ?? []) {
      // The filter is applied again here: the answer is only trusted for what it names.
      if (r.RegionName && (USABLE_STATUSES as readonly string[]).includes(r.RegionOptStatus ?? ''))
        names.push(r.RegionName);
    }
    token = output.NextToken || undefined;
  } while (token);
  return names.sort();
}

/**
 * ListRegions "does not exist here": the service does not know the operation, or the endpoint does
 * not exist (DNS) or answers 404 without an AWS error name — also a 404 whose body is not JSON at
 * all (a mock's or proxy's HTML page: moto answers so; the SDK then throws the JSON parser's
 * SyntaxError, AWS-WIRE-NOTES 1.2). Never AccessDenied, throttling or 5xx, whatever their body.
 */
const UNAVAILABLE_NAMES = new Set([
  'UnknownOperationException',
  'InvalidAction',
  'NotImplemented',
  'ENOTFOUND',
  'EAI_AGAIN',
]);

/** What a 404 that carries no AWS error name surfaces as: unnamed, or a body the parser rejected. */
const UNNAMED_404 = new Set(['UnknownError', 'Unknown', 'NoSuchBucket', 'SyntaxError', 'TypeError']);

function isUnavailable(error: unknown): boolean {
  // Socket errors keep their errno as the code (toReadError); an unnamed 404 is named like
  // HeadBucket's (NoSuchBucket) or stays the SDK's UnknownError.
  const { code } = toReadError(error);
  if (UNAVAILABLE_NAMES.has(code)) return true;
  return httpStatus(error) === 404 && UNNAMED_404.has(code);
}

/**
 * EC2 DescribeRegions without AllRegions lists the Regions enabled for the account; opt-in Regions
 * the account has not enabled are `not-opted-in` and skipped (AWS-WIRE-NOTES 7).
 */
async function ec2Regions(clients: AccountClients, region: string): Promise<Read<string[]>> {
  try {
    const { DescribeRegionsCommand } = await import('@aws-sdk/client-ec2');
    const ec2 = await clients.ec2(region);
    const output = await clients.limit('ec2', () => ec2.send(new DescribeRegionsCommand({})));
    return (output.Regions ?? [])
      .filter((r) => r.RegionName && r.OptInStatus !== 'not-opted-in')
      .map((r) => r.RegionName as string)
      .sort();
  } catch (error) {
    return { error: toReadError(error) };
  }
}
