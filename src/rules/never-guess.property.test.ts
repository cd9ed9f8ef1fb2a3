/**
 * Issue 10, property tests over both rules: inventories with random error values in every field the rules
 * read (and random failed listings in `errors[]`).
 *
 * 1. No COMPLIANT finding rests on an error value: resolving every error value to its worst real value
 *    (logging off, a policy that denies delivery, KMS encryption, another Region, an empty bucket list…)
 *    never turns a COMPLIANT finding into NON_COMPLIANT. A verdict that depended on the error would.
 * 2. The decision tables hold: every finding's status and reason is a row of its rule's table, and its
 *    warnings are ones the rule documents.
 * 3. Every `errors[]` entry is visible as an UNDETERMINED finding about its account.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { logDeliveryPolicy } from '../emulator/scenarios/demo.js';
import { runRules } from '../engine/run.js';
import type { Finding } from '../engine/types.js';
import type {
  Account,
  Bucket,
  Inventory,
  InventoryError,
  LoggingConfig,
  PolicyDocument,
  Trail,
} from '../inventory/model.js';
import { emptyInventory, LOG_DELIVERY_GROUP_URI } from '../inventory/model.js';
import { type ErrorValue, isErrorValue, type Read } from '../inventory/read.js';
import type { DocumentedRuleMeta } from './docs.js';
import { ruleCatalog, rules } from './index.js';

const ACCOUNTS = ['111111111111', '222222222222'];
const NAMES = ['b0', 'b1', 'b2', 'b3'];
const REGIONS = ['us-east-1', 'eu-west-1'];
/** Codes of every kind of failure: denied, failed after retries, unresolvable IaC value. */
const ERROR_CODES = ['AccessDenied', 'ThrottlingException', 'InternalError', 'UNRESOLVED'];

const errorArb: fc.Arbitrary<ErrorValue> = fc
  .constantFrom(...ERROR_CODES)
  .map((code) => ({ error: { code, message: `${code} (generated)` } }));

/** A field: a real value, an error value, or (when `absent`) not collected. */
function field<T>(value: fc.Arbitrary<T>, absent = true): fc.Arbitrary<Read<T> | undefined> {
  const options: fc.Arbitrary<Read<T> | undefined>[] = [value, value, errorArb];
  if (absent) options.push(fc.constant(undefined));
  return fc.oneof(...options);
}

/** The usual delivery grant (conditioned on the first account, so other owners leave it unsettled). */
const grantPolicy = (name: string): PolicyDocument => logDeliveryPolicy(name, ACCOUNTS[0] as string);

const DENY_ALL: PolicyDocument = {
  Version: '2012-10-17',
  Statement: [{ Effect: 'Deny', Principal: '*', Action: 's3:PutObject', Resource: '*' }],
};

function bucketArb(name: string): fc.Arbitrary<Bucket> {
  const logging: fc.Arbitrary<LoggingConfig | null> = fc.oneof(
    fc.constant(null),
    fc.record({
      targetBucket: field(fc.constantFrom(...NAMES, 'outside-bucket'), false) as fc.Arbitrary<Read<string>>,
      targetPrefix: fc.constantFrom('', 'logs/'),
    }),
  );
  return fc.record(
    {
      name: fc.constant(name),
      account: fc.constantFrom<string | null>(...ACCOUNTS, null),
      region: field(fc.constantFrom(...REGIONS)),
      exists: fc.oneof(fc.constant(true), fc.constant(true), fc.constant(false), errorArb),
      logging: field(logging),
      policy: field(fc.oneof(fc.constant(null), fc.constant(grantPolicy(name)), fc.constant(DENY_ALL))),
      ownership: field(fc.constantFrom('BucketOwnerEnforced' as const, 'ObjectWriter' as const, null)),
      acl: field(fc.constantFrom([], [{ grantee: LOG_DELIVERY_GROUP_URI, permission: 'WRITE' as const }])),
      defaultEncryption: field(fc.constantFrom('SSE-S3' as const, 'SSE-KMS' as const, null)),
      objectLockDefaultRetention: field(fc.boolean()),
      requesterPays: field(fc.boolean()),
    },
    { requiredKeys: ['name', 'account', 'exists'] },
  ) as fc.Arbitrary<Bucket>;
}

