/** Who the caller is, which accounts and Regions to scan, and credentials for each account. */
import {
  DescribeOrganizationCommand,
  type Account as OrgAccount,
  paginateListAccounts,
} from '@aws-sdk/client-organizations';
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@smithy/types';
import { UsageError } from '../../errors.js';
import type { Partition } from '../../inventory/model.js';
import type { Read } from '../../inventory/read.js';
import type { AccountClients } from './clients.js';
import { credentialsErrorFrom, isCredentialFailure, toReadError } from './errors.js';
import { DEFAULT_REGION, partitionOfArn } from './partition.js';

/**
 * The Region of the first call: --region, else AWS_REGION / AWS_DEFAULT_REGION / the profile's
 * `region` (the SDK's own resolution), else us-east-1.
 */
export async function startRegion(region: string | undefined, profile: string | undefined): Promise<string> {
  if (region) return region;
  const probe = new STSClient(profile ? { profile } : {});
  try {
    return await probe.config.region();
  } catch {
    return DEFAULT_REGION.aws;
  } finally {
    probe.destroy();
  }
}

export interface Caller {
  account: string;
  arn: string;
  partition: Partition;
}

/** GetCallerIdentity needs no permission: its failure means the credentials are missing or rejected. */
export async function callerIdentity(
  clients: AccountClients,
  region: string,
  profile?: string,
): Promise<Caller> {
  try {
    const output = await clients.sts(region).send(new GetCallerIdentityCommand({}));
    if (!output.Account || !output.Arn) throw new Error('GetCallerIdentity returned no account');
    return { account: output.Account, arn: output.Arn, partition: partitionOfArn(output.Arn) };
  } catch (error) {
    if (isCredentialFailure(error)) throw credentialsErrorFrom(error, profile);
    const read = toReadError(error);
    throw new UsageError(`cannot identify the AWS caller (GetCallerIdentity: ${read.code}: ${read.message})`);
  }
}

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

/** DescribeOrganization: the management account; its failure says why org mode cannot work. */
async function describeOrganization(clients: AccountClients, region: string): Promise<string | null> {
  try {
    const org = await clients.organizations(region).send(new DescribeOrganizationCommand({}));
    return org.Organization?.MasterAccountId ?? null;
  } catch (error) {
    const read = toReadError(error);
    if (read.code === 'AWSOrganizationsNotInUseException') {
      throw new UsageError('--org: the caller account is not in an AWS Organization (drop --org)');
    }
    throw new UsageError(`--org: cannot describe the organization (${read.code}: ${read.message})`);
  }
}

/**
 * The organization's accounts, page by page as ListAccounts returns them (pages may be empty while
 * NextToken is present), so the scan of the first accounts starts while the next pages are fetched.
 * DescribeOrganization runs alongside the first page: nothing is yielded before it succeeded, and
 * its error (not in an organization…) is the one reported when both fail.
 */
export async function* organizationPages(
  clients: AccountClients,
  region: string,
): AsyncGenerator<OrgMember[], void, undefined> {
  const described = describeOrganization(clients, region);
  // Awaited below on every path; this only keeps an early rejection from being reported as unhandled.
  described.catch(() => undefined);
  let checked = false;
  const pages = paginateListAccounts({ client: clients.organizations(region) }, {});
  while (true) {
    let page: Awaited<ReturnType<(typeof pages)['next']>>;
    try {
      page = await pages.next();
    } catch (error) {
      await described;
      const read = toReadError(error);
      throw new UsageError(
        `--org: cannot list the organization's accounts (${read.code}): run from the management account or a delegated administrator`,
      );
    }
    if (!checked) {
      await described;
      checked = true;
    }
    if (page.done) return;
    const members: OrgMember[] = [];
    for (const account of page.value.Accounts ?? []) {
      if (account.Id) members.push({ id: account.Id, name: account.Name ?? null, state: stateOf(account) });
    }
    yield members;
  }
}

/** Refresh assumed-role credentials this long before they expire. */
const REFRESH_MARGIN_MS = 5 * 60_000;

/**
 * AssumeRole now (so a role that cannot be assumed is known before the account is scanned), and a
 * provider that assumes it again shortly before the session expires (long organization scans).
 */
export async function assumeRole(
  callerClients: AccountClients,
  region: string,
  roleArn: string,
  externalId: string | undefined,
): Promise<Read<AwsCredentialIdentityProvider>> {
  const assume = async (): Promise<AwsCredentialIdentity> => {
    const output = await callerClients.limit('sts', () =>
      callerClients.sts(region).send(
        new AssumeRoleCommand({
          RoleArn: roleArn,
          RoleSessionName: 'trailguard',
          ...(externalId ? { ExternalId: externalId } : {}),
        }),
      ),
    );
    const c = output.Credentials;
    if (!c?.AccessKeyId || !c.SecretAccessKey) throw new Error('AssumeRole returned no credentials');
    return {
      accessKeyId: c.AccessKeyId,
      secretAccessKey: c.SecretAccessKey,
      ...(c.SessionToken ? { sessionToken: c.SessionToken } : {}),
      ...(c.Expiration ? { expiration: c.Expiration } : {}),
    };
  };
  let current: AwsCredentialIdentity;
  try {
    current = await assume();
  } catch (error) {
    return { error: toReadError(error) };
  }
  let pending: Promise<AwsCredentialIdentity> | undefined;
  return async () => {
    const expiresAt = current.expiration?.getTime();
    if (expiresAt !== undefined && expiresAt - Date.now() < REFRESH_MARGIN_MS) {
      pending ??= assume().finally(() => {
        pending = undefined;
      });
      current = await pending;
    }
    return current;
  };
}

/**
 * EC2 DescribeRegions without AllRegions lists the Regions enabled for the account; opt-in Regions
 * the account has not enabled are `not-opted-in` and skipped (AWS-WIRE-NOTES 7).
 */
export async function enabledRegions(clients: AccountClients, region: string): Promise<Read<string[]>> {
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
