/**
 * AWS Security Finding Format (ASFF), a JSON array ready for Security Hub `BatchImportFindings`
 * (at most 100 findings per call: split the array when importing). Uses the custom-integration product
 * ARN `arn:<partition>:securityhub:<region>:<account>:product/<account>/default`.
 *
 * Compliance.Status, as the Security Hub API reference (Compliance.Status) defines the values:
 *   COMPLIANT      → PASSED         "passed for all evaluated resources"
 *   NON_COMPLIANT  → FAILED         "failed for at least one evaluated resource"
 *   UNDETERMINED   → WARNING        when information is missing (bucket outside the scan, unresolved IaC name):
 *                                   "some information is missing or this check is not supported"
 *                  → NOT_AVAILABLE  when a read failed (AccessDenied, throttling, a rule error):
 *                                   "could not be performed due to a service outage, API error…"
 *   NOT_APPLICABLE → NOT_AVAILABLE  (Security Hub does the same for a Config NOT_APPLICABLE result) and
 *                                   RecordState ARCHIVED.
 *
 * AwsAccountId is the resource's owner account; when that is unknown (a bucket outside the scan, a
 * trail's bucket that does not exist), the account the finding is about: the one in the resource's ARN,
 * else the account of the related trail (ProductFields "trailguard/AccountFrom" says which). Findings with
 * no AWS account at all (IaC files) cannot be imported and are left out; the CLI says how many on stderr.
 * CreatedAt/UpdatedAt are the inventory's collection time: the reporter is pure (no clock).
 */
import { createHash } from 'node:crypto';
import { catalogOf, type RuleCatalog } from '../engine/catalog.js';
import { findingUid } from '../engine/identity.js';
import type { Finding, Report, RuleMeta } from '../engine/types.js';
import { jsonChunks, MappedArray } from '../util/json-chunks.js';
import { toStringReporter } from './render.js';
import {
  DEFAULT_REGION,
  findingSentence,
  firstSentence,
  ruleDocsUrl,
  ruleLookup,
  truncate,
} from './shared.js';
import type { ReporterOptions, ReportStream } from './types.js';

export type AsffComplianceStatus = 'PASSED' | 'WARNING' | 'FAILED' | 'NOT_AVAILABLE';

export function asffComplianceStatus(finding: Finding, catalog: RuleCatalog): AsffComplianceStatus {
  switch (finding.status) {
    case 'COMPLIANT':
      return 'PASSED';
    case 'NON_COMPLIANT':
      return 'FAILED';
    case 'UNDETERMINED':
      return catalog.reason(finding.reason)?.missingInformation ? 'WARNING' : 'NOT_AVAILABLE';
    default:
      return 'NOT_AVAILABLE';
  }
}

const SEVERITY_LABEL = {
  info: 'INFORMATIONAL',
  low: 'LOW',
  medium: 'MEDIUM',
  high: 'HIGH',
  critical: 'CRITICAL',
} as const;

const RESOURCE_TYPE = {
  'AWS::S3::Bucket': 'AwsS3Bucket',
  'AWS::CloudTrail::Trail': 'AwsCloudTrailTrail',
  'AWS::::Account': 'AwsAccount',
  File: 'Other',
} as const;

const CIS_TYPE =
  'Software and Configuration Checks/Industry and Regulatory Standards/CIS AWS Foundations Benchmark';
const BEST_PRACTICE_TYPE = 'Software and Configuration Checks/AWS Security Best Practices';

const ACCOUNT_ID = /^\d{12}$/;

/**
 * Field limits from the Security Hub API reference (AwsSecurityFinding, Resource): Id and GeneratorId
 * 512 characters, Title 256, Description 1024, Region (finding and resource) 16, Resource.Type 256,
 * at most 32 Resources and 32 RelatedRequirements, Note.Text and Recommendation.Text 512, every
 * string at least one non-blank character. Resource.Id has no documented maximum; it is capped at
 * 512 like the finding's own Id so that an absurd name from a snapshot or IaC file cannot make
 * BatchImportFindings reject the whole batch.
 */
const MAX_ID = 512;
const MAX_REGION = 16;

/** An identifier within `max` characters: the start kept, the cut marked and a hash of the whole (distinct ids stay distinct). */
function capId(id: string, max = MAX_ID): string {
  if (!/\S/.test(id)) return '(blank)';
  if (id.length <= max) return id;
  const hash = createHash('sha256').update(id).digest('hex').slice(0, 16);
  return `${id.slice(0, max - hash.length - 1)}…${hash}`;
}

function validRegion(region: string | null | undefined): region is string {
  return typeof region === 'string' && region.length <= MAX_REGION && /^[a-z0-9-]+$/.test(region);
}

function types(finding: Finding): string[] {
  const cis = finding.compliance.some((c) => /CIS AWS Foundations/i.test(c.framework));
  return cis ? [CIS_TYPE, BEST_PRACTICE_TYPE] : [BEST_PRACTICE_TYPE];
}

function requirement(c: Finding['compliance'][number]): string {
  return `${c.framework}${c.version ? ` v${c.version}` : ''}/${c.control}`;
}

function recommendation(finding: Finding, meta: RuleMeta | undefined, catalog: RuleCatalog): string {
  const hint = catalog.fixHint(finding);
  if (hint)
    return `To fix: ${hint}. Console, CLI, Terraform and CloudFormation steps are in the rule documentation.`;
  return meta ? firstSentence(meta.remediation.console) : 'See the rule documentation.';
}

