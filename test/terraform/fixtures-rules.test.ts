/**
 * Every fixture in test/fixtures/terraform through the real rules (`evaluate` from src/scan.ts):
 * status, reason, warnings and file:line of each finding. The fixtures cover the hard cases of the
 * peer notes (reference / literal / variable / local / module links, count and for_each, dynamic
 * blocks, count = 0, unresolvable names, v3 inline blocks, plan JSON first plans and child modules).
 */
import { describe, expect, it } from 'vitest';
import { evaluate } from '../../src/scan.js';
import { loadTerraform } from '../../src/sources/terraform/index.js';
import { loadTerraformPlan } from '../../src/sources/terraform/plan.js';

type Row = [
  rule: 'A' | 'B',
  address: string,
  fileLine: string,
  status: string,
  reason: string,
  warnings: string[],
];

const FIXTURES = 'test/fixtures/terraform';

const EXPECTED: Record<string, Row[]> = {
  'count-for-each': [
    ['A', 'aws_s3_bucket.trail["dev"]', 'main.tf:5', 'NON_COMPLIANT', 'TARGET_CANNOT_RECEIVE', []],
    ['A', 'aws_s3_bucket.logs[1]', 'main.tf:17', 'NON_COMPLIANT', 'LOGGING_DISABLED', []],
    ['A', 'aws_s3_bucket.trail["prod"]', 'main.tf:5', 'NON_COMPLIANT', 'TARGET_CANNOT_RECEIVE', []],
    ['B', 'aws_s3_bucket.trail["dev"]', 'main.tf:5', 'NON_COMPLIANT', 'TARGET_CANNOT_RECEIVE', []],
    ['B', 'aws_s3_bucket.logs[1]', 'main.tf:17', 'NON_COMPLIANT', 'LOGGING_DISABLED', []],
    ['B', 'aws_s3_bucket.trail["prod"]', 'main.tf:5', 'NON_COMPLIANT', 'TARGET_CANNOT_RECEIVE', []],
    ['B', 'aws_s3_bucket.logs[0]', 'main.tf:17', 'NOT_APPLICABLE', 'IS_LOG_DESTINATION', []],
  ],
  'count-zero': [
    ['A', 'aws_s3_bucket.trail', 'main.tf:11', 'NON_COMPLIANT', 'LOGGING_DISABLED', []],
    ['B', 'aws_s3_bucket.trail', 'main.tf:11', 'NON_COMPLIANT', 'LOGGING_DISABLED', []],
  ],
  'dynamic-logging': [
    ['B', 'aws_s3_bucket.none', 'main.tf:27', 'NON_COMPLIANT', 'LOGGING_DISABLED', []],
    ['B', 'aws_s3_bucket.unknown', 'main.tf:17', 'UNDETERMINED', 'VALUE_UNRESOLVED', []],
    ['B', 'aws_s3_bucket.known', 'main.tf:5', 'COMPLIANT', 'LOGGING_ENABLED', ['TARGET_UNVERIFIED']],
  ],
  'inline-v3': [
    ['A', 'aws_s3_bucket.trail', 'main.tf:11', 'COMPLIANT', 'LOGGING_ENABLED', ['TARGET_UNVERIFIED']],
    ['B', 'aws_s3_bucket.trail', 'main.tf:11', 'COMPLIANT', 'LOGGING_ENABLED', ['TARGET_UNVERIFIED']],
    ['B', 'aws_s3_bucket.log_bucket', 'main.tf:29', 'NOT_APPLICABLE', 'IS_LOG_DESTINATION', []],
  ],
  'literal-names': [
    ['A', 'aws_s3_bucket.org_trail', 'main.tf:9', 'COMPLIANT', 'LOGGING_ENABLED', ['TARGET_UNVERIFIED']],
    ['B', 'aws_s3_bucket.org_trail', 'main.tf:9', 'COMPLIANT', 'LOGGING_ENABLED', ['TARGET_UNVERIFIED']],
  ],
  'local-module': [
    [
      'A',
      'module.trail_bucket.aws_s3_bucket.this',
      'modules/log-bucket/main.tf:9',
      'NON_COMPLIANT',
      'TARGET_CANNOT_RECEIVE',
      [],
    ],
    [
      'B',
      'module.trail_bucket.aws_s3_bucket.this',
      'modules/log-bucket/main.tf:9',
      'NON_COMPLIANT',
      'TARGET_CANNOT_RECEIVE',
      [],
    ],
    [
      'B',
      'module.access_logs.aws_s3_bucket.this',
      'modules/log-bucket/main.tf:9',
      'NOT_APPLICABLE',
      'IS_LOG_DESTINATION',
      [],
    ],
  ],
  'plan-first-apply': [
    ['A', 'aws_s3_bucket.trail', 'plan.json:20', 'NON_COMPLIANT', 'TARGET_CANNOT_RECEIVE', []],
    ['B', 'aws_s3_bucket.trail', 'plan.json:20', 'NON_COMPLIANT', 'TARGET_CANNOT_RECEIVE', []],
    ['B', 'aws_s3_bucket.logs', 'plan.json:27', 'NOT_APPLICABLE', 'IS_LOG_DESTINATION', []],
  ],
  'plan-modules': [
    [
      'A',
      'module.trail_bucket[0].aws_s3_bucket.this',
      'plan.json:19',
      'NON_COMPLIANT',
      'LOGGING_DISABLED',
      [],
    ],
    [
      'B',
      'module.trail_bucket[0].aws_s3_bucket.this',
      'plan.json:19',
      'NON_COMPLIANT',
      'LOGGING_DISABLED',
      [],
    ],
    [
      'B',
      'module.trail_bucket[0].module.inner.aws_s3_bucket.nested["a"]',
      'plan.json:31',
      'NON_COMPLIANT',
      'TARGET_CANNOT_RECEIVE',
      [],
    ],
  ],
  'reference-chain': [
    ['A', 'aws_s3_bucket.trail', 'main.tf:8', 'COMPLIANT', 'LOGGING_ENABLED', ['TARGET_UNVERIFIED']],
    ['B', 'aws_s3_bucket.trail', 'main.tf:8', 'COMPLIANT', 'LOGGING_ENABLED', ['TARGET_UNVERIFIED']],
    ['B', 'aws_s3_bucket.access_logs', 'main.tf:12', 'NOT_APPLICABLE', 'IS_LOG_DESTINATION', []],
  ],
  // Input errors are findings of every rule that ran, pointing at the file and line (issue 10).
  'syntax-error': [
    ['B', 'aws_s3_bucket.ok', 'good.tf:1', 'NON_COMPLIANT', 'LOGGING_DISABLED', []],
    // Line 5: `target_bucket =` with no expression (where Terraform reports "Invalid expression").
    ['A', 'broken.tf', 'broken.tf:5', 'UNDETERMINED', 'SYNTAX_ERROR', []],
    ['B', 'broken.tf', 'broken.tf:5', 'UNDETERMINED', 'SYNTAX_ERROR', []],
  ],
  'target-cannot-receive': [
    ['B', 'aws_s3_bucket.source_acl', 'main.tf:56', 'NON_COMPLIANT', 'TARGET_CANNOT_RECEIVE', []],
    ['B', 'aws_s3_bucket.source_kms', 'main.tf:1', 'NON_COMPLIANT', 'TARGET_CANNOT_RECEIVE', []],
    ['B', 'aws_s3_bucket.source_lock', 'main.tf:20', 'NON_COMPLIANT', 'TARGET_CANNOT_RECEIVE', []],
    ['B', 'aws_s3_bucket.source_payer', 'main.tf:41', 'NON_COMPLIANT', 'TARGET_CANNOT_RECEIVE', []],
    ['B', 'aws_s3_bucket.acl_target', 'main.tf:63', 'NOT_APPLICABLE', 'IS_LOG_DESTINATION', []],
    ['B', 'aws_s3_bucket.kms_target', 'main.tf:8', 'NOT_APPLICABLE', 'IS_LOG_DESTINATION', []],
    ['B', 'aws_s3_bucket.lock_target', 'main.tf:27', 'NOT_APPLICABLE', 'IS_LOG_DESTINATION', []],
    ['B', 'aws_s3_bucket.payer_target', 'main.tf:48', 'NOT_APPLICABLE', 'IS_LOG_DESTINATION', []],
  ],
  'trail-settings': [
    ['A', 'main.tf', 'main.tf:44', 'UNDETERMINED', 'VALUE_UNRESOLVED', []],
    ['B', 'main.tf', 'main.tf:44', 'UNDETERMINED', 'VALUE_UNRESOLVED', []],
    ['B', 'aws_s3_bucket.maybe_logged', 'main.tf:40', 'UNDETERMINED', 'VALUE_UNRESOLVED', []],
    [
      'A',
      'aws_s3_bucket.trail',
      'main.tf:18',
      'COMPLIANT',
      'LOGGING_ENABLED',
      ['SELF_TARGET', 'TRAIL_NOT_LOGGING'],
    ],
    ['B', 'aws_s3_bucket.trail', 'main.tf:18', 'COMPLIANT', 'LOGGING_ENABLED', ['SELF_TARGET']],
  ],
  'unresolved-names': [
    ['A', 'main.tf', 'main.tf:13', 'UNDETERMINED', 'INPUT_UNREADABLE', []],
    ['B', 'main.tf', 'main.tf:13', 'UNDETERMINED', 'INPUT_UNREADABLE', []],
    ['A', 'aws_s3_bucket.computed', 'main.tf:9', 'NON_COMPLIANT', 'LOGGING_DISABLED', []],
    ['A', 'aws_s3_bucket.prefixed', 'main.tf:3', 'NON_COMPLIANT', 'LOGGING_DISABLED', []],
    ['B', 'aws_s3_bucket.computed', 'main.tf:9', 'NON_COMPLIANT', 'LOGGING_DISABLED', []],
    ['B', 'aws_s3_bucket.generated', 'main.tf:7', 'NON_COMPLIANT', 'TARGET_CANNOT_RECEIVE', []],
    ['A', 'aws_cloudtrail.to_data', 'main.tf:33', 'UNDETERMINED', 'TRAIL_BUCKET_UNRESOLVED', []],
    ['A', 'aws_cloudtrail.to_remote', 'main.tf:28', 'UNDETERMINED', 'TRAIL_BUCKET_UNRESOLVED', []],
    ['B', 'aws_s3_bucket.prefixed', 'main.tf:3', 'NOT_APPLICABLE', 'IS_LOG_DESTINATION', []],
  ],
  'vars-locals': [
    ['A', 'aws_s3_bucket.trail', 'main.tf:7', 'COMPLIANT', 'LOGGING_ENABLED', []],
    ['B', 'aws_s3_bucket.trail', 'main.tf:7', 'COMPLIANT', 'LOGGING_ENABLED', []],
    ['B', 'aws_s3_bucket.logs', 'main.tf:18', 'NOT_APPLICABLE', 'IS_LOG_DESTINATION', []],
  ],
};

async function load(name: string) {
  const dir = `${FIXTURES}/${name}`;
  return name.startsWith('plan-') ? loadTerraformPlan(`${dir}/plan.json`) : loadTerraform([dir]);
}

describe('Terraform fixtures through the rules', () => {
  for (const [name, rows] of Object.entries(EXPECTED)) {
    it(name, async () => {
      const { report } = evaluate(await load(name));
      const actual = report.findings.map((f) => {
        const loc = f.resource.location;
        const file = (loc?.file ?? '').replace(`${FIXTURES}/${name}/`, '');
        return [
          f.ruleId === 'aws-cloudtrail-bucket-access-logging' ? 'A' : 'B',
          loc?.address,
          `${file}:${loc?.line}`,
          f.status,
          f.reason,
          f.warnings,
        ];
      });
      const sort = (rows: unknown[][]) =>
        [...rows].sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
      expect(sort(actual)).toEqual(sort(rows));
    });
  }
});
