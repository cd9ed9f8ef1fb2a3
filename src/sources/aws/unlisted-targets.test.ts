import { describe, expect, it } from 'vitest';
import type { Account, Bucket } from '../../inventory/model.js';
import { isErrorValue } from '../../inventory/read.js';
import { markUnlistedTargets } from './unlisted-targets.js';

const listed: Account = { id: '111111111111', scanned: true, buckets: ['src'] };
const failed: Account = {
  id: '222222222222',
  scanned: true,
  buckets: { error: { code: 'SlowDown', message: 'Please reduce your request rate.' } },
};

function world(): Bucket[] {
  return [
    {
      name: 'src',
      account: null,
      exists: true,
      region: 'us-east-1',
      logging: { targetBucket: 'tgt', targetPrefix: '' },
    },
    { name: 'tgt', account: null, exists: true, policy: null },
    { name: 'gone', account: null, exists: false },
    { name: 'not-a-target', account: null, exists: true },
  ];
}

describe('markUnlistedTargets', () => {
  it('leaves everything alone when every scanned account was listed (the target is outside the scan)', () => {
    const buckets = world();
    markUnlistedTargets([listed], buckets);
    expect(buckets).toEqual(world());
  });

  it('turns the unread delivery facts of an unlisted target into the failed listing, keeping what was read', () => {
    const buckets = world();
    markUnlistedTargets([listed, failed], buckets);
    const [, tgt, gone, other] = buckets as [Bucket, Bucket, Bucket, Bucket];
    expect(tgt.policy).toBeNull();
    for (const field of [
      'acl',
      'ownership',
      'objectLockDefaultRetention',
      'defaultEncryption',
      'requesterPays',
    ] as const) {
      const value = tgt[field];
      expect(isErrorValue(value) && value.error.code).toBe('SlowDown');
      expect(isErrorValue(value) && value.error.message).toMatch(
        /bucket list of account 222222222222 could not be read/,
      );
    }
    // Not a log target, or known missing: nothing to add.
    expect(other).toEqual(world()[3]);
    expect(gone).toEqual(world()[2]);
  });

  it('marks a bucket that logs into itself, and never one a scanned account owns', () => {
    const self: Bucket = {
      name: 'self',
      account: null,
      exists: true,
      logging: { targetBucket: 'self', targetPrefix: 'x/' },
    };
    const owned: Bucket = { name: 'owned', account: '111111111111', exists: true };
    const src: Bucket = {
      name: 'a',
      account: '111111111111',
      exists: true,
      logging: { targetBucket: 'owned', targetPrefix: '' },
    };
    markUnlistedTargets([failed], [self, owned, src]);
    expect(isErrorValue(self.acl)).toBe(true);
    expect(owned.acl).toBeUndefined();
  });
});
