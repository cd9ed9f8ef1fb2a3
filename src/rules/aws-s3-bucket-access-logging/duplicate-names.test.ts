/**
 * Several IaC declarations with one literal bucket name (a module instantiated three times, two
 * CloudFormation stacks): each declaration is its own finding, and a logging target named by a
 * declaration resolves to the declaration in the same module instance, else the same file, else all.
 */
import { describe, expect, it } from 'vitest';
import { runRules } from '../../engine/run.js';
import {
  ACCOUNT_A,
  account,
  bucket,
  checkCase,
  declared,
  defineCases,
  deliveryGrant,
  inventory,
  logsTo,
} from '../shared/testing.js';
import { s3BucketAccessLogging as rule } from './index.js';

const grant = (name: string) => ({ Version: '2012-10-17', Statement: [deliveryGrant(name)] });

const cases = defineCases([
  {
    name: 'a module instantiated three times with a literal name: three findings',
    rows: ['4.2#3', 'iac:duplicate-name'],
    inventory: inventory({
      buckets: [
        declared('testing', 'aws_s3_bucket.root_bucket'),
        declared('testing', 'module.s3_module.aws_s3_bucket.module_bucket'),
        declared('testing', 'module.s3_module.module.s3_submodule.aws_s3_bucket.submodule_bucket'),
      ],
    }),
    expect: [
      {
        resource: 'testing',
        address: 'aws_s3_bucket.root_bucket',
        status: 'NON_COMPLIANT',
        reason: 'LOGGING_DISABLED',
        warnings: [],
        messageIncludes: ['main.tf:1'],
      },
      {
        resource: 'testing',
        address: 'module.s3_module.aws_s3_bucket.module_bucket',
        status: 'NON_COMPLIANT',
        reason: 'LOGGING_DISABLED',
        warnings: [],
      },
      {
        resource: 'testing',
        address: 'module.s3_module.module.s3_submodule.aws_s3_bucket.submodule_bucket',
        status: 'NON_COMPLIANT',
        reason: 'LOGGING_DISABLED',
        warnings: [],
      },
    ],
  },
  {
    name: 'each module instance logs into its own log bucket: the target resolves within the module',
    rows: ['4.2#1', '4.2#6', '4.2#7', 'iac:duplicate-name'],
    inventory: inventory({
      buckets: [
        declared('app', 'module.a.aws_s3_bucket.app', { logging: logsTo('logs', 'app/') }),
        declared('logs', 'module.a.aws_s3_bucket.logs', { policy: grant('logs') }),
        declared('app', 'module.b["x"].aws_s3_bucket.app', { logging: logsTo('logs', 'app/') }),
        // No grant in module b's log bucket: its app cannot deliver, module a's can.
        declared('logs', 'module.b["x"].aws_s3_bucket.logs'),
      ],
    }),
    expect: [
      {
        resource: 'app',
        address: 'module.a.aws_s3_bucket.app',
        status: 'COMPLIANT',
        reason: 'LOGGING_ENABLED',
        warnings: [],
      },
      {
        resource: 'app',
        address: 'module.b["x"].aws_s3_bucket.app',
        status: 'NON_COMPLIANT',
        reason: 'TARGET_CANNOT_RECEIVE',
        warnings: [],
      },
      {
        resource: 'logs',
        address: 'module.a.aws_s3_bucket.logs',
        status: 'NOT_APPLICABLE',
        reason: 'IS_LOG_DESTINATION',
        warnings: [],
        related: ['module.a.aws_s3_bucket.app'],
        relatedCount: 1,
      },
      {
        resource: 'logs',
        address: 'module.b["x"].aws_s3_bucket.logs',
        status: 'NOT_APPLICABLE',
        reason: 'IS_LOG_DESTINATION',
        warnings: [],
        related: ['module.b["x"].aws_s3_bucket.app'],
        relatedCount: 1,
      },
    ],
  },
  {
    name: 'two CloudFormation stacks with the same names: each stack links within its own template',
    rows: ['4.2#1', '4.2#7', 'iac:duplicate-name'],
    inventory: inventory({
      buckets: [
        declared('app', 'App', { logging: logsTo('logs', 'app/') }, 'one.yaml', 3),
        declared('logs', 'Logs', { defaultEncryption: 'SSE-KMS', policy: grant('logs') }, 'one.yaml', 9),
        declared('app', 'App', { logging: logsTo('logs', 'app/') }, 'two.yaml', 3),
        declared('logs', 'Logs', { policy: grant('logs') }, 'two.yaml', 9),
      ],
    }),
    expect: [
      {
        resource: 'app',
        address: 'App',
        status: 'NON_COMPLIANT',
        reason: 'TARGET_CANNOT_RECEIVE',
        warnings: [],
        messageIncludes: ['one.yaml:3', 'SSE-KMS'],
      },
      {
        resource: 'app',
        address: 'App',
        status: 'COMPLIANT',
        reason: 'LOGGING_ENABLED',
        warnings: [],
        messageIncludes: ['two.yaml:3'],
      },
      {
        resource: 'logs',
        status: 'NOT_APPLICABLE',
        reason: 'IS_LOG_DESTINATION',
        warnings: [],
        relatedCount: 1,
      },
      {
        resource: 'logs',
        status: 'NOT_APPLICABLE',
        reason: 'IS_LOG_DESTINATION',
        warnings: [],
        relatedCount: 1,
      },
    ],
  },
  {
    name: 'a target declared twice elsewhere with different outcomes: logging enabled, delivery unverified',
    rows: ['4.2#7', 'warning:TARGET_UNVERIFIED', 'iac:duplicate-name'],
    inventory: inventory({
      buckets: [
        declared('app', 'aws_s3_bucket.app', { logging: logsTo('logs', 'app/') }),
        declared('logs', 'module.x.aws_s3_bucket.logs', { policy: grant('logs') }),
        declared('logs', 'module.y.aws_s3_bucket.logs', { requesterPays: true, policy: grant('logs') }),
      ],
    }),
    expect: [
      {
        resource: 'app',
        status: 'COMPLIANT',
        reason: 'LOGGING_ENABLED',
        warnings: ['TARGET_UNVERIFIED'],
        messageIncludes: ['declared 2 times'],
        evidence: {
          outcomes: [
            { status: 'COMPLIANT', reason: 'LOGGING_ENABLED' },
            { status: 'NON_COMPLIANT', reason: 'TARGET_CANNOT_RECEIVE' },
          ],
        },
      },
      {
        resource: 'logs',
        address: 'module.x.aws_s3_bucket.logs',
        status: 'NOT_APPLICABLE',
        reason: 'IS_LOG_DESTINATION',
        warnings: [],
        related: ['aws_s3_bucket.app'],
      },
      {
        resource: 'logs',
        address: 'module.y.aws_s3_bucket.logs',
        status: 'NOT_APPLICABLE',
        reason: 'IS_LOG_DESTINATION',
        warnings: [],
        related: ['aws_s3_bucket.app'],
      },
    ],
  },
  {
    name: 'a target declared twice elsewhere that both fail the same way: the verdict stands',
    rows: ['4.2#6', 'iac:duplicate-name'],
    inventory: inventory({
      buckets: [
        declared('app', 'aws_s3_bucket.app', { logging: logsTo('logs', 'app/') }),
        declared('logs', 'module.x.aws_s3_bucket.logs'),
        declared('logs', 'module.y.aws_s3_bucket.logs'),
      ],
    }),
    expect: [
      {
        resource: 'app',
        status: 'NON_COMPLIANT',
        reason: 'TARGET_CANNOT_RECEIVE',
        warnings: [],
        evidence: {
          targetDeclarations: ['main.tf:1', 'main.tf:1'],
        },
      },
      {
        resource: 'logs',
        address: 'module.x.aws_s3_bucket.logs',
        status: 'NOT_APPLICABLE',
        reason: 'IS_LOG_DESTINATION',
        warnings: [],
      },
      {
        resource: 'logs',
        address: 'module.y.aws_s3_bucket.logs',
        status: 'NOT_APPLICABLE',
        reason: 'IS_LOG_DESTINATION',
        warnings: [],
      },
    ],
  },
  {
    name: 'NO_TARGET_PREFIX counts only the sources that reach the same declaration',
    rows: ['warning:NO_TARGET_PREFIX', 'iac:duplicate-name'],
    inventory: inventory({
      buckets: [
        declared('one', 'module.a.aws_s3_bucket.one', { logging: logsTo('logs') }),
        declared('two', 'module.a.aws_s3_bucket.two', { logging: logsTo('logs') }),
        declared('logs', 'module.a.aws_s3_bucket.logs', { policy: grant('logs') }),
        // Module b: a single unprefixed source into its own `logs` shares nothing.
        declared('three', 'module.b.aws_s3_bucket.three', { logging: logsTo('logs') }),
        declared('logs', 'module.b.aws_s3_bucket.logs', { policy: grant('logs') }),
      ],
    }),
    expect: [
      { resource: 'one', status: 'COMPLIANT', reason: 'LOGGING_ENABLED', warnings: ['NO_TARGET_PREFIX'] },
      { resource: 'two', status: 'COMPLIANT', reason: 'LOGGING_ENABLED', warnings: ['NO_TARGET_PREFIX'] },
      { resource: 'three', status: 'COMPLIANT', reason: 'LOGGING_ENABLED', warnings: [] },
      {
        resource: 'logs',
        address: 'module.a.aws_s3_bucket.logs',
        status: 'NOT_APPLICABLE',
        reason: 'IS_LOG_DESTINATION',
        warnings: [],
        relatedCount: 2,
      },
      {
        resource: 'logs',
        address: 'module.b.aws_s3_bucket.logs',
        status: 'NOT_APPLICABLE',
        reason: 'IS_LOG_DESTINATION',
        warnings: [],
        relatedCount: 1,
      },
    ],
  },
  {
    name: 'live records of one name stay one bucket (names are global)',
    rows: ['4.2#3'],
    inventory: inventory({
      accounts: [account(ACCOUNT_A)],
      buckets: [bucket('app'), bucket('app', { logging: logsTo('elsewhere') })],
    }),
    expect: [{ resource: 'app', status: 'NON_COMPLIANT', reason: 'LOGGING_DISABLED', warnings: [] }],
  },
]);

describe('aws-s3-bucket-access-logging with duplicate IaC bucket names', () => {
  it.each(cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const { mismatches } = checkCase(rule, c);
    expect(mismatches).toEqual([]);
  });

  it('the findings of duplicate declarations point at different locations', () => {
    const first = cases[0];
    if (!first) throw new Error('no case');
    const findings = runRules(first.inventory, [rule]);
    const places = findings.map((f) => f.resource.location?.address);
    expect(new Set(places).size).toBe(3);
    expect(new Set(findings.map((f) => f.resource.id)).size).toBe(1);
  });

  it('the harness tells declarations apart by address', () => {
    const first = cases[0];
    if (!first || !Array.isArray(first.expect)) throw new Error('no case');
    const wrong = first.expect.map((e) => ({ ...e, address: 'module.other.aws_s3_bucket.x' }));
    expect(checkCase(rule, { ...first, expect: wrong }).mismatches).toContain(
      'no finding for testing at module.other.aws_s3_bucket.x',
    );
  });
});
