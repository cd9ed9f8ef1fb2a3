/**
 * Turns resource views (from HCL or plan JSON) into Inventory trails and buckets: links trails,
 * logging, policy, ACL, ownership, encryption, Object Lock and Requester Pays resources to their
 * bucket by reference or literal name. Unresolvable links become error values (code UNRESOLVED).
 */
import type {
  AclGrant,
  Bucket,
  DefaultEncryption,
  InventoryError,
  LoggingConfig,
  ObjectOwnership,
  Partition,
  PolicyDocument,
  Trail,
} from '../../inventory/model.js';
import { LOG_DELIVERY_GROUP_URI } from '../../inventory/model.js';
import { type ErrorValue, errorValue, NO_TARGET, type Read, UNRESOLVED } from '../../inventory/read.js';
import { unresolvedRead } from '../iac/unknown.js';
import type { BlockView, ResourceView } from './resource-view.js';
import { hasSymbol, isPlainObject, isUnknown, partialDocument, Unknown, type Value } from './values.js';

const SUB_TYPES = [
  'aws_s3_bucket_logging',
  'aws_s3_bucket_policy',
  'aws_s3_bucket_acl',
  'aws_s3_bucket_ownership_controls',
  'aws_s3_bucket_server_side_encryption_configuration',
  'aws_s3_bucket_object_lock_configuration',
  'aws_s3_bucket_request_payment_configuration',
] as const;
type SubType = (typeof SUB_TYPES)[number];

interface BucketEntry {
  view: ResourceView;
  name: string;
  nameUnresolved?: string;
  subs: Map<SubType, ResourceView[]>;
}

type Link =
  | { kind: 'bucket'; entry: BucketEntry }
  | { kind: 'name'; name: string }
  | { kind: 'unresolved'; message: string };

export interface BuildOptions {
  partition: Partition;
  /** Prefix for synthetic trail ARNs when several roots are merged (keeps them unique). */
  arnScope?: string;
}

export interface Built {
  trails: Trail[];
  buckets: Bucket[];
  errors: InventoryError[];
}

const where = (r: ResourceView) => `${r.address} (${r.location.file}:${r.location.line})`;

/** Appends in place (copying the list on every append is quadratic when thousands share a key). */
function pushTo<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** "a and b and c", or the first three and how many more (a message stays readable at any scale). */
function listed(items: string[]): string {
  if (items.length <= 4) return items.join(' and ');
  return `${items.slice(0, 3).join(', ')} and ${items.length - 3} more`;
}

