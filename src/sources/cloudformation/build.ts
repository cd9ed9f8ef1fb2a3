/**
 * Parsed templates → trails and buckets of the Inventory.
 *
 * Choices (see docs/notes/cloudformation.md for the reasoning and sources):
 * - a resource whose `Condition` is false does not exist; one whose condition cannot be evaluated is kept,
 *   with `exists` (bucket) or `bucket` (trail) as an UNRESOLVED error value, so it is UNDETERMINED, never a verdict;
 * - a bucket without a literal BucketName is known by its identity `<LogicalId>` (qualified with the file
 *   when two scanned templates use the same logical id), so `Ref` links work although CloudFormation
 *   generates the real name;
 * - defaults are applied only where they are facts of S3/CloudFormation (see `bucketFacts`).
 */

import { INPUT_ERROR_CODES } from '../../inventory/input-errors.js';
import type {
  AclGrant,
  Bucket,
  DefaultEncryption,
  InventoryError,
  LoggingConfig,
  ObjectOwnership,
  Partition,
  PolicyDocument,
  SourceLocation,
  Trail,
} from '../../inventory/model.js';
import { LOG_DELIVERY_GROUP_URI } from '../../inventory/model.js';
import { type Read, UNRESOLVED } from '../../inventory/read.js';
import { unresolvedRead } from '../iac/unknown.js';
import { DEFAULT_LIMITS, type InputLimits, LimitExceeded } from '../limits.js';
import type { Json, Position } from './parse-template.js';
import { asMap, Resolver } from './resolve.js';
import { findUnresolved, NO_VALUE, Sym, toPartial, toPlain, Unresolved, type Val } from './values.js';

export interface LoadedTemplate {
  /** File as reported in locations. */
  file: string;
  data: Json;
  resourcePositions: Map<string, Position>;
  /** Line of each object of `data`, when the parser kept them (messages about expressions). */
  lines?: WeakMap<object, number>;
}

export interface BuildResult {
  trails: Trail[];
  buckets: Bucket[];
  errors: InventoryError[];
}

interface Ctx {
  template: LoadedTemplate;
  resolver: Resolver;
}

export function buildInventory(
  templates: LoadedTemplate[],
  partition: Partition,
  limits: Pick<InputLimits, 'evalSteps' | 'depth' | 'collectionSize'> = DEFAULT_LIMITS,
): BuildResult {
  const idCount = new Map<string, number>();
  for (const t of templates)
    for (const id of Object.keys(asMap(asMap(t.data).Resources))) idCount.set(id, (idCount.get(id) ?? 0) + 1);
  const qualified = (t: LoadedTemplate, id: string) => ((idCount.get(id) ?? 0) > 1 ? `${t.file}#${id}` : id);

  const exports = new Map<string, Ctx & { value: Json }>();
  const importing = new Set<string>();
  let contexts: Ctx[] = templates.map((template) => {
    const resolver = new Resolver(template.data, {
      partition,
      limits,
      file: template.file,
      ...(template.lines ? { lines: template.lines } : {}),
      bucketIdentity: (id) => `<${qualified(template, id)}>`,
      importValue: (name, depth, budget) => {
        const found = exports.get(name);
        if (!found || importing.has(name)) return undefined;
        importing.add(name);
        try {
          // The importing template pays for the evaluation (one template cannot drain another's budget).
          return found.resolver.chargeTo(budget, () => found.resolver.resolve(found.value, depth));
        } finally {
          importing.delete(name);
        }
      },
    });
    return { template, resolver };
  });

  const result: BuildResult = { trails: [], buckets: [], errors: [] };
  // A template that exceeds a budget (evaluation steps, nesting, string size) is dropped as a whole,
  // with one BUDGET_EXCEEDED error naming the limit; the other templates are still evaluated.
  const withinBudget = (work: (ctx: Ctx) => void) => {
    contexts = contexts.filter((ctx) => {
      try {
        work(ctx);
        return true;
      } catch (error) {
        if (!(error instanceof LimitExceeded)) throw error;
        result.errors.push({
          operation: 'EvaluateTemplate',
          code: INPUT_ERROR_CODES.BUDGET_EXCEEDED,
          message: error.message,
          file: ctx.template.file,
        });
        return false;
      }
    });
  };
  withinBudget((ctx) => {
    for (const output of Object.values(asMap(asMap(ctx.template.data).Outputs))) {
      const out = asMap(output);
      const name = ctx.resolver.resolve(asMap(out.Export).Name as Json);
      if (typeof name === 'string' && out.Value !== undefined)
        exports.set(name, { ...ctx, value: out.Value });
    }
  });
  const policies = new Map<string, Read<PolicyDocument>>();
  const templatesWithLoosePolicy = new Set<LoadedTemplate>();
  withinBudget((ctx) => collectPolicies(ctx, policies, templatesWithLoosePolicy, result.errors));
  const built = new Map<Ctx, BuildResult>();
  withinBudget((ctx) => {
    const own: BuildResult = { trails: [], buckets: [], errors: [] };
    buildResources(ctx, own, policies, templatesWithLoosePolicy, partition, (id) =>
      qualified(ctx.template, id),
    );
    built.set(ctx, own);
  });
  for (const ctx of contexts) {
    const own = built.get(ctx);
    if (!own) continue;
    // Element by element: a spread of 100,000 buckets overflows the call stack.
    for (const trail of own.trails) result.trails.push(trail);
    for (const bucket of own.buckets) result.buckets.push(bucket);
    for (const error of own.errors) result.errors.push(error);
  }
  return result;
}

