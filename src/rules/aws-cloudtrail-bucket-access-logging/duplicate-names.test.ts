/**
 * A trail names its bucket by name; when several IaC declarations share that name, the trail's own module
 * instance (else its own file) decides, and when nothing narrows it every declaration gets a finding.
 */
import { describe, expect, it } from 'vitest';
import type { SourceLocation } from '../../inventory/model.js';
import {
  checkCase,
  declared,
  defineCases,
  deliveryGrant,
  inventory,
  logsTo,
  trail,
} from '../shared/testing.js';
import { cloudtrailBucketAccessLogging as rule } from './index.js';

const at = (address: string, file = 'main.tf', line = 1): SourceLocation => ({ file, line, address });
const iacTrail = (name: string, bucketName: string, location: SourceLocation) =>
  trail(name, bucketName, { account: null, homeRegion: null, isLogging: undefined, location });
const logsBucket = (address: string, file = 'main.tf') =>
  declared('logs', address, { policy: { Version: '2012-10-17', Statement: [deliveryGrant('logs')] } }, file);

const cases = defineCases([
  {
    name: 'the trail links to the bucket of its own module instance only',
    rows: ['4.1#10', 'iac:duplicate-name'],
    inventory: inventory({
      trails: [iacTrail('main', 'ct', at('module.a.aws_cloudtrail.main'))],
      buckets: [
        declared('ct', 'module.a.aws_s3_bucket.ct', { logging: logsTo('logs', 'ct/') }),
        logsBucket('module.a.aws_s3_bucket.logs'),
        // Same name in module b (logging disabled): no trail of module b writes to it.
        declared('ct', 'module.b.aws_s3_bucket.ct'),
        logsBucket('module.b.aws_s3_bucket.logs'),
      ],
    }),
    expect: [
      {
        resource: 'ct',
        address: 'module.a.aws_s3_bucket.ct',
        status: 'COMPLIANT',
        reason: 'LOGGING_ENABLED',
        warnings: [],
        related: ['module.a.aws_cloudtrail.main'],
        relatedCount: 1,
      },
    ],
  },
  {
    name: 'a root trail naming a bucket declared in two child modules: both declarations are checked',
    rows: ['4.1#5', '4.1#10', 'iac:duplicate-name'],
    inventory: inventory({
      trails: [iacTrail('main', 'ct', at('aws_cloudtrail.main'))],
      buckets: [
        declared('ct', 'module.a.aws_s3_bucket.ct', { logging: logsTo('logs', 'ct/') }),
        logsBucket('module.a.aws_s3_bucket.logs'),
        declared('ct', 'module.b.aws_s3_bucket.ct'),
      ],
    }),
    expect: [
      {
        resource: 'ct',
        address: 'module.a.aws_s3_bucket.ct',
        status: 'COMPLIANT',
        reason: 'LOGGING_ENABLED',
        warnings: [],
        related: ['aws_cloudtrail.main'],
      },
      {
        resource: 'ct',
        address: 'module.b.aws_s3_bucket.ct',
        status: 'NON_COMPLIANT',
        reason: 'LOGGING_DISABLED',
        warnings: [],
        related: ['aws_cloudtrail.main'],
      },
    ],
  },
  {
    name: 'two stacks, each with a trail and a bucket of the same name: one finding each, own trail only',
    rows: ['4.1#5', '4.1#10', 'iac:duplicate-name'],
    inventory: inventory({
      trails: [
        iacTrail('trail-one', 'ct', at('Trail', 'one.yaml', 20)),
        iacTrail('trail-two', 'ct', at('Trail', 'two.yaml', 20)),
      ],
      buckets: [
        declared('ct', 'TrailBucket', { logging: logsTo('logs', 'ct/') }, 'one.yaml', 2),
        logsBucket('LogBucket', 'one.yaml'),
        declared('ct', 'TrailBucket', {}, 'two.yaml', 2),
      ],
    }),
    expect: [
      {
        resource: 'ct',
        status: 'COMPLIANT',
        reason: 'LOGGING_ENABLED',
        warnings: [],
        related: ['trail-one'],
        relatedCount: 1,
        messageIncludes: ['one.yaml:2'],
      },
      {
        resource: 'ct',
        status: 'NON_COMPLIANT',
        reason: 'LOGGING_DISABLED',
        warnings: [],
        related: ['trail-two'],
        relatedCount: 1,
        messageIncludes: ['two.yaml:2'],
      },
    ],
  },
  {
    name: 'two trails into one name with a single declaration: still one finding',
    rows: ['4.1#5'],
    inventory: inventory({
      trails: [
        iacTrail('first', 'ct', at('module.a.aws_cloudtrail.t')),
        iacTrail('second', 'ct', at('module.b.aws_cloudtrail.t')),
      ],
      buckets: [declared('ct', 'aws_s3_bucket.ct')],
    }),
    expect: [
      {
        resource: 'ct',
        status: 'NON_COMPLIANT',
        reason: 'LOGGING_DISABLED',
        warnings: [],
        related: ['first', 'second'],
        relatedCount: 2,
      },
    ],
  },
]);

describe('aws-cloudtrail-bucket-access-logging with duplicate IaC bucket names', () => {
  it.each(cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const { mismatches } = checkCase(rule, c);
    expect(mismatches).toEqual([]);
  });
});
