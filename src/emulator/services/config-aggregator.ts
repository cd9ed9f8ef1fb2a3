/**
 * AWS Config aggregator reads (JSON 1.1, `StarlingDoveService.<Op>`): SelectAggregateResourceConfig over
 * the emulated world's buckets and trails, as AWS Config would have recorded them, and
 * DescribeConfigurationAggregatorSourcesStatus. Only the query subset trailguard sends is understood
 * (sources/config-aggregator/query.ts); any other expression is an InvalidExpressionException, so a
 * change in what we send cannot silently query nothing.
 *
 * Configuration items follow AWS Config's shapes for AWS::S3::Bucket and AWS::CloudTrail::Trail
 * (awslabs/aws-config-resource-schema): the bucket's ACL is a JSON string with group grantees by name
 * and Java-style permission names; Object Ownership is not recorded; ObjectLockConfiguration is present
 * only for buckets with Object Lock.
 */
import type { AggregatorSpec, TrailSpec } from '../api.js';
import { jsonError, jsonOk, type Reply } from '../reply.js';
import { type BucketState, canonicalId, trailArn, type World } from '../world.js';
import type { HandlerContext } from './context.js';
import { decodeQueryPageToken, pageOf } from './page-token.js';

const MAX_LIMIT = 100;
const TYPES = ['AWS::S3::Bucket', 'AWS::CloudTrail::Trail'] as const;

type Item = Record<string, unknown>;

const GROUP_NAMES: Record<string, string> = {
  'http://acs.amazonaws.com/groups/s3/LogDelivery': 'LogDelivery',
  'http://acs.amazonaws.com/groups/global/AllUsers': 'AllUsers',
  'http://acs.amazonaws.com/groups/global/AuthenticatedUsers': 'AuthenticatedUsers',
};
const PERMISSION_NAMES: Record<string, string> = {
  FULL_CONTROL: 'FullControl',
  WRITE: 'Write',
  WRITE_ACP: 'WriteAcp',
  READ: 'Read',
  READ_ACP: 'ReadAcp',
};
const SSE: Record<string, string> = { 'SSE-S3': 'AES256', 'SSE-KMS': 'aws:kms', 'DSSE-KMS': 'aws:kms:dsse' };

export function bucketItem(b: BucketState): Item {
  const acl = {
    grantSet: null,
    grantList: b.acl.map((g) => ({
      grantee:
        g.granteeType === 'Group'
          ? (GROUP_NAMES[g.grantee] ?? g.grantee)
          : { id: g.grantee, displayName: null },
      permission: PERMISSION_NAMES[g.permission] ?? g.permission,
    })),
    owner: { displayName: null, id: canonicalId(b.account) },
    isRequesterCharged: false,
  };
  const supplementary: Item = {
    AccessControlList: JSON.stringify(acl),
    BucketLoggingConfiguration: {
      destinationBucketName: b.logging?.targetBucket ?? null,
      logFilePrefix: b.logging ? (b.logging.targetPrefix ?? null) : null,
    },
    BucketPolicy: { policyText: b.policy },
    BucketVersioningConfiguration: { status: 'Off', isMfaDeleteEnabled: null },
    IsRequesterPaysEnabled: b.requesterPays,
    ServerSideEncryptionConfiguration: b.encryption
      ? {
          rules: [
            {
              applyServerSideEncryptionByDefault: {
                sseAlgorithm: SSE[b.encryption.algorithm],
                kmsMasterKeyID: b.encryption.kmsKeyId ?? null,
              },
              bucketKeyEnabled: b.encryption.bucketKey,
            },
          ],
        }
      : null,
  };
  if (b.objectLock) {
    const retention = b.objectLock.defaultRetention;
    supplementary.ObjectLockConfiguration = {
      objectLockEnabled: 'Enabled',
      rule: retention
        ? { defaultRetention: { mode: retention.mode, days: retention.days, years: null } }
        : null,
    };
  }
  if (b.publicAccessBlock) supplementary.PublicAccessBlockConfiguration = { ...b.publicAccessBlock };
  return {
    version: '1.3',
    accountId: b.account,
    configurationItemCaptureTime: b.creationDate,
    configurationItemStatus: 'OK',
    configurationStateId: String(Date.parse(b.creationDate) || 0),
    resourceType: 'AWS::S3::Bucket',
    resourceId: b.name,
    resourceName: b.name,
    arn: `arn:aws:s3:::${b.name}`,
    awsRegion: b.region,
    availabilityZone: 'Regional',
    resourceCreationTime: b.creationDate,
    configuration: {
      name: b.name,
      owner: { displayName: null, id: canonicalId(b.account) },
      creationDate: b.creationDate,
    },
    supplementaryConfiguration: supplementary,
  };
}

