/**
 * Issue 19 (remaining item 2): a Terraform bucket policy that references values only known when Terraform runs
 * keeps what is known of it in `error.partial`, each unknown part marked (`${?}` in strings, error values
 * elsewhere), as the CloudFormation source does, so the CloudTrail rule still recognises a CloudTrail
 * destination; an unknown Effect is never read as an Allow.
 */
import { describe, expect, it } from 'vitest';
import { isErrorValue } from '../../src/inventory/read.js';
import { evaluate } from '../../src/scan.js';
import { loadTerraform } from '../../src/sources/terraform/index.js';

const DIR = 'test/fixtures/terraform/partial-policy';

describe('partially known Terraform bucket policies', () => {
  it('keep the known parts and mark exactly the unknown ones', async () => {
    const { inventory } = await loadTerraform([DIR]);
    const policyOf = (name: string) => inventory.buckets.find((b) => b.name === name)?.policy;
    const archive = policyOf('acme-org-archive');
    if (!isErrorValue(archive)) throw new Error('expected an unresolved policy');
    expect(archive.error.code).toBe('UNRESOLVED');
    expect(archive.error.message).toMatch(/var\.organization_id has no default/);
    expect(archive.error.partial).toEqual({
      Version: '2012-10-17',
      Statement: [
        {
          Sid: 'AWSCloudTrailAclCheck',
          Effect: 'Allow',
          Action: 's3:GetBucketAcl',
          Resource: 'arn:aws:s3:::acme-org-archive',
          Principal: { Service: 'cloudtrail.amazonaws.com' },
        },
        {
          Sid: 'AWSCloudTrailWrite',
          Effect: 'Allow',
          Action: 's3:PutObject',
          Resource: [
            'arn:aws:s3:::acme-org-archive/AWSLogs/${?}/*',
            'arn:aws:s3:::acme-org-archive/AWSLogs/${?}/*',
          ],
          Principal: { Service: 'cloudtrail.amazonaws.com' },
          Condition: { StringEquals: { 'aws:SourceArn': 'arn:aws:cloudtrail:us-east-1:${?}:trail/org' } },
        },
      ],
    });
    const encoded = policyOf('acme-encoded-archive');
    if (!isErrorValue(encoded)) throw new Error('expected an unresolved policy');
    const statement = (encoded.error.partial?.Statement as Record<string, unknown>[] | undefined)?.[0];
    // A whole unknown value (not a string known in part) is an error value in its place.
    expect(statement?.Condition).toEqual({
      StringEquals: {
        'aws:SourceAccount': {
          error: {
            code: 'UNRESOLVED',
            message: expect.stringMatching(/var\.management_account_id has no default/),
          },
        },
      },
    });
    const unknownEffect = policyOf('acme-unknown-effect');
    if (!isErrorValue(unknownEffect)) throw new Error('expected an unresolved policy');
    expect(
      (unknownEffect.error.partial?.Statement as Record<string, unknown>[] | undefined)?.[0]?.Effect,
    ).toMatchObject({
      error: { code: 'UNRESOLVED' },
    });
  });

  it('the CloudTrail rule recognises the destinations from what is known (status, reason, file:line)', async () => {
    const { report } = evaluate(await loadTerraform([DIR]));
    const rows = report.findings
      .filter((f) => f.ruleId === 'aws-cloudtrail-bucket-access-logging')
      .map((f) => [
        f.resource.name,
        `${f.resource.location?.file}:${f.resource.location?.line}`,
        f.status,
        f.reason,
        (f.evidence as { identifiedBy?: { bucketPolicyStatement?: string } }).identifiedBy
          ?.bucketPolicyStatement,
      ])
      .sort();
    const deployTime = ', in a policy with values known only at deploy time';
    expect(rows).toEqual([
      [
        'acme-encoded-archive',
        'main.tf:55',
        'NON_COMPLIANT',
        'LOGGING_DISABLED',
        `CloudTrailWrite${deployTime}`,
      ],
      [
        'acme-heredoc-archive',
        'main.tf:75',
        'NON_COMPLIANT',
        'LOGGING_DISABLED',
        `Statement[0]${deployTime}`,
      ],
      [
        'acme-org-archive',
        'main.tf:16',
        'NON_COMPLIANT',
        'LOGGING_DISABLED',
        `AWSCloudTrailWrite${deployTime}`,
      ],
    ]);
    // The bucket whose Effect is unknown is not taken for a CloudTrail bucket.
    expect(
      report.findings.filter((f) => f.resource.name === 'acme-unknown-effect').map((f) => f.ruleId),
    ).toEqual(['aws-s3-bucket-access-logging']);
  });
});
