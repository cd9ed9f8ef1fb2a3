/**
 * OCSF 1.1.0 Compliance Finding (class_uid 2003, category 2 "Findings"), a JSON array of events for
 * Amazon Security Lake custom sources and SIEMs.
 *
 * compliance.status_id (OCSF compliance object: 0 Unknown, 1 Pass, 2 Warning, 3 Fail, 99 Other):
 *   COMPLIANT → 1 Pass · NON_COMPLIANT → 3 Fail · UNDETERMINED → 0 Unknown (the check could not decide)
 *   · NOT_APPLICABLE → 99 Other ("Not Applicable").
 * status_id (the finding's workflow: 1 New, 3 Suppressed, 4 Resolved):
 *   suppressed → 3 · COMPLIANT or NOT_APPLICABLE → 4 · otherwise → 1.
 * severity_id: 1 Informational for COMPLIANT / NOT_APPLICABLE, else the rule's severity
 *   (low 2, medium 3, high 4, critical 5).
 */
import { catalogOf } from '../engine/catalog.js';
import { findingUid } from '../engine/identity.js';
import type { Finding, Report, RuleMeta, Severity } from '../engine/types.js';
import { jsonChunks, MappedArray } from '../util/json-chunks.js';
import { toStringReporter } from './render.js';
import { findingSentence, firstSentence, reasonLine, ruleDocsUrl, ruleLookup } from './shared.js';
import type { ReportStream } from './types.js';

export const OCSF_VERSION = '1.1.0';
const CLASS_UID = 2003;
const ACTIVITY_CREATE = 1;

const SEVERITY: Record<Severity, [number, string]> = {
  info: [1, 'Informational'],
  low: [2, 'Low'],
  medium: [3, 'Medium'],
  high: [4, 'High'],
  critical: [5, 'Critical'],
};

const COMPLIANCE_STATUS = {
  COMPLIANT: [1, 'Pass'],
  NON_COMPLIANT: [3, 'Fail'],
  UNDETERMINED: [0, 'Unknown'],
  NOT_APPLICABLE: [99, 'Not Applicable'],
} as const;

/** OCSF has one `control`: the newest CIS AWS Foundations mapping (rules list versions oldest first), else the first. */
function primaryControl(f: Finding): string | undefined {
  const cis = f.compliance.filter((c) => /CIS AWS Foundations/i.test(c.framework));
  return (cis.at(-1) ?? f.compliance[0])?.control;
}

function findingStatus(f: Finding): [number, string] {
  if (f.suppressed) return [3, 'Suppressed'];
  if (f.status === 'COMPLIANT' || f.status === 'NOT_APPLICABLE') return [4, 'Resolved'];
  return [1, 'New'];
}

function toOcsf(f: Finding, report: Report, meta: RuleMeta | undefined) {
  const time = Date.parse(report.source.collectedAt ?? '') || 0;
  const [severityId, severity] =
    f.status === 'COMPLIANT' || f.status === 'NOT_APPLICABLE' ? SEVERITY.info : SEVERITY[f.severity];
  const [complianceId, complianceStatus] = COMPLIANCE_STATUS[f.status];
  const [statusId, status] = findingStatus(f);
  const partition = report.source.partition ?? 'aws';
  const catalog = catalogOf(report);
  const message = findingSentence(f, catalog);
  const standards = [
    ...new Set(f.compliance.map((c) => `${c.framework}${c.version ? ` v${c.version}` : ''}`)),
  ];
  const account = f.resource.account ?? undefined;
  return {
    activity_id: ACTIVITY_CREATE,
    activity_name: 'Create',
    category_uid: 2,
    category_name: 'Findings',
    class_uid: CLASS_UID,
    class_name: 'Compliance Finding',
    type_uid: CLASS_UID * 100 + ACTIVITY_CREATE,
    type_name: 'Compliance Finding: Create',
    time,
    severity_id: severityId,
    severity,
    status_id: statusId,
    status,
    message,
    metadata: {
      version: OCSF_VERSION,
      product: { name: 'trailguard', vendor_name: 'trailguard', version: report.tool.version },
    },
    finding_info: {
      uid: findingUid(f),
      title: meta?.title ?? f.ruleId,
      desc: message,
      types: [f.ruleId],
      created_time: time,
    },
    compliance: {
      status_id: complianceId,
      status: complianceStatus,
      status_detail: reasonLine(f, catalog),
      standards: standards.length ? standards : ['trailguard'],
      ...(primaryControl(f) ? { control: primaryControl(f) } : {}),
      requirements: f.compliance.map((c) => `${c.framework}${c.version ? ` ${c.version}` : ''} ${c.control}`),
    },
    ...(account
      ? {
          cloud: {
            provider: 'AWS',
            ...(f.resource.region ? { region: f.resource.region } : {}),
            // OCSF account type_id 10 = "AWS Account".
            account: { uid: account, type: 'AWS Account', type_id: 10 },
          },
        }
      : {}),
    resources: [f.resource, ...f.related].map((ref) => ({
      uid: ref.id,
      name: ref.name ?? ref.id,
      type: ref.type,
      cloud_partition: partition,
      ...(ref.region ? { region: ref.region } : {}),
      ...(ref.location ? { data: { location: ref.location } } : {}),
    })),
    remediation: {
      desc:
        catalog.fixHint(f) ??
        (meta ? firstSentence(meta.remediation.console) : 'See the rule documentation.'),
      references: [ruleDocsUrl(f.ruleId), ...(meta?.references.map((r) => r.url) ?? [])],
    },
    unmapped: {
      reason: f.reason,
      warnings: f.warnings,
      evidence: f.evidence,
      suppressed: f.suppressed,
    },
  };
}

export const ocsfStream: ReportStream = function* (report, options) {
  const lookup = ruleLookup(report, options);
  yield* jsonChunks(new MappedArray(report.findings, (f) => toOcsf(f, report, lookup(f.ruleId))), {
    depth: 1,
  });
  yield '\n';
};

export const ocsf = toStringReporter(ocsfStream);