function buildResources(
  ctx: Ctx,
  out: BuildResult,
  policies: Map<string, Read<PolicyDocument>>,
  templatesWithLoosePolicy: Set<LoadedTemplate>,
  partition: Partition,
  qualified: (id: string) => string,
): void {
  for (const [id, raw] of Object.entries(ctx.resolver.resources)) {
    const resource = asMap(raw);
    const exists = ctx.resolver.resourceExists(id);
    if (exists === false) continue;
    const location = locate(ctx.template, id, resource);
    if (resource.Type === 'AWS::S3::Bucket') {
      if (exists === undefined) out.errors.push(conditionError(ctx, id, resource));
      const bucket = buildBucket(ctx, id, resource, location, exists);
      const policy = policies.get(bucket.name);
      if (policy !== undefined) bucket.policy = policy;
      else if (templatesWithLoosePolicy.has(ctx.template))
        bucket.policy = unresolvedRead(
          'a bucket policy in this template targets a bucket name that cannot be resolved',
        );
      else bucket.policy = null;
      out.buckets.push(bucket);
    } else if (resource.Type === 'AWS::CloudTrail::Trail') {
      out.trails.push(buildTrail(ctx, id, resource, location, exists, partition, qualified(id)));
    }
  }
}

/** The resource's `Condition` value as written (for messages). */
function conditionName(resource: Record<string, Json>): string {
  return typeof resource.Condition === 'string' ? resource.Condition : JSON.stringify(resource.Condition);
}

/** Why the resource's condition cannot be decided, with the expression and file:line. */
function conditionWhy(ctx: Ctx, resource: Record<string, Json>): string {
  const name = resource.Condition;
  return typeof name === 'string'
    ? ctx.resolver.conditionReason(name)
    : 'the Condition attribute is not a condition name';
}

/**
 * A resource whose `Condition` cannot be decided may or may not be deployed: an input error of its own
 * (VALUE_UNRESOLVED, with the logical id and line), besides the error value its existence gets.
 */
function conditionError(ctx: Ctx, id: string, resource: Record<string, Json>): InventoryError {
  const line = ctx.template.resourcePositions.get(id)?.line;
  return {
    operation: 'EvaluateCondition',
    code: INPUT_ERROR_CODES.VALUE_UNRESOLVED,
    resource: id,
    message: `${resource.Type} ${id} exists only if condition ${conditionName(resource)} holds, which cannot be decided statically: ${conditionWhy(ctx, resource)}`,
    file: ctx.template.file,
    ...(line ? { line } : {}),
  };
}

