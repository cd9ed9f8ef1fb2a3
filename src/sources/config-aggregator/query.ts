/**
 * The AWS Config advanced queries the aggregator source sends (SQL SELECT subset, AWS Config Developer
 * Guide "Query components"). Expressions are at most 4,096 characters (SelectAggregateResourceConfig).
 */

export const BUCKET_TYPE = 'AWS::S3::Bucket';
export const TRAIL_TYPE = 'AWS::CloudTrail::Trail';
export const MAX_EXPRESSION = 4096;
/** Results per page: the API's maximum (Limit 0–100). */
export const PAGE_LIMIT = 100;

const TYPES = `resourceType IN ('${BUCKET_TYPE}', '${TRAIL_TYPE}')`;

/** Regions holding buckets or trails, so each Region's items can be paged in parallel. */
export function regionsQuery(): string {
  return `SELECT awsRegion, COUNT(*) WHERE ${TYPES} GROUP BY awsRegion`;
}

const FIELDS = [
  'accountId',
  'awsRegion',
  'resourceType',
  'resourceId',
  'resourceName',
  'arn',
  'configurationItemCaptureTime',
  'configurationItemStatus',
  'configuration',
  'supplementaryConfiguration',
].join(', ');

/** Account ids are 12 digits: quoting them cannot inject anything; anything else is refused earlier. */
function accountFilter(accounts: readonly string[] | undefined, room: number): string {
  if (!accounts || accounts.length === 0) return '';
  const clause = ` AND accountId IN (${accounts.map((a) => `'${a}'`).join(', ')})`;
  // Too long for one expression: the accounts are filtered on our side instead.
  return clause.length <= room ? clause : '';
}

/** Every bucket and trail item of one Region (optionally of some accounts). */
export function itemsQuery(region: string, accounts?: readonly string[]): string {
  if (!/^[a-z0-9-]+$/.test(region)) throw new Error(`not a Region name: ${region}`);
  const base = `SELECT ${FIELDS} WHERE ${TYPES} AND awsRegion = '${region}'`;
  return base + accountFilter(accounts, MAX_EXPRESSION - base.length);
}
