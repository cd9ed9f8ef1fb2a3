/**
 * Findings, rules and the report: the contract between the rule engine, the reporters, the
 * suppressions and the remediation planner (DESIGN sections 4 and 6).
 */
import type { Inventory, InventoryError, SourceLocation } from '../inventory/model.js';
import type { BaselineState, BaselineSummary } from './baseline.js';
import type { RuleCatalog } from './catalog.js';

export const STATUSES = ['NON_COMPLIANT', 'UNDETERMINED', 'COMPLIANT', 'NOT_APPLICABLE'] as const;
export type Status = (typeof STATUSES)[number];

export type Severity = 'info' | 'low' | 'medium' | 'high' | 'critical';

/**
 * Reason codes: exactly one per finding, UPPER_SNAKE_CASE. Each is defined (words, family, fix) by whoever
 * gives it, like ESLint's `meta.messages`: a rule in its folder (`RuleMeta.reasons`), both rules in
 * `src/rules/shared/reasons.ts`, the engine in `src/engine/reasons.ts` (input errors, RULE_ERROR). A
 * string here, so that a new reason touches only the folder that gives it; `RuleCatalog` (catalog.ts)
 * refuses two different definitions of one code, and the rule table tests refuse a code nobody defines.
 */
export type ReasonCode = string;

/** Warning codes, defined like reason codes (`RuleMeta.warnings`). */
export type WarningCode = string;

/** What a reason code means, for every report format and the rule docs. */
export interface ReasonDef {
  /** The reason in words, for people: "server access logging is disabled". */
  text: string;
  /**
   * Findings whose reasons share a family are one alert across runs (the fingerprint, engine/identity.ts):
   * a change of detail (target missing → target in another Region) keeps the alert, a change of kind
   * (failing → undetermined) makes a new one.
   */
  family: string;
  /** One line on how to fix it (text, Markdown, HTML, ASFF, OCSF); the full steps are in the rule docs. */
  fix?: string;
  /** A fix line from the finding's own evidence, when that says more than `fix` (which it falls back to). */
  fixFor?: (finding: Finding) => string | undefined;
  /**
   * UNDETERMINED because the scan lacks information (a bucket outside its scope, a name the code does not
   * give), not because a read failed: ASFF reports it as WARNING instead of NOT_AVAILABLE.
   */
  missingInformation?: true;
}

export type ReasonDefs = Readonly<Record<ReasonCode, ReasonDef>>;

/** Warning code → its words ("the bucket logs into itself; use a separate log bucket"). */
export type WarningDefs = Readonly<Record<WarningCode, string>>;

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

/**
 * What a rule returns: the runner adds ruleId, severity, compliance and suppressed. A rule narrows `R` and
 * `W` to the codes it defines (plus the engine's), so a code it does not define fails to compile there.
 */
export type FindingDraft<R extends ReasonCode = ReasonCode, W extends WarningCode = WarningCode> = Omit<
  Finding,
  'ruleId' | 'severity' | 'compliance' | 'suppressed' | 'reason' | 'warnings'
> & { reason: R; warnings: W[] };

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
  /**
   * The reason codes this rule gives, its own and those it shares with other rules (the same objects):
   * in this order in the catalog. The engine's reasons (`src/engine/reasons.ts`) need no entry.
   */
  reasons?: ReasonDefs;
  /** The warnings its findings may carry, in the order the rule docs list them. */
  warnings?: WarningDefs;
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
  /**
   * The rule registry the report was made with: rule docs and the words for every reason and warning,
   * for the reporters. Code, not data: left out of the report's JSON (`RuleCatalog.toJSON`). Absent in a
   * report read back from JSON; reporters then know the engine's reasons only.
   */
  rules?: RuleCatalog;
}