function locate(template: LoadedTemplate, id: string, resource: Record<string, Json>): SourceLocation {
  const pos = template.resourcePositions.get(id);
  const location: SourceLocation = { file: template.file, line: pos?.line ?? 1, address: id };
  if (pos) location.column = pos.column;
  const cdkPath = asMap(resource.Metadata)['aws:cdk:path'];
  if (typeof cdkPath === 'string') location.cdkPath = cdkPath;
  return location;
}

/** The inventory name an expression designates as a bucket name (S3BucketName, DestinationBucketName, Bucket). */
export function linkBucketName(ctx: Ctx, value: Val): Read<string> {
  if (typeof value === 'string') return value;
  if (value instanceof Sym) {
    if (value.bucket) return value.bucket;
    // Same symbolic text as a bucket of this stack (e.g. both `${AWS::AccountId}-logs`): the same bucket.
    const same = symbolicBucketNames(ctx).get(value.text);
    if (same) return same;
    return unresolvedRead(`bucket name ${value.text} is only known at deploy time`);
  }
  if (value instanceof Unresolved) return unresolvedRead(value.message);
  return unresolvedRead('bucket name is not a string');
}

const symbolicNamesOf = new WeakMap<Resolver, Map<string, string>>();

/** Symbolic BucketName text → bucket identity, for the buckets of this template (built once). */
function symbolicBucketNames(ctx: Ctx): Map<string, string> {
  let names = symbolicNamesOf.get(ctx.resolver);
  if (names) return names;
  names = new Map();
  for (const [id, raw] of Object.entries(ctx.resolver.resources)) {
    if (asMap(raw).Type !== 'AWS::S3::Bucket' || !('BucketName' in asMap(asMap(raw).Properties))) continue;
    const name = ctx.resolver.bucketName(id);
    if (name instanceof Sym && name.bucket && !names.has(name.text)) names.set(name.text, name.bucket);
  }
  symbolicNamesOf.set(ctx.resolver, names);
  return names;
}

function buildBucket(
  ctx: Ctx,
  id: string,
  resource: Record<string, Json>,
  location: SourceLocation,
  exists: boolean | undefined,
): Bucket {
  const props = asMap(resource.Properties);
  const nameVal = ctx.resolver.bucketName(id);
  const name = typeof nameVal === 'string' ? nameVal : ((nameVal as Sym).bucket ?? `<${id}>`);
  const bucket: Bucket = {
    name,
    account: null,
    exists:
      exists === true
        ? true
        : unresolvedRead(
            `condition ${conditionName(resource)} cannot be evaluated statically: ${conditionWhy(ctx, resource)}`,
          ),
    location,
  };
  if (typeof nameVal !== 'string') {
    const declared = props.BucketName === undefined ? undefined : ctx.resolver.resolve(props.BucketName);
    bucket.nameUnresolved = {
      code: UNRESOLVED,
      message:
        declared === undefined
          ? 'no BucketName: CloudFormation generates the name'
          : declared instanceof Unresolved
            ? `BucketName: ${declared.message}`
            : `BucketName ${(nameVal as Sym).text} is only known at deploy time`,
    };
  }
  bucket.logging = loggingOf(ctx, props, name);
  Object.assign(bucket, bucketFacts(ctx.resolver, props));
  return bucket;
}

