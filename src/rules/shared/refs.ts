/** Resource references for findings: every finding points at its resource and, for IaC, its file and line. */
import type { ResourceRef } from '../../engine/types.js';
import { type Account, type Bucket, bucketArn, type Inventory, type Trail } from '../../inventory/model.js';
import { isErrorValue } from '../../inventory/read.js';

export function bucketRef(inventory: Inventory, bucket: Bucket): ResourceRef {
  return {
    type: 'AWS::S3::Bucket',
    id: bucketArn(inventory.partition, bucket.name),
    name: bucket.name,
    account: bucket.account,
    region: bucket.region === undefined || isErrorValue(bucket.region) ? null : bucket.region,
    ...(bucket.location ? { location: bucket.location } : {}),
  };
}

/** A bucket known only by name (named by a trail or a logging config, absent from the inventory). */
export function bucketNameRef(inventory: Inventory, name: string): ResourceRef {
  return {
    type: 'AWS::S3::Bucket',
    id: bucketArn(inventory.partition, name),
    name,
    account: null,
    region: null,
  };
}

export function trailRef(trail: Trail): ResourceRef {
  return {
    type: 'AWS::CloudTrail::Trail',
    id: trail.arn,
    name: trail.name,
    account: trail.account,
    region: trail.homeRegion,
    ...(trail.location ? { location: trail.location } : {}),
  };
}

export function accountRef(inventory: Inventory, account: Account): ResourceRef {
  return {
    type: 'AWS::::Account',
    id: `arn:${inventory.partition}:iam::${account.id}:root`,
    name: account.name ?? account.id,
    account: account.id,
    region: null,
  };
}

/** "bucket x" or "bucket x (main.tf:12)" — how messages name a bucket. */
export function describeBucket(bucket: Pick<Bucket, 'name' | 'location'>): string {
  return bucket.location ? `${bucket.name} (${bucket.location.file}:${bucket.location.line})` : bucket.name;
}
