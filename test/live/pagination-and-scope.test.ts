/**
 * Pagination beyond one page (ListBuckets, ListTrails, ListAccounts) and the single-account scope:
 * a 403 bucket outside the scan is BUCKET_NOT_IN_SCOPE until --role-arn brings its owner in.
 */
import { describe, expect, it } from 'vitest';
import type { Inventory } from '../../src/inventory/model.js';
import { evaluate } from '../../src/scan.js';
import { collectAws } from '../../src/sources/aws/index.js';
import { orgOptions, verdicts, withEmulator } from './helpers.js';
import { L, M, orgScenario, P, ROLE, X } from './scenarios.js';

function withoutTime(inventory: Inventory): Omit<Inventory, 'collectedAt'> {
  const { collectedAt: _time, ...rest } = inventory;
  return rest;
}

describe('pagination', () => {
  it('reads every page of ListBuckets, ListTrails and ListAccounts', async () => {
    const paged = await withEmulator(
      orgScenario({ faults: false, pageSizes: { listBuckets: 2, listTrails: 2, listAccounts: 1 } }),
      async (handle) => ({
        inventory: (await collectAws(orgOptions(handle))).inventory,
        byAccount: handle.counters.byAccount(),
      }),
    );
    const single = await withEmulator(orgScenario({ faults: false }), (handle) =>
      collectAws(orgOptions(handle)),
    );
    expect(withoutTime(paged.inventory)).toEqual(withoutTime(single.inventory));
    // P owns 10 buckets and lists 11 trails: several pages each; 4 accounts, one per page.
    expect(paged.byAccount[P]?.['s3:ListBuckets']).toBeGreaterThanOrEqual(5);
    expect(paged.byAccount[P]?.['cloudtrail:ListTrails']).toBeGreaterThanOrEqual(6);
    expect(paged.byAccount[M]?.['organizations:ListAccounts']).toBeGreaterThanOrEqual(4);
    expect(paged.inventory.accounts.find((a) => a.id === P)?.buckets).toHaveLength(10);
  }, 60_000);
});

describe('single-account scope', () => {
  it('an organization trail seen from a member: its bucket is not in scope without a role for the owner', async () => {
    const report = await withEmulator(orgScenario({ faults: false }), async (handle) => {
      const result = await collectAws({
        endpointUrl: handle.endpoint,
        credentials: handle.credentialsFor(P),
        region: 'us-east-1',
        env: {},
      });
      return evaluate(result).report;
    });
    const finding = report.findings.find((f) => f.resource.name === 'org-trail-logs');
    expect(finding).toMatchObject({ status: 'UNDETERMINED', reason: 'BUCKET_NOT_IN_SCOPE' });
    expect(finding?.message).toMatch(/--role-arn/);
    expect(report.source.accounts).toEqual([P]);
  }, 60_000);

  it('--role-arn ACCOUNT=ARN brings the log-archive account in: the bucket is evaluated normally', async () => {
    const result = await withEmulator(orgScenario({ faults: false }), async (handle) =>
      collectAws({
        endpointUrl: handle.endpoint,
        // The management account's scanner may assume the audit role in L.
        credentials: handle.credentialsFor(M, 'scanner'),
        roleArns: { [L]: `arn:aws:iam::${L}:role/${ROLE}` },
        region: 'us-east-1',
        env: {},
      }),
    );
    expect(result.inventory.accounts.map((a) => [a.id, a.scanned])).toEqual([
      [M, true],
      [L, true],
    ]);
    expect(verdicts(evaluate(result).report.findings)['ct org-trail-logs']).toBe('COMPLIANT LOGGING_ENABLED');
  }, 60_000);

  it('an account with no trail is NOT_APPLICABLE NO_TRAILS, once', async () => {
    const result = await withEmulator(orgScenario({ faults: false }), (handle) =>
      collectAws({
        endpointUrl: handle.endpoint,
        credentials: handle.credentialsFor(X),
        region: 'eu-west-1',
        env: {},
      }),
    );
    const report = evaluate(result).report;
    const findings = verdicts(report.findings);
    const noTrails = report.findings.filter((f) => f.reason === 'NO_TRAILS');
    expect(noTrails).toHaveLength(1);
    expect(noTrails[0]?.resource.id).toBe(`arn:aws:iam::${X}:root`);
    expect(noTrails[0]?.status).toBe('NOT_APPLICABLE');
    expect(findings['s3 partner-trail-logs']).toBe('NON_COMPLIANT LOGGING_DISABLED');
  }, 60_000);
});