export function buildInventory(resources: ResourceView[], options: BuildOptions): Built {
  const errors: InventoryError[] = [];
  const managed = resources.filter((r) => r.mode === 'managed');
  const entries: BucketEntry[] = [];
  const byName = new Map<string, BucketEntry[]>();
  const byAddress = new Map<string, BucketEntry>();
  /** Names built from symbolic values (`acme-${aws_account_id}-logs`): the same text means the same bucket here. */
  const bySymbolicName = new Map<string, BucketEntry[]>();
  for (const view of managed.filter((r) => r.type === 'aws_s3_bucket')) {
    const value = view.attr('bucket');
    const entry: BucketEntry = { view, name: `<${view.address}>`, subs: new Map() };
    if (typeof value === 'string' && hasSymbol(value)) {
      entry.nameUnresolved = `bucket name ${JSON.stringify(value)} depends on a value known only when Terraform runs`;
      pushTo(bySymbolicName, value, entry);
    } else if (typeof value === 'string' && value !== '') entry.name = value;
    else if (isUnknown(value)) entry.nameUnresolved = `bucket name: ${value.message}`;
    else if (view.attr('bucket_prefix') !== undefined && view.attr('bucket_prefix') !== null) {
      entry.nameUnresolved = 'bucket_prefix: Terraform generates the rest of the name at apply time';
    } else entry.nameUnresolved = 'no bucket argument: Terraform generates the name at apply time';
    entries.push(entry);
    byAddress.set(view.address, entry);
    pushTo(byName, entry.name, entry);
  }
  for (const [name, list] of byName) {
    if (list.length > 1 && !name.startsWith('<')) {
      errors.push({
        operation: 'LinkTerraform',
        code: 'DUPLICATE_BUCKET_NAME',
        message: `bucket name "${name}" is declared by ${listed(list.map((e) => where(e.view)))}`,
        resource: name,
      });
    }
  }

  const link = (value: Value | undefined, what: string, ref?: string): Link => {
    const referenced = ref ? byAddress.get(ref) : undefined;
    if (referenced) return { kind: 'bucket', entry: referenced };
    if (typeof value === 'string' && hasSymbol(value)) {
      // `<aws_s3_bucket.x>` is the generated name of bucket x (see config-eval.ts, generatedName).
      const generated = /^<(.+)>$/.exec(value)?.[1];
      const byItsName = generated ? byAddress.get(generated) : undefined;
      if (byItsName) return { kind: 'bucket', entry: byItsName };
      const found = bySymbolicName.get(value);
      return found?.length === 1 && found[0]
        ? { kind: 'bucket', entry: found[0] }
        : {
            kind: 'unresolved',
            message: `${what}: ${JSON.stringify(value)} depends on a value known only when Terraform runs`,
          };
    }
    if (typeof value === 'string' && value !== '') {
      const found = byName.get(value);
      return found?.length === 1 && found[0]
        ? { kind: 'bucket', entry: found[0] }
        : { kind: 'name', name: value };
    }
    if (isUnknown(value)) {
      const entry = value.ref ? byAddress.get(value.ref) : undefined;
      if (entry) return { kind: 'bucket', entry };
      return { kind: 'unresolved', message: `${what}: ${value.message}` };
    }
    return {
      kind: 'unresolved',
      message: `${what} is ${value === undefined ? 'not set' : 'not a bucket name'}`,
    };
  };
  const linkName = (value: Value | undefined, what: string, ref?: string): Read<string> => {
    const l = link(value, what, ref);
    if (l.kind === 'bucket') return l.entry.name;
    if (l.kind === 'name') return l.name;
    return unresolvedRead(l.message);
  };

  // Sub-resources (aws_s3_bucket_logging…) attach to their bucket; one with an unresolvable bucket might
  // configure any bucket, so buckets without their own resource of that type become unresolved too.
  const floating = new Map<SubType, ResourceView[]>();
  for (const view of managed) {
    const type = SUB_TYPES.find((t) => t === view.type);
    if (!type) continue;
    const l = link(
      view.attr('bucket'),
      `${view.address}: ${view.describe?.('bucket') ?? 'bucket'}`,
      view.refOf?.('bucket'),
    );
    if (l.kind === 'bucket') pushTo(l.entry.subs, type, view);
    else if (l.kind === 'unresolved') pushTo(floating, type, view);
  }
  // One error value per type, shared by every bucket it concerns (built once: buckets × resources otherwise).
  const floatingErrors = new Map<SubType, ErrorValue | undefined>();
  const floatingError = (type: SubType): ErrorValue | undefined => {
    if (floatingErrors.has(type)) return floatingErrors.get(type);
    const list = floating.get(type);
    const error = list?.length
      ? unresolvedRead(
          `${listed(list.map(where))} configures a bucket that cannot be resolved statically; it may be this one`,
        )
      : undefined;
    floatingErrors.set(type, error);
    return error;
  };

  const buckets = entries.map((entry) => bucketOf(entry, linkName, floatingError, errors));

  const trails: Trail[] = managed
    .filter((r) => r.type === 'aws_cloudtrail')
    .map((view) => {
      const name = view.attr('name');
      const prefix = view.attr('s3_key_prefix');
      const enabled = view.attr('enable_logging');
      const region = regionOf(view);
      const scope = options.arnScope ? `${options.arnScope}/` : '';
      const trail: Trail = {
        // Synthetic, stable and unique per address: the real ARN exists only after apply.
        arn: `arn:${options.partition}:cloudtrail:${region ?? ''}::trail/${scope}${view.address}`,
        name: typeof name === 'string' ? name : view.address,
        account: null,
        homeRegion: region ?? null,
        multiRegion: view.attr('is_multi_region_trail') === true,
        organization: view.attr('is_organization_trail') === true,
        // enable_logging defaults to true in the AWS provider (aws_cloudtrail docs).
        isLogging:
          enabled === undefined || enabled === null
            ? true
            : typeof enabled === 'boolean'
              ? enabled
              : unresolvedRead(`enable_logging: ${isUnknown(enabled) ? enabled.message : 'not a bool'}`),
        bucket: linkName(
          view.attr('s3_bucket_name'),
          view.describe?.('s3_bucket_name') ?? 's3_bucket_name',
          view.refOf?.('s3_bucket_name'),
        ),
        keyPrefix: typeof prefix === 'string' && prefix !== '' ? prefix : null,
        location: view.location,
      };
      return trail;
    });
  return { trails, buckets, errors };
}

