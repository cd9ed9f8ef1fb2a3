/**
 * A bucket with logging off is a log destination when another bucket logs into it. When the logging
 * configuration of a bucket that could be its source (same account, any Region) failed to read, that
 * is unknown: UNDETERMINED, never LOGGING_DISABLED (issue 10, seen under faults).
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
  inventory,
} from '../shared/testing.js';
import { s3BucketAccessLogging as rule } from './index.js';

const throttled = errorValue('SlowDown', 'Please reduce your request rate.');
const denied = errorValue('AccessDenied', 'Access Denied');

const cases = defineCases([
  {
    name: 'logging off, a same-account bucket whose logging failed to read: UNDETERMINED',
    rows: ['4.2#6'],
    inventory: inventory({
      accounts: [account(ACCOUNT_A)],
      buckets: [bucket('maybe-logs'), bucket('unread', { logging: throttled })],
    }),
    expect: [
      {
        resource: 'maybe-logs',
        status: 'UNDETERMINED',
        reason: 'READ_FAILED',
        warnings: [],
        related: ['unread'],
        messageIncludes: ['is itself a log destination is unknown', 'SlowDown'],
      },
      { resource: 'unread', status: 'UNDETERMINED', reason: 'READ_FAILED', warnings: [] },
    ],
  },
  {
    name: 'an unread bucket whose read was denied: ACCESS_DENIED',
    rows: ['4.2#6'],
    inventory: inventory({
      accounts: [account(ACCOUNT_A)],
      buckets: [bucket('maybe-logs'), bucket('unread', { logging: denied })],
    }),
    expect: [
      { resource: 'maybe-logs', status: 'UNDETERMINED', reason: 'ACCESS_DENIED', warnings: [] },
      { resource: 'unread', status: 'UNDETERMINED', reason: 'ACCESS_DENIED', warnings: [] },
    ],
  },
  {
    name: 'the unread bucket is in another Region: still a possible source (the rule counts any source)',
    rows: ['4.2#6'],
    inventory: inventory({
      accounts: [account(ACCOUNT_A)],
      buckets: [bucket('maybe-logs'), bucket('unread-eu', { region: 'eu-west-1', logging: throttled })],
    }),
    expect: [
      { resource: 'maybe-logs', status: 'UNDETERMINED', reason: 'READ_FAILED', warnings: [] },
      { resource: 'unread-eu', status: 'UNDETERMINED', reason: 'READ_FAILED', warnings: [] },
    ],
  },
  {
    name: 'the unread bucket is in another account: LOGGING_DISABLED stands',
    rows: ['4.2#8'],
    inventory: inventory({
      accounts: [account(ACCOUNT_A), account(ACCOUNT_B)],
      buckets: [bucket('disabled'), bucket('unread-b', { account: ACCOUNT_B, logging: throttled })],
    }),
    expect: [
      { resource: 'disabled', status: 'NON_COMPLIANT', reason: 'LOGGING_DISABLED', warnings: [] },
      { resource: 'unread-b', status: 'UNDETERMINED', reason: 'READ_FAILED', warnings: [] },
    ],
  },
]);

describe('aws-s3-bucket-access-logging: a possible source whose logging could not be read', () => {
  for (const c of cases) {
    it(c.name, () => {
      expect(checkCase(rule, c).mismatches).toEqual([]);
    });
  }
});
