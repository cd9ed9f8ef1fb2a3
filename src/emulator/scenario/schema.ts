/**
 * The scenario file format: a ScenarioSpec as JSON, validated with zod (unknown keys are errors, so
 * a typo does not silently change the world), plus cross-reference checks. A bad scenario is an
 * InputError naming the JSON path.
 */
import { z } from 'zod';
import { InputError } from '../../errors.js';
import { formatJsonPath } from '../../util/json-path.js';
import type { ScenarioSpec } from '../api.js';

const accountId = z.string().regex(/^\d{12}$/, 'must be a 12-digit account id');
const region = z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d$/, 'must be a Region name like us-east-1');

const principal = z.strictObject({
  name: z.string().min(1),
  accessKeyId: z.string().regex(/^[A-Z0-9]{16,128}$/, 'must be upper-case letters and digits'),
  secretAccessKey: z.string().min(1),
  allow: z.array(z.string()).optional(),
});

const role = z.strictObject({
  name: z.string().regex(/^[\w+=,.@-]{1,64}$/),
  trustedAccounts: z.array(accountId).optional(),
  externalId: z.string().min(2).optional(),
  allow: z.array(z.string()).optional(),
});

const account = z.strictObject({
  id: accountId,
  name: z.string().min(1),
  email: z.string().optional(),
  regions: z.array(region).optional(),
  disabledRegions: z.array(region).optional(),
  principals: z.array(principal).optional(),
  roles: z.array(role).optional(),
});

const pab = z.strictObject({
  blockPublicAcls: z.boolean(),
  ignorePublicAcls: z.boolean(),
  blockPublicPolicy: z.boolean(),
  restrictPublicBuckets: z.boolean(),
});

const bucket = z.strictObject({
  name: z.string().min(3).max(63),
  account: accountId,
  region,
  logging: z
    .strictObject({
      targetBucket: z.string().min(1),
      targetPrefix: z.string().optional(),
      partitioned: z.boolean().optional(),
    })
    .optional(),
  policy: z.record(z.string(), z.unknown()).optional(),
  acl: z
    .array(
      z.strictObject({
        grantee: z.string().min(1),
        granteeType: z.enum(['Group', 'CanonicalUser']).optional(),
        permission: z.enum(['FULL_CONTROL', 'WRITE', 'WRITE_ACP', 'READ', 'READ_ACP']),
      }),
    )
    .optional(),
  ownership: z.enum(['BucketOwnerEnforced', 'BucketOwnerPreferred', 'ObjectWriter']).nullable().optional(),
  encryption: z.enum(['SSE-S3', 'SSE-KMS', 'DSSE-KMS']).nullable().optional(),
  kmsKeyId: z.string().optional(),
  publicAccessBlock: pab.nullable().optional(),
  creationDate: z.iso.datetime().optional(),
  objectLock: z
    .strictObject({
      defaultRetention: z
        .strictObject({ mode: z.enum(['GOVERNANCE', 'COMPLIANCE']), days: z.number().int().positive() })
        .optional(),
    })
    .optional(),
  requesterPays: z.boolean().optional(),
  deleted: z.boolean().optional(),
});

const trail = z.strictObject({
  name: z.string().min(3).max(128),
  account: accountId,
  homeRegion: region,
  bucket: z.string().min(3),
  keyPrefix: z.string().optional(),
  multiRegion: z.boolean().optional(),
  organization: z.boolean().optional(),
  logging: z.boolean().optional(),
});

const selectors = {
  operation: z.string().optional(),
  service: z
    .enum(['s3', 'cloudtrail', 'sts', 'organizations', 'ec2', 'account', 'config', 'securityhub'])
    .optional(),
  account: accountId.optional(),
  resource: z.string().optional(),
  times: z.number().int().positive().optional(),
};
const rate = z.number().min(0).max(1);