function regionOf(view: ResourceView): string | undefined {
  const own = view.attr('region');
  return typeof own === 'string' && own !== '' ? own : view.region;
}

function first(blocks: BlockView[] | Unknown): BlockView | Unknown | undefined {
  return isUnknown(blocks) ? blocks : blocks[0];
}

function bucketOf(
  entry: BucketEntry,
  linkName: (value: Value | undefined, what: string, ref?: string) => Read<string>,
  sharedFloating: (type: SubType) => ErrorValue | undefined,
  errors: InventoryError[],
): Bucket {
  const { view } = entry;
  const floatingFor = new Map<SubType, ResourceView>();
  const floatingError = (type: SubType): ErrorValue | undefined => {
    const own = floatingFor.get(type);
    if (own)
      return unresolvedRead(
        `${where(own)}: count/for_each is not known statically; it may configure this bucket`,
      );
    return sharedFloating(type);
  };
  const sub = (type: SubType): ResourceView | undefined => {
    const list = entry.subs.get(type) ?? [];
    if (list.length > 1) {
      errors.push({
        operation: 'LinkTerraform',
        code: 'CONFLICTING_RESOURCES',
        message: `${listed(list.map(where))} configure the same bucket; the first one is used`,
        resource: entry.name,
      });
    }
    return list[0];
  };
  // A configuration resource whose own count/for_each is unknown may or may not apply: unresolved.
  for (const type of SUB_TYPES) {
    const uncertain = (entry.subs.get(type) ?? []).find((v) => v.address.includes('[*]'));
    if (uncertain) entry.subs.set(type, []);
    if (uncertain) floatingFor.set(type, uncertain);
  }
  // A `[*]` address stands for a block whose count/for_each is unknown: it may not exist at all.
  const maybe = (address: string) => address.includes('[*]');
  const bucket: Bucket = {
    name: entry.name,
    account: null,
    ...(view.accountSymbol ? { accountSymbol: view.accountSymbol } : {}),
    exists: maybe(view.address)
      ? unresolvedRead(`${view.address}: count/for_each is not known statically`)
      : true,
    location: view.location,
  };
  if (entry.nameUnresolved) bucket.nameUnresolved = { code: UNRESOLVED, message: entry.nameUnresolved };
  const region = regionOf(view);
  if (region) bucket.region = region;

  // Logging: aws_s3_bucket_logging, else the inline v3 `logging` block (dynamic blocks expanded).
  const loggingResource = sub('aws_s3_bucket_logging');
  const inline = first(view.blocks('logging'));
  if (loggingResource) bucket.logging = loggingOf(loggingResource, linkName);
  else if (isUnknown(inline)) bucket.logging = unresolvedRead(`logging: ${inline.message}`);
  else if (inline) bucket.logging = loggingOf(inline, linkName);
  else bucket.logging = floatingError('aws_s3_bucket_logging') ?? null;

  // Bucket policy. A bucket created without one has none (S3 CreateBucket sets no policy).
  const policyResource = sub('aws_s3_bucket_policy');
  const inlinePolicy = view.attr('policy');
  if (policyResource)
    bucket.policy = policyOf(policyResource.attr('policy'), policyResource.describe?.('policy'));
  else if (inlinePolicy !== undefined && inlinePolicy !== null && inlinePolicy !== '') {
    bucket.policy = policyOf(inlinePolicy, view.describe?.('policy'));
  } else bucket.policy = floatingError('aws_s3_bucket_policy') ?? null;

  // ACL: aws_s3_bucket_acl, else inline `acl` / `grant` (v3). A new bucket's ACL grants only its owner.
  const aclResource = sub('aws_s3_bucket_acl');
  let acl: Read<AclGrant[]>;
  if (aclResource) acl = aclResourceGrants(aclResource);
  else acl = inlineGrants(view) ?? floatingError('aws_s3_bucket_acl') ?? [];
  bucket.acl = acl;
  const aclConfigured = Array.isArray(acl) ? acl.length > 0 : true;

  const ownership = sub('aws_s3_bucket_ownership_controls');
  if (ownership) bucket.ownership = ownershipOf(ownership);
  else {
    const floatingOwnership = floatingError('aws_s3_bucket_ownership_controls');
    if (floatingOwnership) bucket.ownership = floatingOwnership;
    // S3 creates buckets with BucketOwnerEnforced since April 2023 (S3 user guide, "Default settings for
    // new S3 buckets"). Only stated when no ACL is configured: there it changes no verdict, and a bucket
    // configured with ACL grants may well predate the change or have its ownership set elsewhere.
    else if (!aclConfigured) bucket.ownership = 'BucketOwnerEnforced';
  }

  const sse = sub('aws_s3_bucket_server_side_encryption_configuration');
  const inlineSse = first(view.blocks('server_side_encryption_configuration'));
  if (sse) bucket.defaultEncryption = encryptionOf(sse);
  else if (isUnknown(inlineSse)) bucket.defaultEncryption = unresolvedRead(inlineSse.message);
  else if (inlineSse) bucket.defaultEncryption = encryptionOf(inlineSse);
  else {
    // Since January 2023 S3 applies SSE-S3 to every bucket that has no other default encryption.
    bucket.defaultEncryption =
      floatingError('aws_s3_bucket_server_side_encryption_configuration') ?? 'SSE-S3';
  }

  const lock = sub('aws_s3_bucket_object_lock_configuration');
  const inlineLock = first(view.blocks('object_lock_configuration'));
  if (lock) bucket.objectLockDefaultRetention = defaultRetentionOf(lock);
  else if (isUnknown(inlineLock)) bucket.objectLockDefaultRetention = unresolvedRead(inlineLock.message);
  else if (inlineLock) bucket.objectLockDefaultRetention = defaultRetentionOf(inlineLock);
  else {
    // Default retention exists only when configured (Object Lock is off on a new bucket).
    bucket.objectLockDefaultRetention = floatingError('aws_s3_bucket_object_lock_configuration') ?? false;
  }

  const payment = sub('aws_s3_bucket_request_payment_configuration');
  const inlinePayer = view.attr('request_payer');
  if (payment) bucket.requesterPays = payerOf(payment.attr('payer'));
  else if (inlinePayer !== undefined && inlinePayer !== null) bucket.requesterPays = payerOf(inlinePayer);
  else {
    // The bucket owner pays unless Requester Pays is configured.
    bucket.requesterPays = floatingError('aws_s3_bucket_request_payment_configuration') ?? false;
  }
  return bucket;
}

