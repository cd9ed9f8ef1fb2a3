/** NextToken values of the JSON services (src/emulator/services/page-token.ts). */
import { describe, expect, it } from 'vitest';
import {
  decodePageToken,
  decodeQueryPageToken,
  encodePageToken,
  pageOf,
} from '../../src/emulator/services/page-token.js';

describe('page tokens', () => {
  it('round-trips an offset, and a query id with its offset', () => {
    expect(decodePageToken(encodePageToken(40))).toBe(40);
    expect(decodeQueryPageToken(encodePageToken(25, '7'))).toEqual({ queryId: '7', offset: 25 });
  });

  it('keeps the two kinds apart: a query token is no offset token, and the reverse', () => {
    expect(decodePageToken(encodePageToken(25, '7'))).toBeUndefined();
    expect(decodeQueryPageToken(encodePageToken(25))).toBeUndefined();
    expect(decodePageToken('not a token')).toBeUndefined();
  });

  it('pages with a next token only while items are left, never the same token twice', () => {
    const items = [1, 2, 3, 4, 5];
    const first = pageOf(items, 0, 2);
    expect(first.page).toEqual([1, 2]);
    expect(decodePageToken(first.nextToken ?? '')).toBe(2);
    const second = pageOf(items, 2, 2);
    expect(second.nextToken).not.toBe(first.nextToken);
    expect(pageOf(items, 4, 2)).toEqual({ page: [5], nextToken: undefined });
    expect(pageOf(items, 3, 2)).toEqual({ page: [4, 5], nextToken: undefined });
    expect(pageOf(items, 9, 2)).toEqual({ page: [], nextToken: undefined });
    expect(decodeQueryPageToken(pageOf(items, 0, 3, '12').nextToken ?? '')).toEqual({
      queryId: '12',
      offset: 3,
    });
  });
});
