/**
 * One account's access to AWS: its credentials, its limits (per account and, shared, per scan), the
 * hot-call readers (S3 bucket settings, CloudTrail: the lean client by default, see readers.ts) and
 * SDK clients for the rest (STS, Organizations, EC2), one per service and Region, created
 * on first use, all sharing one HTTP handler (keep-alive sockets, per-call timeouts).
 *
 * Every client: `retryMode: 'adaptive'` (client-side rate limiting on throttles, AWS-WIRE-NOTES 1.3),
 * the endpoint from --endpoint-url / AWS_ENDPOINT_URL, and a middleware that counts operations for the
 * progress display. S3 clients follow region redirects (off by default in SDK v3, AWS-WIRE-NOTES 2.3)
 * so a bucket read from the wrong Region still answers.
 */
import type { EC2Client } from '@aws-sdk/client-ec2';
import { OrganizationsClient } from '@aws-sdk/client-organizations';
import { STSClient } from '@aws-sdk/client-sts';
import type { NodeHttpHandler } from '@smithy/node-http-handler';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@smithy/types';
import { controlPlaneRetry } from './control-plane-retry.js';
import type { AccountReader, CloudTrailReader, S3Reader } from './readers.js';
import { PriorityLimit } from './scan-limits.js';

export type Service = 's3' | 'cloudtrail' | 'sts' | 'ec2' | 'organizations' | 'account';

/** Counts operations (not retries) for progress and for the collector's own statistics. */
export interface CallCounter {
  started(operation: string): void;
  failed(operation: string): void;
}

export interface ClientSettings {
  endpoint?: string;
  maxAttempts: number;
  requestHandler: NodeHttpHandler;
  counter: CallCounter;
  /** Concurrent calls per service within one account. */
  concurrency: number;
  /**
   * Limits shared by every account: calls of one service in flight across the whole scan. Accounts
   * wait here only when the scan as a whole is at its limit, so an account that is between round
   * trips (assuming its role, listing) leaves its share to the others instead of idling it.
   */
  scanLimits?: ScanLimits;
  /**
   * Makes the hot-call readers of one account (S3 bucket reads, CloudTrail): the lean client's, or
   * the SDK clients' (sdk-readers.ts, imported only when the scan chose that path).
   */
  hotReaders: HotReaders;
}

/** Builds an account's S3 and CloudTrail readers from its credentials (see readers.ts). */
export interface HotReaders {
  s3(account: AccountClients): S3Reader;
  cloudTrail(account: AccountClients): CloudTrailReader;
  /** Account Management ListRegions. */
  account(account: AccountClients): AccountReader;
  /** Drops what the readers keep for this account (retry state); made again on the next call. */
  release?(account: AccountClients): void;
}

/** One limiter per service for the whole scan (oldest account first, see scan-limits.ts). */
export class ScanLimits {
  private readonly limits = new Map<Service, PriorityLimit>();
  constructor(readonly perService: number) {}
  run<T>(service: Service, priority: number, task: () => Promise<T>): Promise<T> {
    let limiter = this.limits.get(service);
    if (!limiter) {
      limiter = new PriorityLimit(this.perService);
      this.limits.set(service, limiter);
    }
    return limiter.run(priority, task);
  }
}

type Credentials = AwsCredentialIdentity | AwsCredentialIdentityProvider;

/** The one middleware-stack method we use; each client types its stack for its own commands. */
interface CountableStack {
  middlewareStack: {
    add(
      middleware: (
        next: (args: unknown) => Promise<unknown>,
        context: { commandName?: string },
      ) => (args: unknown) => Promise<unknown>,
      options: { step: 'initialize'; name: string },
    ): void;
  };
}

function addCounter(client: { middlewareStack: unknown }, counter: CallCounter): void {
  // The stacks differ only in their command types, which this middleware does not look at.
  (client as CountableStack).middlewareStack.add(
    (next, context) => async (args) => {
      const operation = (context.commandName ?? 'Unknown').replace(/Command$/, '');
      counter.started(operation);
      try {
        return await next(args);
      } catch (error) {
        counter.failed(operation);
        throw error;
      }
    },
    { step: 'initialize', name: 'trailguardCallCounter' },
  );
}