function loggingOf(
  view: BlockView,
  linkName: (value: Value | undefined, what: string, ref?: string) => Read<string>,
): LoggingConfig {
  const prefix = view.attr('target_prefix');
  const target = view.attr('target_bucket');
  const what = view.describe?.('target_bucket') ?? 'target_bucket';
  const config: LoggingConfig = {
    // A target that is null or an index/key that does not exist is a fact: logging points at nothing.
    targetBucket:
      target === null || (isUnknown(target) && target.absent)
        ? errorValue(NO_TARGET, `${what}: ${target === null ? 'the target bucket is null' : target.message}`)
        : linkName(target, what, view.refOf?.('target_bucket')),
    targetPrefix: prefixOf(prefix, view.describe?.('target_prefix') ?? 'target_prefix'),
  };
  const owner = view.attr('expected_bucket_owner');
  if (typeof owner === 'string' && owner !== '') config.expectedBucketOwner = owner;
  const format = first(view.blocks('target_object_key_format'));
  if (format && !isUnknown(format)) {
    const partitioned = format.blocks('partitioned_prefix');
    config.partitioned = !isUnknown(partitioned) && partitioned.length > 0;
  }
  return config;
}

/** `target_prefix`: "" when not set or null; an unknown one is an error value, never read as "". */
function prefixOf(value: Value | undefined, what: string): Read<string> {
  if (value === undefined || value === null) return '';
  if (typeof value === 'string') return value;
  if (isUnknown(value)) return value.symbol ?? unresolvedRead(`${what}: ${value.message}`);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return unresolvedRead(`${what}: not a string`);
}

