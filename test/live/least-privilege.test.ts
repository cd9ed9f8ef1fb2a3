/**
 * iam/trailguard-readonly-policy.json is exactly what a scan needs: an organization scan whose scanner
 * and audit roles are allowed only those actions reads the same inventory as an unrestricted one, with
 * no IAM denial; and every operation the collector calls is covered by the policy.
 */
import { describe, expect, it } from 'vitest';
import { isActionAllowed, OPERATION_ACTIONS } from '../../src/emulator/index.js';
import type { Inventory } from '../../src/inventory/model.js';
import { COLLECTOR_ACTIONS } from '../../src/sources/aws/iam-actions.js';
import { collectAws } from '../../src/sources/aws/index.js';
import { orgOptions, withEmulator } from './helpers.js';
import { L, M, orgScenario, P, policyActions } from './scenarios.js';

function withoutTime(inventory: Inventory): Omit<Inventory, 'collectedAt'> {
  const { collectedAt: _time, ...rest } = inventory;
  return rest;
}

describe('least-privilege policy', () => {
  it('lists exactly the actions behind the operations the collector calls', () => {
    const needed = new Set(Object.values(COLLECTOR_ACTIONS).filter((a): a is string => a !== null));
    expect(new Set(policyActions())).toEqual(needed);
    // The emulator (which enforces allow-lists) maps each operation to the same action.
    for (const [operation, action] of Object.entries(COLLECTOR_ACTIONS)) {
      expect(OPERATION_ACTIONS[operation], operation).toBe(action);
    }
  });

  it('an organization scan under exactly that policy succeeds with no AccessDenied', async () => {
    const allow = policyActions();
    const accounts = [M, L, P];
    const restricted = await withEmulator(orgScenario({ allow, faults: false }), async (handle) => {
      const result = await collectAws(orgOptions(handle, { accounts }));
      return { inventory: result.inventory, operations: Object.keys(handle.counters.byOperation()) };
    });
    const unrestricted = await withEmulator(orgScenario({ faults: false }), (handle) =>
      collectAws(orgOptions(handle, { accounts })),
    );
    const text = JSON.stringify(restricted.inventory);
    expect(text).not.toMatch(/not authorized to perform/);
    expect(restricted.inventory.accounts.every((a) => a.scanned)).toBe(true);
    expect(restricted.inventory.errors).toEqual([]);
    expect(withoutTime(restricted.inventory)).toEqual(withoutTime(unrestricted.inventory));
    // Fails as soon as the collector calls an operation the policy does not allow.
    for (const operation of restricted.operations) {
      const action = OPERATION_ACTIONS[operation];
      expect(action, `${operation} has no known IAM action`).not.toBeUndefined();
      if (action !== null && action !== undefined)
        expect(isActionAllowed(allow, action), operation).toBe(true);
      expect(COLLECTOR_ACTIONS[operation], `${operation} missing from COLLECTOR_ACTIONS`).not.toBeUndefined();
    }
  }, 60_000);

  it('a policy missing one action shows up as AccessDenied (the allow-list is enforced)', async () => {
    const allow = policyActions().filter((a) => a !== 's3:GetBucketLogging');
    const inventory = await withEmulator(
      orgScenario({ allow, faults: false }),
      async (handle) => (await collectAws(orgOptions(handle, { accounts: [L] }))).inventory,
    );
    const bucket = inventory.buckets.find((b) => b.name === 'org-trail-logs');
    expect(bucket?.logging).toMatchObject({ error: { code: 'AccessDenied' } });
  }, 60_000);
});
