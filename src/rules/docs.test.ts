import { describe, expect, it } from 'vitest';
import { renderRuleDoc } from './docs.js';
import { rules } from './index.js';
import { LOGGING_REASONS } from './shared/reasons.js';

describe('renderRuleDoc', () => {
  it.each(rules.map((r) => [r.meta.id, r] as const))('%s has every section', (_id, rule) => {
    const doc = renderRuleDoc(rule.meta);
    for (const heading of [
      '## Description',
      '## Rationale',
      '## Impact',
      '## How trailguard decides',
      '## Warnings',
      '## Audit',
      '### Console',
      '### AWS CLI',
      '### Terraform',
      '### CloudFormation',
      '## Default value',
      '## Compliance',
      '## References',
    ]) {
      expect(doc).toContain(heading);
    }
    expect(doc).toContain('logging.json');
    expect(doc).toContain(LOGGING_REASONS.LOGGING_DISABLED.text);
    expect(doc).toContain(
      'https://docs.aws.amazon.com/AmazonS3/latest/userguide/enable-server-access-logging.html',
    );
  });

  it('lists the CIS versions and controls of the CloudTrail rule', () => {
    const doc = renderRuleDoc(rules.find((r) => r.meta.id === 'aws-cloudtrail-bucket-access-logging')!.meta);
    for (const row of [
      '| 1.2.0 | 2.6 |',
      '| 2.0.0 | 3.6 |',
      '| 5.0.0 | 3.4 |',
      'CloudTrail.7',
      'CCE-78918-0',
      '| 7 | 14.9 |',
    ]) {
      expect(doc).toContain(row);
    }
  });

  it('escapes pipes in table cells', () => {
    const meta = { ...rules[0]!.meta, compliance: [{ framework: 'a|b', control: 'c' }] };
    expect(renderRuleDoc(meta)).toContain('a\\|b');
  });
});
