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
  for (const [i, id] of ids.entries()) {
    const used = new Set<string>();
    for (let j = 0; j < options.bucketsPerAccount; j++) {
      const region = regions[(i + j) % regions.length] ?? 'us-east-1';
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
    // Every account also has its own single-Region trail into its first data bucket (when it has one).
    if (options.bucketsPerAccount > 0) {
      trails.push({
        name: `trail-${id}`,
        account: id,
        homeRegion: regions[i % regions.length] ?? 'us-east-1',
        bucket: `data-${id}-0`,
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
