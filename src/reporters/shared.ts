/**
 * Helpers every reporter shares, so one concept has one wording and one mapping across formats.
 */
import { createHash } from 'node:crypto';
import { REASON_TEXT, WARNING_TEXT } from '../engine/reasons.js';
import type { Finding, ReasonCode, ReportSource, RuleMeta, Severity } from '../engine/types.js';
import { findRule } from '../rules/index.js';
import type { ReporterOptions } from './types.js';

/** Where the generated rule docs live (docs/rules/<id>.md), for help links in SARIF, ASFF, HTML. */
export const RULE_DOCS_BASE_URL = 'https://github.com/trailguard/trailguard/blob/main/docs/rules/';

export const TOOL_URL = 'https://github.com/trailguard/trailguard';

export function ruleDocsUrl(ruleId: string): string {
  return `${RULE_DOCS_BASE_URL}${encodeURIComponent(ruleId)}.md`;
}

export function ruleLookup(options: ReporterOptions): (ruleId: string) => RuleMeta | undefined {
  return options.ruleMeta ?? ((id) => findRule(id)?.meta);
}

/** The human name of the resource: bucket or trail name, else the ARN. */
export function resourceName(finding: Finding): string {
  return finding.resource.name ?? finding.resource.id;
}

/** `file:line[:column]` for IaC findings, else `account/region` (either may be unknown). */
export function whereText(finding: Finding): string {
  const { location, account, region } = finding.resource;
  if (location) return `${location.file}:${location.line}${location.column ? `:${location.column}` : ''}`;
  return `${account ?? 'unknown account'}${region ? `/${region}` : ''}`;
}

export function reasonText(reason: ReasonCode): string {
  return REASON_TEXT[reason] ?? reason;
}

export function warningTexts(finding: Finding): string[] {
  return finding.warnings.map((code) => `${code}: ${WARNING_TEXT[code] ?? code}`);
}

/** A finding a human must act on (suppressed ones excepted). */
export function needsAction(finding: Finding): boolean {
  return finding.suppressed === null && finding.status === 'NON_COMPLIANT';
}

/**
 * Groups reason codes so that a fingerprint survives a change of *detail* (the target moved from
 * "missing" to "other Region") but not a change of *kind* (fixed, then broken again the same way is
 * the same alert; undetermined and failing are different alerts).
 */
const REASON_FAMILY: Record<ReasonCode, string> = {
  TRAILS_UNREADABLE: 'unreadable',
  NO_TRAILS: 'not-applicable',
  BUCKET_NOT_IN_SCOPE: 'out-of-scope',
  TRAIL_BUCKET_UNRESOLVED: 'unresolved',
  TRAIL_BUCKET_MISSING: 'bucket-missing',
  ACCESS_DENIED: 'unreadable',
  READ_FAILED: 'unreadable',
  LOGGING_DISABLED: 'logging-ineffective',
  TARGET_BUCKET_MISSING: 'logging-ineffective',
  TARGET_OTHER_REGION: 'logging-ineffective',
  TARGET_OTHER_ACCOUNT: 'logging-ineffective',
  TARGET_CANNOT_RECEIVE: 'logging-ineffective',
  LOGGING_ENABLED: 'logging-effective',
  IS_LOG_DESTINATION: 'not-applicable',
  NO_BUCKETS: 'not-applicable',
  BUCKETS_UNREADABLE: 'unreadable',
  ROLE_NOT_ASSUMABLE: 'unreadable',
  INPUT_UNREADABLE: 'input-error',
  SYNTAX_ERROR: 'input-error',
  VALUE_UNRESOLVED: 'unresolved',
  BUDGET_EXCEEDED: 'input-error',
  RULE_ERROR: 'rule-error',
};

export function reasonFamily(reason: ReasonCode): string {
  return REASON_FAMILY[reason] ?? reason;
}

/**
 * Stable id of a finding across runs: rule + resource + reason family. Never the message or a time,
 * which change between runs and would make every scan look like new alerts. IaC resources are keyed
 * by file and address, because IaC "ARNs" are synthetic.
 */
