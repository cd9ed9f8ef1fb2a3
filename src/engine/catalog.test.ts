import { describe, expect, it } from 'vitest';
import { ruleCatalog, rules } from '../rules/index.js';
import { LOGGING_REASONS } from '../rules/shared/reasons.js';
import { catalogOf, ENGINE_CATALOG, RuleCatalog } from './catalog.js';
import { reasonForInputError } from './input-findings.js';
import { ENGINE_REASONS } from './reasons.js';
import { buildReport } from './report.js';
import type { Finding, RuleMeta } from './types.js';

const meta = (id: string, extra: Partial<RuleMeta> = {}): RuleMeta =>
  ({ ...(rules[0]?.meta as RuleMeta), id, reasons: {}, warnings: {}, ...extra }) as RuleMeta;

describe('RuleCatalog', () => {
  it("lists the rules' reasons in registry order, then the engine's", () => {
    const codes = Object.keys(ruleCatalog.reasonTexts());
    const ruleCodes = rules.flatMap((rule) => Object.keys(rule.meta.reasons ?? {}));
    expect(codes).toEqual([...new Set([...ruleCodes, ...Object.keys(ENGINE_REASONS)])]);
    // One shared definition, listed by both rules, counted once.
    expect(codes.filter((code) => code === 'LOGGING_DISABLED')).toHaveLength(1);
  });

  it('refuses two different definitions of one code, not one definition shared', () => {
    const shared = { text: 'x', family: 'f' };
    expect(
      () =>
        new RuleCatalog([meta('a', { reasons: { SAME: shared } }), meta('b', { reasons: { SAME: shared } })]),
    ).not.toThrow();
    expect(
      () =>
        new RuleCatalog([
          meta('a', { reasons: { SAME: shared } }),
          meta('b', { reasons: { SAME: { text: 'y', family: 'f' } } }),
        ]),
    ).toThrow(/b defines SAME again, differently/);
    expect(
      () => new RuleCatalog([meta('a', { warnings: { W: 'one' } }), meta('b', { warnings: { W: 'two' } })]),
    ).toThrow(/b defines W again/);
    expect(() => new RuleCatalog([meta('a', { reasons: { RULE_ERROR: shared } })])).toThrow(
      /engine defines RULE_ERROR again/,
    );
  });

  it('an unknown code stands for itself: its own words and its own family', () => {
    expect(ruleCatalog.reasonText('NOT_A_REASON')).toBe('NOT_A_REASON');
    expect(ruleCatalog.family('NOT_A_REASON')).toBe('NOT_A_REASON');
    expect(ruleCatalog.warningText('NOT_A_WARNING')).toBe('NOT_A_WARNING');
    expect(ruleCatalog.family('TARGET_OTHER_REGION')).toBe(ruleCatalog.family('LOGGING_DISABLED'));
  });

  it("a fix from the finding's evidence when the reason has one, else the reason's line", () => {
    const finding = (reason: string, evidence: Record<string, unknown> = {}) =>
      ({ reason, evidence }) as unknown as Finding;
    expect(ruleCatalog.fixHint(finding('TARGET_CANNOT_RECEIVE', { target: { requesterPays: true } }))).toBe(
      'turn Requester Pays off on the target',
    );
    expect(ruleCatalog.fixHint(finding('TARGET_CANNOT_RECEIVE'))).toBe(
      LOGGING_REASONS.TARGET_CANNOT_RECEIVE.fix,
    );
    expect(ruleCatalog.fixHint(finding('LOGGING_ENABLED'))).toBeUndefined();
  });

  it("is carried in the report but is no part of the report's JSON", () => {
    const report = buildReport({ kind: 'snapshot' }, [], [], ruleCatalog);
    expect(catalogOf(report)).toBe(ruleCatalog);
    const json = JSON.stringify(report);
    expect(JSON.parse(json)).not.toHaveProperty('rules');
    // Read back from JSON, a report knows the engine's reasons only.
    expect(catalogOf(JSON.parse(json))).toBe(ENGINE_CATALOG);
    expect(ENGINE_CATALOG.reasonText('BUDGET_EXCEEDED')).toBe(ENGINE_REASONS.BUDGET_EXCEEDED?.text);
    expect(ENGINE_CATALOG.reasonText('LOGGING_DISABLED')).toBe('LOGGING_DISABLED');
  });

  it('defines every reason the engine gives an input error', () => {
    const errors = [
      ...['INPUT_UNREADABLE', 'SYNTAX_ERROR', 'VALUE_UNRESOLVED', 'BUDGET_EXCEEDED', 'ParseError'].map(
        (code) => ({
          operation: 'Parse',
          code,
          file: 'main.tf',
        }),
      ),
      { operation: 'Evaluate', code: 'Other', file: 'main.tf' },
      ...[
        'ListTrails',
        'DescribeTrails',
        'GetTrailStatus',
        'ListBuckets',
        'AssumeRole',
        'GetBucketPolicy',
      ].map((operation) => ({ operation, code: 'AccessDenied', account: '111111111111' })),
      { operation: 'GetBucketLogging', code: 'InternalError', account: '111111111111' },
    ];
    const reasons = new Set(errors.map((e) => reasonForInputError({ message: 'm', ...e })));
    expect(reasons.size).toBe(9);
    for (const reason of reasons) expect(ruleCatalog.reason(reason), reason).toBeDefined();
  });
});
