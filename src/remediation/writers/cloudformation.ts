/**
 * The plan as a CloudFormation template fragment (YAML): an `AWS::S3::Bucket` for a created target,
 * an `AWS::S3::BucketPolicy` with the merged document per target, and the `LoggingConfiguration`
 * property per source (under the source's logical id when it came from a template, so it can be merged
 * into that resource). Intrinsics use the long form (`Ref`), which every CloudFormation parser accepts.
 */

import { Document, isScalar, visit } from 'yaml';
import { replaceUnsafe, sanitize, UNSAFE_CHARACTER } from '../../util/sanitize.js';
import { patchValue } from '../iac-edit/cloudformation.js';
import { IAC_TARGET_PREFIX } from '../planner.js';
import type { FixPlan, PolicyStatement } from '../types.js';

function logicalId(prefix: string, name: string): string {
  const words = name.split(/[^A-Za-z0-9]+/).filter(Boolean);
  return `${prefix}${words.map((w) => w[0]?.toUpperCase() + w.slice(1)).join('')}`.slice(0, 255);
}

export function writeCloudFormation(plan: FixPlan): string {
  const fromTemplate = plan.source?.kind === 'cloudformation';
  const resources: Record<string, unknown> = {};
  const comments = new Map<string, string>();
  const targetIds = new Map<string, string>();

  const shown = (name: string) => (name.startsWith(IAC_TARGET_PREFIX) ? 'a new log bucket' : name);
  // Plan names → logical ids of this template (generated names `<Id>` are only known this way).
  const ids = new Map<string, string>();
  if (fromTemplate)
    for (const x of [...plan.fixes, ...plan.targets]) if (x.address) ids.set(x.bucket, x.address);
  for (const target of plan.targets) {
    if (target.create) {
      const placeholder = target.bucket.startsWith(IAC_TARGET_PREFIX);
      const id = placeholder
        ? 'TrailguardAccessLogsBucket'
        : logicalId('TrailguardAccessLogs', target.bucket);
      ids.set(target.bucket, id);
      targetIds.set(target.bucket, id);
      comments.set(id, `Log target for ${target.sources.join(', ')} (no Object Lock, no Requester Pays).`);
      resources[id] = {
        Type: 'AWS::S3::Bucket',
        Properties: {
          // A new log bucket of a template input: CloudFormation generates its name.
          ...(placeholder ? {} : { BucketName: target.bucket }),
          OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] },
          PublicAccessBlockConfiguration: {
            BlockPublicAcls: true,
            IgnorePublicAcls: true,
            BlockPublicPolicy: true,
            RestrictPublicBuckets: true,
          },
          BucketEncryption: {
            ServerSideEncryptionConfiguration: [
              { ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } },
            ],
          },
        },
      };
    } else if (fromTemplate && target.address) {
      targetIds.set(target.bucket, target.address);
    }
  }
  const bucketValue = (name: string) => {
    const id = targetIds.get(name);
    return id ? { Ref: id } : name;
  };

  for (const step of plan.steps) {
    if (step.kind === 'PutBucketPolicy') {
      const id = `${targetIds.get(step.bucket) ?? logicalId('TrailguardAccessLogs', step.bucket)}Policy`;
      const statements = (step.policy.Statement as PolicyStatement[]).map((raw) => {
        if (!step.add.some((a) => a.Sid === raw.Sid)) return raw;
        // Names as intrinsics: `<Id>` → Fn::GetAtt / Ref, a new log bucket → its logical id.
        const s = (patchValue(raw, ids) ?? raw) as PolicyStatement;
        if (step.account !== null) return s;
        // Account unknown (template input): condition on the account the stack is deployed in.
        return {
          ...s,
          Condition: {
            ...(s.Condition as object),
            StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } },
          },
        };
      });
      comments.set(
        id,
        step.previous
          ? `COMPLETE policy of ${step.bucket}: existing statements kept, delivery statements appended. Replace the existing AWS::S3::BucketPolicy of this bucket rather than adding a second one.`
          : `Delivery permission for S3 server access logs into ${shown(step.bucket)}.`,
      );
      resources[id] = {
        Type: 'AWS::S3::BucketPolicy',
        Properties: {
          Bucket: bucketValue(step.bucket),
          PolicyDocument: { ...step.policy, Statement: statements },
        },
      };
    }
    if (step.kind === 'PutBucketLogging') {
      const inTemplate = fromTemplate && step.address;
      const id = inTemplate ? (step.address as string) : logicalId('Source', step.bucket);
      const logging: Record<string, unknown> = {
        DestinationBucketName: bucketValue(step.logging.targetBucket),
        LogFilePrefix: step.logging.targetPrefix,
      };
      if (step.logging.partitioned) {
        logging.TargetObjectKeyFormat = { PartitionedPrefix: { PartitionDateSource: 'EventTime' } };
      }
      comments.set(
        id,
        inTemplate
          ? `Merge this LoggingConfiguration into the existing resource ${id}${step.file ? ` (${step.file})` : ''}.`
          : `Bucket ${step.bucket} is not declared in a template: import it into a stack (resource import) with this property, or set logging with --format cli.`,
      );
      resources[id] = {
        Type: 'AWS::S3::Bucket',
        Properties: inTemplate
          ? { LoggingConfiguration: logging }
          : { BucketName: step.bucket, LoggingConfiguration: logging },
      };
    }
  }

  const doc = new Document({
    AWSTemplateFormatVersion: '2010-09-09',
    Description: 'trailguard fix: S3 server access logging patch',
    Resources: resources,
  });
  doc.commentBefore = [
    ' trailguard fix: CloudFormation patch. Merge these resources and properties into your template.',
    ...plan.skipped.map((s) => ` ${sanitize(`skipped ${s.bucket} (${s.reason}): ${s.message}`)}`),
  ].join('\n');
  for (const [id, text] of comments) {
    const node = doc.getIn(['Resources', id], true) as { commentBefore?: string } | undefined;
    if (node) node.commentBefore = ` ${sanitize(text)}`;
  }
  // YAML 1.1 parsers read an unquoted 2012-10-17 as a date: quote date-like strings so every parser sees text.
  // A name holding control or bidi characters is written double-quoted, where YAML's \u escapes can show them.
  visit(doc, {
    Scalar(_key, node) {
      if (!isScalar(node) || typeof node.value !== 'string') return;
      if (UNSAFE_CHARACTER.test(node.value)) node.type = 'QUOTE_DOUBLE';
      else if (/^\d{4}-\d{2}-\d{2}/.test(node.value)) node.type = 'QUOTE_SINGLE';
    },
  });
  // Left raw by the YAML writer only inside those double-quoted scalars (comments are sanitised): escape them.
  return replaceUnsafe(doc.toString({ lineWidth: 0 }), (c) =>
    c === '\n'
      ? c
      : Array.from(
          { length: c.length },
          (_, i) => `\\u${c.charCodeAt(i).toString(16).padStart(4, '0')}`,
        ).join(''),
  );
}
