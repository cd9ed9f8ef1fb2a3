/**
 * The schema file schemas/sarif-2.1.0.json is the SARIF 2.1.0 JSON schema as Microsoft ships it in the npm
 * package @microsoft/jest-sarif@1.0.0-beta.0 (lib/schemas/sarif-2.1.0-rtm.5.json, the OASIS standard's
 * 2.1.0 release schema; draft-04, hence ajv-draft-04), copied verbatim. It was preferred to the copy of the
 * oasis-tcs master-branch file bundled in @datadog/datadog-ci-plugin-sarif, which differs in exactly one
 * place: it names the suppression review field `state` where the 2.1.0 standard (section 3.35.3) and
 * Microsoft's SARIF SDK name it `status`.
 */
import { readFileSync } from 'node:fs';
import Ajv04Module from 'ajv-draft-04';
import addFormatsModule from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import type { Finding } from '../../src/engine/types.js';
import { sarif } from '../../src/reporters/sarif.js';
import { fixtureReport, OPTIONS } from './fixture.js';

// ajv-formats is CommonJS: under NodeNext its default import is the module object.
const addFormats = addFormatsModule.default;

const schema = JSON.parse(readFileSync(new URL('../../schemas/sarif-2.1.0.json', import.meta.url), 'utf8'));
// ajv-draft-04 is CommonJS as well.
const Ajv04 = Ajv04Module.default;
// unicodeRegExp off: the schema's `language` pattern has a stray `]` that only non-unicode regexps accept.
const ajv = new Ajv04({ allErrors: true, strict: false, unicodeRegExp: false });
addFormats(ajv);
const validate = ajv.compile(schema);

interface SarifResult {
  ruleId: string;
  ruleIndex: number;
  kind: string;
  level: string;
  message: { text: string };
  locations: {
    physicalLocation?: {
      artifactLocation: { uri: string; uriBaseId?: string };
      region: { startLine: number; startColumn?: number };
    };
    logicalLocations: { fullyQualifiedName: string; kind: string }[];
  }[];
  partialFingerprints: Record<string, string>;
  suppressions?: { kind: string; status: string; justification: string }[];
  properties: { status: string; resourceId: string };
}

interface SarifLog {
  version: string;
  runs: {
    tool: {
      driver: {
        name: string;
        rules: {
          id: string;
          helpUri: string;
          shortDescription: { text: string };
          help?: { text: string; markdown: string };
          defaultConfiguration: { level: string };
        }[];
      };
    };
    results: SarifResult[];
  }[];
}

function render(findings?: Finding[]): SarifLog {
  const report = fixtureReport();
  if (findings) report.findings = findings;
  return JSON.parse(sarif(report, OPTIONS)) as SarifLog;
}

function resultFor(log: SarifLog, name: string): SarifResult {
  const result = log.runs[0]?.results.find((r) => r.properties.resourceId.endsWith(name));
  if (!result) throw new Error(`no result for ${name}`);
  return result;
}

