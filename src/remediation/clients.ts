/**
 * S3 clients for the executor, one per (account, Region), acting in the bucket owner's account.
 *
 * Kept small and separate from the collector's AccountClients (src/sources/aws/clients.ts) because the
 * executor needs only S3 and the same credential rules as the scan: the caller's own account uses the
 * base credentials; another account uses `--role-arn ACCOUNT=ARN` or, in org mode, `--role-name`
 * (assumed with sts:AssumeRole, as the scan does).
 */
import { S3Client } from '@aws-sdk/client-s3';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { fromTemporaryCredentials } from '@aws-sdk/credential-providers';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@smithy/types';
import { CredentialsError } from '../errors.js';
import { type AwsOptions, baseCredentials } from '../sources/aws/options.js';
import { roleArn as roleArnFor } from '../sources/aws/partition.js';

type Credentials = AwsCredentialIdentity | AwsCredentialIdentityProvider;

export interface S3ClientFactory {
  s3(account: string, region: string): Promise<S3Client>;
}

export function createClientFactory(options: AwsOptions): S3ClientFactory {
  const env = options.env ?? process.env;
  const endpoint = options.endpointUrl ?? (env.AWS_ENDPOINT_URL || undefined);
  const homeRegion = options.region ?? (env.AWS_REGION || env.AWS_DEFAULT_REGION || 'us-east-1');
  const base: Credentials = baseCredentials(options);
  const partition = options.partition ?? 'aws';
  const clients = new Map<string, S3Client>();
  const accountCredentials = new Map<string, Credentials>();
  let callerAccount: Promise<string> | undefined;

  const caller = () => {
    callerAccount ??= new STSClient({
      region: homeRegion,
      credentials: base,
      ...(endpoint ? { endpoint } : {}),
    })
      .send(new GetCallerIdentityCommand({}))
      .then((out) => out.Account ?? '')
      .catch((error: Error) => {
        throw new CredentialsError(`cannot identify the AWS caller: ${error.name}: ${error.message}`);
      });
    return callerAccount;
  };

  const credentialsFor = async (account: string): Promise<Credentials> => {
    const cached = accountCredentials.get(account);
    if (cached) return cached;
    let credentials: Credentials;
    const roleArn =
      options.roleArns?.[account] ??
      (options.roleName ? roleArnFor(partition, account, options.roleName) : undefined);
    if ((await caller()) === account) {
      credentials = base;
    } else if (roleArn) {
      credentials = fromTemporaryCredentials({
        masterCredentials: base,
        params: {
          RoleArn: roleArn,
          RoleSessionName: 'trailguard-fix',
          ...(options.externalId ? { ExternalId: options.externalId } : {}),
        },
        clientConfig: { region: homeRegion, ...(endpoint ? { endpoint } : {}) },
      });
    } else {
      throw new CredentialsError(
        `bucket owned by account ${account}, but the credentials are for ${await caller()}: give --role-name (org mode) or --role-arn ${account}=ARN`,
      );
    }
    accountCredentials.set(account, credentials);
    return credentials;
  };

  return {
    async s3(account, region) {
      const key = `${account}/${region}`;
      let client = clients.get(key);
      if (!client) {
        client = new S3Client({
          region,
          credentials: await credentialsFor(account),
          retryMode: 'adaptive',
          ...(endpoint ? { endpoint } : {}),
        });
        clients.set(key, client);
      }
      return client;
    },
  };
}
