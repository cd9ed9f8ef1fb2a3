/**
 * Table-test harness and inventory builders for rule tests (no test-framework import: tests call
 * `checkCase` and assert that it returns no mismatch). Like ESLint's RuleTester, a case must state what
 * it expects: an empty expectation is refused, and "no finding" has to be said explicitly with a reason.
 */
import { RuleCatalog } from '../../engine/catalog.js';
import { runRules } from '../../engine/run.js';
import type { Finding, ReasonCode, Rule, Status, WarningCode } from '../../engine/types.js';
import {
  type Account,
  type Bucket,
  emptyInventory,
  type Inventory,
  type LoggingConfig,
  type Trail,
} from '../../inventory/model.js';
import type { Read } from '../../inventory/read.js';

export interface ExpectedFinding {
  /** Resource name (bucket, trail or account id) or ARN. */
  resource: string;
  /** IaC address of the resource: picks one declaration when several share the name. */
  address?: string;
  status: Status;
  reason: ReasonCode;
  /** Exactly these warnings (order-insensitive); `[]` when none — it must be said. */
  warnings: WarningCode[];
  messageIncludes?: string[];
  /** Related resource names, ARNs or IaC addresses that must all be present. */
  related?: string[];
  /** Exactly this many related resources (to prove a link did not reach another declaration). */
  relatedCount?: number;
  /** A subset of the evidence that must match. */
  evidence?: Record<string, unknown>;
}

export interface RuleCase {
  name: string;
  /** Decision-table rows this case exercises, e.g. `4.1#6`, `warning:SELF_TARGET`, `peer:CS-CT-1`. */
  rows: string[];
  inventory: Inventory;
  /** The complete list of findings, or `{ none: why }` when the rule must say nothing. */
  expect: ExpectedFinding[] | { none: string };
}

export function defineCases(cases: RuleCase[]): RuleCase[] {
  const names = new Set<string>();
  for (const c of cases) {
    if (names.has(c.name)) throw new Error(`duplicate case name "${c.name}"`);
    names.add(c.name);
    if (Array.isArray(c.expect) && c.expect.length === 0) {
      throw new Error(`case "${c.name}" expects nothing: list the findings, or use { none: 'why' }`);
    }
    if (!Array.isArray(c.expect) && c.expect.none.trim() === '') {
      throw new Error(`case "${c.name}" expects no finding without saying why`);
    }
    for (const e of Array.isArray(c.expect) ? c.expect : []) {
      if (!e.status || !e.reason || !Array.isArray(e.warnings)) {
        throw new Error(`case "${c.name}": every expected finding needs status, reason and warnings`);
      }
    }
  }
  return cases;
}

/** Runs the rule through the engine and returns every mismatch (empty = the case passes). */
export function checkCase(rule: Rule, c: RuleCase): { mismatches: string[]; findings: Finding[] } {
  const findings = runRules(c.inventory, [rule]);
  const expected = Array.isArray(c.expect) ? c.expect : [];
  const mismatches: string[] = [];
  // A code without a definition would reach every report as a bare code: the rule's meta must define it.
  const catalog = new RuleCatalog([rule.meta]);
  const warnings = catalog.warningTexts();
  for (const f of findings) {
    if (!catalog.reason(f.reason)) mismatches.push(`${f.reason} is not in ${rule.meta.id}'s meta.reasons`);
    for (const w of f.warnings)
      if (!(w in warnings)) mismatches.push(`${w} is not in ${rule.meta.id}'s meta.warnings`);
  }
  if (findings.length !== expected.length) {
    mismatches.push(
      `expected ${expected.length} finding(s), got ${findings.length}: ${findings
        .map((f) => `${f.resource.name ?? f.resource.id}=${f.status}/${f.reason}`)
        .join(', ')}`,
    );
  }
  const unused = [...findings];
  for (const e of expected) {
    const at = unused.findIndex(
      (f) =>
        (f.resource.name === e.resource || f.resource.id === e.resource) &&
        (e.address === undefined || f.resource.location?.address === e.address),
    );
    const finding = at >= 0 ? unused.splice(at, 1)[0] : undefined;
    if (!finding) {
      mismatches.push(`no finding for ${e.resource}${e.address ? ` at ${e.address}` : ''}`);
      continue;
    }
    const where = e.address ? `${e.resource}@${e.address}:` : `${e.resource}:`;
    if (finding.status !== e.status || finding.reason !== e.reason) {
      mismatches.push(
        `${where} expected ${e.status}/${e.reason}, got ${finding.status}/${finding.reason} (${finding.message})`,
      );
    }
    const got = [...finding.warnings].sort().join(',');
    const want = [...e.warnings].sort().join(',');
    if (got !== want) mismatches.push(`${where} expected warnings [${want}], got [${got}]`);
    for (const text of e.messageIncludes ?? []) {
      if (!finding.message.includes(text))
        mismatches.push(`${where} message lacks "${text}": ${finding.message}`);
    }
    for (const r of e.related ?? []) {
      if (!finding.related.some((ref) => ref.name === r || ref.id === r || ref.location?.address === r))
        mismatches.push(`${where} not related to ${r}`);
    }
    if (e.relatedCount !== undefined && finding.related.length !== e.relatedCount)
      mismatches.push(
        `${where} expected ${e.relatedCount} related resource(s), got ${finding.related.length}`,
      );
    if (e.evidence) mismatches.push(...subsetMismatches(e.evidence, finding.evidence, `${where} evidence`));
  }
  return { mismatches, findings };
}

