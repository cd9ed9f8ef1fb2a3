/** One line per plan step, in words, shared by the text writer and the executor's report. */
import type { FixStep } from './types.js';

function where(step: FixStep): string {
  const parts = [step.account ? `account ${step.account}` : null, step.region].filter(Boolean);
  return parts.length ? ` (${parts.join(', ')})` : '';
}

export function describeStep(step: FixStep): string {
  switch (step.kind) {
    case 'CreateBucket':
      return `s3:CreateBucket ${step.bucket}${where(step)}: LocationConstraint ${step.locationConstraint ?? '(none: us-east-1)'}, ObjectOwnership BucketOwnerEnforced, no Object Lock`;
    case 'PutPublicAccessBlock':
      return `s3:PutPublicAccessBlock ${step.bucket}${where(step)}: all four Block Public Access settings on`;
    case 'PutBucketEncryption':
      return `s3:PutBucketEncryption ${step.bucket}${where(step)}: SSE-S3 (AES256) default encryption`;
    case 'PutBucketPolicy': {
      const kept = Array.isArray(step.previous?.Statement)
        ? step.previous.Statement.length
        : step.previous?.Statement
          ? 1
          : 0;
      const sids = step.add.map((s) => s.Sid).join(', ');
      return `s3:PutBucketPolicy ${step.bucket}${where(step)}: append ${step.add.length} log-delivery statement(s) [${sids}], keep ${kept} existing statement(s) unchanged`;
    }
    case 'PutBucketLogging': {
      const previous = step.previous
        ? `was ${step.previous.targetBucket}/${step.previous.targetPrefix}`
        : 'was disabled';
      const format = step.logging.partitioned ? ', partitioned keys (EventTime)' : '';
      return `s3:PutBucketLogging ${step.bucket}${where(step)}: log to ${step.logging.targetBucket} prefix "${step.logging.targetPrefix}"${format} (${previous})`;
    }
  }
}