function loggingOf(ctx: Ctx, props: Record<string, Json>, selfName: string): Read<LoggingConfig | null> {
  if (!('LoggingConfiguration' in props)) return null;
  const lc = ctx.resolver.resolve(props.LoggingConfiguration as Json);
  if (lc === NO_VALUE || lc === null) return null;
  if (lc instanceof Unresolved) return unresolvedRead(`LoggingConfiguration: ${lc.message}`);
  if (typeof lc !== 'object' || Array.isArray(lc) || lc instanceof Sym)
    return unresolvedRead('LoggingConfiguration is not an object');
  // DestinationBucketName is optional: "By default, logs are stored in the bucket where the
  // LoggingConfiguration property is defined" (CloudFormation reference, AWS::S3::Bucket LoggingConfiguration).
  // So `LoggingConfiguration: {}` logs into the bucket itself.
  const destination = lc.DestinationBucketName;
  const config: LoggingConfig = {
    targetBucket: destination === undefined ? selfName : linkBucketName(ctx, destination),
    targetPrefix: prefixText(lc.LogFilePrefix),
  };
  const format = lc.TargetObjectKeyFormat;
  if (format !== undefined && format !== null && typeof format === 'object' && !Array.isArray(format)) {
    if ('PartitionedPrefix' in format) config.partitioned = true;
    else if ('SimplePrefix' in format) config.partitioned = false;
  }
  return config;
}

function prefixText(value: Val | undefined): Read<string> {
  if (typeof value === 'string') return value;
  if (value instanceof Sym) return value.text;
  // An unresolvable prefix is not "": the rules decide only what holds for every prefix.
  if (value instanceof Unresolved) return unresolvedRead(`LogFilePrefix: ${value.message}`);
  return '';
}

/**
 * Target-health facts. Where the template is silent, only facts are filled in:
 * - AccessControl absent = the `private` canned ACL (CreateBucket's default): no Log Delivery grant;
 * - BucketEncryption absent = SSE-S3 (S3 encrypts every bucket with SSE-S3 by default since January 2023);
 * - ObjectLockConfiguration without a Rule.DefaultRetention = no default retention;
 * - ownership is left absent when OwnershipControls is not declared: buckets created before April 2023
 *   default to ObjectWriter, later ones to BucketOwnerEnforced, and the template cannot tell which;
 * - requesterPays is false: AWS::S3::Bucket has no request-payment property, and CreateBucket makes the
 *   bucket owner the payer, so a bucket deployed from the template is not Requester Pays (a change made
 *   outside the template is drift, like any other out-of-band change; as Terraform without an
 *   aws_s3_bucket_request_payment_configuration).
 */
function bucketFacts(resolver: Resolver, props: Record<string, Json>): Partial<Bucket> {
  const facts: Partial<Bucket> = {};
  facts.acl = aclOf(resolver, props);
  const ownership = ownershipOf(resolver, props);
  if (ownership !== undefined) facts.ownership = ownership;
  facts.defaultEncryption = encryptionOf(resolver, props);
  facts.objectLockDefaultRetention = objectLockOf(resolver, props);
  facts.requesterPays = false;
  return facts;
}

const CANNED_ACLS: Record<string, AclGrant[]> = {
  Private: [],
  BucketOwnerRead: [],
  BucketOwnerFullControl: [],
  AwsExecRead: [],
  PublicRead: [
    { grantee: 'http://acs.amazonaws.com/groups/global/AllUsers', granteeType: 'Group', permission: 'READ' },
  ],
  PublicReadWrite: [
    { grantee: 'http://acs.amazonaws.com/groups/global/AllUsers', granteeType: 'Group', permission: 'READ' },
    { grantee: 'http://acs.amazonaws.com/groups/global/AllUsers', granteeType: 'Group', permission: 'WRITE' },
  ],
  AuthenticatedRead: [
    {
      grantee: 'http://acs.amazonaws.com/groups/global/AuthenticatedUsers',
      granteeType: 'Group',
      permission: 'READ',
    },
  ],
  // "log-delivery-write: the LogDelivery group gets WRITE and READ_ACP permissions on the bucket"
  // (S3 User Guide, Access control list overview, Canned ACL).
  LogDeliveryWrite: [
    { grantee: LOG_DELIVERY_GROUP_URI, granteeType: 'Group', permission: 'WRITE' },
    { grantee: LOG_DELIVERY_GROUP_URI, granteeType: 'Group', permission: 'READ_ACP' },
  ],
};

