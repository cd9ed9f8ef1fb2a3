import { fromNodeProviderChain } from '@aws-sdk/credential-providers';
import type { AwsCredentialIdentityProvider } from '@smithy/types';
import type { AwsOptions } from './options.js';

/**
 * The identity every other credential derives from: explicit credentials (tests, demo) or the standard
 * AWS credential chain (env, --profile, SSO, credential_process, container and instance roles).
 * Shared by the collector and the remediation executor so both authenticate the same way.
 */
export function baseCredentials(options: AwsOptions): AwsCredentialIdentityProvider {
  const explicit = options.credentials;
  return explicit
    ? async () => ({ ...explicit })
    : fromNodeProviderChain(options.profile ? { profile: options.profile } : {});
}
