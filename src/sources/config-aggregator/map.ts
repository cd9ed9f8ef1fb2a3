/**
 * Pure mapping of AWS Config configuration items (as returned by SelectAggregateResourceConfig, one JSON
 * string per result) to Inventory buckets and trails. No I/O here.
 *
 * What AWS Config records for `AWS::S3::Bucket` (the resource schema, awslabs/aws-config-resource-schema,
 * and the configuration item's `supplementaryConfiguration`): logging (BucketLoggingConfiguration), the
 * policy (BucketPolicy.policyText), the ACL (AccessControlList, itself a JSON string), default encryption
 * (ServerSideEncryptionConfiguration), Requester Pays (IsRequesterPaysEnabled) and Object Lock
 * (ObjectLockConfiguration). It does not record Object Ownership. A field the item does not carry stays
 * absent ("not collected"), so the rules treat it as unknown and never as a default (DESIGN section 3).
 */
import {
  type AclGrant,
  type Bucket,
  type DefaultEncryption,
  LOG_DELIVERY_GROUP_URI,
  type LoggingConfig,
  type PolicyDocument,
  type Trail,
} from '../../inventory/model.js';
import { errorValue, type Read } from '../../inventory/read.js';
import { accountOfArn } from '../aws/partition.js';

// Fields of the inventory model that AWS Config does not record, so they stay absent here (README,
// docs/notes/live.md): Bucket.ownership (Object Ownership) and Trail.isLogging.

type Json = Record<string, unknown>;

const GROUPS: Record<string, string> = {
  LogDelivery: LOG_DELIVERY_GROUP_URI,
  AllUsers: 'http://acs.amazonaws.com/groups/global/AllUsers',
  AuthenticatedUsers: 'http://acs.amazonaws.com/groups/global/AuthenticatedUsers',
};

/** AWS Config writes ACL permissions in the Java SDK's enum names (`FullControl`), S3 in upper snake case. */
const PERMISSIONS: Record<string, AclGrant['permission']> = {
  FullControl: 'FULL_CONTROL',
  Write: 'WRITE',
  WriteAcp: 'WRITE_ACP',
  Read: 'READ',
  ReadAcp: 'READ_ACP',
  FULL_CONTROL: 'FULL_CONTROL',
  WRITE: 'WRITE',
  WRITE_ACP: 'WRITE_ACP',
  READ: 'READ',
  READ_ACP: 'READ_ACP',
};

