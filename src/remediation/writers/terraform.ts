/**
 * The plan as a Terraform patch (AWS provider v4+ split resources): `aws_s3_bucket` (+ ownership,
 * public access block and SSE-S3 encryption) for a created target, `aws_s3_bucket_policy` with the merged
 * document, and `aws_s3_bucket_logging` per source. Sources and targets declared in the scanned Terraform
 * are referenced by address; others by literal name.
 */
import { sanitize } from '../../util/sanitize.js';
import { patchValue } from '../iac-edit/terraform.js';
import { IAC_TARGET_PREFIX } from '../planner.js';
import type { FixPlan, PolicyStatement, PutBucketLoggingStep, PutBucketPolicyStep } from '../types.js';
import { HclExpr, type HclValue, hclString, hclValue, tfName } from './hcl.js';

/**
 * The deploying account, for IaC sources without an account id. A name of its own: an existing
 * `data "aws_caller_identity" "current"` in the configuration is not declared twice (init would fail).
 */
const CALLER = 'data.aws_caller_identity.trailguard';
const CALLER_ACCOUNT = `${CALLER}.account_id`;

/** How a plan bucket name reads in a comment (the placeholder of a new IaC log bucket is not a name). */
const shownName = (name: string) => (name.startsWith(IAC_TARGET_PREFIX) ? 'a new log bucket' : name);

/** A root-module `aws_s3_bucket` address (module outputs cannot be referenced from the root). */
function bucketAddress(address: string | undefined, plan: FixPlan): string | null {
  if (!address || (plan.source && plan.source.kind !== 'terraform')) return null;
  return /^aws_s3_bucket\.[A-Za-z_][A-Za-z0-9_-]*(\[[^\]]+\])?$/.test(address) ? address : null;
}

function block(type: string, name: string, body: string[], comments: string[] = []): string {
  const head = comments.map((c) => `# ${sanitize(c.replace(/[\r\n]+/g, ' '))}`);
  return [
    ...head,
    `resource ${hclString(type)} ${hclString(name)} {`,
    ...body.map((l) => `  ${l}`),
    '}',
  ].join('\n');
}

/**
 * A statement trailguard adds, with references instead of the plan's names: buckets declared in the root
 * module by address (`aws_s3_bucket.x.arn`), the account symbol or an unknown account as the caller identity.
 */
function withReferences(
  statement: PolicyStatement,
  account: string | null,
  buckets: Map<string, string>,
  callerUsed: () => void,
): HclValue {
  const caller = () => {
    callerUsed();
    return CALLER_ACCOUNT;
  };
  const copy = (patchValue(statement, buckets, caller) ?? JSON.parse(JSON.stringify(statement))) as Record<
    string,
    HclValue
  >;
  if (account === null && copy.Sid && String(copy.Sid).startsWith('TrailguardAccessLogs')) {
    const condition = (copy.Condition ?? {}) as Record<string, HclValue>;
    condition.StringEquals = { 'aws:SourceAccount': new HclExpr(caller()) };
    copy.Condition = condition;
  }
  return copy;
}

