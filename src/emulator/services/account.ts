/**
 * Account Management API `ListRegions` (restJson1, `POST /listRegions`, AWS-WIRE-NOTES §7): every
 * Region of the world with the caller account's opt-in status, optionally filtered by
 * `RegionOptStatusContains`, paginated (`MaxResults` 1–50, `NextToken`). `AccountId` (another
 * account, from the management account with trusted access) is not emulated: only the caller's own.
 */
import { type JsonInput, restJson } from '../protocols.js';
import { type Reply, restJsonError, restJsonOk } from '../reply.js';
import { defineService } from '../table.js';
import type { HandlerContext } from './context.js';
import { decodePageToken, pageOf } from './page-token.js';

export const REGION_OPT_STATUSES = [
  'ENABLED',
  'ENABLING',
  'DISABLING',
  'DISABLED',
  'ENABLED_BY_DEFAULT',
] as const;
type RegionOptStatus = (typeof REGION_OPT_STATUSES)[number];

/** EC2's opt-in words in the Account API's (AWS-WIRE-NOTES §7 mapping). */
const FROM_EC2: Record<'opt-in-not-required' | 'opted-in' | 'not-opted-in', RegionOptStatus> = {
  'opt-in-not-required': 'ENABLED_BY_DEFAULT',
  'opted-in': 'ENABLED',
  'not-opted-in': 'DISABLED',
};

function invalid(field: string, message: string): Reply {
  return restJsonError(400, 'ValidationException', `1 validation error detected: ${message}`, {
    reason: 'fieldValidationFailed',
    fieldList: [{ name: field, message }],
  });
}

export function listRegions(ctx: HandlerContext, input: JsonInput): Reply {
  const { world, caller } = ctx;
  const max = input.MaxResults;
  if (max !== undefined && (typeof max !== 'number' || !Number.isInteger(max) || max < 1 || max > 50)) {
    return invalid('MaxResults', 'Value at maxResults must be between 1 and 50.');
  }
  if (input.AccountId !== undefined && input.AccountId !== caller.account) {
    return restJsonError(
      403,
      'AccessDeniedException',
      'The emulator answers ListRegions only for the calling account.',
    );
  }
  const wanted = input.RegionOptStatusContains;
  if (
    wanted !== undefined &&
    (!Array.isArray(wanted) || wanted.some((s) => !REGION_OPT_STATUSES.includes(s as RegionOptStatus)))
  ) {
    return invalid(
      'RegionOptStatusContains',
      `Value at regionOptStatusContains must satisfy enum value set: [${REGION_OPT_STATUSES.join(', ')}]`,
    );
  }
  const start = typeof input.NextToken === 'string' ? decodePageToken(input.NextToken) : 0;
  if (start === undefined) return invalid('NextToken', 'The NextToken is not valid.');
  const page = Math.min(typeof max === 'number' ? max : 20, world.pageSizes.listRegions ?? 50);
  const rows = world
    .allRegions()
    .map((name) => ({ RegionName: name, RegionOptStatus: FROM_EC2[world.optInStatus(caller.account, name)] }))
    .filter((r) => !Array.isArray(wanted) || wanted.includes(r.RegionOptStatus))
    .sort((a, b) => a.RegionName.localeCompare(b.RegionName));
  const { page: slice, nextToken } = pageOf(rows, start, page);
  return restJsonOk({ Regions: slice, ...(nextToken ? { NextToken: nextToken } : {}) });
}

/**
 * Bound by path (restJson1 `@http`); an S3 bucket name has no upper-case letters, so such a path never
 * names a bucket. Global: the Account API is served from us-east-1 only.
 */
export const ACCOUNT = defineService<JsonInput>({
  name: 'account',
  protocol: restJson('path'),
  global: true,
  operations: {
    ListRegions: { action: 'account:ListRegions', http: 'POST /listRegions', handler: listRegions },
  },
  otherRoutes: {
    'POST /getRegionOptStatus': 'GetRegionOptStatus',
    'POST /enableRegion': 'EnableRegion',
    'POST /disableRegion': 'DisableRegion',
    'POST /getContactInformation': 'GetContactInformation',
    'POST /getAccountInformation': 'GetAccountInformation',
  },
});
