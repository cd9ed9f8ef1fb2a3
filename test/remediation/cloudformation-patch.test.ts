/** The CloudFormation patch, merged into the scanned template, makes the template compliant. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { planFix } from '../../src/remediation/planner.js';
import { writeCloudFormation } from '../../src/remediation/writers/cloudformation.js';
import { scan } from '../../src/scan.js';

type Template = { Resources: Record<string, { Type: string; Properties?: Record<string, unknown> }> };

const TEMPLATE: Template = {
  Resources: {
    TrailBucket: { Type: 'AWS::S3::Bucket', Properties: { BucketName: 'tg-cfn-trail' } },
    Trail: {
      Type: 'AWS::CloudTrail::Trail',
      Properties: { IsLogging: true, S3BucketName: { Ref: 'TrailBucket' } },
    },
  },
};

/** What a user does with the patch: add its resources, merge its properties into existing ones. */
function merge(template: Template, patch: Template): Template {
  const out: Template = JSON.parse(JSON.stringify(template));
  for (const [id, resource] of Object.entries(patch.Resources)) {
    const existing = out.Resources[id];
    if (existing) existing.Properties = { ...existing.Properties, ...resource.Properties };
    else out.Resources[id] = resource;
  }
  return out;
}

describe('cloudformation patch', () => {
  it('merging the generated patch into the template gives COMPLIANT', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tg-cfn-'));
    const file = join(dir, 'template.yaml');
    writeFileSync(file, stringify(TEMPLATE));
    const before = await scan({ paths: [file], inputType: 'cloudformation' });
    expect(
      before.report.findings.some((f) => f.resource.name === 'tg-cfn-trail' && f.status === 'NON_COMPLIANT'),
    ).toBe(true);
    const plan = planFix(
      {
        findings: before.report.findings,
        inventory: before.sourceResult.inventory,
        source: before.report.source,
      },
      { targetBucket: 'tg-cfn-access-logs' },
    );
    const patch = parse(writeCloudFormation(plan)) as Template;
    // The source's LoggingConfiguration is keyed by its logical id, so it merges into that resource.
    expect(patch.Resources.TrailBucket?.Properties).toEqual({
      LoggingConfiguration: {
        DestinationBucketName: { Ref: 'TrailguardAccessLogsTgCfnAccessLogs' },
        LogFilePrefix: 'tg-cfn-trail/',
      },
    });
    writeFileSync(file, stringify(merge(TEMPLATE, patch)));
    const after = await scan({ paths: [file], inputType: 'cloudformation' });
    const trail = after.report.findings.filter((f) => f.resource.name === 'tg-cfn-trail');
    expect(trail.length).toBeGreaterThan(0);
    for (const f of trail)
      expect(`${f.ruleId} ${f.status} ${f.reason}`).toMatch(/ COMPLIANT LOGGING_ENABLED$/);
    expect(
      after.report.findings
        .filter((f) => f.status === 'NON_COMPLIANT')
        .map((f) => `${f.resource.name} ${f.reason} ${f.message}`),
    ).toEqual([]);
  }, 60_000);
});
