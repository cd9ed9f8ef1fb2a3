/**
 * The emulated world at run time: accounts, credentials, buckets (mutable through Put* calls),
 * trails and the organization, built once from a ScenarioSpec with indexes that keep large
 * scenarios (100 accounts × 17 Regions) cheap to serve.
 */
import { createHash, randomBytes } from 'node:crypto';
import type {
  AccountSpec,
  BucketSpec,
  Credentials,
  LoggingSpec,
  PrincipalSpec,
  PublicAccessBlockSpec,
  RoleSpec,
  ScenarioSpec,
  TrailSpec,
} from './api.js';
import { ConfigRuleStore } from './config-rules.js';
import { isOptInRegion } from './regions.js';
import { SecurityHubStore } from './services/securityhub-store.js';

export interface Caller {
  account: string;
  /** `arn:aws:iam::A:user/N` or `arn:aws:sts::A:assumed-role/R/S`. */
  arn: string;
  userId: string;
  allow: string[] | undefined;
}

export interface Grant {
  grantee: string;
  granteeType: 'Group' | 'CanonicalUser';
  permission: string;
}

export interface BucketState {
  name: string;
  account: string;
  region: string;
  creationDate: string;
  logging: (LoggingSpec & { grants?: Grant[] }) | null;
  /** Raw policy text as stored (GetBucketPolicy returns it verbatim). */
  policy: string | null;
  acl: Grant[];
  ownership: 'BucketOwnerEnforced' | 'BucketOwnerPreferred' | 'ObjectWriter' | null;
  encryption: { algorithm: 'SSE-S3' | 'SSE-KMS' | 'DSSE-KMS'; kmsKeyId?: string; bucketKey: boolean } | null;
  objectLock: BucketSpec['objectLock'] | null;
  requesterPays: boolean;
  publicAccessBlock: PublicAccessBlockSpec | null;
  deleted: boolean;
}

interface Session {
  account: string;
  role: RoleSpec;
  sessionName: string;
  secretAccessKey: string;
  sessionToken: string;
  expiration: Date;
}

export const ALL_BLOCKED: PublicAccessBlockSpec = {
  blockPublicAcls: true,
  ignorePublicAcls: true,
  blockPublicPolicy: true,
  restrictPublicBuckets: true,
};

const DEFAULT_CREATION = Date.parse('2024-01-15T09:30:00.000Z');

export type ResolveResult = { caller: Caller } | { error: 'unknown-key' | 'bad-token' };

export class World {
  readonly regions: string[];
  readonly accounts = new Map<string, AccountSpec>();
  readonly organization: ScenarioSpec['organization'];
  readonly pageSizes: NonNullable<ScenarioSpec['pageSizes']>;
  readonly configAggregators: NonNullable<ScenarioSpec['configAggregators']>;
  private readonly orgMembers = new Set<string>();
  private readonly keys = new Map<string, { account: string; principal: PrincipalSpec }>();
  private readonly sessions = new Map<string, Session>();
  /** Live and deleted buckets by name; a live bucket wins over a deleted one of the same name. */
  private readonly buckets = new Map<string, BucketState>();
  private readonly deletedBuckets: BucketState[] = [];
  private readonly bucketsByAccount = new Map<string, BucketState[] | undefined>();
  readonly trails: TrailSpec[];
  private readonly trailsByAccount = new Map<string, TrailSpec[]>();
  private readonly orgTrails: TrailSpec[];
  private readonly universe: string[];
  /** AWS Config rules and their latest results (PutEvaluations). */
  readonly configRules = new ConfigRuleStore();
  /** Findings imported into AWS Security Hub (BatchImportFindings). */
  readonly securityHub = new SecurityHubStore();

  constructor(spec: ScenarioSpec) {
    this.regions = [...spec.regions];
    this.organization = spec.organization ? { ...spec.organization } : undefined;
    this.pageSizes = { ...spec.pageSizes };
    this.configAggregators = structuredClone(spec.configAggregators ?? []);
    const universe = new Set(spec.regions);
    for (const a of spec.accounts) {
      const principals = a.principals && a.principals.length > 0 ? a.principals : [defaultPrincipal(a.id)];
      const account: AccountSpec = { ...a, principals };
      this.accounts.set(a.id, account);
      for (const p of principals) this.keys.set(p.accessKeyId, { account: a.id, principal: p });
      for (const r of a.regions ?? []) universe.add(r);
      for (const r of a.disabledRegions ?? []) universe.add(r);
    }
    this.universe = [...universe].sort();
    if (spec.organization) {
      for (const id of spec.organization.members ?? spec.accounts.map((a) => a.id)) this.orgMembers.add(id);
      this.orgMembers.add(spec.organization.managementAccount);
    }
    spec.buckets.forEach((b, i) => {
      const state = bucketFromSpec(b, i);
      if (state.deleted) {
        this.deletedBuckets.push(state);
        if (!this.buckets.has(b.name)) this.buckets.set(b.name, state);
      } else {
        this.buckets.set(b.name, state);
      }
    });
    this.trails = spec.trails.map((t) => ({ ...t }));
    for (const t of this.trails) {
      const list = this.trailsByAccount.get(t.account) ?? [];
      list.push(t);
      this.trailsByAccount.set(t.account, list);
    }
    this.orgTrails = this.trails.filter((t) => t.organization);
  }

