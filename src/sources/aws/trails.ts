/** CloudTrail reads (AWS-WIRE-NOTES 4). */
import type { Trail as SdkTrail } from '@aws-sdk/client-cloudtrail';
import { toReadError } from '../../aws/errors.js';
import type { Read } from '../../inventory/read.js';
import type { AccountClients } from './clients.js';

export interface ListedTrail {
  arn: string;
  name: string;
  homeRegion: string;
}

/**
 * ListTrails in one Region returns every trail the account sees, each with its HomeRegion (including
 * organization trails owned by the management account). De-duplicated by ARN.
 */
export async function listTrails(clients: AccountClients, region: string): Promise<Read<ListedTrail[]>> {
  try {
    // One slot of the limit for the whole listing: its pages are sequential anyway.
    return await clients.limit(
      'cloudtrail',
      async () => {
        const byArn = new Map<string, ListedTrail>();
        const cloudtrail = clients.cloudTrailReader();
        let token: string | undefined;
        do {
          const page = await cloudtrail.listTrails(region, token);
          for (const trail of page.Trails ?? []) {
            if (!trail.TrailARN || byArn.has(trail.TrailARN)) continue;
            byArn.set(trail.TrailARN, {
              arn: trail.TrailARN,
              name: trail.Name ?? trail.TrailARN,
              homeRegion: trail.HomeRegion ?? region,
            });
          }
          // Like the SDK paginator: an absent or empty token ends the listing.
          token = page.NextToken || undefined;
        } while (token);
        return [...byArn.values()];
      },
      region,
    );
  } catch (error) {
    return { error: toReadError(error) };
  }
}

/**
 * DescribeTrails in a trail's home Region, by ARN: names match only trails of the called Region and
 * account, ARNs also match organization trails seen from a member (AWS-WIRE-NOTES 4.3).
 * Throws the SDK error: the caller records it for every trail of the Region.
 */
export async function describeTrails(
  clients: AccountClients,
  region: string,
  arns: string[],
): Promise<Map<string, SdkTrail>> {
  const output = await clients.limit('cloudtrail', () =>
    clients.cloudTrailReader().describeTrails(region, arns),
  );
  const byArn = new Map<string, SdkTrail>();
  for (const trail of output.trailList ?? []) if (trail.TrailARN) byArn.set(trail.TrailARN, trail);
  return byArn;
}

/** GetTrailStatus in the home Region with the ARN (a shadow or organization trail needs the ARN, 4.5). */
export async function trailStatus(
  clients: AccountClients,
  region: string,
  arn: string,
): Promise<Read<boolean>> {
  try {
    const output = await clients.limit('cloudtrail', () =>
      clients.cloudTrailReader().getTrailStatus(region, arn),
    );
    if (typeof output.IsLogging !== 'boolean') {
      return { error: { code: 'MalformedResponse', message: 'GetTrailStatus returned no IsLogging' } };
    }
    return output.IsLogging;
  } catch (error) {
    return { error: toReadError(error) };
  }
}