function aclOf(resolver: Resolver, props: Record<string, Json>): Read<AclGrant[]> {
  if (!('AccessControl' in props)) return [];
  const value = resolver.resolve(props.AccessControl as Json);
  if (value === NO_VALUE) return [];
  if (typeof value === 'string' && value in CANNED_ACLS)
    return (CANNED_ACLS[value] ?? []).map((g) => ({ ...g }));
  return unresolvedRead(`AccessControl ${describe(value)} cannot be resolved to a canned ACL`);
}

function ownershipOf(
  resolver: Resolver,
  props: Record<string, Json>,
): Read<ObjectOwnership | null> | undefined {
  if (!('OwnershipControls' in props)) return undefined;
  const value = resolver.resolve(props.OwnershipControls as Json);
  if (value === NO_VALUE) return undefined;
  const unresolved = findUnresolved(value);
  if (unresolved) return unresolvedRead(`OwnershipControls: ${unresolved.message}`);
  const rules = asMap(toPlain(value) as Json).Rules;
  const first = Array.isArray(rules) ? asMap(rules[0] as Json).ObjectOwnership : undefined;
  if (first === 'BucketOwnerEnforced' || first === 'BucketOwnerPreferred' || first === 'ObjectWriter')
    return first;
  return unresolvedRead('OwnershipControls without a known ObjectOwnership');
}

function encryptionOf(resolver: Resolver, props: Record<string, Json>): Read<DefaultEncryption | null> {
  if (!('BucketEncryption' in props)) return 'SSE-S3';
  const value = resolver.resolve(props.BucketEncryption as Json);
  if (value === NO_VALUE) return 'SSE-S3';
  const rules = asMap(toPlain(value) as Json).ServerSideEncryptionConfiguration;
  const algorithm = Array.isArray(rules)
    ? asMap(asMap(rules[0] as Json).ServerSideEncryptionByDefault).SSEAlgorithm
    : undefined;
  if (algorithm === 'AES256') return 'SSE-S3';
  if (algorithm === 'aws:kms') return 'SSE-KMS';
  if (algorithm === 'aws:kms:dsse') return 'DSSE-KMS';
  const unresolved = findUnresolved(value);
  return unresolvedRead(`BucketEncryption: ${unresolved?.message ?? 'unknown SSEAlgorithm'}`);
}

function objectLockOf(resolver: Resolver, props: Record<string, Json>): Read<boolean> {
  if (!('ObjectLockConfiguration' in props)) return false;
  const value = resolver.resolve(props.ObjectLockConfiguration as Json);
  if (value === NO_VALUE) return false;
  const rule = asMap(asMap(toPlain(value) as Json).Rule);
  if ('DefaultRetention' in rule) {
    const retention = asMap(rule.DefaultRetention);
    if (findUnresolved(value)) return unresolvedRead('ObjectLockConfiguration cannot be resolved');
    return Object.keys(retention).length > 0;
  }
  if (findUnresolved(value)) return unresolvedRead('ObjectLockConfiguration cannot be resolved');
  return false;
}

function collectPolicies(
  ctx: Ctx,
  policies: Map<string, Read<PolicyDocument>>,
  loose: Set<LoadedTemplate>,
  errors: InventoryError[],
): void {
  for (const [id, raw] of Object.entries(ctx.resolver.resources)) {
    const resource = asMap(raw);
    if (resource.Type !== 'AWS::S3::BucketPolicy') continue;
    const exists = ctx.resolver.resourceExists(id);
    if (exists === false) continue;
    if (exists === undefined) errors.push(conditionError(ctx, id, resource));
    const props = asMap(resource.Properties);
    const target = linkBucketName(ctx, ctx.resolver.resolve(props.Bucket as Json));
    if (typeof target !== 'string') {
      loose.add(ctx.template);
      errors.push({
        operation: 'ResolveBucketPolicy',
        resource: id,
        code: UNRESOLVED,
        message: `AWS::S3::BucketPolicy ${id}: ${target.error.message}`,
        file: ctx.template.file,
        line: ctx.template.resourcePositions.get(id)?.line,
      });
      continue;
    }
    policies.set(target, policyDocument(ctx, props, exists));
  }
}

