import type { Partition } from '../../inventory/model.js';

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
  quiet?: boolean;
  /** Explicit credentials (tests, demo); otherwise the standard credential chain. */
  credentials?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
  /** Called with progress (accounts done / total, API calls, errors) for a display on stderr. */
  onProgress?: (progress: {
    accountsDone: number;
    accountsTotal: number;
    calls: number;
    errors: number;
  }) => void;
}
