import { describe, expect, it } from 'vitest';
import { formatJsonPath } from '../../src/util/json-path.js';

describe('formatJsonPath', () => {
  it('names a place as JavaScript and jq read it', () => {
    expect(formatJsonPath(['accounts', 0, 'id'])).toBe('accounts[0].id');
    expect(formatJsonPath([0, 'rule'])).toBe('[0].rule');
    expect(formatJsonPath(['entries', 2, 'added', 0, 'Sid'])).toBe('entries[2].added[0].Sid');
    expect(formatJsonPath(['matrix', 1, 2])).toBe('matrix[1][2]');
  });

  it('names the document itself (root)', () => {
    expect(formatJsonPath([])).toBe('(root)');
  });
});
