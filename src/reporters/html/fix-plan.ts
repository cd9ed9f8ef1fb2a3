/**
 * The fix for one failing bucket, as `trailguard fix` would plan it (src/remediation/planner.ts) and write
 * it (`fix -f cli`, src/remediation/writers/cli.ts) — computed from what the report carries, since a
 * reporter is pure and has no inventory. The planner needs the source bucket (name, account, Region,
 * current logging: the finding and its evidence) and the log target (its existence, account, Region,
 * settings and policy: the evidence of a finding about the current target, or the findings of the
 * general rule, which lists every bucket of an account that was read).
 *
 * What the report cannot tell is never guessed:
 * - a target whose policy document is not in the report (it has one, or may have): the plan's
 *   PutBucketPolicy would replace that policy with ours, so the page shows the statement to add instead,
 *   and the CLI commands without that step;
 * - a default target the report cannot show to be absent (its account's buckets were not all listed, or
 *   the general rule did not run): the page does not offer to create it; it shows the logging step, the
 *   statement, and `trailguard fix`, which checks the target before it creates anything.
 * Findings the planner would skip show its reason (e.g. a trail bucket that does not exist); IaC findings
 * and findings without an account or Region show the rule's generic steps only.
 */
import type { Finding, Report } from '../../engine/types.js';
import type { Bucket, Inventory, LoggingConfig, Partition } from '../../inventory/model.js';
import { FIXABLE_REASONS, GENERAL_RULE, planFix, REFUSED_REASONS } from '../../remediation/planner.js';
import { defaultTargetName } from '../../remediation/target.js';
import type { FixPlan, PolicyStatement } from '../../remediation/types.js';
import { writeCli } from '../../remediation/writers/cli.js';
import { shellWord } from '../../util/sanitize.js';

export interface BucketPlan {
  /** One sentence: what the fix does. */
  summary: string;
  /** What the reader must check or do by hand (unknown target state). */
  note?: string;
  /** The `fix -f cli` script, line by line (lines repeat across buckets: the string table stores them once). */
  script?: string[];
  /** A log-delivery statement to append to the target's existing policy (when the report does not hold that policy). */
  statement?: PolicyStatement;
  target?: string;
  /** The trailguard command that plans and applies the same fix from live state. */
  command?: string;
}

/** Reasons meaning an account's bucket list (or the account) could not be read. */
export const UNLISTED: ReadonlySet<string> = new Set(['BUCKETS_UNREADABLE', 'ROLE_NOT_ASSUMABLE']);

/** Reasons the planner says something of its own about: a fix, or why it makes none (its skip message). */
function planned(reason: string): boolean {
  return FIXABLE_REASONS.has(reason) || REFUSED_REASONS.has(reason);
}

