/**
 * The plan as AWS CLI commands (a POSIX shell script). JSON documents are written to files with a quoted
 * heredoc first (no shell expansion inside), then passed as `file://…`, the way the S3 User Guide's CLI
 * examples pass logging.json and policy.json. `--expected-bucket-owner` makes S3 refuse a bucket that is not
 * the planned account's (API Reference, "ExpectedBucketOwner").
 */
import { escapeJsonText, sanitize, shellWord } from '../../util/sanitize.js';
import { describeStep } from '../describe.js';
import type { FixPlan, FixStep } from '../types.js';

const EOF_MARK = 'TRAILGUARD_JSON_END';

/** Quotes a shell word (control and bidi characters as `$'\xHH'` escapes: util/sanitize.ts). */
export const shellQuote = shellWord;

function fileSafe(name: string): string {
  return name.replace(/[^A-Za-z0-9._-]/g, '_');
}

function heredoc(file: string, value: unknown): string[] {
  return [
    `cat > ${shellQuote(file)} <<'${EOF_MARK}'`,
    escapeJsonText(JSON.stringify(value, null, 2)),
    EOF_MARK,
  ];
}

function common(step: FixStep): string {
  const parts = [`--bucket ${shellQuote(step.bucket)}`];
  if (step.region) parts.push(`--region ${shellQuote(step.region)}`);
  return parts.join(' ');
}

function owner(step: FixStep): string {
  return step.account ? ` --expected-bucket-owner ${step.account}` : '';
}

function commands(step: FixStep): string[] {
  switch (step.kind) {
    case 'CreateBucket':
      return [
        `aws s3api create-bucket ${common(step)}${
          step.locationConstraint
            ? ` --create-bucket-configuration LocationConstraint=${shellQuote(step.locationConstraint)}`
            : ''
        } --object-ownership BucketOwnerEnforced`,
      ];
    case 'PutPublicAccessBlock':
      return [
        `aws s3api put-public-access-block ${common(step)}${owner(step)} --public-access-block-configuration BlockPublicAcls=true,IgnorePublicAcls=true,BlockPublicPolicy=true,RestrictPublicBuckets=true`,
      ];
    case 'PutBucketEncryption':
      return [
        `aws s3api put-bucket-encryption ${common(step)}${owner(step)} --server-side-encryption-configuration '{"Rules":[{"ApplyServerSideEncryptionByDefault":{"SSEAlgorithm":"AES256"}}]}'`,
      ];
    case 'PutBucketPolicy': {
      const file = `policy-${fileSafe(step.bucket)}.json`;
      const note = step.previous
        ? [
            '# The document below is the policy read by the scan with the new statement(s) appended. If the',
            '# policy changed since, run `aws s3api get-bucket-policy` and append the new statements yourself.',
          ]
        : [];
      return [
        ...note,
        ...heredoc(file, step.policy),
        `aws s3api put-bucket-policy ${common(step)}${owner(step)} --policy file://${shellQuote(file)}`,
      ];
    }
    case 'PutBucketLogging': {
      const file = `logging-${fileSafe(step.bucket)}.json`;
      const enabled: Record<string, unknown> = {
        TargetBucket: step.logging.targetBucket,
        TargetPrefix: step.logging.targetPrefix,
      };
      if (step.logging.partitioned) {
        enabled.TargetObjectKeyFormat = { PartitionedPrefix: { PartitionDateSource: 'EventTime' } };
      }
      return [
        ...heredoc(file, { LoggingEnabled: enabled }),
        `aws s3api put-bucket-logging ${common(step)}${owner(step)} --bucket-logging-status file://${shellQuote(file)}`,
      ];
    }
  }
}

/** A shell comment on one line whatever the text holds. */
function comment(text: string): string {
  return `# ${sanitize(text.replace(/[\r\n]+/g, ' '))}`;
}

export function writeCli(plan: FixPlan): string {
  const lines = [
    '#!/bin/sh',
    '# trailguard fix: AWS CLI commands. Run each account section with credentials for that account',
    '# (for example AWS_PROFILE=...). Stop at the first error: every command leaves its bucket valid.',
    'set -eu',
  ];
  let account: string | null | undefined;
  plan.steps.forEach((step, i) => {
    if (step.account !== account) {
      account = step.account;
      lines.push('', comment(`===== account ${account ?? '(unknown)'} =====`));
    }
    lines.push('', comment(`${i + 1}. ${describeStep(step)}`), ...commands(step));
  });
  for (const s of plan.skipped) lines.push('', comment(`skipped ${s.bucket} (${s.reason}): ${s.message}`));
  if (plan.steps.length === 0) lines.push('', '# Nothing to do.');
  return `${lines.join('\n')}\n`;
}
