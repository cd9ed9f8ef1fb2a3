/**
 * GetBucketLogging / PutBucketLogging. PUT validates the target the way S3 does (PutBucketLogging API
 * Reference; AWS-WIRE-NOTES §2.9): it exists, same owner, same Region, no TargetGrants on a
 * BucketOwnerEnforced target, and the logging service has a delivery permission on it.
 */
import { el, type Reply, S3_NS, s3Error, xmlOk } from '../../reply.js';
import type { BucketState, Grant } from '../../world.js';
import type { HandlerContext } from '../context.js';
import { malformedXml } from './buckets.js';
import { policyGrantsLogDelivery } from './policy.js';
import { child, list, parseXmlBody, text } from './xml-in.js';

const LOG_DELIVERY = 'http://acs.amazonaws.com/groups/s3/LogDelivery';

export function grantXml(g: Grant): string {
  const who = g.granteeType === 'Group' ? el('URI', g.grantee) : el('ID', g.grantee);
  return `<Grant><Grantee xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:type="${g.granteeType}">${who}</Grantee>${el('Permission', g.permission)}</Grant>`;
}

export function getBucketLogging(_ctx: HandlerContext, bucket: BucketState): Reply {
  const l = bucket.logging;
  if (!l) return xmlOk(`<BucketLoggingStatus xmlns="${S3_NS}"/>`);
  const grants =
    l.grants && l.grants.length > 0 ? `<TargetGrants>${l.grants.map(grantXml).join('')}</TargetGrants>` : '';
  const format =
    l.partitioned === true
      ? '<TargetObjectKeyFormat><PartitionedPrefix><PartitionDateSource>EventTime</PartitionDateSource></PartitionedPrefix></TargetObjectKeyFormat>'
      : l.partitioned === false
        ? '<TargetObjectKeyFormat><SimplePrefix/></TargetObjectKeyFormat>'
        : '';
  return xmlOk(
    `<BucketLoggingStatus xmlns="${S3_NS}"><LoggingEnabled>${el('TargetBucket', l.targetBucket)}${el('TargetPrefix', l.targetPrefix ?? '')}${grants}${format}</LoggingEnabled></BucketLoggingStatus>`,
  );
}

/** A delivery permission: policy grant to the logging service, or a Log Delivery ACL grant where ACLs apply. */
export function canDeliver(target: BucketState): boolean {
  if (policyGrantsLogDelivery(target.policy)) return true;
  if (target.ownership === 'BucketOwnerEnforced') return false;
  return target.acl.some(
    (g) => g.grantee === LOG_DELIVERY && (g.permission === 'WRITE' || g.permission === 'FULL_CONTROL'),
  );
}

export function putBucketLogging(ctx: HandlerContext, bucket: BucketState): Reply {
  const { req, world } = ctx;
  const doc = parseXmlBody(req.body);
  if (doc === undefined || !('BucketLoggingStatus' in doc)) return malformedXml(req);
  const enabled = child(doc.BucketLoggingStatus, 'LoggingEnabled');
  if (enabled === undefined || enabled === '') {
    bucket.logging = null;
    return { status: 200 };
  }
  const targetName = text(enabled, 'TargetBucket');
  const prefix = text(enabled, 'TargetPrefix');
  if (!targetName || prefix === undefined) return malformedXml(req);
  const invalid = (message: string): Reply =>
    s3Error(req, 400, 'InvalidTargetBucketForLogging', message, { TargetBucket: targetName });
  const target = world.bucket(targetName);
  if (!target) return invalid('The target bucket for logging does not exist');
  if (target.account !== bucket.account) {
    return invalid('The owner for the bucket to be logged and the target bucket must be the same.');
  }
  if (target.region !== bucket.region) {
    return s3Error(req, 403, 'CrossLocationLoggingProhibited', 'Cross S3 location logging not allowed. ', {
      TargetBucketLocation: target.region,
    });
  }
  const grants: Grant[] = [];
  for (const g of list(child(enabled, 'TargetGrants'), 'Grant')) {
    const grantee = child(g, 'Grantee');
    const type = child(grantee, '@_type') === 'Group' ? 'Group' : 'CanonicalUser';
    const who = type === 'Group' ? text(grantee, 'URI') : text(grantee, 'ID');
    const permission = text(g, 'Permission');
    if (!who || !permission) return malformedXml(req);
    grants.push({ grantee: who, granteeType: type, permission });
  }
  if (grants.length > 0 && target.ownership === 'BucketOwnerEnforced') {
    return s3Error(
      req,
      400,
      'AccessControlListNotSupported',
      'Target grants not allowed for bucket owner enforced buckets',
    );
  }
  if (!canDeliver(target)) {
    return invalid(
      'The target bucket does not allow log delivery: grant s3:PutObject to logging.s3.amazonaws.com in its bucket policy (or WRITE to the Log Delivery group where ACLs are enabled).',
    );
  }
  const format = child(enabled, 'TargetObjectKeyFormat');
  const partitioned = format === undefined ? undefined : child(format, 'PartitionedPrefix') !== undefined;
  bucket.logging = {
    targetBucket: targetName,
    targetPrefix: prefix,
    ...(partitioned !== undefined ? { partitioned } : {}),
    ...(grants.length > 0 ? { grants } : {}),
  };
  return { status: 200 };
}
