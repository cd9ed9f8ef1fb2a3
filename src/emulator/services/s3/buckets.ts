/** ListBuckets, CreateBucket, DeleteBucket, HeadBucket, GetBucketLocation. */
import { el, type Reply, S3_NS, s3Error, xmlOk } from '../../reply.js';
import { type BucketState, canonicalId, newBucketState } from '../../world.js';
import type { HandlerContext } from '../context.js';
import { parseXmlBody, text } from './xml-in.js';

const PAGE_PARAMS = ['max-buckets', 'continuation-token', 'prefix', 'bucket-region'];
/** S3 pages ListBuckets at 10,000 when any paging parameter is sent (ListBuckets API Reference). */
const MAX_PAGE = 10_000;

export function listBuckets(ctx: HandlerContext): Reply {
  const { req, world, caller } = ctx;
  const q = req.query;
  const paged = PAGE_PARAMS.some((k) => q.has(k));
  let page = Number.POSITIVE_INFINITY;
  if (paged) {
    page = Math.min(MAX_PAGE, world.pageSizes.listBuckets ?? MAX_PAGE);
    const max = q.get('max-buckets');
    if (max !== null) {
      const n = Number(max);
      if (!Number.isInteger(n) || n < 1 || n > MAX_PAGE) {
        return s3Error(
          req,
          400,
          'InvalidArgument',
          'Argument max-buckets must be an integer between 1 and 10000',
          {
            ArgumentName: 'max-buckets',
            ArgumentValue: max,
          },
        );
      }
      page = Math.min(page, n);
    }
  }
  const prefix = q.get('prefix') ?? '';
  const region = q.get('bucket-region');
  let list = world.bucketsOf(caller.account);
  if (prefix || region)
    list = list.filter((b) => b.name.startsWith(prefix) && (!region || b.region === region));
  let start = 0;
  const token = q.get('continuation-token');
  if (token) {
    const after = decodeToken(token);
    if (after === undefined) {
      return s3Error(req, 400, 'InvalidArgument', 'The continuation token provided is incorrect', {
        ArgumentName: 'continuation-token',
      });
    }
    start = list.findIndex((b) => b.name > after);
    if (start < 0) start = list.length;
  }
  const slice = list.slice(start, start + page);
  const more = start + slice.length < list.length;
  const buckets = slice
    .map(
      (b) =>
        `<Bucket>${el('Name', b.name)}${el('CreationDate', b.creationDate)}${paged ? el('BucketRegion', b.region) : ''}</Bucket>`,
    )
    .join('');
  const last = slice[slice.length - 1];
  const next = more && last ? el('ContinuationToken', encodeToken(last.name)) : '';
  const prefixEl = q.has('prefix') ? el('Prefix', prefix) : '';
  return xmlOk(
    `<ListAllMyBucketsResult xmlns="${S3_NS}"><Buckets>${buckets}</Buckets><Owner>${el('ID', canonicalId(caller.account))}</Owner>${next}${prefixEl}</ListAllMyBucketsResult>`,
  );
}

function encodeToken(after: string): string {
  return Buffer.from(JSON.stringify({ after }), 'utf8').toString('base64url');
}

function decodeToken(token: string): string | undefined {
  try {
    const v = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as { after?: unknown };
    return typeof v.after === 'string' ? v.after : undefined;
  } catch {
    return undefined;
  }
}

/** Bucket naming rules (S3 User Guide "General purpose bucket naming rules"), the common subset. */
function validBucketName(name: string): boolean {
  return (
    /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(name) &&
    !name.includes('..') &&
    !/^\d+\.\d+\.\d+\.\d+$/.test(name) &&
    !name.startsWith('xn--')
  );
}

const OWNERSHIP = new Set(['BucketOwnerEnforced', 'BucketOwnerPreferred', 'ObjectWriter']);
const LOG_DELIVERY = 'http://acs.amazonaws.com/groups/s3/LogDelivery';

