/**
 * CloudTrail JSON 1.1: ListTrails, DescribeTrails, GetTrail, GetTrailStatus (AWS-WIRE-NOTES §4), and
 * its operation table.
 * Visibility: an account sees its own trails plus, as a member, its organization's trails (their
 * ARNs carry the management account). A multi-Region trail shows as a shadow in every Region.
 */
import type { TrailSpec } from '../api.js';
import { type JsonInput, json11 } from '../protocols.js';
import { jsonError, jsonOk, type Reply } from '../reply.js';
import { defineService, notAuthorizedMessage } from '../table.js';
import { trailArn } from '../world.js';
import type { HandlerContext } from './context.js';
import { decodePageToken, pageOf } from './page-token.js';

const ARN = /^arn:aws[a-z-]*:cloudtrail:([a-z0-9-]+):(\d{12}):trail\/(.+)$/;
/** InvalidTrailNameException rules (CreateTrail API Reference "Name"). */
const NAME = /^[A-Za-z0-9](?:[A-Za-z0-9._-]{1,126})[A-Za-z0-9]$/;

function trailJson(t: TrailSpec): Record<string, unknown> {
  return {
    Name: t.name,
    S3BucketName: t.bucket,
    ...(t.keyPrefix ? { S3KeyPrefix: t.keyPrefix } : {}),
    IncludeGlobalServiceEvents: true,
    IsMultiRegionTrail: t.multiRegion ?? false,
    HomeRegion: t.homeRegion,
    TrailARN: trailArn(t),
    LogFileValidationEnabled: true,
    HasCustomEventSelectors: false,
    HasInsightSelectors: false,
    IsOrganizationTrail: t.organization ?? false,
  };
}

/** A trail exists in a Region when it is homed there or is a multi-Region trail (a shadow). */
function presentIn(t: TrailSpec, region: string): boolean {
  return t.homeRegion === region || t.multiRegion === true;
}

type Lookup = { trail: TrailSpec } | { error: Reply };

/**
 * Resolve a Name parameter (name or ARN). A name matches only a trail of the caller's account homed
 * in this Region; shadow trails and organization trails seen from a member need the ARN (§4.5).
 */
function lookup(ctx: HandlerContext, nameOrArn: unknown): Lookup {
  const { world, caller, req } = ctx;
  if (typeof nameOrArn !== 'string' || nameOrArn === '') {
    return {
      error: jsonError(
        400,
        'InvalidTrailNameException',
        'Trail name or ARN can only contain uppercase letters, lowercase letters, numbers, periods (.), hyphens (-), and underscores (_).',
      ),
    };
  }
  const notFound = (): Lookup => ({
    error: jsonError(
      404,
      'TrailNotFoundException',
      `Unknown trail: ${nameOrArn} for the user: ${caller.account}`,
    ),
  });
  if (nameOrArn.startsWith('arn:')) {
    const m = ARN.exec(nameOrArn);
    if (!m) return { error: jsonError(400, 'CloudTrailARNInvalidException', `Invalid ARN: ${nameOrArn}`) };
    const trail = world.visibleTrails(caller.account).find((t) => trailArn(t) === nameOrArn);
    if (!trail) return notFound();
    if (!presentIn(trail, req.region)) {
      return {
        error: jsonError(
          400,
          'CloudTrailARNInvalidException',
          `Region in ARN is wrong, you can only access resources in region ${req.region}.`,
        ),
      };
    }
    return { trail };
  }
  if (!NAME.test(nameOrArn) || /[._-]{2}/.test(nameOrArn)) {
    return { error: jsonError(400, 'InvalidTrailNameException', `Trail name ${nameOrArn} is not valid.`) };
  }
  const trail = world
    .ownTrails(caller.account)
    .find((t) => t.name === nameOrArn && t.homeRegion === req.region);
  return trail ? { trail } : notFound();
}

