/** Per-account findings both rules give the same way. */
import type { FindingDraft } from '../../engine/types.js';
import type { Account } from '../../inventory/model.js';
import type { InventoryIndex } from './inventory-index.js';
import { accountRef } from './refs.js';

/**
 * An account named by the organization (or --role-arn) whose scan role could not be assumed: nothing in
 * it was read, so neither its trails nor its buckets are known (ROLE_NOT_ASSUMABLE, issue 10). Null when
 * the account was scanned or has no access error.
 */
export function roleNotAssumable(
  index: InventoryIndex,
  account: Account,
  what: 'trails' | 'buckets',
): FindingDraft<'ROLE_NOT_ASSUMABLE', never> | null {
  if (!account.accessError || account.scanned) return null;
  const { code, message } = account.accessError;
  return {
    status: 'UNDETERMINED',
    reason: 'ROLE_NOT_ASSUMABLE',
    warnings: [],
    message: `Account ${account.id} could not be scanned (${code}: ${message}), so its ${what} could not be listed; check that the scan role exists there and can be assumed.`,
    resource: accountRef(index.inventory, account),
    related: [],
    evidence: { scanned: account.scanned, accessError: account.accessError },
  };
}
