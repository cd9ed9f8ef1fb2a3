/**
 * The remediation planner: (findings + inventory + options) → FixPlan. Pure: no I/O, no clock.
 *
 * For each NON_COMPLIANT bucket finding it decides a target in the source's account and Region, the
 * delivery statement to merge into the target's policy, and the PutBucketLogging call. Sources that
 * share a target share one creation and one policy update (one statement per source: each source is
 * confined to its own prefix, and a deterministic Sid makes the statement recognisable on a second run).
 */
import picomatch from 'picomatch';
import type { Finding, ReasonCode, ReportSource } from '../engine/types.js';
import type { Bucket, Inventory, PolicyDocument } from '../inventory/model.js';
import { isErrorValue } from '../inventory/read.js';
import { mergePolicy, policyText } from './policy.js';
import {
  defaultTargetName,
  explicitTarget,
  findBucket,
  plannedTarget,
  type TargetProblem,
  useTarget,
} from './target.js';
import {
  BUCKET_POLICY_MAX_BYTES,
  type BucketFix,
  type BucketRef,
  FIX_PLAN_SCHEMA_ID,
  type FixOptions,
  type FixPlan,
  type FixStep,
  type LoggingSettings,
  type PolicyStatement,
  type SkippedBucket,
  type TargetPlan,
} from './types.js';

/** Reasons a fix can address (the HTML report's fix plan offers one for the same reasons). */
export const FIXABLE_REASONS: ReadonlySet<ReasonCode> = new Set([
  'LOGGING_DISABLED',
  'TARGET_BUCKET_MISSING',
  'TARGET_OTHER_REGION',
  'TARGET_OTHER_ACCOUNT',
  'TARGET_CANNOT_RECEIVE',
]);

/**
 * Reasons a fix refuses with words of its own (a skip with that code, not NOT_FIXABLE), which the HTML
 * report's fix plan shows: trailguard does not create a trail's missing bucket.
 */
export const REFUSED_REASONS: ReadonlyMap<ReasonCode, { code: SkippedBucket['code']; message: string }> =
  new Map([
    [
      'TRAIL_BUCKET_MISSING',
      {
        code: 'TRAIL_BUCKET_MISSING',
        message:
          'the trail writes to a bucket that does not exist; trailguard does not create trail buckets (anyone may claim the free name, and the trail needs a CloudTrail bucket policy) — create it yourself or point the trail at an existing bucket (aws cloudtrail update-trail --s3-bucket-name), then run fix again',
      },
    ],
  ]);

/** The rule that reports on every bucket of an account it read (the CloudTrail rule only on trail buckets). */
export const GENERAL_RULE = 'aws-s3-bucket-access-logging';

export interface PlanInput {
  findings: readonly Finding[];
  inventory: Inventory;
  source?: ReportSource;
}

interface Candidate {
  name: string;
  ruleIds: string[];
  reason: ReasonCode;
  suppressed: string | null;
  finding: Finding;
}

interface Decision {
  ref: BucketRef;
  candidate: Candidate;
  mode: BucketFix['mode'];
  target: string;
  targetBucket: Bucket | undefined;
  create: boolean;
  prefix: string;
  statement: PolicyStatement | null;
  previousLogging: LoggingSettings | null;
  note?: string;
}

export function planFix(input: PlanInput, options: FixOptions = {}): FixPlan {
  const { inventory } = input;
  const skipped: SkippedBucket[] = [];
  const decisions: Decision[] = [];
  for (const candidate of selectCandidates(input.findings, options)) {
    const bucket = findBucket(inventory, candidate.name);
    const ref = bucketRef(candidate, bucket);
    const skip = (code: SkippedBucket['code'], message: string, refused = false) =>
      skipped.push({ ...ref, ruleIds: candidate.ruleIds, reason: candidate.reason, code, refused, message });
    const refusal = REFUSED_REASONS.get(candidate.reason);
    if (candidate.suppressed !== null) {
      skip('SUPPRESSED', `finding is suppressed (${candidate.suppressed})`);
    } else if (refusal) {
      skip(refusal.code, refusal.message);
    } else if (!FIXABLE_REASONS.has(candidate.reason)) {
      skip('NOT_FIXABLE', `reason ${candidate.reason} has no automatic fix`);
    } else if (!bucket) {
      skip('SOURCE_NOT_IN_INVENTORY', 'the bucket is not in the inventory');
    } else {
      const decision = decide(candidate, bucket, ref, inventory, options);
      if ('code' in decision) skip(decision.code, decision.message, decision.refused);
      else decisions.push(decision);
    }
  }
  anticipateOrphans(input, options, decisions, skipped);
  return assemble(input, options, decisions, skipped);
}