function policyOf(value: Value | undefined, what = 'policy'): Read<PolicyDocument | null> {
  if (value === undefined || value === null || value === '') return null;
  if (isUnknown(value)) {
    // What is known of the document (unknown parts marked) lets the rules still recognise a CloudTrail
    // destination statement; it is never evaluated as a policy (inventory/read.ts, `partial`).
    return unresolvedRead(`${what}: ${value.message}`, value.isError ? undefined : partialDocument(value));
  }
  if (isPlainObject(value)) return value as PolicyDocument;
  if (typeof value !== 'string') return unresolvedRead('policy is not a JSON document');
  try {
    const parsed: unknown = JSON.parse(value);
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
      return errorValue('INVALID_POLICY', 'policy is not a JSON object');
    }
    return parsed as PolicyDocument;
  } catch (error) {
    return errorValue('INVALID_POLICY', `policy is not valid JSON: ${(error as Error).message}`);
  }
}

/** Grants of the canned ACLs (S3 user guide, "Canned ACL"); the owner's own FULL_CONTROL is left out. */
const CANNED: Record<string, AclGrant[]> = {
  private: [],
  'bucket-owner-read': [],
  'bucket-owner-full-control': [],
  'public-read': [
    { grantee: 'http://acs.amazonaws.com/groups/global/AllUsers', granteeType: 'Group', permission: 'READ' },
  ],
  'public-read-write': [
    { grantee: 'http://acs.amazonaws.com/groups/global/AllUsers', granteeType: 'Group', permission: 'READ' },
    { grantee: 'http://acs.amazonaws.com/groups/global/AllUsers', granteeType: 'Group', permission: 'WRITE' },
  ],
  'authenticated-read': [
    {
      grantee: 'http://acs.amazonaws.com/groups/global/AuthenticatedUsers',
      granteeType: 'Group',
      permission: 'READ',
    },
  ],
  'aws-exec-read': [],
  'log-delivery-write': [
    { grantee: LOG_DELIVERY_GROUP_URI, granteeType: 'Group', permission: 'WRITE' },
    { grantee: LOG_DELIVERY_GROUP_URI, granteeType: 'Group', permission: 'READ_ACP' },
  ],
};

function cannedGrants(value: Value | undefined): Read<AclGrant[]> | undefined {
  if (value === undefined || value === null) return undefined;
  if (isUnknown(value)) return unresolvedRead(`acl: ${value.message}`);
  if (typeof value === 'string' && Object.hasOwn(CANNED, value)) return CANNED[value] ?? [];
  return unresolvedRead(`acl ${JSON.stringify(value)} is not a canned ACL`);
}

const PERMISSIONS = new Set<AclGrant['permission']>([
  'FULL_CONTROL',
  'WRITE',
  'WRITE_ACP',
  'READ',
  'READ_ACP',
]);

function grant(
  type: Value | undefined,
  uri: Value | undefined,
  id: Value | undefined,
  email: Value | undefined,
  permission: Value | undefined,
): AclGrant | Unknown {
  for (const v of [type, uri, id, email, permission]) if (isUnknown(v)) return v;
  if (typeof permission !== 'string' || !PERMISSIONS.has(permission as AclGrant['permission'])) {
    return new Unknown(`grant permission ${JSON.stringify(permission ?? null)} is not known`);
  }
  const grantee = [uri, id, email].find((v) => typeof v === 'string' && v !== '') as string | undefined;
  if (!grantee) return new Unknown('grant without grantee');
  const out: AclGrant = { grantee, permission: permission as AclGrant['permission'] };
  if (type === 'Group' || type === 'CanonicalUser' || type === 'AmazonCustomerByEmail')
    out.granteeType = type;
  return out;
}

