import { describe, expect, it } from 'vitest';
import type { Finding } from '../../engine/types.js';
import { annotationOf, batches, clip, toEvaluations } from './evaluations.js';
import { parseEvent } from './event.js';

function finding(
  name: string,
  status: Finding['status'],
  message: string,
  type = 'AWS::S3::Bucket',
): Finding {
  return {
    ruleId: 'aws-cloudtrail-bucket-access-logging',
    status,
    reason: status === 'UNDETERMINED' ? 'ACCESS_DENIED' : 'LOGGING_DISABLED',
    warnings: [],
    severity: 'medium',
    message,
    resource: {
      type: type as 'AWS::S3::Bucket',
      id: `arn:aws:s3:::${name}`,
      name,
      account: '111111111111',
      region: 'us-east-1',
    },
    related: [],
    evidence: {},
    compliance: [],
    suppressed: null,
  };
}

describe('evaluations', () => {
  it('annotations: at most 256 UTF-16 units, never a split surrogate pair, control and bidi characters escaped', () => {
    expect(clip('a'.repeat(256))).toBe('a'.repeat(256));
    const cut = clip('a'.repeat(300));
    expect(cut).toHaveLength(256);
    expect(cut.endsWith('…')).toBe(true);
    const emoji = clip(`${'a'.repeat(254)}😀😀`);
    expect(emoji.length).toBeLessThanOrEqual(256);
    expect(emoji).toBe(`${'a'.repeat(254)}…`);
    expect(annotationOf(finding('b', 'NON_COMPLIANT', 'Bucket evil\u001b]0;x\u0007\u202e is bad.'))).toBe(
      'Bucket evil\\x1b]0;x\\x07\\u202e is bad.',
    );
    expect(annotationOf(finding('b', 'UNDETERMINED', 'Reading failed (AccessDenied).'))).toBe(
      'UNDETERMINED (ACCESS_DENIED): Reading failed (AccessDenied).',
    );
  });

  it('maps statuses; buckets without a finding are NOT_APPLICABLE unless the account itself is undetermined', () => {
    const at = new Date('2026-01-01T00:00:00Z');
    const findings = [
      finding('ok', 'COMPLIANT', 'fine'),
      finding('bad', 'NON_COMPLIANT', 'off'),
      finding('unknown', 'UNDETERMINED', 'denied'),
      finding('na', 'NOT_APPLICABLE', 'log destination'),
    ];
    const out = toEvaluations({
      findings,
      buckets: ['other'],
      allFindings: true,
      at,
      notApplicable: (n) => `${n}: n/a`,
    });
    expect(out.map((e) => [e.ComplianceResourceId, e.ComplianceType, e.Annotation])).toEqual([
      ['bad', 'NON_COMPLIANT', 'off'],
      ['na', 'NOT_APPLICABLE', 'log destination'],
      ['ok', 'COMPLIANT', 'fine'],
      ['other', 'NOT_APPLICABLE', 'other: n/a'],
      ['unknown', 'NON_COMPLIANT', 'UNDETERMINED (ACCESS_DENIED): denied'],
    ]);
    const account = finding(
      '111111111111',
      'UNDETERMINED',
      'The trails could not be listed.',
      'AWS::::Account',
    );
    const blind = toEvaluations({
      findings: [account],
      buckets: ['x'],
      allFindings: false,
      at,
      notApplicable: () => 'n/a',
    });
    expect(blind.map((e) => [e.ComplianceType, e.Annotation])).toEqual([
      ['NON_COMPLIANT', 'UNDETERMINED (ACCESS_DENIED): The trails could not be listed.'],
    ]);
    expect(batches([...Array(201).keys()]).map((b) => b.length)).toEqual([100, 100, 1]);
  });
});

describe('parseEvent', () => {
  const item = {
    configurationItemCaptureTime: '2026-03-01T10:00:00.000Z',
    awsAccountId: '111111111111',
    configurationItemStatus: 'OK',
    resourceType: 'AWS::CloudTrail::Trail',
    resourceId: 'main',
    resourceName: 'main',
    ARN: 'arn:aws:cloudtrail:us-east-1:111111111111:trail/main',
    awsRegion: 'us-east-1',
    configuration: { s3BucketName: 'new-bucket' },
  };
  const event = (invoking: unknown, extra: Record<string, unknown> = {}) => ({
    invokingEvent: JSON.stringify(invoking),
    ruleParameters: '{"rule":"aws-s3-bucket-access-logging"}',
    resultToken: 'token',
    accountId: '111111111111',
    configRuleArn: 'arn:aws:config:eu-west-1:111111111111:config-rule/config-rule-1',
    configRuleName: 'r',
    ...extra,
  });

  it("reads a trail's bucket now and before the change, the rule's Region and parameters", () => {
    const parsed = parseEvent(
      event({
        configurationItem: item,
        configurationItemDiff: {
          changedProperties: {
            'Configuration.S3BucketName': { previousValue: 'old-bucket', updatedValue: 'new-bucket' },
          },
        },
        messageType: 'ConfigurationItemChangeNotification',
      }),
    );
    expect(parsed).toMatchObject({
      ruleName: 'r',
      ruleRegion: 'eu-west-1',
      accountId: '111111111111',
      testMode: false,
      parameters: { rule: 'aws-s3-bucket-access-logging' },
      trigger: {
        kind: 'change',
        resourceType: 'AWS::CloudTrail::Trail',
        trailBuckets: ['new-bucket', 'old-bucket'],
      },
    });
  });

  it.each([
    [{ invokingEvent: {} }, /invokingEvent must be a JSON string/],
    [
      event({ messageType: 'ScheduledNotification', notificationCreationTime: 'yesterday' }),
      /notificationCreationTime is not an ISO-8601 time/,
    ],
    [
      event(
        { messageType: 'ScheduledNotification', notificationCreationTime: '2026-01-01T00:00:00Z' },
        { resultToken: '' },
      ),
      /resultToken is missing/,
    ],
    [
      event(
        { messageType: 'ScheduledNotification', notificationCreationTime: '2026-01-01T00:00:00Z' },
        { accountId: '12' },
      ),
      /not a 12-digit account id/,
    ],
    [
      event({
        configurationItem: { ...item, resourceId: undefined },
        messageType: 'ConfigurationItemChangeNotification',
      }),
      /resourceId is missing/,
    ],
    [
      event(
        { messageType: 'ScheduledNotification', notificationCreationTime: '2026-01-01T00:00:00Z' },
        { ruleParameters: '{"executionRoleName":"a b"}' },
      ),
      /executionRoleName/,
    ],
    [
      event(
        { messageType: 'ScheduledNotification', notificationCreationTime: '2026-01-01T00:00:00Z' },
        { ruleParameters: '[1]' },
      ),
      /ruleParameters must encode a JSON object/,
    ],
  ])('refuses a malformed event with one line (%#)', (bad, message) => {
    expect(() => parseEvent(bad)).toThrow(message);
  });
});