/**
 * A bucket that is a log destination is NOT_APPLICABLE under the general rule (DESIGN 4.2 row 1). When the
 * fix points all its sources elsewhere, it stops being one and its own disabled logging becomes a finding:
 * plan its fix now, so that one run leaves nothing to fix (idempotence) instead of revealing new work.
 */
function anticipateOrphans(
  input: PlanInput,
  options: FixOptions,
  decisions: Decision[],
  skipped: SkippedBucket[],
) {
  if (options.ruleIds && !options.ruleIds.includes(GENERAL_RULE)) return;
  const { inventory } = input;
  const globs = options.bucketGlobs?.length ? picomatch(options.bucketGlobs, { dot: true }) : null;
  const handled = new Set([...decisions.map((d) => d.ref.bucket), ...skipped.map((s) => s.bucket)]);
  for (let changed = true; changed; ) {
    changed = false;
    const repointed = new Set(decisions.filter((d) => d.mode === 'set-logging').map((d) => d.ref.bucket));
    const destinations = new Set(decisions.map((d) => d.target));
    for (const b of inventory.buckets) {
      const current = currentLogging(b);
      if (current && !repointed.has(b.name)) destinations.add(current.targetBucket);
    }
    for (const d of [...decisions]) {
      const old = d.mode === 'set-logging' ? d.previousLogging?.targetBucket : undefined;
      if (!old || destinations.has(old) || handled.has(old)) continue;
      const bucket = findBucket(inventory, old);
      if (bucket?.exists !== true || bucket.logging !== null || typeof bucket.account !== 'string') continue;
      if (globs && !globs(old)) continue;
      if (options.accounts && !options.accounts.includes(bucket.account)) continue;
      handled.add(old);
      const region = typeof bucket.region === 'string' ? bucket.region : null;
      const finding: Finding = {
        ruleId: GENERAL_RULE,
        status: 'NON_COMPLIANT',
        reason: 'LOGGING_DISABLED',
        warnings: [],
        severity: 'low',
        message: `${old} stops being a log destination after this fix, and its own logging is disabled`,
        resource: {
          type: 'AWS::S3::Bucket',
          id: `arn:${inventory.partition}:s3:::${old}`,
          name: old,
          account: bucket.account,
          region,
        },
        related: [],
        evidence: {},
        compliance: [],
        suppressed: null,
      };
      const candidate: Candidate = {
        name: old,
        ruleIds: [GENERAL_RULE],
        reason: 'LOGGING_DISABLED',
        suppressed: null,
        finding,
      };
      const ref = bucketRef(candidate, bucket);
      const decision = decide(candidate, bucket, ref, inventory, options);
      if ('code' in decision) {
        skipped.push({
          ...ref,
          ruleIds: candidate.ruleIds,
          reason: candidate.reason,
          code: decision.code,
          refused: decision.refused,
          message: decision.message,
        });
      } else {
        decision.note = `no longer a log destination after this fix (its sources log elsewhere), so its own disabled logging must be fixed too`;
        decisions.push(decision);
        changed = true;
      }
    }
  }
}

/** NON_COMPLIANT bucket findings after the filters, one per bucket (both rules may report the same bucket). */
function selectCandidates(findings: readonly Finding[], options: FixOptions): Candidate[] {
  const globs = options.bucketGlobs?.length ? picomatch(options.bucketGlobs, { dot: true }) : null;
  const byName = new Map<string, Candidate>();
  for (const finding of findings) {
    if (finding.status !== 'NON_COMPLIANT' || finding.resource.type !== 'AWS::S3::Bucket') continue;
    if (options.ruleIds && !options.ruleIds.includes(finding.ruleId)) continue;
    const name = finding.resource.name ?? finding.resource.id.replace(/^arn:[^:]+:s3:::/, '');
    if (globs && !globs(name)) continue;
    const account = finding.resource.account ?? null;
    if (options.accounts && (!account || !options.accounts.includes(account))) continue;
    const existing = byName.get(name);
    if (existing) {
      if (!existing.ruleIds.includes(finding.ruleId)) existing.ruleIds.push(finding.ruleId);
      // An unsuppressed finding of either rule is enough to fix the bucket.
      if (finding.suppressed === null) existing.suppressed = null;
      continue;
    }
    byName.set(name, {
      name,
      ruleIds: [finding.ruleId],
      reason: finding.reason,
      suppressed: finding.suppressed ? finding.suppressed.reason : null,
      finding,
    });
  }
  return [...byName.values()].sort((a, b) => a.name.localeCompare(b.name));
}

function bucketRef(candidate: Candidate, bucket: Bucket | undefined): BucketRef {
  const region =
    bucket?.region !== undefined && !isErrorValue(bucket.region)
      ? bucket.region
      : (candidate.finding.resource.region ?? null);
  const ref: BucketRef = {
    bucket: candidate.name,
    account: bucket?.account ?? candidate.finding.resource.account ?? null,
    region,
  };
  if (bucket?.location) {
    ref.address = bucket.location.address;
    ref.file = bucket.location.file;
  }
  return ref;
}

