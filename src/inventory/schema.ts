/**
 * The `trailguard/inventory@1` snapshot schema (zod). It mirrors the types in model.ts and is the single
 * source of the published JSON Schema (schemas/inventory-v1.schema.json, written by scripts/generate-schema.mjs and checked by schema.test.ts).
 * A bad snapshot is rejected with the JSON path of the first problem and what was expected.
 */
import { z } from 'zod';
import { InputError } from '../errors.js';
import { formatJsonPath } from '../util/json-path.js';
import type { Inventory } from './model.js';

const readError = z.strictObject({
  code: z.string().min(1).describe('AWS error name or trailguard code (UNRESOLVED)'),
  message: z.string(),
});

/** `{ "error": { code, message } }` in place of a value that could not be read. */
const errorValue = z.strictObject({ error: readError });

function read<T extends z.ZodType>(value: T) {
  return z.union([errorValue, value]);
}

const accountId = z.string().regex(/^\d{12}$/, 'a 12-digit AWS account id');

const location = z.strictObject({
  file: z.string().min(1),
  line: z.number().int().min(1),
  column: z.number().int().min(1).optional(),
  address: z.string().min(1),
  cdkPath: z.string().optional(),
});

const account = z.strictObject({
  id: accountId,
  name: z.string().nullable().optional().describe('Account name; null or absent when unknown'),
  scanned: z
    .boolean()
    .describe('false: the account is named (by the organization, a trail) but could not be read'),
  accessError: readError
    .optional()
    .describe('Why the account could not be scanned (AssumeRole failed): ROLE_NOT_ASSUMABLE'),
  trails: read(z.array(z.string()))
    .optional()
    .describe('ARNs ListTrails returned; an error value when they could not be listed (TRAILS_UNREADABLE)'),
  buckets: read(z.array(z.string()))
    .optional()
    .describe(
      'Names ListBuckets returned (complete); an error value when they could not be listed (BUCKETS_UNREADABLE)',
    ),
});

const capturedAt = z
  .string()
  .min(1)
  .describe('AWS Config aggregator source: when AWS Config recorded this configuration (ISO 8601)');

const trail = z.strictObject({
  arn: z.string().min(1),
  name: z.string().min(1),
  account: accountId.nullable().describe('Owner account; null when unknown (IaC)'),
  homeRegion: z
    .string()
    .min(1)
    .nullable()
    .describe('Home Region; null when unknown (IaC without a provider Region)'),
  multiRegion: z.boolean(),
  organization: z.boolean(),
  isLogging: read(z.boolean()).optional().describe('GetTrailStatus.IsLogging; an error value when it failed'),
  bucket: read(z.string().min(1)).describe(
    'S3BucketName; an error value when an IaC expression cannot be resolved',
  ),
  keyPrefix: z.string().nullable().optional().describe('S3KeyPrefix; null or absent when none'),
  location: location.optional(),
  capturedAt: capturedAt.optional(),
});

const logging = z.strictObject({
  targetBucket: read(z.string().min(1)).describe(
    'TargetBucket; an error value when an IaC expression cannot be resolved (UNRESOLVED) or points at nothing (NO_TARGET)',
  ),
  targetPrefix: read(z.string()).describe(
    'TargetPrefix ("" when none); an error value when an IaC expression cannot be resolved (UNRESOLVED)',
  ),
  partitioned: z.boolean().optional(),
  expectedBucketOwner: z.string().optional(),
});

const aclGrant = z.strictObject({
  grantee: z.string().min(1),
  granteeType: z.enum(['Group', 'CanonicalUser', 'AmazonCustomerByEmail']).optional(),
  permission: z.enum(['FULL_CONTROL', 'WRITE', 'WRITE_ACP', 'READ', 'READ_ACP']),
});

const policyDocument = z
  .record(z.string(), z.unknown())
  .refine(
    (doc) => !('error' in doc && Object.keys(doc).length === 1),
    'a policy document, not an error value',
  );

const bucket = z.strictObject({
  name: z.string().min(1),
  nameUnresolved: readError
    .optional()
    .describe('Set when the IaC name is computed; `name` is then `<address>`'),
  account: accountId
    .nullable()
    .describe('Owner account; null when unknown (not listed by any scanned account, or IaC)'),
  accountSymbol: z
    .string()
    .min(1)
    .optional()
    .describe('IaC: the symbol the configuration uses for the account (same symbol, same account)'),
  region: read(z.string().min(1))
    .nullable()
    .optional()
    .describe(
      'Bucket Region; null when the bucket has none (it does not exist), absent when unknown (IaC), an error value when the read failed',
    ),
  exists: read(z.boolean()).describe('false = NoSuchBucket (404); a bucket answering 403 exists'),
  logging: read(logging.nullable())
    .optional()
    .describe('Server access logging; null = disabled; absent = not collected'),
  policy: read(policyDocument.nullable()).optional().describe('Bucket policy; null = no policy'),
  ownership: read(z.enum(['BucketOwnerEnforced', 'BucketOwnerPreferred', 'ObjectWriter']).nullable())
    .optional()
    .describe('Object Ownership; null = no ownership controls (behaves as ObjectWriter)'),
  acl: read(z.array(aclGrant)).optional(),
  defaultEncryption: read(z.enum(['SSE-S3', 'SSE-KMS', 'DSSE-KMS']).nullable())
    .optional()
    .describe('Default encryption; null = none'),
  objectLockDefaultRetention: read(z.boolean()).optional(),
  requesterPays: read(z.boolean()).optional(),
  location: location.optional(),
  capturedAt: capturedAt.optional(),
});

