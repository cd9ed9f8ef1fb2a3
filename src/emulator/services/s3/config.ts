/**
 * Bucket configuration reads and writes: policy, ACL, ownership controls, Object Lock, default
 * encryption, Requester Pays, Block Public Access (AWS-WIRE-NOTES §2.10–2.16).
 */
import { el, type Reply, S3_NS, s3Error, xmlOk } from '../../reply.js';
import { type BucketState, canonicalId } from '../../world.js';
import type { HandlerContext } from '../context.js';
import { malformedXml } from './buckets.js';
import { grantXml } from './logging.js';
import { child, list, parseXmlBody, text } from './xml-in.js';

export function getBucketPolicy(ctx: HandlerContext, b: BucketState): Reply {
  if (!b.policy) {
    return s3Error(ctx.req, 404, 'NoSuchBucketPolicy', 'The bucket policy does not exist', {
      BucketName: b.name,
    });
  }
  // The output member Policy is the raw HTTP payload, not XML.
  return { status: 200, headers: { 'content-type': 'application/json' }, body: b.policy };
}

export function putBucketPolicy(ctx: HandlerContext, b: BucketState): Reply {
  const raw = ctx.req.body.toString('utf8').trim();
  let doc: unknown;
  try {
    doc = JSON.parse(raw);
  } catch {
    return s3Error(
      ctx.req,
      400,
      'MalformedPolicy',
      "Policies must be valid JSON and the first byte must be '{'",
    );
  }
  if (!doc || typeof doc !== 'object' || Array.isArray(doc)) {
    return s3Error(
      ctx.req,
      400,
      'MalformedPolicy',
      "Policies must be valid JSON and the first byte must be '{'",
    );
  }
  if (!('Statement' in doc))
    return s3Error(ctx.req, 400, 'MalformedPolicy', 'Missing required field Statement');
  b.policy = raw;
  return { status: 204 };
}

export function deleteBucketPolicy(_ctx: HandlerContext, b: BucketState): Reply {
  b.policy = null;
  return { status: 204 };
}

export function getBucketAcl(_ctx: HandlerContext, b: BucketState): Reply {
  const owner = canonicalId(b.account);
  const ownerGrant = grantXml({ grantee: owner, granteeType: 'CanonicalUser', permission: 'FULL_CONTROL' });
  // Under BucketOwnerEnforced ACLs are disabled: only the owner's FULL_CONTROL shows (§2.11).
  const others = b.ownership === 'BucketOwnerEnforced' ? '' : b.acl.map(grantXml).join('');
  return xmlOk(
    `<AccessControlPolicy xmlns="${S3_NS}"><Owner>${el('ID', owner)}</Owner><AccessControlList>${ownerGrant}${others}</AccessControlList></AccessControlPolicy>`,
  );
}

export function getOwnershipControls(ctx: HandlerContext, b: BucketState): Reply {
  if (!b.ownership) {
    return s3Error(
      ctx.req,
      404,
      'OwnershipControlsNotFoundError',
      'The bucket ownership controls were not found',
      {
        BucketName: b.name,
      },
    );
  }
  return xmlOk(
    `<OwnershipControls xmlns="${S3_NS}"><Rule>${el('ObjectOwnership', b.ownership)}</Rule></OwnershipControls>`,
  );
}

const OWNERSHIP = new Set(['BucketOwnerEnforced', 'BucketOwnerPreferred', 'ObjectWriter']);

export function putOwnershipControls(ctx: HandlerContext, b: BucketState): Reply {
  const doc = parseXmlBody(ctx.req.body);
  const rule = list(doc?.OwnershipControls, 'Rule')[0];
  const value = text(rule, 'ObjectOwnership');
  if (!value || !OWNERSHIP.has(value)) return malformedXml(ctx.req);
  b.ownership = value as BucketState['ownership'];
  return { status: 200 };
}