  // ---- identity ----

  resolve(accessKeyId: string, sessionToken: string | undefined): ResolveResult {
    const key = this.keys.get(accessKeyId);
    if (key) {
      const { account, principal } = key;
      return {
        caller: {
          account,
          arn: `arn:aws:iam::${account}:user/${principal.name}`,
          userId: `AIDA${idHash(`${account}/${principal.name}`)}`,
          allow: principal.allow,
        },
      };
    }
    const session = this.sessions.get(accessKeyId);
    if (!session) return { error: 'unknown-key' };
    // A session key is only valid with its own token (X-Amz-Security-Token), like STS credentials.
    if (sessionToken !== session.sessionToken || session.expiration.getTime() < Date.now()) {
      return { error: 'bad-token' };
    }
    return {
      caller: {
        account: session.account,
        arn: `arn:aws:sts::${session.account}:assumed-role/${session.role.name}/${session.sessionName}`,
        userId: `${roleId(session.account, session.role.name)}:${session.sessionName}`,
        allow: session.role.allow,
      },
    };
  }

  createSession(
    account: string,
    role: RoleSpec,
    sessionName: string,
    durationSeconds: number,
  ): Session & {
    accessKeyId: string;
  } {
    const accessKeyId = `ASIA${randomBytes(8).toString('hex').toUpperCase()}`;
    const session: Session = {
      account,
      role,
      sessionName,
      secretAccessKey: randomBytes(20).toString('base64'),
      sessionToken: `EmulatorSessionToken/${randomBytes(24).toString('base64')}`,
      expiration: new Date(Date.now() + durationSeconds * 1000),
    };
    this.sessions.set(accessKeyId, session);
    return { ...session, accessKeyId };
  }

  credentialsFor(account: string, principalName?: string): Credentials {
    const spec = this.accounts.get(account);
    if (!spec) throw new Error(`no account ${account} in the emulator scenario`);
    const principals = spec.principals ?? [];
    const p = principalName ? principals.find((x) => x.name === principalName) : principals[0];
    if (!p) throw new Error(`no principal ${principalName} in account ${account}`);
    return { accessKeyId: p.accessKeyId, secretAccessKey: p.secretAccessKey };
  }

  // ---- regions ----

  enabledRegions(account: string): string[] {
    return this.accounts.get(account)?.regions ?? this.regions;
  }

  /** Every Region the scenario knows (DescribeRegions AllRegions=true). */
  allRegions(): string[] {
    return this.universe;
  }

  /** A disabled opt-in Region: AWS rejects the account's credentials there. */
  isRegionDisabled(account: string, region: string): boolean {
    const spec = this.accounts.get(account);
    if (spec?.disabledRegions?.includes(region)) return true;
    return isOptInRegion(region) && !this.enabledRegions(account).includes(region);
  }

  optInStatus(account: string, region: string): 'opt-in-not-required' | 'opted-in' | 'not-opted-in' {
    if (this.isRegionDisabled(account, region) || !this.enabledRegions(account).includes(region)) {
      return isOptInRegion(region) || this.accounts.get(account)?.disabledRegions?.includes(region)
        ? 'not-opted-in'
        : 'opt-in-not-required';
    }
    return isOptInRegion(region) ? 'opted-in' : 'opt-in-not-required';
  }

  // ---- organization ----

  inOrganization(account: string): boolean {
    return this.organization !== undefined && this.orgMembers.has(account);
  }

  orgAccounts(): AccountSpec[] {
    return [...this.accounts.values()].filter((a) => this.orgMembers.has(a.id));
  }

  // ---- buckets ----

  /** The live bucket of that name (undefined when it does not exist or was deleted). */
  bucket(name: string): BucketState | undefined {
    const b = this.buckets.get(name);
    return b && !b.deleted ? b : undefined;
  }

  /** Live buckets of an account, sorted by name (ListBuckets order). */
  bucketsOf(account: string): BucketState[] {
    let list = this.bucketsByAccount.get(account);
    if (!list) {
      list = [...this.buckets.values()]
        .filter((b) => b.account === account && !b.deleted)
        .sort((x, y) => (x.name < y.name ? -1 : x.name > y.name ? 1 : 0));
      this.bucketsByAccount.set(account, list);
    }
    return list;
  }

