/**
 * S3's operation table (REST-XML) and the checks every bucket operation shares, in the order S3
 * applies them: bucket exists (404) → right Region (301 PermanentRedirect, or 400
 * IllegalLocationConstraintException for opt-in Regions, both with x-amz-bucket-region so
 * `followRegionRedirects` can retry) → owner or a bucket policy granting the caller's account (else 403
 * AccessDenied: existence leaks). IAM action names follow the Service Authorization Reference, which
 * does not always match the API name (ListBuckets is s3:ListAllMyBuckets, HeadBucket s3:ListBucket…).
 */
import { restXml } from '../../protocols.js';
import { isOptInRegion } from '../../regions.js';
import { type Reply, s3Error } from '../../reply.js';
import {
  type Denial,
  type DeniedWords,
  defineService,
  notAuthorizedMessage,
  type Operation,
} from '../../table.js';
import type { BucketState } from '../../world.js';
import type { HandlerContext } from '../context.js';
import { createBucket, deleteBucket, getBucketLocation, headBucket, listBuckets } from './buckets.js';
import {
  deleteBucketPolicy,
  getBucketAcl,
  getBucketEncryption,
  getBucketPolicy,
  getObjectLock,
  getOwnershipControls,
  getPublicAccessBlock,
  getRequestPayment,
  putBucketEncryption,
  putBucketPolicy,
  putOwnershipControls,
  putPublicAccessBlock,
} from './config.js';
import { getBucketLogging, putBucketLogging } from './logging.js';
import { policyAllowsAccount } from './policy.js';
import type { S3Route } from './route.js';

type BucketHandler = (ctx: HandlerContext, bucket: BucketState) => Reply;

interface BucketRules {
  /** Only the owner account may call it, whatever a bucket policy says (API Reference per op). */
  ownerOnly?: boolean;
  /** A permitted identity of another account still may not touch the policy (§2.10). */
  policy?: boolean;
  /** Answered at any regional endpoint (API Reference "GetBucketLocation"). */
  anyRegion?: boolean;
}

/** A bucket operation: the shared checks, then `handler` with the bucket. */
function bucketOp(action: string, handler: BucketHandler, rules: BucketRules = {}): Operation<S3Route> {
  return { action, handler: (ctx, route) => bucketChecks(ctx, route, handler, rules) };
}

function notImplemented(ctx: HandlerContext): Reply {
  return s3Error(
    ctx.req,
    501,
    'NotImplemented',
    'A header you provided implies functionality that is not implemented',
  );
}

function bucketChecks(
  ctx: HandlerContext,
  route: S3Route,
  handler: BucketHandler,
  rules: BucketRules,
): Reply {
  const { req, world, caller } = ctx;
  const name = route.bucket;
  if (name === undefined) return notImplemented(ctx);
  const bucket = world.bucket(name);
  if (!bucket)
    return s3Error(req, 404, 'NoSuchBucket', 'The specified bucket does not exist', { BucketName: name });
  const regionHeader = { 'x-amz-bucket-region': bucket.region };
  if (bucket.region !== req.region && !rules.anyRegion) {
    if (isOptInRegion(bucket.region) || isOptInRegion(req.region)) {
      return s3Error(
        req,
        400,
        'IllegalLocationConstraintException',
        `The ${bucket.region} location constraint is incompatible for the region specific endpoint this request was sent to.`,
        {},
        regionHeader,
      );
    }
    return s3Error(
      req,
      301,
      'PermanentRedirect',
      'The bucket you are attempting to access must be addressed using the specified endpoint. Please send all future requests to this endpoint.',
      { Endpoint: `${name}.s3.${bucket.region}.amazonaws.com`, Bucket: name },
      regionHeader,
    );
  }
  if (bucket.account !== caller.account) {
    const granted =
      ctx.action !== null &&
      !rules.ownerOnly &&
      policyAllowsAccount(bucket.policy, caller.account, ctx.action);
    if (!granted)
      return s3Error(
        req,
        403,
        'AccessDenied',
        'Access Denied',
        {},
        route.operation === 'HeadBucket' ? regionHeader : {},
      );
    if (rules.policy) {
      return s3Error(
        req,
        405,
        'MethodNotAllowed',
        'The specified method is not allowed against this resource.',
        {
          Method: req.method,
          ResourceType: 'BUCKETPOLICY',
        },
      );
    }
  }
  return handler(ctx, bucket);
}

/** AccessDenied naming the bucket like IAM does. */
function denied(d: Denial, route: S3Route): DeniedWords {
  const resource = route.bucket ? `"arn:aws:s3:::${route.bucket}"` : undefined;
  return { message: notAuthorizedMessage(d.callerArn, d.action, resource) };
}

export const S3 = defineService<S3Route>({
  name: 's3',
  protocol: restXml,
  operations: {
    ListBuckets: { action: 's3:ListAllMyBuckets', handler: (ctx) => listBuckets(ctx) },
    CreateBucket: {
      action: 's3:CreateBucket',
      handler: (ctx, route) =>
        route.bucket === undefined ? notImplemented(ctx) : createBucket(ctx, route.bucket),
    },
    DeleteBucket: bucketOp('s3:DeleteBucket', deleteBucket, { ownerOnly: true }),
    HeadBucket: {
      ...bucketOp('s3:ListBucket', headBucket),
      // HeadBucket reports the Region "regardless of permissions" (HeadBucket API Reference).
      denied: (d, route) => {
        const b = route.bucket ? d.world.bucket(route.bucket) : undefined;
        return { ...denied(d, route), ...(b ? { headers: { 'x-amz-bucket-region': b.region } } : {}) };
      },
    },
    GetBucketLocation: bucketOp('s3:GetBucketLocation', getBucketLocation, { anyRegion: true }),
    GetBucketLogging: bucketOp('s3:GetBucketLogging', getBucketLogging),
    PutBucketLogging: bucketOp('s3:PutBucketLogging', putBucketLogging, { ownerOnly: true }),
    GetBucketPolicy: bucketOp('s3:GetBucketPolicy', getBucketPolicy, { policy: true }),
    PutBucketPolicy: bucketOp('s3:PutBucketPolicy', putBucketPolicy, { policy: true }),
    DeleteBucketPolicy: bucketOp('s3:DeleteBucketPolicy', deleteBucketPolicy, { policy: true }),
    GetBucketAcl: bucketOp('s3:GetBucketAcl', getBucketAcl),
    GetBucketOwnershipControls: bucketOp('s3:GetBucketOwnershipControls', getOwnershipControls),
    PutBucketOwnershipControls: bucketOp('s3:PutBucketOwnershipControls', putOwnershipControls, {
      ownerOnly: true,
    }),
    GetObjectLockConfiguration: bucketOp('s3:GetBucketObjectLockConfiguration', getObjectLock),
    GetBucketEncryption: bucketOp('s3:GetEncryptionConfiguration', getBucketEncryption),
    PutBucketEncryption: bucketOp('s3:PutEncryptionConfiguration', putBucketEncryption, { ownerOnly: true }),
    GetBucketRequestPayment: bucketOp('s3:GetBucketRequestPayment', getRequestPayment),
    GetPublicAccessBlock: bucketOp('s3:GetBucketPublicAccessBlock', getPublicAccessBlock),
    PutPublicAccessBlock: bucketOp('s3:PutBucketPublicAccessBlock', putPublicAccessBlock, {
      ownerOnly: true,
    }),
  },
  resources: (route) => (route.bucket ? [route.bucket] : []),
  denied,
});