export function createBucket(ctx: HandlerContext, name: string): Reply {
  const { req, world, caller } = ctx;
  if (!validBucketName(name)) {
    return s3Error(req, 400, 'InvalidBucketName', 'The specified bucket is not valid.', { BucketName: name });
  }
  const doc = parseXmlBody(req.body);
  if (doc === undefined) return malformedXml(req);
  const constraint = text(doc.CreateBucketConfiguration, 'LocationConstraint') ?? '';
  // LocationConstraint rules: CreateBucketConfiguration API Reference; AWS-WIRE-NOTES §2.5.
  let region: string;
  if (constraint === '') {
    if (req.region !== 'us-east-1') {
      return s3Error(
        req,
        400,
        'IllegalLocationConstraintException',
        'The unspecified location constraint is incompatible for the region specific endpoint this request was sent to.',
      );
    }
    region = 'us-east-1';
  } else if (constraint === 'us-east-1') {
    return s3Error(req, 400, 'InvalidLocationConstraint', 'The specified location-constraint is not valid', {
      LocationConstraint: constraint,
    });
  } else {
    region = constraint === 'EU' ? 'eu-west-1' : constraint;
    if (region !== req.region) {
      return s3Error(
        req,
        400,
        'IllegalLocationConstraintException',
        `The ${constraint} location constraint is incompatible for the region specific endpoint this request was sent to.`,
      );
    }
  }
  const existing = world.bucket(name);
  if (existing) {
    if (existing.account !== caller.account) {
      return s3Error(
        req,
        409,
        'BucketAlreadyExists',
        'The requested bucket name is not available. The bucket namespace is shared by all users of the system. Please select a different name and try again.',
        { BucketName: name },
      );
    }
    // us-east-1 answers 200 when you re-create your own bucket there (legacy behaviour).
    if (existing.region === 'us-east-1' && region === 'us-east-1') return createdReply(name, region);
    return s3Error(
      req,
      409,
      'BucketAlreadyOwnedByYou',
      'Your previous request to create the named bucket succeeded and you already own it.',
      { BucketName: name },
    );
  }
  const ownershipHeader = req.headers['x-amz-object-ownership'];
  const ownership = typeof ownershipHeader === 'string' ? ownershipHeader : 'BucketOwnerEnforced';
  if (!OWNERSHIP.has(ownership)) {
    return s3Error(req, 400, 'InvalidArgument', 'Invalid x-amz-object-ownership header', {
      ArgumentName: 'x-amz-object-ownership',
      ArgumentValue: ownership,
    });
  }
  const acl = typeof req.headers['x-amz-acl'] === 'string' ? req.headers['x-amz-acl'] : undefined;
  if (acl && acl !== 'private' && ownership === 'BucketOwnerEnforced') {
    return s3Error(
      req,
      400,
      'InvalidBucketAclWithObjectOwnership',
      "Bucket cannot have ACLs set with ObjectOwnership's BucketOwnerEnforced setting",
    );
  }
  const state = newBucketState(name, caller.account, region, ownership as BucketState['ownership']);
  if (acl === 'log-delivery-write') {
    state.acl.push(
      { grantee: LOG_DELIVERY, granteeType: 'Group', permission: 'WRITE' },
      { grantee: LOG_DELIVERY, granteeType: 'Group', permission: 'READ_ACP' },
    );
  }
  if (req.headers['x-amz-bucket-object-lock-enabled'] === 'true') state.objectLock = {};
  world.addBucket(state);
  return createdReply(name, region);
}

function createdReply(name: string, region: string): Reply {
  const location = region === 'us-east-1' ? `/${name}` : `http://${name}.s3.${region}.amazonaws.com/`;
  return { status: 200, headers: { location } };
}

export function deleteBucket(ctx: HandlerContext, bucket: BucketState): Reply {
  ctx.world.deleteBucket(bucket);
  return { status: 204 };
}

export function headBucket(_ctx: HandlerContext, bucket: BucketState): Reply {
  return {
    status: 200,
    headers: { 'x-amz-bucket-region': bucket.region, 'x-amz-access-point-alias': 'false' },
  };
}

export function getBucketLocation(_ctx: HandlerContext, bucket: BucketState): Reply {
  // us-east-1 is an empty element: the SDK then leaves LocationConstraint undefined (§2.8).
  const body =
    bucket.region === 'us-east-1'
      ? `<LocationConstraint xmlns="${S3_NS}"/>`
      : `<LocationConstraint xmlns="${S3_NS}">${bucket.region}</LocationConstraint>`;
  return xmlOk(body);
}

export function malformedXml(req: HandlerContext['req']): Reply {
  return s3Error(
    req,
    400,
    'MalformedXML',
    'The XML you provided was not well-formed or did not validate against our published schema',
  );
}