export function trailItem(t: TrailSpec): Item {
  const arn = trailArn(t);
  return {
    version: '1.3',
    accountId: t.account,
    configurationItemCaptureTime: '2024-01-15T09:30:00.000Z',
    configurationItemStatus: 'OK',
    resourceType: 'AWS::CloudTrail::Trail',
    resourceId: arn,
    resourceName: t.name,
    arn,
    awsRegion: t.homeRegion,
    configuration: {
      name: t.name,
      s3BucketName: t.bucket,
      s3KeyPrefix: t.keyPrefix ?? null,
      includeGlobalServiceEvents: true,
      isMultiRegionTrail: t.multiRegion === true,
      homeRegion: t.homeRegion,
      trailARN: arn,
      logFileValidationEnabled: false,
      hasCustomEventSelectors: false,
      hasInsightSelectors: false,
      isOrganizationTrail: t.organization === true,
    },
    supplementaryConfiguration: {},
  };
}

/** The query subset (see the module comment). */
interface Query {
  fields: string[];
  region?: string;
  accounts?: Set<string>;
  groupByRegion: boolean;
}

const QUOTED = /'([^']*)'/g;

function parseQuery(expression: string): Query | null {
  const m =
    /^SELECT (.+?) WHERE resourceType IN \(([^)]*)\)((?: AND awsRegion = '[a-z0-9-]+')?)((?: AND accountId IN \([^)]*\))?)((?: GROUP BY awsRegion)?)$/.exec(
      expression.trim(),
    );
  if (!m) return null;
  const types = [...(m[2] ?? '').matchAll(QUOTED)].map((q) => q[1]);
  if (types.length !== TYPES.length || !TYPES.every((t) => types.includes(t))) return null;
  const fields = (m[1] ?? '').split(',').map((f) => f.trim());
  const groupByRegion = (m[5] ?? '') !== '';
  if (groupByRegion && (fields.length !== 2 || fields[0] !== 'awsRegion' || fields[1] !== 'COUNT(*)'))
    return null;
  const region = /'([a-z0-9-]+)'/.exec(m[3] ?? '')?.[1];
  const accountList = m[4] ? [...m[4].matchAll(QUOTED)].map((q) => q[1] as string) : undefined;
  return {
    fields,
    groupByRegion,
    ...(region ? { region } : {}),
    ...(accountList ? { accounts: new Set(accountList) } : {}),
  };
}

function aggregatorOf(ctx: HandlerContext, name: unknown): AggregatorSpec | Reply {
  if (typeof name !== 'string' || name === '')
    return jsonError(
      400,
      'ValidationException',
      "1 validation error detected: Value null at 'configurationAggregatorName' failed to satisfy constraint: Member must not be null",
    );
  const spec = ctx.world.configAggregators.find((a) => a.name === name && a.account === ctx.caller.account);
  if (!spec)
    return jsonError(
      400,
      'NoSuchConfigurationAggregatorException',
      `The configuration aggregator ${name} does not exist.`,
    );
  return spec;
}

function sourceAccounts(world: World, spec: AggregatorSpec): Set<string> {
  if (spec.accounts) return new Set(spec.accounts);
  const members = world.orgAccounts().map((a) => a.id);
  return new Set(members.length > 0 ? members : [...world.accounts.keys()]);
}

type Recorded = { account: string; region: string; item: () => Item };

/** What every source account records (buckets in their Region, trails in their home Region), sorted. */
function recorded(world: World, spec: AggregatorSpec): Recorded[] {
  const accounts = sourceAccounts(world, spec);
  const unrecorded = new Set(spec.unrecordedAccounts ?? []);
  const out: Recorded[] = [];
  for (const account of [...accounts].sort()) {
    if (unrecorded.has(account)) continue;
    for (const b of world.bucketsOf(account))
      out.push({ account, region: b.region, item: () => bucketItem(b) });
    for (const t of world.ownTrails(account))
      out.push({ account, region: t.homeRegion, item: () => trailItem(t) });
  }
  return out;
}

/**
 * Result pages of one query, kept from its first page so the following pages (NextToken) page through
 * the same rows, as the service's query snapshot does, without evaluating the query again per page.
 */
