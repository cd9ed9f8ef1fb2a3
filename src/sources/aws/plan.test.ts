import { describe, expect, it } from 'vitest';
import type { Bucket, Trail } from '../../inventory/model.js';
import { groupByHomeRegion, targetsNeedingHealth, trailReader, unreadReferences } from './plan.js';

const bucket = (name: string, account: string, region: string, target?: string): Bucket => ({
  name,
  account,
  region,
  exists: true,
  logging: target ? { targetBucket: target, targetPrefix: '' } : null,
});

describe('API planner', () => {
  it('groups trails by home Region so DescribeTrails runs once per Region with trails', () => {
    const groups = groupByHomeRegion([
      { arn: 'a', name: 'a', homeRegion: 'us-east-1' },
      { arn: 'b', name: 'b', homeRegion: 'eu-west-1' },
      { arn: 'c', name: 'c', homeRegion: 'us-east-1' },
    ]);
    expect([...groups.keys()]).toEqual(['us-east-1', 'eu-west-1']);
    expect(groups.get('us-east-1')?.map((t) => t.arn)).toEqual(['a', 'c']);
  });

  it('an organization trail is read by its owner when the owner is scanned, else by the lister', () => {
    const scan = new Set(['111111111111', '222222222222']);
    expect(trailReader('111111111111', '222222222222', scan)).toBe('111111111111');
    expect(trailReader('999999999999', '222222222222', scan)).toBe('222222222222');
    expect(trailReader(null, '222222222222', scan)).toBe('222222222222');
  });

  it('health reads only for targets in the same account and Region as a source, once each', () => {
    const placement: Record<string, { account: string; region: string }> = {
      same: { account: 'A', region: 'us-east-1' },
      otherRegion: { account: 'A', region: 'eu-west-1' },
      otherAccount: { account: 'B', region: 'us-east-1' },
    };
    const targets = targetsNeedingHealth(
      [
        bucket('s1', 'A', 'us-east-1', 'same'),
        bucket('s2', 'A', 'us-east-1', 'same'),
        bucket('s3', 'A', 'us-east-1', 'otherRegion'),
        bucket('s4', 'A', 'us-east-1', 'otherAccount'),
        bucket('s5', 'A', 'us-east-1', 'unknown'),
        bucket('s6', 'A', 'us-east-1'),
      ],
      (name) => placement[name],
    );
    expect([...targets]).toEqual(['same']);
  });

  it('finds trail buckets and targets not read yet, with an account that references them', () => {
    const trail: Trail = {
      arn: 'arn:aws:cloudtrail:us-east-1:111111111111:trail/t',
      name: 't',
      account: '111111111111',
      homeRegion: 'us-east-1',
      multiRegion: true,
      organization: false,
      bucket: 'ct-logs',
    };
    const refs = unreadReferences(
      [trail],
      [bucket('app', '222222222222', 'us-east-1', 'gone'), bucket('read', 'A', 'us-east-1', 'app')],
      (name) => name === 'app' || name === 'read',
      () => '111111111111',
    );
    expect([...refs]).toEqual([
      ['ct-logs', '111111111111'],
      ['gone', '222222222222'],
    ]);
  });
});