export class AccountClients {
  private readonly cache = new Map<string, unknown>();
  /** Per service and Region: FIFO (one priority) under the account's `concurrency`. */
  private readonly limits = new Map<string, PriorityLimit>();
  private s3Read: S3Reader | undefined;
  private trailRead: CloudTrailReader | undefined;
  private accountRead: AccountReader | undefined;

  /**
   * @param priority the account's place in the scan (0 = the caller, then 1, 2… in the order the
   *   accounts are opened): under the scan-wide limits, lower numbers go first.
   */
  constructor(
    readonly settings: ClientSettings,
    readonly credentials: Credentials,
    readonly priority = 0,
  ) {}

  /**
   * Runs `task` under this account's limit for `service` in `region` (AWS throttles an account per
   * service and Region, so the account's Regions do not queue behind one another), then under the
   * scan's limit for the service.
   */
  limit<T>(service: Service, task: () => Promise<T>, region = ''): Promise<T> {
    const key = `${service}/${region}`;
    let limiter = this.limits.get(key);
    if (!limiter) {
      limiter = new PriorityLimit(this.settings.concurrency);
      this.limits.set(key, limiter);
    }
    const scan = this.settings.scanLimits;
    return limiter.run(0, scan ? () => scan.run(service, this.priority, task) : task);
  }

  /** Settings every SDK client of this account gets (also the SDK path's S3 and CloudTrail clients). */
  common(region: string) {
    return {
      region,
      credentials: this.credentials,
      retryMode: 'adaptive',
      maxAttempts: this.settings.maxAttempts,
      requestHandler: this.settings.requestHandler,
      ...(this.settings.endpoint ? { endpoint: this.settings.endpoint } : {}),
    };
  }

  /** The account's client for `key`, made (with the operation counter) on first use. */
  get<T extends { middlewareStack: unknown }>(key: string, make: () => T): T {
    let client = this.cache.get(key) as T | undefined;
    if (!client) {
      client = make();
      addCounter(client, this.settings.counter);
      this.cache.set(key, client);
    }
    return client;
  }

  /** STS and Organizations gate the scan or an account: patient retries (control-plane-retry.ts). */
  sts(region: string): STSClient {
    return this.get(
      `sts/${region}`,
      () => new STSClient({ ...this.common(region), ...controlPlaneRetry(this.settings.maxAttempts) }),
    );
  }

  organizations(region: string): OrganizationsClient {
    return this.get(
      `organizations/${region}`,
      () =>
        new OrganizationsClient({ ...this.common(region), ...controlPlaneRetry(this.settings.maxAttempts) }),
    );
  }

  /**
   * EC2 is a large package (about 95 MB of RSS once loaded): imported only when ListRegions is not
   * available (aws-us-gov, or a partition/endpoint without the Account API).
   */
  async ec2(region: string): Promise<EC2Client> {
    const key = `ec2/${region}`;
    const cached = this.cache.get(key) as EC2Client | undefined;
    if (cached) return cached;
    const { EC2Client: Client } = await import('@aws-sdk/client-ec2');
    return this.get(key, () => new Client(this.common(region)));
  }

  /** S3 bucket reads (lean client, or the SDK's S3 clients when the scan chose the SDK path). */
  s3Reader(): S3Reader {
    this.s3Read ??= this.settings.hotReaders.s3(this);
    return this.s3Read;
  }

  /** CloudTrail reads (lean client, or the SDK's CloudTrail clients). */
  cloudTrailReader(): CloudTrailReader {
    this.trailRead ??= this.settings.hotReaders.cloudTrail(this);
    return this.trailRead;
  }

  /** Account Management reads (lean client, or the SDK's Account client). */
  accountReader(): AccountReader {
    this.accountRead ??= this.settings.hotReaders.account(this);
    return this.accountRead;
  }

  /** Drops the clients (the shared HTTP handler stays open for the other accounts). */
  release(): void {
    this.cache.clear();
    this.limits.clear();
    this.s3Read = undefined;
    this.trailRead = undefined;
    this.accountRead = undefined;
    this.settings.hotReaders.release?.(this);
  }
}