function isObject(value: unknown): value is Json {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** A configuration item field that may arrive as an object or as a JSON string (AWS Config uses both). */
function objectOrJson(value: unknown): Json | null | undefined | 'malformed' {
  if (value === undefined) return undefined;
  if (value === null) return null;
  if (isObject(value)) return value;
  if (typeof value === 'string') {
    try {
      const parsed: unknown = JSON.parse(value);
      return isObject(parsed) ? parsed : parsed === null ? null : 'malformed';
    } catch {
      return 'malformed';
    }
  }
  return 'malformed';
}

const malformed = (what: string) =>
  errorValue('MalformedConfigurationItem', `the AWS Config item's ${what} could not be read`);

export function mapConfigLogging(value: unknown): Read<LoggingConfig | null> | undefined {
  const item = objectOrJson(value);
  if (item === undefined) return undefined;
  if (item === 'malformed') return malformed('BucketLoggingConfiguration');
  const target = item?.destinationBucketName;
  if (target === null || target === undefined || target === '') return null;
  if (typeof target !== 'string') return malformed('BucketLoggingConfiguration');
  const prefix = item?.logFilePrefix;
  return { targetBucket: target, targetPrefix: typeof prefix === 'string' ? prefix : '' };
}

export function mapConfigPolicy(value: unknown): Read<PolicyDocument | null> | undefined {
  const item = objectOrJson(value);
  if (item === undefined) return undefined;
  if (item === 'malformed') return malformed('BucketPolicy');
  const text = item?.policyText;
  if (text === null || text === undefined || text === '') return null;
  if (typeof text !== 'string') return malformed('BucketPolicy');
  try {
    const document: unknown = JSON.parse(text);
    return isObject(document) ? document : malformed('BucketPolicy.policyText');
  } catch {
    return malformed('BucketPolicy.policyText');
  }
}

export function mapConfigAcl(value: unknown): Read<AclGrant[]> | undefined {
  const item = objectOrJson(value);
  if (item === undefined) return undefined;
  if (item === 'malformed' || item === null) return malformed('AccessControlList');
  const list = item.grantList;
  if (list === null || list === undefined) return [];
  if (!Array.isArray(list)) return malformed('AccessControlList.grantList');
  const grants: AclGrant[] = [];
  for (const entry of list) {
    if (!isObject(entry)) return malformed('AccessControlList.grantList');
    const permission = PERMISSIONS[String(entry.permission)];
    if (!permission) return malformed('AccessControlList permission');
    const grantee = entry.grantee;
    if (typeof grantee === 'string') {
      // Group grantees are written by name (`LogDelivery`) or by URI.
      const uri = GROUPS[grantee] ?? grantee;
      grants.push({ grantee: uri, granteeType: 'Group', permission });
    } else if (isObject(grantee) && typeof grantee.id === 'string') {
      grants.push({ grantee: grantee.id, granteeType: 'CanonicalUser', permission });
    } else if (isObject(grantee) && typeof grantee.identifier === 'string') {
      const uri = GROUPS[grantee.identifier] ?? grantee.identifier;
      const isGroup = uri.startsWith('http://acs.amazonaws.com/groups/');
      grants.push({ grantee: uri, granteeType: isGroup ? 'Group' : 'CanonicalUser', permission });
    } else {
      return malformed('AccessControlList grantee');
    }
  }
  return grants;
}

const SSE: Record<string, DefaultEncryption> = {
  AES256: 'SSE-S3',
  'aws:kms': 'SSE-KMS',
  'aws:kms:dsse': 'DSSE-KMS',
};

export function mapConfigEncryption(value: unknown): Read<DefaultEncryption | null> | undefined {
  const item = objectOrJson(value);
  if (item === undefined) return undefined;
  if (item === 'malformed') return malformed('ServerSideEncryptionConfiguration');
  const rules = item?.rules;
  if (!Array.isArray(rules) || rules.length === 0) return null;
  const first = rules[0];
  const byDefault = isObject(first) ? first.applyServerSideEncryptionByDefault : undefined;
  if (!isObject(byDefault)) return null;
  const algorithm = SSE[String(byDefault.sseAlgorithm)];
  return algorithm ?? malformed('ServerSideEncryptionConfiguration.sseAlgorithm');
}

/**
 * Object Lock default retention. AWS Config carries ObjectLockConfiguration for buckets with Object Lock;
 * without it the setting is unknown to us (absent), not "off".
 */
export function mapConfigObjectLock(value: unknown): Read<boolean> | undefined {
  const item = objectOrJson(value);
  if (item === undefined) return undefined;
  if (item === 'malformed') return malformed('ObjectLockConfiguration');
  if (item === null) return false;
  const retention = isObject(item.rule) ? item.rule.defaultRetention : undefined;
  if (!isObject(retention)) return false;
  const days = retention.days;
  const years = retention.years;
  return (typeof days === 'number' && days > 0) || (typeof years === 'number' && years > 0);
}

/** `configurationItemStatus` values of a resource that no longer exists. */
const DELETED = new Set(['ResourceDeleted', 'ResourceDeletedNotRecorded']);

export interface ConfigItemMeta {
  accountId: string;
  awsRegion: string;
  capturedAt?: string;
}

function meta(item: Json): ConfigItemMeta | null {
  if (typeof item.accountId !== 'string' || typeof item.awsRegion !== 'string') return null;
  const captured = item.configurationItemCaptureTime;
  return {
    accountId: item.accountId,
    awsRegion: item.awsRegion,
    ...(typeof captured === 'string' ? { capturedAt: captured } : {}),
  };
}

export function bucketFromConfigItem(item: Json): (Bucket & { capturedAt?: string }) | null {
  const m = meta(item);
  const configuration = isObject(item.configuration) ? item.configuration : {};
  const name =
    typeof item.resourceName === 'string'
      ? item.resourceName
      : typeof configuration.name === 'string'
        ? configuration.name
        : typeof item.resourceId === 'string'
          ? item.resourceId
          : null;
  if (!m || !name) return null;
  const supplementary = objectOrJson(item.supplementaryConfiguration);
  const extra: Json = isObject(supplementary) ? supplementary : {};
  const deleted = DELETED.has(String(item.configurationItemStatus));
  const bucket: Bucket & { capturedAt?: string } = {
    name,
    account: m.accountId,
    region: m.awsRegion,
    exists: !deleted,
  };
  if (m.capturedAt) bucket.capturedAt = m.capturedAt;
  if (deleted) return bucket;
  const fields: [keyof Bucket, unknown][] = [
    ['logging', mapConfigLogging(extra.BucketLoggingConfiguration)],
    ['policy', mapConfigPolicy(extra.BucketPolicy)],
    ['acl', mapConfigAcl(extra.AccessControlList)],
    ['defaultEncryption', mapConfigEncryption(extra.ServerSideEncryptionConfiguration)],
    ['objectLockDefaultRetention', mapConfigObjectLock(extra.ObjectLockConfiguration)],
    [
      'requesterPays',
      typeof extra.IsRequesterPaysEnabled === 'boolean' ? extra.IsRequesterPaysEnabled : undefined,
    ],
  ];
  for (const [key, value] of fields) if (value !== undefined) (bucket as unknown as Json)[key] = value;
  return bucket;
}

export function trailFromConfigItem(item: Json): (Trail & { capturedAt?: string }) | null {
  const m = meta(item);
  const c = isObject(item.configuration) ? item.configuration : null;
  if (!m || !c) return null;
  const arn = typeof c.trailARN === 'string' ? c.trailARN : typeof item.arn === 'string' ? item.arn : null;
  const name =
    typeof c.name === 'string' ? c.name : typeof item.resourceName === 'string' ? item.resourceName : null;
  if (!arn || !name) return null;
  const bucketName = c.s3BucketName;
  const trail: Trail & { capturedAt?: string } = {
    arn,
    name,
    account: accountOfArn(arn) ?? m.accountId,
    homeRegion: typeof c.homeRegion === 'string' ? c.homeRegion : m.awsRegion,
    multiRegion: c.isMultiRegionTrail === true,
    organization: c.isOrganizationTrail === true,
    bucket:
      typeof bucketName === 'string' && bucketName !== ''
        ? bucketName
        : errorValue('MalformedConfigurationItem', 'the AWS Config item names no S3 bucket for this trail'),
    keyPrefix: typeof c.s3KeyPrefix === 'string' && c.s3KeyPrefix !== '' ? c.s3KeyPrefix : null,
  };
  if (m.capturedAt) trail.capturedAt = m.capturedAt;
  return trail;
}
