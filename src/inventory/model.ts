/**
 * The Inventory: the one normalized model every source produces and every rule reads
 * (DESIGN sections 2 and 3). It is also the public snapshot format `trailguard/inventory@1`;
 * the zod schema in `schema.ts` must stay in step with these types.
 *
 * Conventions:
 * - A field holding `Read<T>` was read by the source; an error value says why it could not be.
 * - An optional field that is absent was not collected; rules treat it as unknown, never as a default.
 * - Live sources give provenance through `account` / `region` / ARN; IaC sources add `location`.
 */
import type { Read, ReadError } from './read.js';

export const INVENTORY_SCHEMA_ID = 'trailguard/inventory@1';

export type Partition = 'aws' | 'aws-cn' | 'aws-us-gov';

/** Where an IaC resource is declared. CloudFormation uses the logical id as `address`. */
export interface SourceLocation {
  /** Path relative to the scan root (or as given on the command line). */
  file: string;
  /** 1-based line of the resource's declaration. */
  line: number;
  /** 1-based column, where the parser gives one. */
  column?: number;
  /** Terraform address (`module.logs.aws_s3_bucket.this["a"]`) or CloudFormation logical id. */
  address: string;
  /** CDK construct path (`aws:cdk:path` metadata), so users find the construct. */
  cdkPath?: string;
}

export interface Account {
  id: string;
  name?: string | null;
  /** The scan read this account (false: named by a trail or org listing but not readable, e.g. AssumeRole failed). */
  scanned: boolean;
  /** Why the account could not be scanned (AssumeRole AccessDenied…). */
  accessError?: ReadError;
  /**
   * ARNs of every trail this account's ListTrails returned (its own trails and organization trails it sees).
   * Absent: derive from `trails[].account`. Error value: the trails could not be listed (TRAILS_UNREADABLE).
   */
  trails?: Read<string[]>;
  /**
   * Names of every bucket this account owns (ListBuckets). When present as a value, the list is complete:
   * a bucket not in it is not owned by this account. Error value: the buckets could not be listed.
   */
  buckets?: Read<string[]>;
}

export interface Trail {
  /** Trail ARN; dedupe key (shadow copies share it). IaC: a synthetic ARN built from the address. */
  arn: string;
  name: string;
  /** Owner account (from the ARN); for organization trails the management account. Null when unknown (IaC). */
  account: string | null;
  /** Null when unknown (IaC without a provider region). */
  homeRegion: string | null;
  multiRegion: boolean;
  organization: boolean;
  /** GetTrailStatus.IsLogging. Absent = not collected. */
  isLogging?: Read<boolean>;
  /** S3BucketName. An error value when an IaC expression cannot be resolved statically. */
  bucket: Read<string>;
  keyPrefix?: string | null;
  location?: SourceLocation;
  /** AWS Config aggregator source: when AWS Config recorded this configuration (ISO). */
  capturedAt?: string;
}

export interface LoggingConfig {
  /** TargetBucket. An error value when an IaC expression cannot be resolved statically. */
  targetBucket: Read<string>;
  /**
   * TargetPrefix ("" when none). An error value (UNRESOLVED) when an IaC expression cannot be resolved
   * statically: never read as "" (the rules then decide only what holds for every prefix).
   */
  targetPrefix: Read<string>;
  /** Date-partitioned key format (TargetObjectKeyFormat.PartitionedPrefix). */
  partitioned?: boolean;
  /** IaC `expected_bucket_owner`, when given. */
  expectedBucketOwner?: string;
}

export type ObjectOwnership = 'BucketOwnerEnforced' | 'BucketOwnerPreferred' | 'ObjectWriter';

export type DefaultEncryption = 'SSE-S3' | 'SSE-KMS' | 'DSSE-KMS';

export const LOG_DELIVERY_GROUP_URI = 'http://acs.amazonaws.com/groups/s3/LogDelivery';

export interface AclGrant {
  /** Group URI, canonical user id or e-mail address. */
  grantee: string;
  granteeType?: 'Group' | 'CanonicalUser' | 'AmazonCustomerByEmail';
  permission: 'FULL_CONTROL' | 'WRITE' | 'WRITE_ACP' | 'READ' | 'READ_ACP';
}

/** An IAM policy document as JSON (kept verbatim: rules evaluate it, remediation merges into it). */
export type PolicyDocument = Record<string, unknown>;

export interface Bucket {
  /**
   * Bucket name: the identity key in the inventory (names are global per partition).
   * IaC buckets whose name is computed use `<address>` (e.g. `<aws_s3_bucket.logs>`) and set `nameUnresolved`.
   */
  name: string;
  nameUnresolved?: ReadError;
  /** Owner account; null when unknown (not listed by any scanned account, or IaC). */
  account: string | null;
  /**
   * IaC: how the configuration that declares the bucket names its account when `account` is null — a
   * symbol such as `${aws_account_id}` (Terraform, one per root module and provider credentials), or the
   * account id a provider pins. Two buckets with the same symbol are in one account; a policy value written
   * the same way names that account (issue 19 item 2).
   */
  accountSymbol?: string;
  /**
   * Bucket Region; absent when unknown (IaC), an error value when the read failed, null when the bucket
   * has none because it does not exist (snapshots from other tools write `"region": null` then).
   */
  region?: Read<string> | null;
  /** false = NoSuchBucket (404). A bucket that answers 403 exists. */
  exists: Read<boolean>;
  /** Server access logging: null = disabled. */
  logging?: Read<LoggingConfig | null>;
  /** Bucket policy: null = no policy. */
  policy?: Read<PolicyDocument | null>;
  /** Object Ownership setting: null = no ownership controls (behaves as ObjectWriter). */
  ownership?: Read<ObjectOwnership | null>;
  acl?: Read<AclGrant[]>;
  /** Default encryption; null = none. */
  defaultEncryption?: Read<DefaultEncryption | null>;
  objectLockDefaultRetention?: Read<boolean>;
  requesterPays?: Read<boolean>;
  location?: SourceLocation;
  /** AWS Config aggregator source: when AWS Config recorded this configuration (ISO). */
  capturedAt?: string;
}

/** A read that failed at a level above one field (a whole listing, a Region, an account). */
export interface InventoryError {
  operation: string;
  account?: string | null;
  region?: string | null;
  resource?: string;
  code: string;
  message: string;
  file?: string;
  line?: number;
}

export interface Inventory {
  schema: typeof INVENTORY_SCHEMA_ID;
  partition: Partition;
  collectedAt: string;
  /**
   * Set by `collect --shard K/N`: this snapshot holds the accounts of shard `index` of `count`
   * (sources/aws/shard.ts); `scan --snapshot` merges a complete set of shards into one inventory.
   */
  shard?: { index: number; count: number };
  accounts: Account[];
  trails: Trail[];
  buckets: Bucket[];
  errors: InventoryError[];
}

export function emptyInventory(
  partition: Partition = 'aws',
  collectedAt = new Date(0).toISOString(),
): Inventory {
  return {
    schema: INVENTORY_SCHEMA_ID,
    partition,
    collectedAt,
    accounts: [],
    trails: [],
    buckets: [],
    errors: [],
  };
}

export function bucketArn(partition: Partition, name: string): string {
  return `arn:${partition}:s3:::${name}`;
}