function policyDocument(
  ctx: Ctx,
  props: Record<string, Json>,
  exists: boolean | undefined,
): Read<PolicyDocument> {
  let doc = ctx.resolver.resolve(props.PolicyDocument as Json);
  if (exists !== true)
    return unresolvedRead('the bucket policy has a condition that cannot be evaluated', toPartial(doc));
  if (typeof doc === 'string') {
    try {
      doc = JSON.parse(doc) as Val;
    } catch {
      return unresolvedRead('PolicyDocument is not valid JSON');
    }
  }
  // Conservative: one unknown part (an unresolvable principal, action, effect…) could grant or deny
  // anything, so the whole document is unknown and the target is reported unverified, not judged.
  const unresolved = findUnresolved(doc);
  // An unresolved policy keeps what could be resolved in `error.partial` (see inventory/read.ts): enough to
  // recognise a CloudTrail bucket policy statement whose conditions or ARNs use parameters without defaults.
  if (unresolved) return unresolvedRead(`PolicyDocument: ${unresolved.message}`, toPartial(doc));
  const plain = toPlain(doc);
  if (plain === null || typeof plain !== 'object' || Array.isArray(plain))
    return unresolvedRead('PolicyDocument is not an object');
  return plain as PolicyDocument;
}

function buildTrail(
  ctx: Ctx,
  id: string,
  resource: Record<string, Json>,
  location: SourceLocation,
  exists: boolean | undefined,
  partition: Partition,
  qualifiedId: string,
): Trail {
  const props = asMap(resource.Properties);
  const trailName = ctx.resolver.resolve(props.TrailName as Json);
  const name = typeof trailName === 'string' ? trailName : id;
  const bucket =
    exists === true
      ? linkBucketName(ctx, ctx.resolver.resolve(props.S3BucketName as Json))
      : unresolvedRead(
          `the trail exists only if condition ${conditionName(resource)} holds, which cannot be evaluated statically: ${conditionWhy(ctx, resource)}`,
        );
  const trail: Trail = {
    // Synthetic: the real ARN needs the deploy account and Region. Unique per logical id (file-qualified on clashes).
    arn: `arn:${partition}:cloudtrail:::trail/${qualifiedId}`,
    name,
    account: null,
    homeRegion: null,
    multiRegion: boolOf(ctx.resolver.resolve(props.IsMultiRegionTrail as Json)) === true,
    organization: boolOf(ctx.resolver.resolve(props.IsOrganizationTrail as Json)) === true,
    bucket,
    location,
  };
  if ('IsLogging' in props) {
    const logging = boolOf(ctx.resolver.resolve(props.IsLogging as Json));
    trail.isLogging = logging ?? unresolvedRead('IsLogging cannot be resolved statically');
  }
  const prefix = ctx.resolver.resolve(props.S3KeyPrefix as Json);
  trail.keyPrefix = typeof prefix === 'string' ? prefix : prefix instanceof Sym ? prefix.text : null;
  return trail;
}

/** CloudFormation accepts booleans and the strings "true"/"false" (any case) for Boolean properties. */
function boolOf(value: Val): boolean | undefined {
  if (typeof value === 'boolean') return value;
  if (typeof value === 'string' && /^(true|false)$/i.test(value)) return value.toLowerCase() === 'true';
  return undefined;
}

function describe(value: Val): string {
  if (typeof value === 'string') return `"${value}"`;
  if (value instanceof Unresolved) return `(${value.message})`;
  if (value instanceof Sym) return value.text;
  return JSON.stringify(toPlain(value));
}
