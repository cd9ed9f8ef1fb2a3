/**
 * `--org --role-name R --role-arn X=ARN` where X is not an organization member (a company just
 * acquired): X is scanned in full through that role, so its bucket that an organization trail writes
 * to is evaluated (instead of BUCKET_NOT_IN_SCOPE) and its lack of trails is NO_TRAILS.
 */
import { describe, expect, it } from 'vitest';
import type { ScenarioSpec } from '../../src/emulator/index.js';
import { evaluate } from '../../src/scan.js';
import { collectAws } from '../../src/sources/aws/index.js';
import { orgOptions, verdicts, withEmulator } from './helpers.js';
import { L, M, orgScenario, P, ROLE, X } from './scenarios.js';

const X_ROLE = `arn:aws:iam::${X}:role/${ROLE}`;

/** The organization scenario with an audit role in the outside account X, trusted by the management account. */
function withOutsideRole(): ScenarioSpec {
  const spec = orgScenario({ faults: false });
  return {
    ...spec,
    accounts: spec.accounts.map((a) =>
      a.id === X ? { ...a, roles: [{ name: ROLE, trustedAccounts: [M] }] } : a,
    ),
  };
}

describe('--org with --role-arn for an account outside the organization', () => {
  it('scans the non-member in full: its trail bucket is evaluated, its missing trails are NO_TRAILS', async () => {
    const { result, assumed, xCalls } = await withEmulator(withOutsideRole(), async (handle) => {
      const result = await collectAws(orgOptions(handle, { roleArns: { [X]: X_ROLE } }));
      return {
        result,
        assumed: handle.counters.byOperation()['sts:AssumeRole'],
        xCalls: handle.counters.byAccount()[X] ?? {},
      };
    });
    const { inventory } = result;
    expect(organizationMembers()).not.toContain(X);
    const outside = inventory.accounts.find((a) => a.id === X);
    expect(outside).toMatchObject({ id: X, scanned: true, trails: [], buckets: ['partner-trail-logs'] });
    expect(result.source.accounts).toContain(X);
    // Read with X's own credentials (the role session acts in X): ListBuckets and GetBucketLogging there.
    expect(xCalls['s3:ListBuckets']).toBe(1);
    expect(xCalls['s3:GetBucketLogging']).toBe(1);
    expect(xCalls['s3:HeadBucket']).toBeUndefined();
    // L, P, D (fails: role trusts X only) and X.
    expect(assumed).toBe(4);
    const v = verdicts(evaluate(result).report.findings);
    expect(v['ct partner-trail-logs']).toBe('NON_COMPLIANT LOGGING_DISABLED');
    // No ListAccounts entry names a non-member: its finding carries the account id as its name.
    expect(v[`ct ${X}`]).toBe('NOT_APPLICABLE NO_TRAILS');
    expect(v['s3 partner-trail-logs']).toBe('NON_COMPLIANT LOGGING_DISABLED');
    expect(inventory.errors).not.toContainEqual(expect.objectContaining({ account: X }));
  }, 60_000);

  it('without --role-arn the same account stays out of scope; --accounts narrows it like a member', async () => {
    const [plain, narrowed, listed] = await withEmulator(withOutsideRole(), async (handle) => [
      await collectAws(orgOptions(handle)),
      await collectAws(orgOptions(handle, { accounts: [M, L, P], roleArns: { [X]: X_ROLE } })),
      await collectAws(orgOptions(handle, { accounts: [M, X], roleArns: { [X]: X_ROLE } })),
    ]);
    expect(plain.inventory.accounts.map((a) => a.id)).not.toContain(X);
    expect(verdicts(evaluate(plain).report.findings)['ct partner-trail-logs']).toBe(
      'UNDETERMINED BUCKET_NOT_IN_SCOPE',
    );
    expect(narrowed.inventory.accounts.map((a) => a.id)).not.toContain(X);
    expect(listed.inventory.accounts.map((a) => a.id).sort()).toEqual([M, X].sort());
    // Listed in --accounts and given a role ARN: no AccountNotInOrganization error for it.
    expect(listed.inventory.errors).toEqual([]);
  }, 60_000);
});

function organizationMembers(): string[] {
  return orgScenario().organization?.members ?? [];
}
