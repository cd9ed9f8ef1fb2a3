/**
 * S3 dispatch and the checks every bucket operation shares, in the order S3 applies them:
 * bucket exists (404) → right Region (301 PermanentRedirect, or 400 IllegalLocationConstraintException
 * for opt-in Regions, both with x-amz-bucket-region so `followRegionRedirects` can retry) → owner or a
 * bucket policy granting the caller's account (else 403 AccessDenied: existence leaks).
 */
import { isOptInRegion } from '../../regions.js';
import { type Reply, s3Error } from '../../reply.js';
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

const BUCKET_OPS: Record<string, BucketHandler> = {
  DeleteBucket: deleteBucket,
  HeadBucket: headBucket,
  GetBucketLocation: getBucketLocation,
  GetBucketLogging: getBucketLogging,
  PutBucketLogging: putBucketLogging,
  GetBucketPolicy: getBucketPolicy,
  PutBucketPolicy: putBucketPolicy,
  DeleteBucketPolicy: deleteBucketPolicy,
  GetBucketAcl: getBucketAcl,
  GetBucketOwnershipControls: getOwnershipControls,
  PutBucketOwnershipControls: putOwnershipControls,
  GetObjectLockConfiguration: getObjectLock,
  GetBucketEncryption: getBucketEncryption,
  PutBucketEncryption: putBucketEncryption,
  GetBucketRequestPayment: getRequestPayment,
  GetPublicAccessBlock: getPublicAccessBlock,
  PutPublicAccessBlock: putPublicAccessBlock,
};

/** Only the owner account may call these, whatever a bucket policy says (API Reference per op). */
const OWNER_ONLY = new Set([
  'PutBucketLogging',
  'DeleteBucket',
  'PutBucketOwnershipControls',
  'PutBucketEncryption',
  'PutPublicAccessBlock',
]);
const POLICY_OPS = new Set(['GetBucketPolicy', 'PutBucketPolicy', 'DeleteBucketPolicy']);

export function handleS3(ctx: HandlerContext, route: S3Route): Reply {
  const { req, world, caller } = ctx;
  if (route.operation === 'ListBuckets') return listBuckets(ctx);
  const name = route.bucket;
  if (name === undefined || route.operation === 'Unsupported' || route.operation === 'ListObjects') {
    return s3Error(
      req,
      501,
      'NotImplemented',
      'A header you provided implies functionality that is not implemented',
    );
  }
  if (route.operation === 'CreateBucket') return createBucket(ctx, name);
  const handler = BUCKET_OPS[route.operation];
  if (!handler)
    return s3Error(req, 501, 'NotImplemented', 'This operation is not implemented by the emulator');
  const bucket = world.bucket(name);
  if (!bucket)
    return s3Error(req, 404, 'NoSuchBucket', 'The specified bucket does not exist', { BucketName: name });
  const regionHeader = { 'x-amz-bucket-region': bucket.region };
  // GetBucketLocation is answered at any regional endpoint (API Reference "GetBucketLocation").
  if (bucket.region !== req.region && route.operation !== 'GetBucketLocation') {
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
      !OWNER_ONLY.has(route.operation) &&
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
    // A permitted identity of another account still may not touch the policy (§2.10).
    if (POLICY_OPS.has(route.operation)) {
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
