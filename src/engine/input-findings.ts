/**
 * Issue 10's contract, engine side: every entry of `inventory.errors` (a part of the input that could not
 * be read or evaluated, see `src/inventory/input-errors.ts`) becomes an UNDETERMINED finding, so it shows
 * in every report format and fails the run by default.
 *
 * - Reason. Errors about a file carry it as `code` (INPUT_UNREADABLE, SYNTAX_ERROR, VALUE_UNRESOLVED,
 *   BUDGET_EXCEEDED, or a legacy source code mapped below). AWS errors keep the AWS code and the reason
 *   follows from the operation: ListTrails/DescribeTrails/GetTrailStatus → TRAILS_UNREADABLE, ListBuckets
 *   → BUCKETS_UNREADABLE, AssumeRole → ROLE_NOT_ASSUMABLE, anything else → ACCESS_DENIED or READ_FAILED.
 * - Rule. One finding per rule that ran (so `--rule` and rule-based suppressions keep working), except
 *   that TRAILS_UNREADABLE / BUCKETS_UNREADABLE go only to the rules that report that listing
 *   (`RuleMeta.listings`).
 * - Resource. A file error points at the file (`File` resource with file:line, so SARIF annotates it); an
 *   AWS error at its account (`arn:aws:iam::ID:root`); an error with neither at the inventory.
 * - No duplicates. A rule that already gave a finding with the same reason on the same resource (an
 *   account's TRAILS_UNREADABLE from `account.trails`) covers the error; several errors with the same rule,
 *   reason and resource (DescribeTrails failing in three Regions, two problems on one line) are one finding
 *   whose evidence lists them all.
 */
import type { Inventory, InventoryError } from '../inventory/model.js';
import { ACCESS_DENIED_CODES } from '../inventory/read.js';
import type { Finding, ReasonCode, ResourceRef, Rule } from './types.js';

/** Codes sources give to file-level problems, and the reason each means. */
const FILE_ERROR_REASONS: Record<string, ReasonCode> = {
  INPUT_UNREADABLE: 'INPUT_UNREADABLE',
  SYNTAX_ERROR: 'SYNTAX_ERROR',
  VALUE_UNRESOLVED: 'VALUE_UNRESOLVED',
  BUDGET_EXCEEDED: 'BUDGET_EXCEEDED',
  // Codes the sources used before the contract (kept so older snapshots and sources read the same).
  ParseError: 'SYNTAX_ERROR',
  UNRESOLVED: 'VALUE_UNRESOLVED',
  EXPAND: 'VALUE_UNRESOLVED',
  CONFLICTING_RESOURCES: 'VALUE_UNRESOLVED',
  DUPLICATE_BUCKET_NAME: 'VALUE_UNRESOLVED',
  REMOTE_MODULE: 'INPUT_UNREADABLE',
  MODULE_NOT_FOUND: 'INPUT_UNREADABLE',
};

const TRAIL_OPERATIONS = new Set(['ListTrails', 'DescribeTrails', 'GetTrailStatus']);

/**
 * The reason an input error is reported with (see the module comment). The file and role reasons are the
 * engine's (reasons.ts); the listing and read reasons are the rules' own words, reused here (the CloudTrail
 * and S3 rules' reasons.ts, rules/shared/reasons.ts): catalog.test.ts checks that each is defined.
 */
export function reasonForInputError(error: InventoryError): ReasonCode {
  const fileReason = FILE_ERROR_REASONS[error.code];
  if (fileReason) return fileReason;
  if (error.file !== undefined) return 'VALUE_UNRESOLVED';
  if (TRAIL_OPERATIONS.has(error.operation)) return 'TRAILS_UNREADABLE';
  if (error.operation === 'ListBuckets') return 'BUCKETS_UNREADABLE';
  if (error.operation === 'AssumeRole') return 'ROLE_NOT_ASSUMABLE';
  return ACCESS_DENIED_CODES.has(error.code) ? 'ACCESS_DENIED' : 'READ_FAILED';
}