function subsetMismatches(expected: unknown, actual: unknown, path: string): string[] {
  if (expected !== null && typeof expected === 'object') {
    if (actual === null || typeof actual !== 'object')
      return [`${path}: expected an object, got ${JSON.stringify(actual)}`];
    return Object.entries(expected).flatMap(([key, value]) =>
      subsetMismatches(value, (actual as Record<string, unknown>)[key], `${path}.${key}`),
    );
  }
  return Object.is(expected, actual)
    ? []
    : [`${path}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`];
}

// ---- builders ---------------------------------------------------------------------------------------

export const ACCOUNT_A = '111111111111';
export const ACCOUNT_B = '222222222222';

export function inventory(parts: Partial<Omit<Inventory, 'schema'>> = {}): Inventory {
  return { ...emptyInventory(), ...parts };
}

export function account(id: string, patch: Partial<Account> = {}): Account {
  return { id, scanned: true, ...patch };
}

export function trail(name: string, bucketName: Read<string>, patch: Partial<Trail> = {}): Trail {
  const owner = patch.account === undefined ? ACCOUNT_A : patch.account;
  const region = patch.homeRegion === undefined ? 'us-east-1' : patch.homeRegion;
  return {
    arn: `arn:aws:cloudtrail:${region ?? 'us-east-1'}:${owner ?? '000000000000'}:trail/${name}`,
    name,
    account: owner,
    homeRegion: region,
    multiRegion: true,
    organization: false,
    isLogging: true,
    bucket: bucketName,
    keyPrefix: null,
    ...patch,
  };
}

export function logsTo(
  targetBucket: Read<string>,
  targetPrefix = '',
  patch: Partial<LoggingConfig> = {},
): LoggingConfig {
  return { targetBucket, targetPrefix, ...patch };
}

/** A bucket with every field read and harmless: logging disabled, no policy, BucketOwnerEnforced, SSE-S3. */
export function bucket(name: string, patch: Partial<Bucket> = {}): Bucket {
  return {
    name,
    account: ACCOUNT_A,
    region: 'us-east-1',
    exists: true,
    logging: null,
    policy: null,
    ownership: 'BucketOwnerEnforced',
    acl: [],
    defaultEncryption: 'SSE-S3',
    objectLockDefaultRetention: false,
    requesterPays: false,
    ...patch,
  };
}

/** The bucket policy statement AWS documents for log delivery into `target`. */
export function deliveryGrant(target: string, prefix = '', partition = 'aws') {
  return {
    Sid: 'S3ServerAccessLogsPolicy',
    Effect: 'Allow',
    Principal: { Service: 'logging.s3.amazonaws.com' },
    Action: 's3:PutObject',
    Resource: `arn:${partition}:s3:::${target}/${prefix}*`,
  };
}

/** A log bucket that can receive: grant by policy, everything else read and compatible. */
export function logBucket(name: string, patch: Partial<Bucket> = {}): Bucket {
  return bucket(name, { policy: { Version: '2012-10-17', Statement: [deliveryGrant(name)] }, ...patch });
}

/**
 * An IaC bucket declaration (no owner account or Region, a source location), e.g.
 * `declared('logs', 'module.a.aws_s3_bucket.logs')`; the file defaults to main.tf.
 */
export function declared(
  name: string,
  address: string,
  patch: Partial<Bucket> = {},
  file = 'main.tf',
  line = 1,
): Bucket {
  const { region: _unknownInIac, ...rest } = bucket(name, { account: null });
  return { ...rest, location: { file, line, address }, ...patch };
}
