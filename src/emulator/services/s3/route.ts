/**
 * S3 REST routing: bucket from a virtual-hosted `bucket.localhost` Host or from the first path
 * segment (trailing slash allowed), operation from the method and the sub-resource query key
 * (`?logging=`, `?policy=`…). `x-id` is SDK noise (AWS-WIRE-NOTES §2.1).
 */
import type { EmuRequest } from '../../reply.js';

export interface S3Route {
  operation: string;
  bucket: string | undefined;
  /** Object key, when the request addressed an object (not emulated). */
  key: string | undefined;
}

const SUB_RESOURCES: Record<string, Record<string, string>> = {
  GET: {
    location: 'GetBucketLocation',
    logging: 'GetBucketLogging',
    policy: 'GetBucketPolicy',
    acl: 'GetBucketAcl',
    ownershipControls: 'GetBucketOwnershipControls',
    'object-lock': 'GetObjectLockConfiguration',
    encryption: 'GetBucketEncryption',
    requestPayment: 'GetBucketRequestPayment',
    publicAccessBlock: 'GetPublicAccessBlock',
  },
  PUT: {
    logging: 'PutBucketLogging',
    policy: 'PutBucketPolicy',
    ownershipControls: 'PutBucketOwnershipControls',
    encryption: 'PutBucketEncryption',
    publicAccessBlock: 'PutPublicAccessBlock',
  },
  DELETE: { policy: 'DeleteBucketPolicy' },
};

/** Sub-resources S3 has but the emulator does not implement (answered NotImplemented). */
const OTHER_SUB_RESOURCES = new Set([
  'versioning',
  'tagging',
  'cors',
  'website',
  'lifecycle',
  'replication',
  'notification',
  'analytics',
  'metrics',
  'inventory',
  'intelligent-tiering',
  'accelerate',
  'uploads',
  'versions',
  'policyStatus',
]);

export function routeS3(req: EmuRequest): S3Route {
  let bucket: string | undefined;
  let rest = req.path;
  // Virtual-hosted style: the SDK puts the bucket in the Host for a `localhost` endpoint.
  if (req.host.endsWith('.localhost')) {
    bucket = req.host.slice(0, -'.localhost'.length);
  } else {
    const m = /^\/([^/]+)(\/.*)?$/.exec(req.path);
    if (m) {
      bucket = m[1];
      rest = m[2] ?? '/';
    } else {
      rest = '/';
    }
  }
  const key = rest.length > 1 ? rest.slice(1) : undefined;
  const keys = [...req.query.keys()].filter((k) => k !== 'x-id');
  const method = req.method.toUpperCase();
  if (!bucket) return { operation: method === 'GET' ? 'ListBuckets' : 'Unsupported', bucket, key };
  if (key !== undefined) return { operation: 'Unsupported', bucket, key };
  const table = SUB_RESOURCES[method] ?? {};
  for (const k of keys) {
    const op = table[k];
    if (op) return { operation: op, bucket, key };
    if (k in (SUB_RESOURCES.GET ?? {}) || OTHER_SUB_RESOURCES.has(k))
      return { operation: 'Unsupported', bucket, key };
  }
  switch (method) {
    case 'PUT':
      return { operation: 'CreateBucket', bucket, key };
    case 'DELETE':
      return { operation: 'DeleteBucket', bucket, key };
    case 'HEAD':
      return { operation: 'HeadBucket', bucket, key };
    case 'GET':
      return { operation: 'ListObjects', bucket, key };
    default:
      return { operation: 'Unsupported', bucket, key };
  }
}
