/**
 * The codes remediation and the HTML fix plan name are the rules' and the engine's own: one set of fixable
 * reasons (the planner's), the reasons it refuses in its own words, the reasons meaning an account's bucket
 * list was not read, and the general rule — each defined in the registry's catalog, so a misspelt or
 * renamed code fails here instead of silently never matching a finding.
 */
import { describe, expect, it } from 'vitest';
import { FIXABLE_REASONS, GENERAL_RULE, REFUSED_REASONS } from '../../src/remediation/planner.js';
import { UNLISTED } from '../../src/reporters/html/fix-plan.js';
import { ruleCatalog } from '../../src/rules/index.js';

const undefinedCodes = (codes: Iterable<string>) => [...codes].filter((code) => !ruleCatalog.reason(code));

describe('the reasons a fix plan names', () => {
  it('are defined in the catalog (rules and engine)', () => {
    expect(FIXABLE_REASONS.size).toBeGreaterThan(0);
    expect(undefinedCodes(FIXABLE_REASONS)).toEqual([]);
    expect(undefinedCodes(REFUSED_REASONS.keys())).toEqual([]);
    expect(undefinedCodes(UNLISTED)).toEqual([]);
  });

  it('a refused reason is not also fixable, and refuses with its own code', () => {
    for (const [reason, refusal] of REFUSED_REASONS) {
      expect(FIXABLE_REASONS.has(reason)).toBe(false);
      expect(refusal.code).toBe(reason);
    }
  });

  it('a misspelt code is caught', () => {
    expect(undefinedCodes(['LOGGING_DISABLED', 'LOGGING_DISABLE'])).toEqual(['LOGGING_DISABLE']);
  });

  it('the general rule is a registered rule that lists every bucket of an account', () => {
    expect(ruleCatalog.rule(GENERAL_RULE)?.listings).toContain('buckets');
  });
});