export function fingerprint(finding: Finding): string {
  return createHash('sha256')
    .update(`${finding.ruleId}\n${resourceKey(finding)}\n${reasonFamily(finding.reason)}`)
    .digest('hex');
}

/** The resource's identity: ARN for cloud resources, file and address for IaC (their ARNs are synthetic). */
export function resourceKey(finding: Finding): string {
  const { location } = finding.resource;
  return location ? `${location.file}#${location.address}` : finding.resource.id;
}

/**
 * Id of the (rule, resource) pair, the same whatever its status: Security Hub and SIEMs update one
 * finding from FAILED to PASSED instead of opening a new one.
 */
export function findingUid(finding: Finding): string {
  const hash = createHash('sha256')
    .update(`${finding.ruleId}\n${resourceKey(finding)}`)
    .digest('hex');
  return `trailguard/${finding.ruleId}/${hash.slice(0, 32)}`;
}

/** Truncates to `max` characters (services reject longer fields), marking the cut. */
export function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/** A Region for records that need one when the resource is global or unknown (the partition's first). */
export const DEFAULT_REGION: Record<string, string> = {
  aws: 'us-east-1',
  'aws-cn': 'cn-north-1',
  'aws-us-gov': 'us-gov-west-1',
};

export const SEVERITY_RANK: Record<Severity, number> = { info: 0, low: 1, medium: 2, high: 3, critical: 4 };

/** A one-line "how to fix" per failing reason, for text and markdown; the full steps are in the rule docs. */
const FIX_HINTS: Partial<Record<ReasonCode, string>> = {
  TRAIL_BUCKET_MISSING: "recreate the trail's bucket or point the trail at an existing bucket",
  LOGGING_DISABLED:
    'enable server access logging to a separate bucket in the same account and Region (`trailguard fix`)',
  TARGET_BUCKET_MISSING: 'create the target bucket again, or log to another bucket (`trailguard fix`)',
  TARGET_OTHER_REGION: 'log to a target bucket in the same Region as the source bucket',
  TARGET_OTHER_ACCOUNT: 'log to a target bucket owned by the same account as the source bucket',
  TARGET_CANNOT_RECEIVE:
    'let logging.s3.amazonaws.com write to the target (bucket policy), and remove Object Lock default retention, Requester Pays or SSE-KMS there',
  BUCKET_NOT_IN_SCOPE: "bring the bucket's account into the scan (--org, or --role-arn for that account)",
  TRAILS_UNREADABLE:
    'check that the scan role can be assumed in that account and has the read policy in iam/ (cloudtrail:ListTrails…)',
  BUCKETS_UNREADABLE:
    'check that the scan role can be assumed in that account and has the read policy in iam/ (s3:ListAllMyBuckets)',
  ACCESS_DENIED: 'grant s3:GetBucketLogging to the scanning role, or check the bucket policy for a Deny',
  READ_FAILED: 'scan again; if it persists, run with --debug',
  TRAIL_BUCKET_UNRESOLVED: 'give the bucket name literally, or scan the Terraform plan JSON instead',
  ROLE_NOT_ASSUMABLE:
    'create the scan role in that account (iam/) with a trust policy for the scanning principal, or leave the account out with --accounts',
  INPUT_UNREADABLE: 'check that the file can be read (permissions, path, `terraform init` for modules)',
  SYNTAX_ERROR: 'fix the syntax error at the given line (`terraform validate` / `cfn-lint`)',
  VALUE_UNRESOLVED: 'give the value literally, or scan the Terraform plan JSON (`terraform show -json`)',
  BUDGET_EXCEEDED: 'raise the named limit with --limit NAME=N if the input is trusted',
  RULE_ERROR: 'report this with the --debug output',
};

