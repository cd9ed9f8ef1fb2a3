import type { Partition } from '../inventory/model.js';

/** Progress of a live collection, for a display on stderr (the CLI renders it only on a terminal). */
export interface AwsProgress {
  accountsDone: number;
  accountsTotal: number;
  /** API operations started (an SDK retry of one operation is not counted twice). */
  calls: number;
  /** API operations that ended in an error (after the SDK's retries). */
  errors: number;
}

/** Options of a live AWS scan (flags of `scan` / `collect` without an input file). */
export interface AwsOptions {
  profile?: string;
  region?: string;
  regions?: string[];
  endpointUrl?: string;
  partition?: Partition;
  org?: boolean;
  roleName?: string;
  /** ACCOUNT=ARN pairs: roles to read buckets owned by other accounts. */
  roleArns?: Record<string, string>;
  externalId?: string;
  accounts?: string[];
  concurrency?: number;
  /** Per-call timeout in milliseconds. */
  timeoutMs?: number;
  /** Explicit credentials (tests, demo); otherwise the standard credential chain. */
  credentials?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
  /** Called with progress (accounts done / total, API calls, errors) for a display on stderr. */
  onProgress?: (progress: AwsProgress) => void;
  /** How many accounts are collected at once (default 16). Memory stays bounded by this, not by the org size. */
  accountConcurrency?: number;
  /** Calls of one service in flight at once across all accounts (default 64). */
  serviceConcurrency?: number;
  /** SDK maxAttempts (default 5: throttling under the adaptive retry mode needs a few more than the default 3). */
  maxAttempts?: number;
  /** Environment used for AWS_ENDPOINT_URL / AWS_REGION (default: process.env). */
  env?: NodeJS.ProcessEnv;
  /**
   * Transport of the hot calls (S3 bucket reads, CloudTrail): `lean` (default) or `sdk` (the AWS
   * SDK v3 clients); `TRAILGUARD_AWS_CLIENT=sdk` selects the SDK path when this is not given.
   */
  awsClient?: 'lean' | 'sdk';
  /**
   * Org mode: read only the accounts of this shard (sources/aws/shard.ts); the snapshot records it so
   * that `scan --snapshot` can merge the shards.
   */
  shard?: { index: number; count: number };
}
