/**
 * Findings, rules and the report: the contract between the rule engine, the reporters, the
 * suppressions and the remediation planner (DESIGN sections 4 and 6).
 */
import type { Inventory, InventoryError, SourceLocation } from '../inventory/model.js';
import type { BaselineState, BaselineSummary } from './baseline.js';

export const STATUSES = ['NON_COMPLIANT', 'UNDETERMINED', 'COMPLIANT', 'NOT_APPLICABLE'] as const;
export type Status = (typeof STATUSES)[number];

export type Severity = 'info' | 'low' | 'medium' | 'high' | 'critical';

/**
 * Reason codes: exactly one per finding. Words for each are in `reasons.ts`.
 * Beyond DESIGN 4.1/4.2: TRAIL_BUCKET_UNRESOLVED (IaC trail whose bucket name cannot be resolved statically),
 * NO_BUCKETS / BUCKETS_UNREADABLE (per-account findings of the general rule), RULE_ERROR (a rule threw).
 * Input errors (issue 10, `src/engine/input-findings.ts`): INPUT_UNREADABLE, SYNTAX_ERROR, VALUE_UNRESOLVED,
 * BUDGET_EXCEEDED (a part of a file input that could not be read or evaluated) and ROLE_NOT_ASSUMABLE (an
 * account whose scan role could not be assumed).
 */
export type ReasonCode =
  | 'TRAILS_UNREADABLE'
  | 'NO_TRAILS'
  | 'BUCKET_NOT_IN_SCOPE'
  | 'TRAIL_BUCKET_UNRESOLVED'
  | 'TRAIL_BUCKET_MISSING'
  | 'ACCESS_DENIED'
  | 'READ_FAILED'
  | 'LOGGING_DISABLED'
  | 'TARGET_BUCKET_MISSING'
  | 'TARGET_OTHER_REGION'
  | 'TARGET_OTHER_ACCOUNT'
  | 'TARGET_CANNOT_RECEIVE'
  | 'LOGGING_ENABLED'
  | 'IS_LOG_DESTINATION'
  | 'NO_BUCKETS'
  | 'BUCKETS_UNREADABLE'
  | 'ROLE_NOT_ASSUMABLE'
  | 'INPUT_UNREADABLE'
  | 'SYNTAX_ERROR'
  | 'VALUE_UNRESOLVED'
  | 'BUDGET_EXCEEDED'
  | 'RULE_ERROR';

export type WarningCode = 'SELF_TARGET' | 'TARGET_UNVERIFIED' | 'TRAIL_NOT_LOGGING' | 'NO_TARGET_PREFIX';

/** `File`: an input file (or directory) a part of which could not be read or evaluated; `location` says where. */
export type ResourceType = 'AWS::S3::Bucket' | 'AWS::CloudTrail::Trail' | 'AWS::::Account' | 'File';

export interface ResourceRef {
  type: ResourceType;
  /** ARN (bucket `arn:aws:s3:::name`, trail ARN, account `arn:aws:iam::ID:root`); a file: its path. */
  id: string;
  name?: string;
  account?: string | null;
  region?: string | null;
  location?: SourceLocation;
}

export interface ComplianceMapping {
  framework: string;
  version?: string;
  control: string;
}

export interface Suppression {
  reason: string;
  /** ISO date (YYYY-MM-DD) after which the suppression no longer applies. */
  expires?: string;
  /** Where it came from (file path), for the reader. */
  source?: string;
  /** Written in the IaC file next to the resource (`trailguard:ignore` comment or template Metadata). */
  inline?: boolean;
}

export interface Finding {
  ruleId: string;
  status: Status;
  reason: ReasonCode;
  warnings: WarningCode[];
  severity: Severity;
  message: string;
  resource: ResourceRef;
  related: ResourceRef[];
  /** What was read, so a reader can check the verdict. Plain JSON. */
  evidence: Record<string, unknown>;
  compliance: ComplianceMapping[];
  suppressed: Suppression | null;
  /** With `--baseline`: whether the baseline report had this finding (`baseline.ts`). Absent otherwise. */
  baseline?: BaselineState;
}

/** What a rule returns: the runner adds ruleId, severity, compliance and suppressed. */
export type FindingDraft = Omit<Finding, 'ruleId' | 'severity' | 'compliance' | 'suppressed'>;

export interface Reference {
  title: string;
  url: string;
}

export interface RemediationDocs {
  console: string;
  /** AWS CLI steps, including the logging.json document. Markdown. */
  cli: string;
  terraform: string;
  cloudformation: string;
}

export interface RuleMeta {
  id: string;
  title: string;
  severity: Severity;
  resourceType: ResourceType;
  description: string;
  rationale: string;
  impact: string;
  audit: string;
  remediation: RemediationDocs;
  defaultValue: string;
  references: Reference[];
  compliance: ComplianceMapping[];
  /**
   * The account listings this rule gives per-account findings for: an unreadable trail list
   * (TRAILS_UNREADABLE) or bucket list (BUCKETS_UNREADABLE) in `inventory.errors` becomes a finding of
   * the rules that list it here only. Absent: both. Every other input error concerns every rule.
   */
  listings?: readonly ('trails' | 'buckets')[];
}

export interface Rule {
  meta: RuleMeta;
  /** Pure: no I/O, no clock, no globals. May throw; the runner turns that into a RULE_ERROR finding. */
  evaluate(inventory: Inventory): FindingDraft[];
}

export type SourceKind =
  | 'aws'
  | 'aws-config'
  | 'snapshot'
  | 'terraform'
  | 'terraform-plan'
  | 'cloudformation';

export interface ReportSource {
  kind: SourceKind;
  /** Input paths (IaC, snapshot). */
  paths?: string[];
  partition?: string;
  /** Accounts in scope (live, snapshot). */
  accounts?: string[];
  /** When the inventory was collected (ISO). */
  collectedAt?: string;
  /** `aws-config`: the configuration aggregator read. */
  aggregator?: string;
  /** `aws-config`: the oldest and newest capture time of the configuration items (ISO): data "as recorded by AWS Config". */
  recordedFrom?: string;
  recordedTo?: string;
  /** `aws-config --verify-live`: buckets re-read directly before reporting. */
  verifiedLive?: number;
}

export interface Summary {
  COMPLIANT: number;
  NON_COMPLIANT: number;
  NOT_APPLICABLE: number;
  UNDETERMINED: number;
  suppressed: number;
}

export const REPORT_SCHEMA_ID = 'trailguard/report@1';

export interface Report {
  schema: typeof REPORT_SCHEMA_ID;
  tool: { name: 'trailguard'; version: string };
  source: ReportSource;
  summary: Summary;
  findings: Finding[];
  errors: InventoryError[];
  /** With `--baseline`: the baseline report, counts per state, and its failing findings this run no longer has. */
  baseline?: BaselineSummary;
}