function record(value: unknown): Record<string, unknown> | null {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : null;
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

function bool(value: unknown): boolean | undefined {
  return typeof value === 'boolean' ? value : undefined;
}

/** Logging as the evidence records it: null (disabled), a configuration, or undefined (not known). */
function loggingOf(value: unknown): LoggingConfig | null | undefined {
  if (value === null) return null;
  const logging = record(value);
  // An unresolved bucket or prefix (an IaC expression) is an error value: not known.
  if (!logging || typeof logging.targetBucket !== 'string' || typeof logging.targetPrefix !== 'string') {
    return undefined;
  }
  return {
    targetBucket: logging.targetBucket,
    targetPrefix: logging.targetPrefix,
    ...(logging.partitioned === true ? { partitioned: true } : {}),
  };
}

export class BucketPlans {
  private readonly partition: Partition;
  /** Bucket names that have a finding, per name: the owning account (null when not known). */
  private readonly buckets = new Map<string, string | null>();
  /** Accounts whose every bucket the general rule reported on. */
  private readonly listed = new Set<string>();
  private readonly unlisted = new Set<string>();
  private readonly cache = new Map<string, BucketPlan | null>();
  /** A bucket's own logging configuration, from the evidence of a finding about it. */
  private readonly logging = new Map<string, LoggingConfig | null>();
  private readonly live: boolean;
  private readonly collectedAt: string;

  constructor(report: Report) {
    const partition = report.source.partition;
    this.partition = partition === 'aws-cn' || partition === 'aws-us-gov' ? partition : 'aws';
    this.live = report.source.kind === 'aws' || report.source.kind === 'snapshot';
    this.collectedAt = report.source.collectedAt ?? new Date(0).toISOString();
    for (const f of report.findings) {
      const account = f.resource.account ?? null;
      if (f.resource.type === 'AWS::S3::Bucket' && f.resource.name) {
        if (!this.buckets.has(f.resource.name) || account) this.buckets.set(f.resource.name, account);
        if (f.ruleId === GENERAL_RULE && account) this.listed.add(account);
      }
      if (UNLISTED.has(f.reason) && account) this.unlisted.add(account);
      const evidence = record(f.evidence);
      if (f.resource.type === 'AWS::S3::Bucket' && f.resource.name && evidence && 'logging' in evidence) {
        const logging = loggingOf(evidence.logging);
        if (logging !== undefined) this.logging.set(f.resource.name, logging);
      }
    }
  }

  planFor(f: Finding): BucketPlan | null {
    if (f.status !== 'NON_COMPLIANT' || f.suppressed || f.resource.type !== 'AWS::S3::Bucket') return null;
    if (!planned(f.reason) || f.resource.location || !this.live) return null;
    const name = f.resource.name;
    const account = f.resource.account ?? null;
    const region = f.resource.region ?? null;
    if (!name || !account || !region) return null;
    const key = `${name}\n${f.reason}\n${JSON.stringify(f.evidence)}`;
    if (this.cache.has(key)) return this.cache.get(key) ?? null;
    const plan = this.plan(f, name, account, region);
    this.cache.set(key, plan);
    return plan;
  }

  /** Is the bucket known not to exist (its account's buckets were all listed, and it is not among them)? */
  private absent(name: string, account: string): boolean {
    return !this.buckets.has(name) && this.listed.has(account) && !this.unlisted.has(account);
  }

  private plan(f: Finding, name: string, account: string, region: string): BucketPlan | null {
    const evidence = record(f.evidence) ?? {};
    const source: Bucket = {
      name,
      account,
      region,
      exists: true,
      logging: loggingOf(evidence.logging) ?? null,
    };
    const buckets: Bucket[] = [source];
    /** Targets whose policy document the report does not hold (present or possibly present). */
    const policyUnknown = new Set<string>();
    const target = record(evidence.target);
    const current = target && text(target.name);
    // A current target whose policy denies (or may deny) the delivery is refused by the planner; without
    // its policy document here, leaving it out gives the same plan (the default target).
    const policyEvidence = target ? record(target.policy) : null;
    const denies = policyEvidence !== null && policyEvidence.deny !== 'no';
    if (target && current && current !== name && target.exists === true && !denies) {
      const policyNone = target.policy === 'none';
      if (!policyNone) policyUnknown.add(current);
      buckets.push({
        name: current,
        account: text(target.account) ?? null,
        region: text(target.region) ?? null,
        exists: true,
        ...(this.logging.has(current) ? { logging: this.logging.get(current) ?? null } : {}),
        ...(policyNone ? { policy: null } : {}),
        ...(bool(target.objectLockDefaultRetention) !== undefined
          ? { objectLockDefaultRetention: bool(target.objectLockDefaultRetention) as boolean }
          : {}),
        ...(bool(target.requesterPays) !== undefined
          ? { requesterPays: bool(target.requesterPays) as boolean }
          : {}),
        ...(target.defaultEncryption === 'SSE-S3' ||
        target.defaultEncryption === 'SSE-KMS' ||
        target.defaultEncryption === 'DSSE-KMS'
          ? { defaultEncryption: target.defaultEncryption }
          : {}),
      });
    }
    const fallback = defaultTargetName(account, region);
    let unknownTarget = false;
    if (fallback !== current && fallback !== name) {
      if (this.buckets.has(fallback)) {
        // It exists (it has a finding); the report holds none of its settings but its account.
        buckets.push({
          name: fallback,
          account: this.buckets.get(fallback) ?? null,
          region,
          exists: true,
          ...(this.logging.has(fallback) ? { logging: this.logging.get(fallback) ?? null } : {}),
        });
        policyUnknown.add(fallback);
      } else if (!this.absent(fallback, account)) {
        unknownTarget = true;
        policyUnknown.add(fallback);
      }
    }
    const inventory: Inventory = {
      schema: 'trailguard/inventory@1',
      partition: this.partition,
      collectedAt: this.collectedAt,
      accounts: [{ id: account, scanned: true }],
      trails: [],
      buckets,
      errors: [],
    };
    const plan = planFix({ findings: [f], inventory });
    return this.describe(plan, name, account, policyUnknown, unknownTarget);
  }

  private describe(
    plan: FixPlan,
    name: string,
    account: string,
    policyUnknown: Set<string>,
    unknownTarget: boolean,
  ): BucketPlan | null {
    const command = /^[A-Za-z0-9._-]+$/.test(name)
      ? `trailguard fix --account ${account} --bucket ${shellWord(name)}`
      : undefined;
    const fix = plan.fixes.find((x) => x.bucket === name);
    if (!fix) {
      const skipped = plan.skipped.find((s) => s.bucket === name);
      if (!skipped) return null;
      return {
        summary: `trailguard fix does not change this bucket: ${skipped.message}.`,
        ...(command ? { command } : {}),
      };
    }
    const target = fix.target;
    // This bucket's steps only (the plan may also fix a bucket that stops being a log destination).
    const steps = fix.steps.map((k) => plan.steps[k]).filter((step) => step !== undefined);
    const others = plan.fixes.filter((x) => x !== fix).map((x) => x.bucket);
    const policyStep = steps.find((s) => s.kind === 'PutBucketPolicy' && s.bucket === target);
    const statement = policyStep?.kind === 'PutBucketPolicy' ? policyStep.add[0] : undefined;
    const creates = steps.some((s) => s.kind === 'CreateBucket');
    const hold = policyUnknown.has(target);
    const kept = steps.filter((s) => {
      if (hold && s.kind === 'PutBucketPolicy') return false;
      if (unknownTarget && s.bucket === target && s.kind !== 'PutBucketPolicy') return false;
      return true;
    });
    const summary =
      fix.mode === 'grant-only'
        ? `Let S3 log delivery write ${name}'s logs into its current target ${target} (prefix ${fix.targetPrefix}): add a statement to ${target}'s bucket policy; logging stays as it is.`
        : `Send ${name}'s access logs to ${target} under the prefix ${fix.targetPrefix}${creates && !unknownTarget ? ` (a new bucket in account ${account}, created with public access blocked and SSE-S3)` : ''}${statement ? `, with a log-delivery statement for this bucket in ${target}'s policy` : ''}.`;
    const notes: string[] = [];
    if (unknownTarget) {
      notes.push(
        `This report does not show whether ${target} exists (not every bucket of account ${account} is in it). If it does not, create it first (trailguard fix does: it checks, then creates it with public access blocked and SSE-S3); then add the statement below to its policy.`,
      );
    } else if (hold && statement) {
      notes.push(
        `${target} has a bucket policy this report does not hold: add the statement below to it (aws s3api get-bucket-policy, append, put-bucket-policy) — do not replace it.`,
      );
    }
    if (fix.note) notes.push(fix.note);
    if (others.length) {
      notes.push(
        `trailguard fix would also fix ${others.join(', ')}: no longer a log destination after this change, its own disabled logging becomes a finding.`,
      );
    }
    const script = kept.length
      ? writeCli({ ...plan, steps: kept, skipped: [] })
          .trimEnd()
          .split('\n')
      : undefined;
    return {
      summary,
      ...(notes.length ? { note: notes.join(' ') } : {}),
      ...(script ? { script } : {}),
      ...(hold && statement ? { statement } : {}),
      target,
      ...(command ? { command } : {}),
    };
  }
}