  addBucket(state: BucketState): void {
    const old = this.buckets.get(state.name);
    if (old?.deleted) this.deletedBuckets.push(old);
    this.buckets.set(state.name, state);
    this.bucketsByAccount.delete(state.account);
  }

  deleteBucket(state: BucketState): void {
    state.deleted = true;
    this.bucketsByAccount.delete(state.account);
  }

  // ---- trails ----

  /** Trails an account sees: its own, plus organization trails when it is a member. */
  visibleTrails(account: string): TrailSpec[] {
    const own = this.trailsByAccount.get(account) ?? [];
    if (!this.inOrganization(account)) return own;
    const org = this.orgTrails.filter((t) => t.account !== account && this.inOrganization(t.account));
    return org.length === 0 ? own : [...own, ...org];
  }

  ownTrails(account: string): TrailSpec[] {
    return this.trailsByAccount.get(account) ?? [];
  }

  // ---- snapshot ----

  toSpec(base: ScenarioSpec): ScenarioSpec {
    const live = [...this.buckets.values()].filter((b) => !b.deleted);
    const deleted = [...this.deletedBuckets, ...[...this.buckets.values()].filter((b) => b.deleted)];
    const unique = [...new Set([...live, ...deleted])];
    return { ...structuredClone(base), buckets: unique.map(bucketToSpec) };
  }
}

export function trailArn(t: TrailSpec): string {
  return `arn:aws:cloudtrail:${t.homeRegion}:${t.account}:trail/${t.name}`;
}

/** The canonical user ID S3 shows for an account (64 hex characters, stable per account). */
export function canonicalId(account: string): string {
  return createHash('sha256').update(`canonical:${account}`).digest('hex');
}

function idHash(s: string): string {
  return createHash('sha256').update(s).digest('hex').slice(0, 17).toUpperCase();
}

export function roleId(account: string, role: string): string {
  return `AROA${idHash(`${account}/role/${role}`)}`;
}

function defaultPrincipal(account: string): PrincipalSpec {
  return {
    name: 'emulator-admin',
    accessKeyId: `AKIA${account}EMUL`,
    secretAccessKey: `emulator-secret-${account}`,
  };
}

function bucketFromSpec(b: BucketSpec, index: number): BucketState {
  return {
    name: b.name,
    account: b.account,
    region: b.region,
    creationDate: b.creationDate ?? new Date(DEFAULT_CREATION + index * 60_000).toISOString(),
    logging: b.logging ? { ...b.logging } : null,
    policy: b.policy ? JSON.stringify(b.policy) : null,
    acl: (b.acl ?? []).map((g) => ({
      grantee: g.grantee,
      granteeType: g.granteeType ?? (g.grantee.startsWith('http') ? 'Group' : 'CanonicalUser'),
      permission: g.permission,
    })),
    ownership: b.ownership === undefined ? 'BucketOwnerEnforced' : b.ownership,
    encryption:
      b.encryption === null
        ? null
        : {
            algorithm: b.encryption ?? 'SSE-S3',
            ...(b.kmsKeyId ? { kmsKeyId: b.kmsKeyId } : {}),
            bucketKey: false,
          },
    objectLock: b.objectLock ?? null,
    requesterPays: b.requesterPays ?? false,
    publicAccessBlock: b.publicAccessBlock === undefined ? { ...ALL_BLOCKED } : b.publicAccessBlock,
    deleted: b.deleted ?? false,
  };
}

function bucketToSpec(b: BucketState): BucketSpec {
  const out: BucketSpec = {
    name: b.name,
    account: b.account,
    region: b.region,
    creationDate: b.creationDate,
  };
  if (b.logging) {
    const { grants: _grants, ...logging } = b.logging;
    out.logging = logging;
  }
  if (b.policy) out.policy = JSON.parse(b.policy) as Record<string, unknown>;
  if (b.acl.length > 0) out.acl = b.acl.map((g) => ({ ...g }));
  out.ownership = b.ownership;
  out.encryption = b.encryption ? b.encryption.algorithm : null;
  if (b.encryption?.kmsKeyId) out.kmsKeyId = b.encryption.kmsKeyId;
  if (b.objectLock) out.objectLock = structuredClone(b.objectLock);
  if (b.requesterPays) out.requesterPays = true;
  out.publicAccessBlock = b.publicAccessBlock ? { ...b.publicAccessBlock } : null;
  if (b.deleted) out.deleted = true;
  return out;
}

export function newBucketState(
  name: string,
  account: string,
  region: string,
  ownership: BucketState['ownership'],
): BucketState {
  return {
    name,
    account,
    region,
    creationDate: new Date().toISOString(),
    logging: null,
    policy: null,
    acl: [],
    ownership,
    encryption: { algorithm: 'SSE-S3', bucketKey: false },
    objectLock: null,
    requesterPays: false,
    publicAccessBlock: { ...ALL_BLOCKED },
    deleted: false,
  };
}
