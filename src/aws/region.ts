/** The Region of a run's first call (GetCallerIdentity, AssumeRole, global APIs). */
import { STSClient } from '@aws-sdk/client-sts';
import type { Partition } from '../inventory/model.js';
import { DEFAULT_REGION } from './partition.js';

/**
 * --region, else AWS_REGION / AWS_DEFAULT_REGION / the profile's `region` (the SDK's own resolution),
 * else the partition's default Region (us-east-1 in `aws`; `fix` and its undo know their partition
 * from the plan or the undo file, so a GovCloud or China run never sends its first call to us-east-1).
 */
export async function startRegion(
  region: string | undefined,
  profile: string | undefined,
  partition: Partition = 'aws',
): Promise<string> {
  if (region) return region;
  const probe = new STSClient(profile ? { profile } : {});
  try {
    return await probe.config.region();
  } catch {
    return DEFAULT_REGION[partition];
  } finally {
    probe.destroy();
  }
}