function currentLogging(bucket: Bucket): LoggingSettings | null {
  const logging = bucket.logging;
  if (!logging || isErrorValue(logging) || isErrorValue(logging.targetBucket)) return null;
  return {
    targetBucket: logging.targetBucket,
    // An unknown IaC prefix: a grant for the whole bucket (prefix "") covers it, whatever it is.
    targetPrefix: isErrorValue(logging.targetPrefix) ? '' : logging.targetPrefix,
    partitioned: Boolean(logging.partitioned),
  };
}

function decide(
  candidate: Candidate,
  bucket: Bucket,
  ref: BucketRef,
  inventory: Inventory,
  options: FixOptions,
): Decision | TargetProblem {
  const previousLogging = currentLogging(bucket);
  const explicit = explicitTarget(options.targetBucket, ref.region);
  const base = { ref, candidate, previousLogging };

  // The target is right but its policy lacks the grant: add the grant, leave logging as it is.
  if (candidate.reason === 'TARGET_CANNOT_RECEIVE' && !explicit && previousLogging) {
    const current = findBucket(inventory, previousLogging.targetBucket);
    if (current && current.exists === true && current.name !== bucket.name) {
      const use = useTarget(current, bucket, ref, previousLogging.targetPrefix, inventory);
      if (!('code' in use)) {
        return {
          ...base,
          mode: 'grant-only',
          target: current.name,
          targetBucket: current,
          create: false,
          prefix: previousLogging.targetPrefix,
          statement: use.statement,
        };
      }
      // An IaC source keeps its declared target when only the grant is missing; say why it cannot.
      if (bucket.location && (!ref.account || !ref.region)) return use;
    }
  }

  let target = explicit;
  if (!target && ref.account && ref.region) target = defaultTargetName(ref.account, ref.region);
  // IaC without an account: one new log bucket per configuration (module / template) and Region.
  if (!target && bucket.location && options.declareIacTargets) target = iacTargetName(bucket, ref);
  if (!target) {
    return {
      code: 'UNKNOWN_ACCOUNT_OR_REGION',
      refused: false,
      message: 'the bucket account or Region is unknown: give --target-bucket NAME',
    };
  }
  if (target === bucket.name) {
    return {
      code: 'TARGET_IS_SOURCE',
      refused: true,
      message: `${target} is the chosen log target itself; a bucket must not log into itself (once it receives logs, the general rule reports it as a log destination)`,
    };
  }
  const prefix = prefixFor(bucket);
  const existing = findBucket(inventory, target);
  if (existing && existing.exists !== false) {
    const use = useTarget(existing, bucket, ref, prefix, inventory);
    if ('code' in use) return use;
    return {
      ...base,
      mode: 'set-logging',
      target,
      targetBucket: existing,
      create: false,
      prefix,
      statement: use.statement,
    };
  }
  // Missing (never listed in the account, or NoSuchBucket): create it. The executor checks again first.
  // Checked as trailguard creates it, with the statement this source needs (a guard: always can-receive).
  const planned = plannedTarget(target, bucket, ref);
  const use = useTarget(planned, bucket, ref, prefix, inventory, true);
  if ('code' in use) return use;
  return {
    ...base,
    mode: 'set-logging',
    target,
    targetBucket: existing,
    create: true,
    prefix,
    statement: use.statement,
  };
}

/** Placeholder names of log buckets a plan declares in IaC (the writers turn them into resources). */
export const IAC_TARGET_PREFIX = '<new log bucket for ';

/**
 * The new log bucket for an IaC source without a declared target: one per file folder / template,
 * module instance path, Region and account symbol. Writers declare it next to the source. The name is
 * readable in the plan text (`<new log bucket for infra/ in eu-west-1>`) and never a real bucket name.
 */
function iacTargetName(bucket: Bucket, ref: BucketRef): string {
  const location = bucket.location as NonNullable<Bucket['location']>;
  const isTemplate = /\.(ya?ml|json|template)$/i.test(location.file);
  const scope = isTemplate ? location.file : location.file.replace(/[^/]*$/, '') || './';
  const modulePath = isTemplate ? '' : (/^((?:module\.[^.]+\.)*)/.exec(location.address)?.[1] ?? '');
  const account =
    bucket.accountSymbol && bucket.accountSymbol !== '$' + '{aws_account_id}' ? bucket.accountSymbol : '';
  const text = [
    scope,
    modulePath ? ` ${modulePath.slice(0, -1)}` : '',
    ref.region ? ` in ${ref.region}` : '',
    account ? ` (account ${account})` : '',
  ].join('');
  return `${IAC_TARGET_PREFIX}${text.replace(/[<>]/g, '_')}>`;
}

