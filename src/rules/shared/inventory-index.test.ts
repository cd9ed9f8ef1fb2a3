import { describe, expect, it } from 'vitest';
import { runRules } from '../../engine/run.js';
import { rules } from '../index.js';
import { buildIndex, resolveByName, scopeOf } from './inventory-index.js';
import { ACCOUNT_A, account, bucket, declared, inventory, logBucket, logsTo } from './testing.js';

const at = (address: string, file = 'main.tf') => ({ file, line: 1, address });

describe('scopeOf (the module instance of a Terraform address)', () => {
  it.each([
    ['aws_s3_bucket.x', ''],
    ['module.a.aws_s3_bucket.x', 'module.a.'],
    ['module.a.module.b[0].aws_s3_bucket.x["k"]', 'module.a.module.b[0].'],
    ['module.a["key.with.dots"].aws_s3_bucket.x', 'module.a["key.with.dots"].'],
    ['module.a["say \\"hi\\"]"].aws_s3_bucket.x', 'module.a["say \\"hi\\"]"].'],
    ['LogicalId', ''],
  ])('%s → "%s"', (address, scope) => {
    expect(scopeOf(at(address))).toBe(scope);
  });
});

describe('resolveByName', () => {
  const inv = inventory({
    buckets: [
      declared('logs', 'module.a.aws_s3_bucket.logs'),
      declared('logs', 'module.b.aws_s3_bucket.logs'),
      declared('logs', 'aws_s3_bucket.logs', {}, 'other.tf'),
    ],
  });
  const index = buildIndex(inv);
  const addresses = (from?: ReturnType<typeof at>) =>
    resolveByName(index, 'logs', from).map((b) => b.location?.address);

  it('prefers the same module instance, then the same file, then all', () => {
    expect(addresses(at('module.b.aws_s3_bucket.app'))).toEqual(['module.b.aws_s3_bucket.logs']);
    expect(addresses(at('aws_s3_bucket.app'))).toEqual([
      'module.a.aws_s3_bucket.logs',
      'module.b.aws_s3_bucket.logs',
    ]);
    expect(addresses(at('aws_s3_bucket.app', 'third.tf'))).toHaveLength(3);
    expect(addresses()).toHaveLength(3);
  });

  it('keeps only the first live record of a name', () => {
    const live = buildIndex(inventory({ buckets: [bucket('x'), bucket('x', { region: 'eu-west-1' })] }));
    expect(live.buckets).toHaveLength(1);
    expect(live.byName.get('x')?.[0]?.region).toBe('us-east-1');
  });
});

describe('evaluation stays linear', () => {
  it('20,000 buckets of one account sharing one log target without prefix evaluate in seconds, not minutes', () => {
    // Before the index precomputed them, NO_TARGET_PREFIX and the complete bucket list were rebuilt per
    // source bucket: quadratic, tens of seconds at this size.
    const n = 20_000;
    const names = Array.from({ length: n }, (_, i) => `app-${i}`);
    const inv = inventory({
      accounts: [account(ACCOUNT_A, { buckets: [...names, 'logs'] })],
      buckets: [...names.map((name) => bucket(name, { logging: logsTo('logs') })), logBucket('logs')],
    });
    const t0 = performance.now();
    const findings = runRules(inv, rules);
    const elapsed = performance.now() - t0;
    expect(findings.filter((f) => f.warnings.includes('NO_TARGET_PREFIX'))).toHaveLength(n);
    expect(elapsed).toBeLessThan(5_000);
  });
});
