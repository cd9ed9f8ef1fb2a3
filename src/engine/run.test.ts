import { describe, expect, it } from 'vitest';
import { emptyInventory } from '../inventory/model.js';
import { runRules } from './run.js';
import type { Rule, RuleMeta } from './types.js';

function meta(id: string): RuleMeta {
  return {
    id,
    title: id,
    severity: 'medium',
    resourceType: 'AWS::S3::Bucket',
    description: '',
    rationale: '',
    impact: '',
    audit: '',
    remediation: { console: '', cli: '', terraform: '', cloudformation: '' },
    defaultValue: '',
    references: [],
    compliance: [{ framework: 'F', version: '1', control: 'C' }],
  };
}

const good: Rule = {
  meta: meta('good'),
  evaluate: () => [
    {
      status: 'COMPLIANT',
      reason: 'LOGGING_ENABLED',
      warnings: [],
      message: 'ok',
      resource: { type: 'AWS::S3::Bucket', id: 'arn:aws:s3:::b' },
      related: [],
      evidence: {},
    },
  ],
};

const broken: Rule = {
  meta: { ...meta('broken'), severity: 'low' },
  evaluate: () => {
    throw new Error('boom');
  },
};

describe('runRules', () => {
  it('fills ruleId, severity, compliance and suppressed from the metadata', () => {
    const [finding] = runRules(emptyInventory(), [good]);
    expect(finding).toMatchObject({
      ruleId: 'good',
      severity: 'medium',
      compliance: [{ framework: 'F', version: '1', control: 'C' }],
      suppressed: null,
      status: 'COMPLIANT',
    });
  });

  it('turns a throwing rule into one UNDETERMINED RULE_ERROR finding and goes on', () => {
    const findings = runRules(emptyInventory(), [broken, good]);
    expect(findings).toHaveLength(2);
    expect(findings[0]).toMatchObject({
      ruleId: 'broken',
      severity: 'low',
      status: 'UNDETERMINED',
      reason: 'RULE_ERROR',
      resource: { id: 'inventory' },
    });
    expect(findings[0]?.message).toContain('boom');
    expect(findings[1]?.ruleId).toBe('good');
  });

  it('points a RULE_ERROR at the account when exactly one account was scanned', () => {
    const inventory = { ...emptyInventory(), accounts: [{ id: '111111111111', scanned: true }] };
    const [finding] = runRules(inventory, [broken]);
    expect(finding?.resource).toMatchObject({ type: 'AWS::::Account', id: 'arn:aws:iam::111111111111:root' });
  });

  it('does not share compliance arrays between findings and metadata', () => {
    const [finding] = runRules(emptyInventory(), [good]);
    finding?.compliance.push({ framework: 'X', control: 'Y' });
    expect(good.meta.compliance).toHaveLength(1);
  });
});