/** Each source logs under its own prefix: its name, or for a generated name its address (literal text). */
function prefixFor(bucket: Bucket): string {
  if (bucket.nameUnresolved && bucket.location) {
    return `${bucket.location.address.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/-+$/, '')}/`;
  }
  return `${bucket.name}/`;
}

function policyOf(bucket: Bucket | undefined): PolicyDocument | null {
  if (!bucket || bucket.exists === false || bucket.policy === undefined || isErrorValue(bucket.policy))
    return null;
  return bucket.policy;
}

function assemble(
  input: PlanInput,
  options: FixOptions,
  decisions: Decision[],
  skipped: SkippedBucket[],
): FixPlan {
  const { inventory } = input;
  const partitioned = Boolean(options.partitioned);
  // Group by target, in a stable order (account, Region, target name).
  const groups = new Map<string, Decision[]>();
  for (const d of decisions) groups.set(d.target, [...(groups.get(d.target) ?? []), d]);
  const ordered = [...groups.entries()].sort(([a, [da]], [b, [db]]) =>
    `${da?.ref.account ?? ''}/${da?.ref.region ?? ''}/${a}`.localeCompare(
      `${db?.ref.account ?? ''}/${db?.ref.region ?? ''}/${b}`,
    ),
  );

  const steps: FixStep[] = [];
  const targets: TargetPlan[] = [];
  const fixes: BucketFix[] = [];
  for (const [target, group] of ordered) {
    const first = group[0] as Decision;
    const existing = first.targetBucket;
    const create = first.create;
    const targetRef: BucketRef = { bucket: target, account: first.ref.account, region: first.ref.region };
    if (existing?.location && existing.exists !== false) {
      targetRef.address = existing.location.address;
      targetRef.file = existing.location.file;
    }
    const statements: PolicyStatement[] = [];
    for (const d of group) {
      // A created target starts with no policy: every source has its statement (decide() made it).
      const statement = d.statement;
      if (statement && !statements.some((s) => s.Sid === statement.Sid)) statements.push(statement);
    }
    const previous = create ? null : policyOf(existing);
    const merged = mergePolicy(previous, statements);
    if (statements.length > 0 && Buffer.byteLength(policyText(merged), 'utf8') > BUCKET_POLICY_MAX_BYTES) {
      for (const d of group) {
        skipped.push({
          ...d.ref,
          ruleIds: d.candidate.ruleIds,
          reason: d.candidate.reason,
          code: 'POLICY_TOO_LARGE',
          refused: true,
          message: `the merged policy of ${target} would exceed the 20 KB bucket policy limit; use --target-bucket to spread sources over several targets, or --bucket to fix fewer at once`,
        });
      }
      continue;
    }

    const targetSteps: number[] = [];
    const push = (step: FixStep) => {
      steps.push(step);
      return steps.length - 1;
    };
    if (create) {
      targetSteps.push(
        push({
          kind: 'CreateBucket',
          ...targetRef,
          locationConstraint: targetRef.region && targetRef.region !== 'us-east-1' ? targetRef.region : null,
          objectOwnership: 'BucketOwnerEnforced',
        }),
        push({ kind: 'PutPublicAccessBlock', ...targetRef }),
        push({ kind: 'PutBucketEncryption', ...targetRef, algorithm: 'AES256' }),
      );
    }
    const policyStep =
      statements.length > 0
        ? push({ kind: 'PutBucketPolicy', ...targetRef, previous, add: statements, policy: merged })
        : null;
    targets.push({ ...targetRef, create, sources: group.map((d) => d.ref.bucket) });

    for (const d of group) {
      const own: number[] = [...targetSteps];
      if (policyStep !== null && d.statement) own.push(policyStep);
      if (d.mode === 'set-logging') {
        own.push(
          push({
            kind: 'PutBucketLogging',
            ...d.ref,
            logging: { targetBucket: target, targetPrefix: d.prefix, partitioned },
            previous: d.previousLogging,
            ...(targetRef.address ? { targetAddress: targetRef.address } : {}),
          }),
        );
      }
      fixes.push({
        ...d.ref,
        ruleIds: d.candidate.ruleIds,
        reason: d.candidate.reason,
        mode: d.mode,
        target,
        targetPrefix: d.prefix,
        statementSid: d.statement?.Sid ?? null,
        steps: own,
        ...(d.note ? { note: d.note } : {}),
      });
    }
  }
  skipped.sort((a, b) => a.bucket.localeCompare(b.bucket));
  const plan: FixPlan = {
    schema: FIX_PLAN_SCHEMA_ID,
    partition: inventory.partition,
    options: { partitioned },
    targets,
    fixes,
    steps,
    skipped,
  };
  if (options.targetBucket !== undefined) plan.options.targetBucket = options.targetBucket;
  if (input.source) plan.source = input.source;
  return plan;
}
