/**
 * Findings → AWS Config evaluations (pure). One evaluation per bucket, `AWS::S3::Bucket` with the
 * bucket name as id, the finding's sentence as annotation (sanitised, at most 256 characters: longer
 * ones make PutEvaluations fail with a ValidationException).
 *
 * Statuses: COMPLIANT, NON_COMPLIANT and NOT_APPLICABLE are Config's own. UNDETERMINED (a read failed,
 * AccessDenied…) has no PutEvaluations equivalent: AWS Config "does not accept INSUFFICIENT_DATA as
 * the value for ComplianceType from a PutEvaluations request" (API Reference, Evaluation), and never
 * posting would leave an older COMPLIANT standing. So it is posted NON_COMPLIANT — fail-closed, as
 * trailguard's default `--fail-on undetermined` — with an annotation that starts `UNDETERMINED` and
 * carries the error. A bucket the rule has nothing to say about (not a CloudTrail bucket, deleted, in
 * another account) is NOT_APPLICABLE, which also clears an older result.
 */
import type { Finding, Status } from '../../engine/types.js';
import { sanitize } from '../../util/sanitize.js';
import { BUCKET_TYPE } from './event.js';

export type PostedCompliance = 'COMPLIANT' | 'NON_COMPLIANT' | 'NOT_APPLICABLE';

export interface Evaluation {
  ComplianceResourceType: typeof BUCKET_TYPE;
  ComplianceResourceId: string;
  ComplianceType: PostedCompliance;
  Annotation: string;
  OrderingTimestamp: Date;
}

/** Evaluations per PutEvaluations call (API Reference: at most 100). */
export const BATCH_SIZE = 100;
export const MAX_ANNOTATION = 256;

/** At most `max` UTF-16 units (what the service counts), never cutting a surrogate pair; `…` marks a cut. */
export function clip(text: string, max = MAX_ANNOTATION): string {
  if (text.length <= max) return text;
  let out = '';
  for (const c of text) {
    if (out.length + c.length > max - 1) break;
    out += c;
  }
  return `${out}…`;
}

export function annotationOf(finding: Pick<Finding, 'status' | 'reason' | 'message'>): string {
  const sentence = sanitize(finding.message);
  return clip(finding.status === 'UNDETERMINED' ? `UNDETERMINED (${finding.reason}): ${sentence}` : sentence);
}

export function complianceOf(status: Status): PostedCompliance {
  return status === 'UNDETERMINED' ? 'NON_COMPLIANT' : status;
}

const SEVERITY: Record<Status, number> = {
  NON_COMPLIANT: 3,
  UNDETERMINED: 2,
  COMPLIANT: 1,
  NOT_APPLICABLE: 0,
};

/** The finding of each bucket (the worst, should a bucket have several). */
export function bucketFindings(findings: readonly Finding[]): Map<string, Finding> {
  const byName = new Map<string, Finding>();
  for (const finding of findings) {
    if (finding.resource.type !== BUCKET_TYPE || !finding.resource.name) continue;
    const name = finding.resource.name;
    const old = byName.get(name);
    if (!old || SEVERITY[finding.status] > SEVERITY[old.status]) byName.set(name, finding);
  }
  return byName;
}

export interface EvaluationInput {
  findings: readonly Finding[];
  /** Buckets to evaluate even without a finding of their own (NOT_APPLICABLE, or the account's undetermined). */
  buckets: Iterable<string>;
  /** Also post every bucket finding, not only those of `buckets` (scheduled runs). */
  allFindings: boolean;
  at: Date;
  /** Why a bucket without a finding is not applicable. */
  notApplicable: (bucket: string) => string;
}

export function toEvaluations(input: EvaluationInput): Evaluation[] {
  const byBucket = bucketFindings(input.findings);
  // An account-level UNDETERMINED finding (its trails or buckets could not be listed): a bucket the
  // rule did not reach may be one it would have judged, so it is not "not applicable".
  const accountUnknown = input.findings.find(
    (f) =>
      f.status === 'UNDETERMINED' &&
      f.resource.type !== BUCKET_TYPE &&
      f.resource.type !== 'AWS::CloudTrail::Trail',
  );
  const names = new Set(input.buckets);
  if (input.allFindings) for (const name of byBucket.keys()) names.add(name);
  const out: Evaluation[] = [];
  for (const name of [...names].sort()) {
    const finding = byBucket.get(name) ?? accountUnknown;
    out.push({
      ComplianceResourceType: BUCKET_TYPE,
      ComplianceResourceId: name,
      ComplianceType: finding ? complianceOf(finding.status) : 'NOT_APPLICABLE',
      Annotation: finding ? annotationOf(finding) : clip(sanitize(input.notApplicable(name))),
      OrderingTimestamp: input.at,
    });
  }
  return out;
}

export function batches<T>(items: readonly T[], size = BATCH_SIZE): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