function aclResourceGrants(view: ResourceView): Read<AclGrant[]> {
  const policy = first(view.blocks('access_control_policy'));
  if (isUnknown(policy)) return unresolvedRead(policy.message);
  if (!policy)
    return cannedGrants(view.attr('acl')) ?? unresolvedRead(`${view.address} sets neither acl nor grants`);
  const grants = policy.blocks('grant');
  if (isUnknown(grants)) return unresolvedRead(grants.message);
  const out: AclGrant[] = [];
  for (const g of grants) {
    const grantee = first(g.blocks('grantee'));
    if (isUnknown(grantee) || !grantee) return unresolvedRead('grant grantee is not known');
    const result = grant(
      grantee.attr('type'),
      grantee.attr('uri'),
      grantee.attr('id'),
      grantee.attr('email_address'),
      g.attr('permission'),
    );
    if (isUnknown(result)) return unresolvedRead(result.message);
    out.push(result);
  }
  return out;
}

/** v3 inline `acl` / `grant { type, uri, id, permissions }`; undefined when neither is set. */
function inlineGrants(view: ResourceView): Read<AclGrant[]> | undefined {
  const grants = view.blocks('grant');
  if (isUnknown(grants)) return unresolvedRead(grants.message);
  if (grants.length === 0) return cannedGrants(view.attr('acl'));
  const out: AclGrant[] = [];
  for (const g of grants) {
    const perms = g.attr('permissions');
    if (isUnknown(perms)) return unresolvedRead(perms.message);
    for (const p of Array.isArray(perms) ? perms : []) {
      const result = grant(g.attr('type'), g.attr('uri'), g.attr('id'), g.attr('email'), p);
      if (isUnknown(result)) return unresolvedRead(result.message);
      // The owner's FULL_CONTROL grant (plan state) stays: it is what S3 returns.
      out.push(result);
    }
  }
  return out;
}

function ownershipOf(view: ResourceView): Read<ObjectOwnership | null> {
  const rule = first(view.blocks('rule'));
  if (isUnknown(rule)) return unresolvedRead(rule.message);
  const value = rule?.attr('object_ownership');
  if (isUnknown(value)) return unresolvedRead(`object_ownership: ${value.message}`);
  if (value === 'BucketOwnerEnforced' || value === 'BucketOwnerPreferred' || value === 'ObjectWriter')
    return value;
  return unresolvedRead(`object_ownership ${JSON.stringify(value ?? null)} is not known`);
}

function encryptionOf(view: BlockView): Read<DefaultEncryption | null> {
  const rule = first(view.blocks('rule'));
  if (isUnknown(rule)) return unresolvedRead(rule.message);
  const byDefault = rule ? first(rule.blocks('apply_server_side_encryption_by_default')) : undefined;
  if (isUnknown(byDefault)) return unresolvedRead(byDefault.message);
  const algorithm = byDefault?.attr('sse_algorithm');
  if (isUnknown(algorithm)) return unresolvedRead(`sse_algorithm: ${algorithm.message}`);
  // Values of ServerSideEncryptionByDefault.SSEAlgorithm (S3 API reference).
  if (algorithm === 'AES256') return 'SSE-S3';
  if (algorithm === 'aws:kms') return 'SSE-KMS';
  if (algorithm === 'aws:kms:dsse') return 'DSSE-KMS';
  return unresolvedRead(`sse_algorithm ${JSON.stringify(algorithm ?? null)} is not known`);
}

function defaultRetentionOf(view: BlockView): Read<boolean> {
  const rule = first(view.blocks('rule'));
  if (isUnknown(rule)) return unresolvedRead(rule.message);
  if (!rule) return false;
  const retention = rule.blocks('default_retention');
  if (isUnknown(retention)) return unresolvedRead(retention.message);
  return retention.length > 0;
}

function payerOf(value: Value | undefined): Read<boolean> {
  if (isUnknown(value)) return unresolvedRead(`payer: ${value.message}`);
  if (value === 'Requester') return true;
  if (value === 'BucketOwner' || value === undefined || value === null || value === '') return false;
  return unresolvedRead(`payer ${JSON.stringify(value)} is not known`);
}