/** The account of an ARN (`arn:partition:service:region:account:…`), when it has one. */
function arnAccount(arn: string): string | undefined {
  if (!arn.startsWith('arn:')) return undefined;
  const account = arn.split(':', 5)[4];
  return account && ACCOUNT_ID.test(account) ? account : undefined;
}

/**
 * The AwsAccountId of a finding and where it came from, or undefined when the finding names no AWS
 * account at all (IaC files): the owner, else the account in the resource's ARN, else the related trail's.
 */
export function asffAccount(
  finding: Finding,
): { account: string; from: 'owner' | 'arn' | 'trail' | 'related' } | undefined {
  const owner = finding.resource.account;
  if (typeof owner === 'string' && ACCOUNT_ID.test(owner)) return { account: owner, from: 'owner' };
  const inArn = arnAccount(finding.resource.id);
  if (inArn) return { account: inArn, from: 'arn' };
  const accountOf = (ref: Finding['related'][number]) =>
    typeof ref.account === 'string' && ACCOUNT_ID.test(ref.account) ? ref.account : arnAccount(ref.id);
  for (const ref of finding.related) {
    const account = ref.type === 'AWS::CloudTrail::Trail' ? accountOf(ref) : undefined;
    if (account) return { account, from: 'trail' };
  }
  for (const ref of finding.related) {
    const account = accountOf(ref);
    if (account) return { account, from: 'related' };
  }
  return undefined;
}

/** How many findings the ASFF report leaves out (no AWS account to import them into). */
export function asffLeftOut(report: Report): number {
  return report.findings.filter((f) => asffAccount(f) === undefined).length;
}

function toAsff(finding: Finding, report: Report, meta: RuleMeta | undefined) {
  const { account, from } = asffAccount(finding) as NonNullable<ReturnType<typeof asffAccount>>;
  const partition = report.source.partition ?? 'aws';
  const region = validRegion(finding.resource.region)
    ? finding.resource.region
    : (DEFAULT_REGION[partition] ?? 'us-east-1');
  const time = report.source.collectedAt ?? new Date(0).toISOString();
  const catalog = catalogOf(report);
  const status = asffComplianceStatus(finding, catalog);
  const resources = [finding.resource, ...finding.related].slice(0, 32).map((ref) => ({
    Type: RESOURCE_TYPE[ref.type],
    Id: capId(ref.id),
    Partition: partition,
    Region: validRegion(ref.region) ? ref.region : region,
  }));
  const description = findingSentence(finding, catalog);
  return {
    SchemaVersion: '2018-10-08',
    Id: findingUid(finding),
    ProductArn: `arn:${partition}:securityhub:${region}:${account}:product/${account}/default`,
    ProductName: 'trailguard',
    CompanyName: 'trailguard',
    GeneratorId: `trailguard/${finding.ruleId}`,
    AwsAccountId: account,
    Region: region,
    Types: types(finding),
    CreatedAt: time,
    UpdatedAt: time,
    Severity: {
      Label:
        status === 'PASSED' || finding.status === 'NOT_APPLICABLE'
          ? 'INFORMATIONAL'
          : SEVERITY_LABEL[finding.severity],
      Original: finding.severity,
    },
    Title: truncate(meta?.title ?? `${finding.ruleId}: ${catalog.reasonText(finding.reason)}`, 256),
    Description: truncate(description, 1024),
    Remediation: {
      Recommendation: {
        Text: truncate(recommendation(finding, meta, catalog), 512),
        Url: ruleDocsUrl(finding.ruleId),
      },
    },
    ProductFields: {
      'trailguard/Status': finding.status,
      'trailguard/Reason': finding.reason,
      ...(finding.warnings.length ? { 'trailguard/Warnings': finding.warnings.join(',') } : {}),
      'trailguard/ToolVersion': report.tool.version,
      ...(from === 'owner' ? {} : { 'trailguard/AccountFrom': from }),
    },
    Resources: resources,
    Compliance: {
      Status: status,
      ...(finding.compliance.length
        ? { RelatedRequirements: finding.compliance.slice(0, 32).map(requirement) }
        : {}),
      StatusReasons: [
        { ReasonCode: finding.reason, Description: truncate(catalog.reasonText(finding.reason), 2048) },
      ],
    },
    Workflow: {
      Status: finding.suppressed ? 'SUPPRESSED' : finding.status === 'COMPLIANT' ? 'RESOLVED' : 'NEW',
    },
    RecordState: finding.status === 'NOT_APPLICABLE' ? 'ARCHIVED' : 'ACTIVE',
    ...(finding.suppressed
      ? {
          Note: {
            Text: truncate(
              `Suppressed: ${finding.suppressed.reason}${finding.suppressed.expires ? ` (until ${finding.suppressed.expires})` : ''}`,
              512,
            ),
            UpdatedBy: 'trailguard',
            UpdatedAt: time,
          },
        }
      : {}),
  };
}

/** The ASFF findings of a report as objects, one at a time (what `--send-to-security-hub` imports). */
export function* asffRecords(
  report: Report,
  options: Pick<ReporterOptions, 'ruleMeta'> = {},
): Generator<ReturnType<typeof toAsff>> {
  const lookup = ruleLookup(report, options);
  for (const finding of report.findings) {
    if (asffAccount(finding) !== undefined) yield toAsff(finding, report, lookup(finding.ruleId));
  }
}

export const asffStream: ReportStream = function* (report, options) {
  const lookup = ruleLookup(report, options);
  const findings = new MappedArray(
    report.findings.filter((f) => asffAccount(f) !== undefined),
    (f) => toAsff(f, report, lookup(f.ruleId)),
  );
  yield* jsonChunks(findings, { depth: 1 });
  yield '\n';
};

export const asff = toStringReporter(asffStream);
