import { describe, expect, it } from 'vitest';
import { UsageError } from '../errors.js';
import { DEFAULT_LIMITS, LimitExceeded, parseLimitFlags, resolveLimits } from './limits.js';

describe('--limit flags', () => {
  it('parses names and suffixes (1024-based for bytes, 1000-based for counts)', () => {
    expect(parseLimitFlags(['file-bytes=2M', 'instances=5k', 'depth=50'])).toEqual({
      fileBytes: 2 * 1024 * 1024,
      instances: 5000,
      depth: 50,
    });
  });

  it('rejects unknown names and bad numbers with a usage error naming the valid names', () => {
    expect(() => parseLimitFlags(['nope=3'])).toThrow(UsageError);
    expect(() => parseLimitFlags(['depth=-1'])).toThrow(/file-bytes, snapshot-bytes/);
    expect(() => parseLimitFlags(['depth=0'])).toThrow(/positive/);
  });

  it('overrides only what is given', () => {
    expect(resolveLimits({ depth: 7 })).toEqual({ ...DEFAULT_LIMITS, depth: 7 });
  });

  it('names the limit and the flag that raises it', () => {
    expect(new LimitExceeded('evalSteps', 10, 'main.tf').message).toBe(
      'main.tf: over the eval-steps limit of 10 (raise it with --limit eval-steps=N)',
    );
  });
});