const queryPages = new Map<string, string[]>();
const MAX_KEPT_QUERIES = 256;
let querySerial = 0;

function evaluateQuery(world: World, spec: AggregatorSpec, query: Query): string[] {
  const matching = recorded(world, spec).filter(
    (r) => (!query.region || r.region === query.region) && (!query.accounts || query.accounts.has(r.account)),
  );
  if (query.groupByRegion) {
    const counts = new Map<string, number>();
    for (const r of matching) counts.set(r.region, (counts.get(r.region) ?? 0) + 1);
    return [...counts].sort().map(([awsRegion, count]) => JSON.stringify({ awsRegion, 'COUNT(*)': count }));
  }
  return matching.map((r) => {
    const item = r.item();
    return JSON.stringify(Object.fromEntries(query.fields.filter((f) => f in item).map((f) => [f, item[f]])));
  });
}

export function selectAggregateResourceConfig(ctx: HandlerContext, input: Item): Reply {
  const spec = aggregatorOf(ctx, input.ConfigurationAggregatorName);
  if (!('name' in spec)) return spec;
  const expression = input.Expression;
  if (typeof expression !== 'string' || expression.length < 1 || expression.length > 4096)
    return jsonError(
      400,
      'ValidationException',
      "1 validation error detected: Value at 'expression' failed to satisfy constraint: Member must have length between 1 and 4096",
    );
  const query = parseQuery(expression);
  if (!query)
    return jsonError(
      400,
      'InvalidExpressionException',
      'The expression is not valid (emulator: outside the supported subset).',
    );
  // Without Limit/MaxResults a page holds 25 results, 500 for an aggregation (API Reference,
  // SelectAggregateResourceConfig); Limit is at most 100.
  const defaultPage = query.groupByRegion ? 500 : 25;
  const given = input.Limit;
  if (
    given !== undefined &&
    (typeof given !== 'number' || !Number.isInteger(given) || given < 0 || given > MAX_LIMIT)
  )
    return jsonError(400, 'InvalidLimitException', 'The Limit is not valid.');
  const limit = given === undefined || given === 0 ? defaultPage : given;
  let id: string;
  let offset = 0;
  let rows: string[] | undefined;
  if (typeof input.NextToken === 'string') {
    const token = decodeQueryPageToken(input.NextToken);
    rows = token ? queryPages.get(token.queryId) : undefined;
    if (!token || !rows)
      return jsonError(400, 'InvalidNextTokenException', 'The nextToken provided is invalid');
    id = token.queryId;
    offset = token.offset;
  } else {
    rows = evaluateQuery(ctx.world, spec, query);
    id = String(++querySerial);
    queryPages.set(id, rows);
    if (queryPages.size > MAX_KEPT_QUERIES) queryPages.delete(queryPages.keys().next().value as string);
  }
  const { page, nextToken } = pageOf(rows, offset, limit, id);
  if (!nextToken) queryPages.delete(id);
  return jsonOk({
    Results: page,
    QueryInfo: { SelectFields: query.fields.map((Name) => ({ Name })) },
    ...(nextToken ? { NextToken: nextToken } : {}),
  });
}

export function describeConfigurationAggregatorSourcesStatus(ctx: HandlerContext, input: Item): Reply {
  const spec = aggregatorOf(ctx, input.ConfigurationAggregatorName);
  if (!('name' in spec)) return spec;
  const wanted = Array.isArray(input.UpdateStatus) ? new Set(input.UpdateStatus) : null;
  const statuses = [...sourceAccounts(ctx.world, spec)].sort().flatMap((account) =>
    ctx.world.regions.map((region) => {
      const failed = spec.failedSources?.find((f) => f.account === account && f.region === region);
      return {
        SourceId: account,
        SourceType: 'ACCOUNT',
        AwsRegion: region,
        LastUpdateStatus: failed?.status ?? 'SUCCEEDED',
        LastUpdateTime: Date.parse('2024-01-15T09:30:00.000Z') / 1000,
        ...(failed?.status === 'FAILED'
          ? { LastErrorCode: 'AccessDenied', LastErrorMessage: 'The aggregator could not read this source.' }
          : {}),
      };
    }),
  );
  const list = statuses.filter((s) => !wanted || wanted.has(s.LastUpdateStatus));
  return jsonOk({ AggregatedSourceStatusList: list });
}
