/**
 * The emulator's programmatic contract, used by the live collector's tests, the remediation tests,
 * `trailguard demo` and the benchmarks. The implementation (src/emulator/*) may add to these types
 * but must not break them: other parts of the project are written against this file.
 */

export interface Credentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

/** An IAM identity in an emulated account. Its access key decides the account of every request it signs. */
export interface PrincipalSpec {
  /** IAM user name (ARN `arn:aws:iam::<account>:user/<name>`). */
  name: string;
  accessKeyId: string;
  secretAccessKey: string;
  /**
   * IAM actions this principal may call (`s3:GetBucketLogging`, `cloudtrail:Describe*`, `*`).
   * Absent = everything. A call outside it gets AccessDenied in the protocol's own format.
   */
  allow?: string[];
}

/** A role that `sts:AssumeRole` can assume; its session acts in the role's account. */
export interface RoleSpec {
  name: string;
  /** Accounts allowed to assume it (trust policy). Absent = any account of the scenario. */
  trustedAccounts?: string[];
  /** Required ExternalId, if any. */
  externalId?: string;
  /** Allow-list of IAM actions for sessions of this role (absent = everything). */
  allow?: string[];
}

export interface AccountSpec {
  id: string;
  name: string;
  email?: string;
  /** Regions enabled in this account. Absent = the scenario's default regions. */
  regions?: string[];
  /** Opt-in regions that exist but are disabled in this account (DescribeRegions shows not-opted-in). */
  disabledRegions?: string[];
  principals?: PrincipalSpec[];
  roles?: RoleSpec[];
}

export interface LoggingSpec {
  targetBucket: string;
  targetPrefix?: string;
  partitioned?: boolean;
}

export interface BucketSpec {
  name: string;
  account: string;
  region: string;
  logging?: LoggingSpec;
  /** Bucket policy document (JSON object). */
  policy?: Record<string, unknown>;
  /** ACL grants beyond the owner's FULL_CONTROL. */
  acl?: { grantee: string; granteeType?: 'Group' | 'CanonicalUser'; permission: string }[];
  /** Default: BucketOwnerEnforced (S3 default since April 2023). null = no ownership controls (legacy bucket). */
  ownership?: 'BucketOwnerEnforced' | 'BucketOwnerPreferred' | 'ObjectWriter' | null;
  /**
   * Default: SSE-S3 (S3 default since January 2023). null = no default-encryption configuration
   * (GetBucketEncryption answers ServerSideEncryptionConfigurationNotFoundError, pre-2023 behaviour).
   */
  encryption?: 'SSE-S3' | 'SSE-KMS' | 'DSSE-KMS' | null;
  /** KMS key of an SSE-KMS / DSSE-KMS default encryption (GetBucketEncryption KMSMasterKeyID). */
  kmsKeyId?: string;
  /**
   * Bucket-level Block Public Access. Default: all four flags on (S3 default since April 2023).
   * null = none (GetPublicAccessBlock answers NoSuchPublicAccessBlockConfiguration).
   */
  publicAccessBlock?: PublicAccessBlockSpec | null;
  /** ISO-8601 creation date (ListBuckets CreationDate). Default: a fixed date, deterministic. */
  creationDate?: string;
  /** Object Lock: enabled, optionally with a default retention. */
  objectLock?: { defaultRetention?: { mode: 'GOVERNANCE' | 'COMPLIANCE'; days: number } };
  requesterPays?: boolean;
  /** true: the bucket was deleted (still referenced by trails / logging configs; answers NoSuchBucket). */
  deleted?: boolean;
}

export interface PublicAccessBlockSpec {
  blockPublicAcls: boolean;
  ignorePublicAcls: boolean;
  blockPublicPolicy: boolean;
  restrictPublicBuckets: boolean;
}

export interface TrailSpec {
  name: string;
  /** Owner account (the management account for an organization trail). */
  account: string;
  homeRegion: string;
  bucket: string;
  keyPrefix?: string;
  multiRegion?: boolean;
  organization?: boolean;
  /** GetTrailStatus.IsLogging; default true. */
  logging?: boolean;
}

export type FaultKind =
  | { kind: 'accessDenied' }
  | { kind: 'throttle'; rate: number }
  | { kind: 'serverError'; status: 500 | 503; rate?: number }
  | { kind: 'latency'; ms: number; jitterMs?: number }
  | { kind: 'reset'; rate?: number }
  | { kind: 'hang'; rate?: number }
  /**
   * An HTTP error that is not an AWS error envelope: what a mock, proxy or load balancer sends for a
   * path it does not route (moto answers Account `ListRegions` with a 404 HTML page). `body`
   * defaults to a small HTML "Not Found" page, `contentType` to `text/html`.
   */
  | { kind: 'plainError'; status: number; body?: string; contentType?: string; rate?: number }
  /**
   * Security Hub BatchImportFindings answers 200 but lists the first `count` findings of the request
   * (default: all) in FailedFindings with `errorCode` (default `InternalFailure`): a partial failure.
   */
  | { kind: 'importFailure'; errorCode?: string; count?: number; rate?: number };