/** Whether `rule` reports errors of this reason (listing reasons go only to the rules that list them). */
function concerns(rule: Rule, reason: ReasonCode): boolean {
  const listings = rule.meta.listings ?? ['trails', 'buckets'];
  if (reason === 'TRAILS_UNREADABLE') return listings.includes('trails');
  if (reason === 'BUCKETS_UNREADABLE') return listings.includes('buckets');
  return true;
}

/** The resource an input error points at: the file (and line), else the account, else the inventory. */
export function inputErrorResource(inventory: Inventory, error: InventoryError): ResourceRef {
  if (error.file !== undefined) {
    return {
      type: 'File',
      id: error.file,
      name: error.file,
      account: error.account ?? null,
      region: error.region ?? null,
      location: { file: error.file, line: error.line ?? 1, address: error.resource ?? error.file },
    };
  }
  if (error.account) {
    const name = inventory.accounts.find((a) => a.id === error.account)?.name;
    return {
      type: 'AWS::::Account',
      id: `arn:${inventory.partition}:iam::${error.account}:root`,
      name: name ?? error.account,
      account: error.account,
      region: error.region ?? null,
    };
  }
  return { type: 'AWS::::Account', id: 'inventory', name: 'inventory', account: null, region: null };
}

function describe(error: InventoryError): string {
  const where = error.file ? `${error.file}${error.line ? `:${error.line}` : ''}: ` : '';
  const account = !error.file && error.account ? `account ${error.account}` : '';
  const region = !error.file && error.region ? `${account ? ' ' : ''}(${error.region})` : '';
  const scope = account || region ? `${account}${region}: ` : '';
  const subject = error.resource && !error.file ? `${error.resource}: ` : '';
  return `${where}${scope}${subject}${error.operation} failed (${error.code}): ${error.message.replace(/\.$/, '')}`;
}

const STEER: Partial<Record<ReasonCode, string>> = {
  TRAILS_UNREADABLE: 'its trail buckets could not be checked',
  BUCKETS_UNREADABLE: 'its buckets could not be checked',
  ROLE_NOT_ASSUMABLE: 'nothing in the account was read',
  INPUT_UNREADABLE: 'what it declares was not read',
  SYNTAX_ERROR: 'what it declares was not read',
  VALUE_UNRESOLVED: 'the resources it decides were not evaluated',
  BUDGET_EXCEEDED: 'the rest of it was not evaluated',
};

/**
 * The UNDETERMINED findings for `inventory.errors`, given the findings the rules already made
 * (to leave out what they cover). Findings are in the order of the errors, grouped as described above.
 */
export function inputErrorFindings(
  inventory: Inventory,
  rules: readonly Rule[],
  ruleFindings: readonly Finding[],
): Finding[] {
  const covered = new Set(ruleFindings.map((f) => `${f.ruleId}\u0000${f.reason}\u0000${f.resource.id}`));
  const groups = new Map<string, { finding: Finding; errors: InventoryError[] }>();
  for (const error of inventory.errors) {
    const reason = reasonForInputError(error);
    const resource = inputErrorResource(inventory, error);
    for (const rule of rules) {
      if (!concerns(rule, reason)) continue;
      const key = `${rule.meta.id}\u0000${reason}\u0000${resource.id}`;
      if (covered.has(key)) continue;
      const groupKey = `${key}\u0000${resource.location?.line ?? ''}\u0000${resource.location?.address ?? ''}`;
      const group = groups.get(groupKey);
      if (group) {
        group.errors.push(error);
        continue;
      }
      groups.set(groupKey, {
        errors: [error],
        finding: {
          ruleId: rule.meta.id,
          status: 'UNDETERMINED',
          reason,
          warnings: [],
          severity: rule.meta.severity,
          message: '',
          resource,
          related: [],
          evidence: {},
          compliance: rule.meta.compliance.map((mapping) => ({ ...mapping })),
          suppressed: null,
        },
      });
    }
  }
  return [...groups.values()].map(({ finding, errors }) => {
    const more = errors.length > 1 ? ` (and ${errors.length - 1} more error(s) like it)` : '';
    const steer = STEER[finding.reason];
    finding.message = `${describe(errors[0] as InventoryError)}${more}${steer ? `; ${steer}` : ''}.`;
    finding.evidence = { errors: errors.map((e) => ({ ...e })) };
    return finding;
  });
}