export function fixHint(finding: Finding): string | undefined {
  if (finding.reason === 'TARGET_CANNOT_RECEIVE')
    return cannotReceiveHint(finding) ?? FIX_HINTS[finding.reason];
  return FIX_HINTS[finding.reason];
}

/**
 * One fix line for every listed finding of a reason (the text report's "Reasons and fixes"): the
 * findings' own hints when they are few (up to 3 different ones, e.g. the Deny statements that block
 * their targets), else the reason's general hint.
 */
export function fixHintForReason(reason: ReasonCode, findings: readonly Finding[]): string | undefined {
  const hints = [...new Set(findings.filter((f) => f.reason === reason).map((f) => fixHint(f)))];
  if (hints.length > 0 && hints.length <= 3 && hints.every((h) => h !== undefined))
    return hints.join('; or ');
  return FIX_HINTS[reason];
}

interface StatementRef {
  index?: number;
  sid?: string;
}

interface TargetEvidence {
  grant?: unknown;
  policy?: { deny?: unknown; deniedBy?: StatementRef[] };
  objectLockDefaultRetention?: unknown;
  requesterPays?: unknown;
  defaultEncryption?: unknown;
}

/**
 * TARGET_CANNOT_RECEIVE names what blocks this target (the rule's evidence: `target.grant`,
 * `target.policy.deniedBy`, Object Lock, Requester Pays, encryption), not every possible cause: an
 * explicit Deny is fixed in the policy, not by removing Object Lock or SSE-KMS.
 */
function cannotReceiveHint(finding: Finding): string | undefined {
  const target = finding.evidence?.target as TargetEvidence | undefined;
  if (!target || typeof target !== 'object') return undefined;
  const parts: string[] = [];
  const denied = Array.isArray(target.policy?.deniedBy) ? target.policy.deniedBy : [];
  if (denied.length > 0 || target.policy?.deny === 'yes') {
    const names = denied.map((d) =>
      d.sid ? `"${d.sid}"` : d.index !== undefined ? `#${d.index + 1}` : 'statement',
    );
    parts.push(
      `narrow or remove the Deny ${names.length ? `statement ${names.join(', ')} ` : ''}in the target's bucket policy that blocks logging.s3.amazonaws.com (an explicit Deny overrides any Allow)`,
    );
  }
  if (target.grant === 'no') {
    parts.push('let logging.s3.amazonaws.com write to the target (bucket policy; `trailguard fix` adds it)');
  }
  if (target.objectLockDefaultRetention === true)
    parts.push('log to a target without Object Lock default retention');
  if (target.requesterPays === true) parts.push('turn Requester Pays off on the target');
  if (target.defaultEncryption === 'SSE-KMS' || target.defaultEncryption === 'DSSE-KMS') {
    parts.push(`use SSE-S3 default encryption on the target (it has ${target.defaultEncryption})`);
  }
  return parts.length > 0 ? parts.join('; ') : undefined;
}

/** First plain sentence of a Markdown paragraph, for one-line descriptions. */
export function firstSentence(text: string): string {
  const line =
    text
      .trim()
      .split(/\n\s*\n/)[0]
      ?.replace(/\s+/g, ' ') ?? '';
  const match = /^(.+?[.!?])(\s|$)/.exec(line);
  return match?.[1] ?? line;
}

/**
 * For a report read from an AWS Config aggregator: where the data came from and how old it is ("as
 * recorded by AWS Config"), and how many buckets `--verify-live` re-read. Undefined for other sources.
 */
export function recordedByConfig(source: ReportSource): string | undefined {
  if (source.kind !== 'aws-config') return undefined;
  const span =
    source.recordedFrom && source.recordedTo && source.recordedFrom !== source.recordedTo
      ? ` at ${source.recordedFrom} – ${source.recordedTo}`
      : source.recordedFrom
        ? ` at ${source.recordedFrom}`
        : '';
  const verified = source.verifiedLive ? `; ${source.verifiedLive} buckets re-read live` : '';
  return `as recorded by AWS Config aggregator ${source.aggregator ?? ''}${span}${verified}`;
}
