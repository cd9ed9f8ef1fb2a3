import type { Inventory } from '../inventory/model.js';
import type { Finding, Rule } from './types.js';

/** Runs every rule over the inventory. A rule that throws yields an UNDETERMINED RULE_ERROR finding. */
export function runRules(_inventory: Inventory, _rules: readonly Rule[]): Finding[] {
  throw new Error('runRules: not implemented yet');
}