const fault = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('accessDenied'), ...selectors }),
  z.strictObject({ kind: z.literal('throttle'), rate, ...selectors }),
  z.strictObject({
    kind: z.literal('serverError'),
    status: z.union([z.literal(500), z.literal(503)]),
    rate: rate.optional(),
    ...selectors,
  }),
  z.strictObject({
    kind: z.literal('latency'),
    ms: z.number().min(0),
    jitterMs: z.number().min(0).optional(),
    ...selectors,
  }),
  z.strictObject({ kind: z.literal('reset'), rate: rate.optional(), ...selectors }),
  z.strictObject({ kind: z.literal('hang'), rate: rate.optional(), ...selectors }),
  z.strictObject({
    kind: z.literal('plainError'),
    status: z.number().int().min(400).max(599),
    body: z.string().optional(),
    contentType: z.string().min(1).optional(),
    rate: rate.optional(),
    ...selectors,
  }),
  z.strictObject({
    kind: z.literal('importFailure'),
    errorCode: z.string().min(1).optional(),
    count: z.number().int().positive().optional(),
    rate: rate.optional(),
    ...selectors,
  }),
]);

export const scenarioSchema = z
  .strictObject({
    $schema: z.string().optional(),
    regions: z.array(region).min(1),
    organization: z
      .strictObject({
        id: z.string().regex(/^o-[a-z0-9]{10,32}$/),
        managementAccount: accountId,
        members: z.array(accountId).optional(),
      })
      .optional(),
    accounts: z.array(account).min(1),
    buckets: z.array(bucket),
    trails: z.array(trail),
    faults: z.array(fault).optional(),
    pageSizes: z
      .strictObject({
        listBuckets: z.number().int().positive().optional(),
        listTrails: z.number().int().positive().optional(),
        listAccounts: z.number().int().positive().optional(),
        listRegions: z.number().int().positive().optional(),
      })
      .optional(),
    unsupportedOperations: z.array(z.string().regex(/^[a-z0-9]+:[A-Za-z]+$/)).optional(),
    configAggregators: z
      .array(
        z.strictObject({
          name: z.string().regex(/^[\w-]{1,256}$/),
          account: accountId,
          accounts: z.array(accountId).optional(),
          unrecordedAccounts: z.array(accountId).optional(),
          failedSources: z
            .array(z.strictObject({ account: accountId, region, status: z.enum(['FAILED', 'OUTDATED']) }))
            .optional(),
        }),
      )
      .optional(),
  })
  .superRefine((s, ctx) => {
    const ids = new Set<string>();
    const keys = new Set<string>();
    s.accounts.forEach((a, i) => {
      if (ids.has(a.id))
        ctx.addIssue({ code: 'custom', path: ['accounts', i, 'id'], message: `duplicate account ${a.id}` });
      ids.add(a.id);
      a.principals?.forEach((p, j) => {
        if (keys.has(p.accessKeyId)) {
          ctx.addIssue({
            code: 'custom',
            path: ['accounts', i, 'principals', j, 'accessKeyId'],
            message: 'duplicate access key id',
          });
        }
        keys.add(p.accessKeyId);
      });
    });
    const org = s.organization;
    if (org && !ids.has(org.managementAccount)) {
      ctx.addIssue({
        code: 'custom',
        path: ['organization', 'managementAccount'],
        message: `unknown account ${org.managementAccount}`,
      });
    }
    org?.members?.forEach((m, i) => {
      if (!ids.has(m))
        ctx.addIssue({
          code: 'custom',
          path: ['organization', 'members', i],
          message: `unknown account ${m}`,
        });
    });
    const live = new Set<string>();
    s.buckets.forEach((b, i) => {
      if (!ids.has(b.account))
        ctx.addIssue({
          code: 'custom',
          path: ['buckets', i, 'account'],
          message: `unknown account ${b.account}`,
        });
      if (!b.deleted) {
        if (live.has(b.name))
          ctx.addIssue({
            code: 'custom',
            path: ['buckets', i, 'name'],
            message: `duplicate bucket ${b.name}`,
          });
        live.add(b.name);
      }
    });
    s.trails.forEach((t, i) => {
      if (!ids.has(t.account))
        ctx.addIssue({
          code: 'custom',
          path: ['trails', i, 'account'],
          message: `unknown account ${t.account}`,
        });
    });
  });

/** Validate a scenario (from a file or built in code); `source` names it in the error. */
export function validateScenario(value: unknown, source = 'scenario'): ScenarioSpec {
  const result = scenarioSchema.safeParse(value);
  if (!result.success) {
    const issue = result.error.issues[0];
    throw new InputError(
      `${source}: ${formatJsonPath(issue?.path ?? [])}: ${issue?.message ?? 'invalid scenario'}`,
    );
  }
  const { $schema: _schema, ...spec } = result.data;
  return spec as ScenarioSpec;
}
