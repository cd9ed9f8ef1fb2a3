import { describe, expect, it } from 'vitest';
import { emptyInventory, type Inventory, type InventoryError } from '../inventory/model.js';
import { rules } from '../rules/index.js';
import { reasonForInputError } from './input-findings.js';
import { runRules } from './run.js';

function withErrors(errors: InventoryError[], extra: Partial<Inventory> = {}): Inventory {
  return { ...emptyInventory(), ...extra, errors };
}

const CT = 'aws-cloudtrail-bucket-access-logging';
const S3 = 'aws-s3-bucket-access-logging';

describe('reasonForInputError', () => {
  it.each([
    [{ operation: 'ParseTerraform', code: 'SYNTAX_ERROR', file: 'a.tf' }, 'SYNTAX_ERROR'],
    [{ operation: 'ParseTemplate', code: 'ParseError', file: 't.yaml' }, 'SYNTAX_ERROR'],
    [{ operation: 'ResolveBucketPolicy', code: 'UNRESOLVED', file: 't.yaml' }, 'VALUE_UNRESOLVED'],
    [{ operation: 'EvaluateTerraform', code: 'EXPAND', file: 'a.tf' }, 'VALUE_UNRESOLVED'],
    [{ operation: 'EvaluateTerraform', code: 'REMOTE_MODULE', file: 'a.tf' }, 'INPUT_UNREADABLE'],
    [{ operation: 'LoadFiles', code: 'BUDGET_EXCEEDED', file: 'a.tf' }, 'BUDGET_EXCEEDED'],
    [{ operation: 'LoadFiles', code: 'INPUT_UNREADABLE', file: 'a.tf' }, 'INPUT_UNREADABLE'],
    [{ operation: 'ListTrails', code: 'AccessDenied', account: '1' }, 'TRAILS_UNREADABLE'],
    [{ operation: 'DescribeTrails', code: 'ThrottlingException', account: '1' }, 'TRAILS_UNREADABLE'],
    [{ operation: 'GetTrailStatus', code: 'InternalError', account: '1' }, 'TRAILS_UNREADABLE'],
    [{ operation: 'ListBuckets', code: 'AccessDenied', account: '1' }, 'BUCKETS_UNREADABLE'],
    [{ operation: 'AssumeRole', code: 'AccessDenied', account: '1' }, 'ROLE_NOT_ASSUMABLE'],
    [{ operation: 'ListRegions', code: 'AccessDeniedException', account: '1' }, 'ACCESS_DENIED'],
    [{ operation: 'ListAccounts', code: 'AccountNotActive', account: '1' }, 'READ_FAILED'],
  ])('%o → %s', (error, reason) => {
    expect(reasonForInputError({ message: 'm', ...error })).toBe(reason);
  });
});

describe('input errors become UNDETERMINED findings', () => {
  it('a file error is one finding per rule that ran, pointing at the file and line', () => {
    const inventory = withErrors([
      { operation: 'ParseTerraform', code: 'SYNTAX_ERROR', message: 'bad brace', file: 'broken.tf', line: 6 },
    ]);
    const findings = runRules(inventory, rules);
    expect(findings.map((f) => [f.ruleId, f.status, f.reason])).toEqual([
      [CT, 'UNDETERMINED', 'SYNTAX_ERROR'],
      [S3, 'UNDETERMINED', 'SYNTAX_ERROR'],
    ]);
    expect(findings[0]?.resource).toEqual({
      type: 'File',
      id: 'broken.tf',
      name: 'broken.tf',
      account: null,
      region: null,
      location: { file: 'broken.tf', line: 6, address: 'broken.tf' },
    });
    expect(findings[0]?.message).toContain('broken.tf:6');
    expect(findings[0]?.message).toContain('bad brace');
    expect(findings[0]?.evidence).toEqual({ errors: [inventory.errors[0]] });
    // Only the rules that ran: --rule keeps working.
    expect(
      runRules(
        inventory,
        rules.filter((r) => r.meta.id === S3),
      ).map((f) => f.ruleId),
    ).toEqual([S3]);
  });

  it('a trail listing error goes to the CloudTrail rule only; several of one account are one finding', () => {
    const inventory = withErrors([
      {
        operation: 'DescribeTrails',
        account: '222222222222',
        region: 'us-east-1',
        code: 'Throttling',
        message: 'a',
      },
      {
        operation: 'DescribeTrails',
        account: '222222222222',
        region: 'eu-west-1',
        code: 'Throttling',
        message: 'b',
      },
    ]);
    const findings = runRules(inventory, rules);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({
      ruleId: CT,
      status: 'UNDETERMINED',
      reason: 'TRAILS_UNREADABLE',
      resource: { type: 'AWS::::Account', id: 'arn:aws:iam::222222222222:root', account: '222222222222' },
    });
    expect(findings[0]?.message).toContain('1 more');
    expect(findings[0]?.evidence.errors).toHaveLength(2);
  });

  it('does not repeat what a rule already reports for the same account and reason', () => {
    const inventory = withErrors(
      [{ operation: 'ListTrails', account: '222222222222', code: 'AccessDenied', message: 'denied' }],
      { accounts: [{ id: '222222222222', scanned: true, buckets: [] }] },
    );
    const findings = runRules(inventory, rules);
    const trails = findings.filter((f) => f.reason === 'TRAILS_UNREADABLE');
    expect(trails).toHaveLength(1);
    // The rule's own account finding (it reads errors[] too), not NO_TRAILS.
    expect(findings.some((f) => f.reason === 'NO_TRAILS')).toBe(false);
  });

  it('an AssumeRole error of an account the rules already report as not assumable is not repeated', () => {
    const accessError = { code: 'AccessDenied', message: 'not authorized to perform sts:AssumeRole' };
    const inventory = withErrors([{ operation: 'AssumeRole', account: '333333333333', ...accessError }], {
      accounts: [{ id: '333333333333', scanned: false, accessError }],
    });
    const findings = runRules(inventory, rules);
    expect(findings.map((f) => [f.ruleId, f.reason])).toEqual([
      [CT, 'ROLE_NOT_ASSUMABLE'],
      [S3, 'ROLE_NOT_ASSUMABLE'],
    ]);
  });
});
