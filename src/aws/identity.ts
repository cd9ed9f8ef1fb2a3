/**
 * Who the caller is (GetCallerIdentity) and the one role-assumption path (AssumeRole with refresh)
 * of every AWS use in trailguard: the live scan and `fix`. Errors are values where an account can be
 * skipped (AssumeRole); a caller that cannot be identified is a CredentialsError / UsageError.
 */
import { AssumeRoleCommand, GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@smithy/types';
import { UsageError } from '../errors.js';
import type { Partition } from '../inventory/model.js';
import type { Read } from '../inventory/read.js';
import type { AccountClients } from './clients.js';
import { credentialsErrorFrom, isCredentialFailure, toReadError } from './errors.js';
import { partitionOfArn } from './partition.js';

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