describe('sarif reporter', () => {
  it('is valid against the official SARIF 2.1.0 schema', () => {
    const log = render();
    const ok = validate(log);
    expect(ajv.errorsText(validate.errors)).toBe('No errors');
    expect(ok).toBe(true);
    expect(log.version).toBe('2.1.0');
  });

  it('the schema check is live: an invalid level is rejected', () => {
    const log = render();
    const first = log.runs[0]?.results[0];
    if (!first) throw new Error('no result');
    first.level = 'catastrophic';
    expect(validate(log)).toBe(false);
  });

  it('reports failing and undetermined findings only, with levels by severity', () => {
    const log = render();
    const results = log.runs[0]?.results ?? [];
    // 5 non-compliant + 1 suppressed non-compliant + 2 undetermined in the fixture.
    expect(results).toHaveLength(8);
    expect(resultFor(log, 'ct-logs-111111111111')).toMatchObject({ kind: 'fail', level: 'error' });
    expect(resultFor(log, 'dev-scratch')).toMatchObject({ kind: 'fail', level: 'warning' });
    expect(resultFor(log, 'org-ct-logs')).toMatchObject({ kind: 'review', level: 'none' });
    for (const r of results) {
      expect(log.runs[0]?.tool.driver.rules[r.ruleIndex]?.id).toBe(r.ruleId);
    }
  });

  it('gives IaC findings a physical location and cloud findings a logical one', () => {
    const log = render();
    const iac = resultFor(log, ':::tf-trail-logs').locations[0];
    expect(iac?.physicalLocation).toEqual({
      artifactLocation: { uri: 'infra/main.tf', uriBaseId: '%SRCROOT%' },
      region: { startLine: 12, startColumn: 1 },
    });
    const cloud = resultFor(log, ':::ct-logs-111111111111').locations[0];
    expect(cloud?.physicalLocation).toBeUndefined();
    expect(cloud?.logicalLocations).toEqual([
      {
        name: 'ct-logs-111111111111',
        fullyQualifiedName: 'arn:aws:s3:::ct-logs-111111111111',
        kind: 'resource',
      },
    ]);
  });

  it('marks suppressed findings with a SARIF suppression and its justification', () => {
    const result = resultFor(render(), 'dev-scratch');
    expect(result.suppressions).toEqual([
      expect.objectContaining({
        kind: 'external',
        status: 'accepted',
        justification: 'Scratch bucket, no sensitive data (risk accepted by SEC-142)',
      }),
    ]);
    expect(resultFor(render(), 'ct-logs-111111111111').suppressions).toBeUndefined();
  });

  it('describes rules with help text, markdown and a docs URI, and tolerates an unknown rule', () => {
    const rules = render().runs[0]?.tool.driver.rules ?? [];
    const ct = rules.find((r) => r.id === 'aws-cloudtrail-bucket-access-logging');
    expect(ct?.shortDescription.text).toMatch(/CloudTrail/);
    expect(ct?.help?.markdown).toContain('### Terraform');
    expect(ct?.help?.markdown).toContain('aws_s3_bucket_logging');
    expect(ct?.helpUri).toMatch(/\/docs\/rules\/aws-cloudtrail-bucket-access-logging\.md$/);
    const unknown = rules.find((r) => r.id === 'aws-s3-bucket-access-logging');
    expect(unknown?.shortDescription.text).toBe('aws-s3-bucket-access-logging');
    expect(unknown?.help).toBeUndefined();
    expect(unknown?.defaultConfiguration.level).toBe('warning');
  });

  it('fingerprints ignore message and time but follow rule, resource and reason family', () => {
    const base = fixtureReport().findings[0] as Finding;
    const fp = (f: Finding) => Object.values(render([f]).runs[0]?.results[0]?.partialFingerprints ?? {})[0];
    const original = fp(base);
    expect(original).toMatch(/^[0-9a-f]{64}$/);
    expect(fp({ ...base, message: 'different words', evidence: { other: true } })).toBe(original);
    expect(fp({ ...base, reason: 'TARGET_BUCKET_MISSING' })).toBe(original);
    expect(fp({ ...base, status: 'UNDETERMINED', reason: 'ACCESS_DENIED' })).not.toBe(original);
    expect(fp({ ...base, resource: { ...base.resource, id: 'arn:aws:s3:::other' } })).not.toBe(original);
    expect(fp({ ...base, ruleId: 'aws-s3-bucket-access-logging' })).not.toBe(original);
    const later = fixtureReport();
    later.source.collectedAt = '2030-01-01T00:00:00Z';
    later.findings = [base];
    const laterLog = JSON.parse(sarif(later, OPTIONS)) as SarifLog;
    expect(Object.values(laterLog.runs[0]?.results[0]?.partialFingerprints ?? {})[0]).toBe(original);
  });

  it('percent-encodes artifact paths and keeps absolute paths as file URIs', () => {
    const base = fixtureReport().findings[1] as Finding;
    const at = (file: string) =>
      render([{ ...base, resource: { ...base.resource, location: { file, line: 3, address: 'x' } } }]).runs[0]
        ?.results[0]?.locations[0]?.physicalLocation?.artifactLocation;
    expect(at('my stacks/a#b.yaml')).toEqual({ uri: 'my%20stacks/a%23b.yaml', uriBaseId: '%SRCROOT%' });
    expect(at('/abs/main.tf')).toEqual({ uri: 'file:///abs/main.tf' });
  });
});