export function listTrails(ctx: HandlerContext, input: JsonInput): Reply {
  const trails = ctx.world.visibleTrails(ctx.caller.account);
  const page = ctx.world.pageSizes.listTrails ?? 1000;
  const start = typeof input.NextToken === 'string' ? decodePageToken(input.NextToken) : 0;
  if (start === undefined) return jsonError(400, 'InvalidNextTokenException', 'Invalid NextToken.');
  const { page: slice, nextToken } = pageOf(trails, start, page);
  return jsonOk({
    Trails: slice.map((t) => ({ TrailARN: trailArn(t), Name: t.name, HomeRegion: t.homeRegion })),
    ...(nextToken ? { NextToken: nextToken } : {}),
  });
}

export function describeTrails(ctx: HandlerContext, input: JsonInput): Reply {
  const { world, caller, req } = ctx;
  const shadows = input.includeShadowTrails !== false;
  const names = Array.isArray(input.trailNameList) ? input.trailNameList : [];
  if (names.length === 0) {
    // Without names: trails of this Region, plus shadows of multi-Region and organization trails
    // when includeShadowTrails (default true); false keeps only this account's own home trails.
    const list = shadows
      ? world.visibleTrails(caller.account).filter((t) => presentIn(t, req.region))
      : world.ownTrails(caller.account).filter((t) => t.homeRegion === req.region);
    return jsonOk({ trailList: list.map(trailJson) });
  }
  const found: TrailSpec[] = [];
  for (const n of names) {
    const r = lookup(ctx, n);
    if ('trail' in r) {
      if (!found.includes(r.trail)) found.push(r.trail);
      continue;
    }
    // Unknown names are left out of the answer; malformed ones are errors.
    if ('status' in r.error && r.error.status !== 404) return r.error;
  }
  return jsonOk({ trailList: found.map(trailJson) });
}

export function getTrail(ctx: HandlerContext, input: JsonInput): Reply {
  const r = lookup(ctx, input.Name);
  return 'trail' in r ? jsonOk({ Trail: trailJson(r.trail) }) : r.error;
}

/** Fixed times (epoch seconds, as the JSON protocol requires) so runs are reproducible. */
const STARTED = 1_704_067_200;
const STOPPED = 1_717_200_000;

export function getTrailStatus(ctx: HandlerContext, input: JsonInput): Reply {
  const r = lookup(ctx, input.Name);
  if (!('trail' in r)) return r.error;
  const logging = r.trail.logging !== false;
  return jsonOk({
    IsLogging: logging,
    StartLoggingTime: STARTED,
    ...(logging ? { LatestDeliveryTime: Math.floor(Date.now() / 1000) - 300 } : { StopLoggingTime: STOPPED }),
  });
}

/**
 * The target prefix: SDK v3 sends the short `CloudTrail_20131101.<Op>`, other clients the botocore
 * `targetPrefix` (AWS-WIRE-NOTES §1.1); both are accepted.
 */
const CLOUDTRAIL_TARGET = /^(?:com\.amazonaws\.cloudtrail\.v20131101\.)?CloudTrail_20131101\.(\w+)$/;

/** The trail names and ARNs a request asks for (what a fault rule's `resource` matches). */
function trailNames(input: JsonInput): string[] {
  const out: string[] = [];
  const add = (v: unknown) => {
    if (typeof v !== 'string') return;
    out.push(v);
    const m = /:trail\/(.+)$/.exec(v);
    if (m?.[1]) out.push(m[1]);
  };
  add(input.Name);
  if (Array.isArray(input.trailNameList)) for (const n of input.trailNameList) add(n);
  return out;
}

export const CLOUDTRAIL = defineService<JsonInput>({
  name: 'cloudtrail',
  protocol: json11(CLOUDTRAIL_TARGET),
  operations: {
    ListTrails: { action: 'cloudtrail:ListTrails', handler: listTrails },
    DescribeTrails: { action: 'cloudtrail:DescribeTrails', handler: describeTrails },
    GetTrail: { action: 'cloudtrail:GetTrail', handler: getTrail },
    GetTrailStatus: { action: 'cloudtrail:GetTrailStatus', handler: getTrailStatus },
  },
  resources: trailNames,
  denied: ({ callerArn, action, req }) => ({
    message: notAuthorizedMessage(
      callerArn,
      action,
      `arn:aws:cloudtrail:${req.region}:${callerArn.split(':')[4] ?? ''}:trail/*`,
    ),
  }),
});