const inventoryArb: fc.Arbitrary<Inventory> = fc
  .record({
    buckets: fc.tuple(...NAMES.map(bucketArb)),
    lists: fc.tuple(
      ...ACCOUNTS.map(() => fc.oneof(fc.constant('complete'), fc.constant('absent'), errorArb)),
    ),
    trailBuckets: fc.array(field(fc.constantFrom(...NAMES, 'outside-bucket'), false), { maxLength: 3 }),
    isLogging: field(fc.boolean()),
    listingErrors: fc.array(
      fc.record({
        operation: fc.constantFrom('ListTrails', 'DescribeTrails', 'GetTrailStatus', 'ListBuckets'),
        account: fc.constantFrom(...ACCOUNTS),
        code: fc.constantFrom('AccessDenied', 'ThrottlingException'),
      }),
      { maxLength: 2 },
    ),
    /** An IaC inventory: declarations with file:line, no owner account, no live listings. */
    iac: fc.boolean(),
  })
  .map(({ buckets, lists, trailBuckets, isLogging, listingErrors, iac }) => {
    const inventory = emptyInventory();
    if (iac) {
      inventory.buckets = buckets.map((b, i) => ({
        ...b,
        account: null,
        location: { file: 'main.tf', line: i + 1, address: `aws_s3_bucket.${b.name}` },
      }));
      inventory.trails = trailBuckets.map(
        (bucket, i): Trail => ({
          arn: `arn:aws:cloudtrail:::trail/t${i}`,
          name: `t${i}`,
          account: null,
          homeRegion: null,
          multiRegion: true,
          organization: false,
          bucket: bucket as Read<string>,
          location: { file: 'main.tf', line: 100 + i, address: `aws_cloudtrail.t${i}` },
        }),
      );
      return inventory;
    }
    inventory.buckets = buckets;
    inventory.accounts = ACCOUNTS.map((id, i): Account => {
      const list = lists[i];
      const owned = buckets.filter((b) => b.account === id && b.exists !== false).map((b) => b.name);
      return {
        id,
        scanned: true,
        ...(list === 'absent' ? {} : { buckets: list === 'complete' ? owned : list }),
      };
    });
    inventory.trails = trailBuckets.map(
      (bucket, i): Trail => ({
        arn: `arn:aws:cloudtrail:us-east-1:${ACCOUNTS[0]}:trail/t${i}`,
        name: `t${i}`,
        account: ACCOUNTS[0] as string,
        homeRegion: 'us-east-1',
        multiRegion: true,
        organization: false,
        bucket: bucket as Read<string>,
        ...(isLogging === undefined ? {} : { isLogging }),
      }),
    );
    inventory.errors = listingErrors.map(
      (e): InventoryError => ({ ...e, region: 'us-east-1', message: `${e.operation} failed` }),
    );
    return inventory;
  });

/** Every error value resolved to the real value that is worst for delivery. */
function worstWorld(inventory: Inventory): Inventory {
  const worst = structuredClone(inventory);
  const or = <T>(value: Read<T> | undefined, bad: T): Read<T> | undefined =>
    value !== undefined && isErrorValue(value) ? bad : value;
  for (const b of worst.buckets) {
    // Reading a bucket's own logging configuration proves it exists: its existence error resolves to true.
    b.exists = or(b.exists, true) as Read<boolean>;
    b.region = or(b.region, 'xx-elsewhere-1');
    b.logging = or(b.logging, null);
    if (b.logging && !isErrorValue(b.logging) && isErrorValue(b.logging.targetBucket))
      b.logging.targetBucket = 'zz-missing';
    b.policy = or(b.policy, DENY_ALL);
    b.ownership = or(b.ownership, 'BucketOwnerEnforced');
    b.acl = or(b.acl, []);
    b.defaultEncryption = or(b.defaultEncryption, 'SSE-KMS');
    b.objectLockDefaultRetention = or(b.objectLockDefaultRetention, true);
    b.requesterPays = or(b.requesterPays, true);
  }
  worst.buckets.push({ name: 'zz-missing', account: null, exists: false });
  // A failed bucket list resolves to one without the unknown targets: "owned by another account".
  const failedLists = new Set(
    worst.errors.filter((e) => e.operation === 'ListBuckets').map((e) => e.account),
  );
  for (const a of worst.accounts) {
    if ((a.buckets !== undefined && isErrorValue(a.buckets)) || failedLists.has(a.id)) {
      a.buckets = worst.buckets.filter((b) => b.account === a.id && b.exists !== false).map((b) => b.name);
    }
  }
  worst.errors = worst.errors.filter((e) => e.operation !== 'ListBuckets');
  return worst;
}