export function writeTerraform(plan: FixPlan): string {
  const out: string[] = [
    '# trailguard fix: Terraform patch (AWS provider >= 4). Review, add to your configuration, then plan and apply.',
  ];
  let needsCaller = false;
  const targetRefs = new Map<string, string>();
  // Plan names → root-module addresses, for references inside policies.
  const buckets = new Map<string, string>();
  for (const x of [...plan.fixes, ...plan.targets]) {
    const address = bucketAddress(x.address, plan);
    if (address) buckets.set(x.bucket, address);
  }

  for (const target of plan.targets) {
    const declared = bucketAddress(target.address, plan);
    if (target.create) {
      // A new IaC log bucket (no account to name it after): Terraform generates its name.
      const placeholder = target.bucket.startsWith(IAC_TARGET_PREFIX);
      const name = placeholder
        ? tfName(`trailguard_access_logs${target.region ? `_${target.region}` : ''}`)
        : tfName(`access_logs_${target.bucket}`);
      const ref = `aws_s3_bucket.${name}`;
      targetRefs.set(target.bucket, ref);
      buckets.set(target.bucket, ref);
      out.push(
        block(
          'aws_s3_bucket',
          name,
          [placeholder ? 'bucket_prefix = "access-logs-"' : `bucket = ${hclString(target.bucket)}`],
          [
            `Log target for ${target.sources.map(shownName).join(', ')}${target.region ? ` in ${target.region}` : ''} (no Object Lock, no Requester Pays).`,
          ],
        ),
        block('aws_s3_bucket_ownership_controls', name, [
          `bucket = ${ref}.id`,
          'rule {',
          '  object_ownership = "BucketOwnerEnforced"',
          '}',
        ]),
        block('aws_s3_bucket_public_access_block', name, [
          `bucket                  = ${ref}.id`,
          'block_public_acls       = true',
          'ignore_public_acls      = true',
          'block_public_policy     = true',
          'restrict_public_buckets = true',
        ]),
        block('aws_s3_bucket_server_side_encryption_configuration', name, [
          `bucket = ${ref}.id`,
          'rule {',
          '  apply_server_side_encryption_by_default {',
          '    sse_algorithm = "AES256"',
          '  }',
          '}',
        ]),
      );
    } else {
      targetRefs.set(target.bucket, declared ?? '');
    }
  }

  for (const step of plan.steps) {
    if (step.kind === 'PutBucketPolicy')
      out.push(policyBlock(step, targetRefs, buckets, () => (needsCaller = true)));
    if (step.kind === 'PutBucketLogging') out.push(loggingBlock(step, plan, targetRefs));
  }
  if (needsCaller) out.splice(1, 0, `data "aws_caller_identity" "${CALLER.split('.')[2]}" {}`);
  for (const s of plan.skipped)
    out.push(sanitize(`# skipped ${s.bucket} (${s.reason}): ${s.message.replace(/[\r\n]+/g, ' ')}`));
  if (plan.steps.length === 0) out.push('# Nothing to do.');
  return `${out.join('\n\n')}\n`;
}

function bucketExpr(bucket: string, ref: string | undefined | null): string {
  return ref ? `${ref}.id` : hclString(bucket);
}

function policyBlock(
  step: PutBucketPolicyStep,
  targetRefs: Map<string, string>,
  buckets: Map<string, string>,
  callerUsed: () => void,
): string {
  const policy = {
    ...step.policy,
    Statement: (step.policy.Statement as PolicyStatement[]).map((s) =>
      step.add.includes(s) || step.add.some((a) => a.Sid === s.Sid)
        ? withReferences(s, step.account, buckets, callerUsed)
        : (s as HclValue),
    ),
  } as HclValue;
  const comments = [
    `Delivery permission for S3 server access logs into ${shownName(step.bucket)}.`,
    ...(step.previous
      ? [
          'This is the COMPLETE policy (the existing statements with the new ones appended). If this bucket policy is',
          'already managed in Terraform, replace that document instead: two aws_s3_bucket_policy resources overwrite each other.',
        ]
      : []),
  ];
  return block(
    'aws_s3_bucket_policy',
    step.bucket.startsWith(IAC_TARGET_PREFIX)
      ? tfName(targetRefs.get(step.bucket)?.replace(/^aws_s3_bucket\./, '') ?? 'trailguard_access_logs')
      : tfName(`access_logs_${step.bucket}`),
    [
      `bucket = ${bucketExpr(step.bucket, targetRefs.get(step.bucket))}`,
      `policy = jsonencode(${hclValue(policy)})`,
    ],
    comments,
  );
}

function loggingBlock(step: PutBucketLoggingStep, plan: FixPlan, targetRefs: Map<string, string>): string {
  const source = bucketAddress(step.address, plan);
  const body = [
    `bucket        = ${bucketExpr(step.bucket, source)}`,
    `target_bucket = ${bucketExpr(step.logging.targetBucket, targetRefs.get(step.logging.targetBucket))}`,
    `target_prefix = ${hclString(step.logging.targetPrefix)}`,
  ];
  if (step.logging.partitioned) {
    body.push(
      'target_object_key_format {',
      '  partitioned_prefix {',
      '    partition_date_source = "EventTime"',
      '  }',
      '}',
    );
  }
  const comments = [`Server access logging for ${step.bucket}.`];
  if (step.previous) {
    comments.push(
      `Replaces its current logging (to ${step.previous.targetBucket}): remove the old aws_s3_bucket_logging or inline logging block.`,
    );
  }
  return block('aws_s3_bucket_logging', tfName(step.bucket), body, comments);
}
