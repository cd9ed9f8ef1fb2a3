/**
 * A generated organization for the benchmark: N accounts × R Regions × B buckets per account. Built
 * in linear time with plain loops (100 × 17 × 10 is a few thousand objects).
 */
import type { AccountSpec, BucketSpec, ScenarioSpec, TrailSpec } from '../api.js';
import { DEFAULT_REGIONS } from '../regions.js';
import { DEMO_ROLE_NAME } from './demo.js';

export interface LargeOrgOptions {
  accounts: number;
  /** Number of Regions (the first N of the 17 default Regions) or an explicit list. */
  regions: number | string[];
  bucketsPerAccount: number;
  /**
   * How many Regions one account's data buckets are spread over (default: all of them). Real accounts
   * keep most buckets in a few Regions; fewer Regions also means fewer per-Region log buckets.
   */
  bucketRegionsPerAccount?: number;
  /**
   * Trails each account owns besides seeing the organization trail (default 1): the first is a
   * single-Region trail into the account's first data bucket, the others multi-Region trails homed in
   * other Regions into the account's second, third… data bucket.
   */
  trailsPerAccount?: number;
  /** Role in every account (default TrailguardAudit, trusted by the management account). */
  roleName?: string;
}

export function largeOrgScenario(options: LargeOrgOptions): ScenarioSpec {
  const regions =
    typeof options.regions === 'number'
      ? DEFAULT_REGIONS.slice(0, Math.max(1, options.regions))
      : options.regions;
  const ids = Array.from({ length: Math.max(1, options.accounts) }, (_, i) =>
    String(100_000_000_000 + i + 1),
  );
  const mgmt = ids[0] ?? '100000000001';
  const logArchive = ids[1] ?? mgmt;
  const roleName = options.roleName ?? DEMO_ROLE_NAME;
  const accounts: AccountSpec[] = ids.map((id, i) => ({
    id,
    name: i === 0 ? 'management' : i === 1 ? 'log-archive' : `workload-${i}`,
    roles: [{ name: roleName, trustedAccounts: [mgmt] }],
  }));
  const buckets: BucketSpec[] = [];
  const trails: TrailSpec[] = [];
  const orgBucket = `org-trail-${logArchive}`;
  trails.push({
    name: 'org-trail',
    account: mgmt,
    homeRegion: regions[0] ?? 'us-east-1',
    bucket: orgBucket,
    multiRegion: true,
    organization: true,
  });
  buckets.push({
    name: orgBucket,
    account: logArchive,
    region: regions[0] ?? 'us-east-1',
    logging: { targetBucket: `logs-${logArchive}-${regions[0]}`, targetPrefix: `${orgBucket}/` },
  });
  const spread = Math.max(1, Math.min(regions.length, options.bucketRegionsPerAccount ?? regions.length));
  const trailsPerAccount = Math.max(0, options.trailsPerAccount ?? 1);
  for (const [i, id] of ids.entries()) {
    const used = new Set<string>();
    for (let j = 0; j < options.bucketsPerAccount; j++) {
      const region = regions[(i + (j % spread)) % regions.length] ?? 'us-east-1';
      used.add(region);
      // Two of three buckets log to their Region's log bucket; the rest have logging disabled.
      buckets.push({
        name: `data-${id}-${j}`,
        account: id,
        region,
        ...(j % 3 !== 2
          ? { logging: { targetBucket: `logs-${id}-${region}`, targetPrefix: `data-${id}-${j}/` } }
          : {}),
      });
    }
    if (id === logArchive) used.add(regions[0] ?? 'us-east-1');
    for (const region of used) {
      const name = `logs-${id}-${region}`;
      buckets.push({
        name,
        account: id,
        region,
        policy: {
          Version: '2012-10-17',
          Statement: [
            {
              Effect: 'Allow',
              Principal: { Service: 'logging.s3.amazonaws.com' },
              Action: 's3:PutObject',
              Resource: `arn:aws:s3:::${name}/*`,
            },
          ],
        },
      });
    }
    // Every account also has its own single-Region trail into its first data bucket (when it has one),
    // and optionally more (multi-Region, homed in the next Regions) into its next data buckets.
    for (let k = 0; k < Math.min(trailsPerAccount, options.bucketsPerAccount); k++) {
      trails.push({
        name: k === 0 ? `trail-${id}` : `trail-${id}-${k}`,
        account: id,
        homeRegion: regions[(i + k) % regions.length] ?? 'us-east-1',
        bucket: `data-${id}-${k}`,
        ...(k > 0 ? { multiRegion: true } : {}),
      });
    }
  }
  return {
    regions: [...regions],
    organization: { id: 'o-benchmark0001', managementAccount: mgmt },
    accounts,
    buckets,
    trails,
  };
}
