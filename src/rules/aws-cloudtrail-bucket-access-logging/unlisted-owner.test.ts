/**
 * A live trail bucket that no scanned account listed (it was found by HeadBucket) while one scanned
 * account's bucket list failed: its owner may be that account, so same-account delivery cannot be
 * checked. UNDETERMINED with the listing's error — seen under faults as a false COMPLIANT (issue 10).
 */
import { describe, expect, it } from 'vitest';
import { errorValue } from '../../inventory/read.js';
import {
  ACCOUNT_A,
  ACCOUNT_B,
  account,
  bucket,
  checkCase,
  defineCases,
  deliveryGrant,
  inventory,
  logsTo,
  trail,
} from '../shared/testing.js';
import { cloudtrailBucketAccessLogging as rule } from './index.js';

const throttled = errorValue('SlowDown', 'Please reduce your request rate.');
const trailArn = `arn:aws:cloudtrail:us-east-1:${ACCOUNT_A}:trail/main`;

function world(listing: string[] | typeof throttled) {
  return inventory({
    accounts: [
      account(ACCOUNT_A, { buckets: listing, trails: [trailArn] }),
      account(ACCOUNT_B, { buckets: ['logs-b'] }),
    ],
    trails: [trail('main', 'ct-logs', { arn: trailArn, account: ACCOUNT_A })],
    buckets: [
      // Found by HeadBucket only: no account listed it.
      bucket('ct-logs', { account: null, logging: logsTo('logs-b', 'ct/') }),
      bucket('logs-b', {
        account: ACCOUNT_B,
        policy: { Version: '2012-10-17', Statement: [deliveryGrant('logs-b')] },
      }),
    ],
  });
}

const cases = defineCases([
  {
    name: 'the trail account bucket list failed: the source owner is unknown, UNDETERMINED',
    rows: ['4.1#9'],
    inventory: world(throttled),
    expect: [
      {
        resource: 'ct-logs',
        status: 'UNDETERMINED',
        reason: 'READ_FAILED',
        warnings: [],
        messageIncludes: [
          'no scanned account listed bucket ct-logs',
          `account ${ACCOUNT_A} could not be read`,
        ],
      },
      { resource: ACCOUNT_B, status: 'NOT_APPLICABLE', reason: 'NO_TRAILS', warnings: [] },
    ],
  },
  {
    name: 'every bucket list was read: the bucket is outside the scan, the rule goes on as before',
    rows: ['4.1#10'],
    inventory: world(['other']),
    expect: [
      { resource: 'ct-logs', status: 'COMPLIANT', reason: 'LOGGING_ENABLED', warnings: [] },
      { resource: ACCOUNT_B, status: 'NOT_APPLICABLE', reason: 'NO_TRAILS', warnings: [] },
    ],
  },
]);

describe('aws-cloudtrail-bucket-access-logging: a source bucket whose owner is unknown because a listing failed', () => {
  for (const c of cases) {
    it(c.name, () => {
      expect(checkCase(rule, c).mismatches).toEqual([]);
    });
  }
});