/** A fault applies to the requests that match every given selector. */
export type FaultRule = FaultKind & {
  /** Operation name as in the API reference: `GetBucketLogging`, `ListTrails`, `AssumeRole`… */
  operation?: string;
  /** Service: s3 | cloudtrail | sts | organizations | ec2 | account | config | securityhub. */
  service?: string;
  account?: string;
  /** Bucket name or trail name/ARN (Security Hub: an AwsAccountId of the imported findings). */
  resource?: string;
  /** Only the first N matching requests (then the fault stops). */
  times?: number;
};

/** An AWS Config configuration aggregator (SelectAggregateResourceConfig), in `account`. */
export interface AggregatorSpec {
  name: string;
  account: string;
  /** Source accounts; default: the organization's accounts (or every account without one). */
  accounts?: string[];
  /** Source accounts whose recorder does not record S3 buckets or trails: their items are missing. */
  unrecordedAccounts?: string[];
  /** Source account/Region pairs the aggregator reports as FAILED or OUTDATED. */
  failedSources?: { account: string; region: string; status: 'FAILED' | 'OUTDATED' }[];
}

export interface ScenarioSpec {
  /** Regions enabled by default in every account. */
  regions: string[];
  /** `members` absent = every account of the scenario belongs to the organization. */
  organization?: { id: string; managementAccount: string; members?: string[] };
  accounts: AccountSpec[];
  buckets: BucketSpec[];
  trails: TrailSpec[];
  faults?: FaultRule[];
  /** Page sizes, so tests can force pagination. */
  pageSizes?: { listBuckets?: number; listTrails?: number; listAccounts?: number; listRegions?: number };
  /**
   * `service:Operation` names this world does not offer (answered like an operation the service does
   * not know): e.g. `account:ListRegions`, to act like a partition without the Account API.
   */
  unsupportedOperations?: string[];
  configAggregators?: AggregatorSpec[];
}

export interface Counters {
  /** Total requests received (each SDK retry is a request). */
  total(): number;
  /** `s3:GetBucketLogging` → count. */
  byOperation(): Record<string, number>;
  /** account → (`service:Operation` → count). */
  byAccount(): Record<string, Record<string, number>>;
  reset(): void;
}

export interface ConfigResult {
  resourceType: string;
  resourceId: string;
  complianceType: 'COMPLIANT' | 'NON_COMPLIANT' | 'NOT_APPLICABLE' | 'INSUFFICIENT_DATA';
  annotation?: string;
  /** ISO-8601. */
  orderingTimestamp: string;
}

export interface EmulatorHandle {
  /** `http://127.0.0.1:<port>`: SDK clients with this endpoint use path-style S3 addressing. */
  endpoint: string;
  /** `http://localhost:<port>`: SDK clients use virtual-hosted `bucket.localhost` addressing. */
  hostnameEndpoint: string;
  port: number;
  /** Credentials of a principal: by account id (its first principal, created when the spec has none) or name. */
  credentialsFor(account: string, principalName?: string): Credentials;
  counters: Counters;
  /** `fired()`: how many requests were answered with a fault so far. */
  faults: { add(rule: FaultRule): void; clear(): void; fired(): number };
  /** The emulated world as it is now (after Put* calls), for assertions. */
  snapshot(): ScenarioSpec;
  /** AWS Config custom rules (PutEvaluations / GetComplianceDetailsByConfigRule). */
  config: {
    /**
     * The ResultToken AWS Config would put in an event it sends `rule` of `account` (creates the rule):
     * PutEvaluations with it stores the results under that rule.
     */
    resultToken(account: string, rule: string): string;
    /** The rule's latest result per resource, sorted by resource type and id. */
    results(account: string, rule: string): ConfigResult[];
  };
  /** AWS Security Hub (BatchImportFindings). */
  securityHub: {
    /** The imported findings (latest version of each), oldest first; only `account`'s when given. */
    findings(account?: string): { account: string; region: string; finding: Record<string, unknown> }[];
  };
  stop(): Promise<void>;
}

/** Anything with a `build()` that yields a ScenarioSpec: the typed builder of src/emulator/scenario. */
export interface Scenario {
  build(): ScenarioSpec;
}

export interface EmulatorOptions {
  port?: number;
  host?: string;
  /** Seed for fault randomness (deterministic runs). */
  seed?: number;
}