const key = (f: Finding) => `${f.ruleId} ${f.resource.id}`;

describe('never guess: error values in every field the rules read', () => {
  it('no COMPLIANT finding turns NON_COMPLIANT when its error values are resolved to the worst', () => {
    fc.assert(
      fc.property(inventoryArb, (inventory) => {
        const findings = runRules(inventory, rules);
        const worst = new Map(runRules(worstWorld(inventory), rules).map((f) => [key(f), f]));
        for (const f of findings) {
          if (f.status !== 'COMPLIANT') continue;
          const resolved = worst.get(key(f));
          if (resolved?.status === 'NON_COMPLIANT') {
            throw new Error(
              `${key(f)} is COMPLIANT (${f.message}) but ${resolved.reason} once its error values are real (${resolved.message})`,
            );
          }
        }
      }),
      { numRuns: 400 },
    );
  });

  it('every finding is a row of its rule decision table, with documented warnings and a defined reason', () => {
    fc.assert(
      fc.property(inventoryArb, (inventory) => {
        for (const f of runRules(inventory, rules)) {
          const meta = rules.find((r) => r.meta.id === f.ruleId)?.meta as DocumentedRuleMeta;
          const rows = (meta.outcomes ?? []).filter((row) => row.status === f.status);
          expect(
            rows.some((row) => row.reasons.includes(f.reason)),
            `${f.ruleId}: ${f.status} ${f.reason}`,
          ).toBe(true);
          for (const warning of f.warnings) expect(Object.keys(meta.warnings ?? {})).toContain(warning);
          // Defined, so every report says it in words (the rule's meta, shared/reasons.ts or the engine).
          expect(ruleCatalog.reason(f.reason), f.reason).toBeDefined();
        }
      }),
      { numRuns: 300 },
    );
  });

  it('every failed listing in errors[] is an UNDETERMINED finding about its account', () => {
    fc.assert(
      fc.property(inventoryArb, (inventory) => {
        const findings = runRules(inventory, rules);
        for (const error of inventory.errors) {
          const about = findings.filter(
            (f) => f.status === 'UNDETERMINED' && f.resource.account === error.account,
          );
          expect(about.length, `${error.operation} ${error.account}`).toBeGreaterThan(0);
        }
      }),
      { numRuns: 200 },
    );
  });

  it('an UNRESOLVED value that decides a verdict gives VALUE_UNRESOLVED, never READ_FAILED', () => {
    fc.assert(
      fc.property(inventoryArb, (inventory) => {
        const onlyUnresolved = structuredClone(inventory);
        // Keep only IaC-style failures: every error value is UNRESOLVED, and there are no live listings.
        const rewrite = (value: unknown): unknown => {
          if (isErrorValue(value)) return { error: { code: 'UNRESOLVED', message: 'var.x has no default' } };
          if (Array.isArray(value)) return value.map(rewrite);
          if (value !== null && typeof value === 'object')
            return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, rewrite(v)]));
          return value;
        };
        const iac = rewrite(onlyUnresolved) as Inventory;
        iac.errors = [];
        for (const f of runRules(iac, rules)) {
          if (f.status !== 'UNDETERMINED') continue;
          expect(f.reason, f.message).not.toBe('ACCESS_DENIED');
          // READ_FAILED only for a configuration that was not collected at all (no value, no error).
          if (f.reason === 'READ_FAILED') expect(f.evidence.logging, f.message).toBe('not collected');
        }
      }),
      { numRuns: 200 },
    );
  });
});