export function getObjectLock(ctx: HandlerContext, b: BucketState): Reply {
  if (!b.objectLock) {
    return s3Error(
      ctx.req,
      404,
      'ObjectLockConfigurationNotFoundError',
      'Object Lock configuration does not exist for this bucket',
      { BucketName: b.name },
    );
  }
  const r = b.objectLock.defaultRetention;
  const rule = r
    ? `<Rule><DefaultRetention>${el('Mode', r.mode)}${el('Days', r.days)}</DefaultRetention></Rule>`
    : '';
  return xmlOk(
    `<ObjectLockConfiguration xmlns="${S3_NS}"><ObjectLockEnabled>Enabled</ObjectLockEnabled>${rule}</ObjectLockConfiguration>`,
  );
}

const SSE_WIRE = { 'SSE-S3': 'AES256', 'SSE-KMS': 'aws:kms', 'DSSE-KMS': 'aws:kms:dsse' } as const;

export function getBucketEncryption(ctx: HandlerContext, b: BucketState): Reply {
  const e = b.encryption;
  if (!e) {
    return s3Error(
      ctx.req,
      404,
      'ServerSideEncryptionConfigurationNotFoundError',
      'The server side encryption configuration was not found',
      { BucketName: b.name },
    );
  }
  const key = e.kmsKeyId ? el('KMSMasterKeyID', e.kmsKeyId) : '';
  return xmlOk(
    `<ServerSideEncryptionConfiguration xmlns="${S3_NS}"><Rule><ApplyServerSideEncryptionByDefault>${el('SSEAlgorithm', SSE_WIRE[e.algorithm])}${key}</ApplyServerSideEncryptionByDefault>${el('BucketKeyEnabled', e.bucketKey)}</Rule></ServerSideEncryptionConfiguration>`,
  );
}

export function putBucketEncryption(ctx: HandlerContext, b: BucketState): Reply {
  const doc = parseXmlBody(ctx.req.body);
  const rule = list(doc?.ServerSideEncryptionConfiguration, 'Rule')[0];
  const byDefault = child(rule, 'ApplyServerSideEncryptionByDefault');
  const algorithm = text(byDefault, 'SSEAlgorithm');
  const entry = Object.entries(SSE_WIRE).find(([, wire]) => wire === algorithm);
  if (!entry) return malformedXml(ctx.req);
  const kmsKeyId = text(byDefault, 'KMSMasterKeyID');
  b.encryption = {
    algorithm: entry[0] as keyof typeof SSE_WIRE,
    ...(kmsKeyId && entry[0] !== 'SSE-S3' ? { kmsKeyId } : {}),
    bucketKey: text(rule, 'BucketKeyEnabled') === 'true',
  };
  return { status: 200 };
}

export function getRequestPayment(_ctx: HandlerContext, b: BucketState): Reply {
  return xmlOk(
    `<RequestPaymentConfiguration xmlns="${S3_NS}">${el('Payer', b.requesterPays ? 'Requester' : 'BucketOwner')}</RequestPaymentConfiguration>`,
  );
}

export function getPublicAccessBlock(ctx: HandlerContext, b: BucketState): Reply {
  const p = b.publicAccessBlock;
  if (!p) {
    return s3Error(
      ctx.req,
      404,
      'NoSuchPublicAccessBlockConfiguration',
      'The public access block configuration was not found',
      { BucketName: b.name },
    );
  }
  return xmlOk(
    `<PublicAccessBlockConfiguration xmlns="${S3_NS}">${el('BlockPublicAcls', p.blockPublicAcls)}${el('IgnorePublicAcls', p.ignorePublicAcls)}${el('BlockPublicPolicy', p.blockPublicPolicy)}${el('RestrictPublicBuckets', p.restrictPublicBuckets)}</PublicAccessBlockConfiguration>`,
  );
}

export function putPublicAccessBlock(ctx: HandlerContext, b: BucketState): Reply {
  const doc = parseXmlBody(ctx.req.body);
  const c = doc?.PublicAccessBlockConfiguration;
  if (c === undefined) return malformedXml(ctx.req);
  const flag = (name: string) => text(c, name) === 'true';
  b.publicAccessBlock = {
    blockPublicAcls: flag('BlockPublicAcls'),
    ignorePublicAcls: flag('IgnorePublicAcls'),
    blockPublicPolicy: flag('BlockPublicPolicy'),
    restrictPublicBuckets: flag('RestrictPublicBuckets'),
  };
  return { status: 200 };
}