const inventoryError = z.strictObject({
  operation: z.string(),
  account: z
    .string()
    .nullable()
    .optional()
    .describe('Account the failed read was about; null or absent when none'),
  region: z.string().nullable().optional().describe('Region of the failed read; null or absent when global'),
  resource: z.string().optional(),
  code: z
    .string()
    .describe(
      'AWS error code (the reason then follows from operation) or INPUT_UNREADABLE / SYNTAX_ERROR / VALUE_UNRESOLVED / BUDGET_EXCEEDED',
    ),
  message: z.string(),
  file: z.string().optional(),
  line: z.number().int().optional(),
});

export const inventorySchema = z
  .strictObject({
    schema: z.literal('trailguard/inventory@1'),
    partition: z.enum(['aws', 'aws-cn', 'aws-us-gov']),
    collectedAt: z.iso.datetime({ offset: true }),
    shard: z
      .strictObject({ index: z.number().int().min(0), count: z.number().int().min(1) })
      .refine((s) => s.index < s.count, { message: 'shard index must be below the shard count' })
      .optional()
      .describe('Set by collect --shard K/N: the snapshot holds shard `index` (from 0) of `count`'),
    accounts: z.array(account),
    trails: z.array(trail),
    buckets: z.array(bucket),
    errors: z
      .array(inventoryError)
      .describe('Reads that failed above one field; each becomes an UNDETERMINED finding'),
  })
  .describe('trailguard inventory snapshot (trailguard/inventory@1)');

/** The published JSON Schema (draft 2020-12) of the snapshot format. */
export function inventoryJsonSchema(): Record<string, unknown> {
  return {
    $id: 'https://github.com/trailguard/trailguard/schemas/inventory-v1.schema.json',
    ...z.toJSONSchema(inventorySchema, { target: 'draft-2020-12' }),
  };
}

/**
 * Validates a parsed snapshot. Throws InputError naming the file, the JSON path of the first problem
 * and what was expected there.
 */
export function parseInventory(data: unknown, file: string): Inventory {
  return check(data, file, inventorySchema) as Inventory;
}

function check(data: unknown, file: string, schema: z.ZodType): unknown {
  if (data !== null && typeof data === 'object' && 'schema' in data) {
    const id = (data as { schema: unknown }).schema;
    if (id !== 'trailguard/inventory@1') {
      throw new InputError(
        `snapshot ${file}: unsupported schema ${JSON.stringify(id)} (this trailguard reads "trailguard/inventory@1")`,
      );
    }
  }
  const result = schema.safeParse(data, { reportInput: true });
  if (!result.success) {
    const issue = pickIssue(result.error.issues);
    throw new InputError(`snapshot ${file}: at ${formatJsonPath(issue.path)}: ${describeIssue(issue)}`);
  }
  return result.data;
}

/** The snapshot's lists: validated element by element by `validateInventory`. */
const LISTS = ['accounts', 'trails', 'buckets', 'errors'] as const;
const inventoryTop = inventorySchema.extend(
  Object.fromEntries(LISTS.map((key) => [key, z.array(z.unknown())])) as Record<
    (typeof LISTS)[number],
    z.ZodArray<z.ZodUnknown>
  >,
);

/**
 * The same check as `parseInventory` (same rules, same messages and JSON paths), for snapshots of a
 * million buckets: the lists are validated one element at a time and the parsed data is returned as it
 * is, instead of zod building a full copy of it (which doubled the peak memory). Valid because the
 * schema has no transforms or defaults: a valid input is its own parse result.
 */
export function validateInventory(data: unknown, file: string): Inventory {
  check(data, file, inventoryTop);
  const doc = data as Record<(typeof LISTS)[number], unknown[]>;
  for (const key of LISTS) {
    const element = inventorySchema.shape[key].element;
    const list = doc[key];
    for (let i = 0; i < list.length; i++) {
      const result = element.safeParse(list[i], { reportInput: true });
      if (!result.success) {
        const issue = pickIssue(result.error.issues);
        throw new InputError(
          `snapshot ${file}: at ${formatJsonPath([key, i, ...issue.path])}: ${describeIssue(issue)}`,
        );
      }
    }
  }
  return data as Inventory;
}

/** For `value-or-error` unions zod reports "invalid union": point at the deepest real problem instead. */
function pickIssue(issues: readonly z.core.$ZodIssue[]): z.core.$ZodIssue {
  const first = issues[0]!;
  if (first.code !== 'invalid_union') return first;
  // `read()` puts the error-value branch first: report the value branch, which is what the user meant,
  // unless the input looks like an error value.
  const branches = first.errors.map((branch) =>
    branch.map((i) => ({ ...i, path: [...first.path, ...i.path] })),
  );
  const input = (first as { input?: unknown }).input;
  const meantError = input !== null && typeof input === 'object' && 'error' in input;
  const valueBranch = meantError ? branches[0] : branches[branches.length - 1];
  return valueBranch?.[0] ? pickIssue(valueBranch) : first;
}

function describeIssue(issue: z.core.$ZodIssue): string {
  if (issue.code === 'invalid_type') {
    return `expected ${issue.expected}${issue.input === undefined ? ' (missing)' : `, got ${describeValue(issue.input)}`}`;
  }
  if (issue.code === 'unrecognized_keys')
    return `unknown field(s) ${issue.keys.map((k) => `"${k}"`).join(', ')}`;
  if (issue.code === 'invalid_value')
    return `expected one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`;
  return issue.message;
}

function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}
