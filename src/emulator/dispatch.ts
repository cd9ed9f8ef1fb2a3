/**
 * Which service and operation a request is for, from its shape: `X-Amz-Target` (JSON 1.1), a form
 * body with `Action=` (STS / EC2 Query), a restJson1 Account API path (`POST /listRegions`),
 * otherwise S3 REST. The SigV4 scope names the service too,
 * but the request shape is what the real endpoints dispatch on.
 */
import type { EmuRequest, Service } from './reply.js';
import { routeS3, type S3Route } from './services/s3/route.js';

export type Routed =
  | {
      service: 'cloudtrail' | 'organizations' | 'account' | 'config' | 'securityhub';
      operation: string;
      input: Record<string, unknown> | undefined;
    }
  | { service: 'sts' | 'ec2'; operation: string; form: URLSearchParams }
  | { service: 's3'; operation: string; route: S3Route };

const CLOUDTRAIL_TARGET = /^(?:com\.amazonaws\.cloudtrail\.v20131101\.)?CloudTrail_20131101\.(\w+)$/;
const ORGANIZATIONS_TARGET = /^AWSOrganizationsV20161128\.(\w+)$/;
/** AWS Config's JSON 1.1 target prefix (its service model's `targetPrefix`). */
const CONFIG_TARGET = /^StarlingDoveService\.(\w+)$/;

export const KNOWN_OPERATIONS: Record<Service, ReadonlySet<string>> = {
  s3: new Set(),
  cloudtrail: new Set(['ListTrails', 'DescribeTrails', 'GetTrail', 'GetTrailStatus']),
  organizations: new Set(['DescribeOrganization', 'ListAccounts']),
  sts: new Set(['GetCallerIdentity', 'AssumeRole']),
  ec2: new Set(['DescribeRegions']),
  account: new Set(['ListRegions']),
  config: new Set([
    'PutEvaluations',
    'GetComplianceDetailsByConfigRule',
    'SelectAggregateResourceConfig',
    'DescribeConfigurationAggregatorSourcesStatus',
  ]),
  securityhub: new Set(['BatchImportFindings']),
};

/** Security Hub operations by method and path (restJson1 `@http` bindings). */
const SECURITYHUB_PATHS: Record<string, string> = {
  'POST /findings/import': 'BatchImportFindings',
};

/**
 * Account API operations by path (restJson1 `@http` bindings: `POST /listRegions`…). An S3 bucket
 * name has no upper-case letters, so such a path never names a bucket.
 */
const ACCOUNT_PATHS: Record<string, string> = {
  '/listRegions': 'ListRegions',
  '/getRegionOptStatus': 'GetRegionOptStatus',
  '/enableRegion': 'EnableRegion',
  '/disableRegion': 'DisableRegion',
  '/getContactInformation': 'GetContactInformation',
  '/getAccountInformation': 'GetAccountInformation',
};

function parseJsonObject(body: Buffer): Record<string, unknown> | undefined {
  const text = body.toString('utf8').trim();
  try {
    const v: unknown = text === '' ? {} : JSON.parse(text);
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** Service guess before routing (for error envelopes of malformed requests). */
export function serviceOf(
  headers: EmuRequest['headers'],
  body: Buffer,
  scopeService: string | undefined,
  path = '/',
): Service {
  if (scopeService === 'securityhub') return 'securityhub';
  if (scopeService === 'account' || (path in ACCOUNT_PATHS && headers['x-amz-target'] === undefined))
    return 'account';
  const target = headers['x-amz-target'];
  if (typeof target === 'string') {
    if (CONFIG_TARGET.test(target)) return 'config';
    return ORGANIZATIONS_TARGET.test(target) ? 'organizations' : 'cloudtrail';
  }
  const type = headers['content-type'] ?? '';
  if (type.startsWith('application/x-www-form-urlencoded')) {
    if (scopeService === 'sts' || scopeService === 'ec2') return scopeService;
    return body.toString('utf8').includes('Version=2016-11-15') ? 'ec2' : 'sts';
  }
  return 's3';
}

export function route(req: EmuRequest): Routed | { invalidJson: true } {
  switch (req.service) {
    case 'cloudtrail':
    case 'organizations':
    case 'config': {
      const target = String(req.headers['x-amz-target'] ?? '');
      const pattern =
        req.service === 'cloudtrail'
          ? CLOUDTRAIL_TARGET
          : req.service === 'config'
            ? CONFIG_TARGET
            : ORGANIZATIONS_TARGET;
      const m = pattern.exec(target);
      const operation = m?.[1] ?? target;
      const input = parseJsonObject(req.body);
      if (!input) return { invalidJson: true };
      return { service: req.service, operation, input };
    }
    case 'account': {
      const operation = ACCOUNT_PATHS[req.path] ?? req.path.replace(/^\//, '');
      const input = parseJsonObject(req.body);
      if (!input) return { invalidJson: true };
      return { service: 'account', operation, input };
    }
    case 'securityhub': {
      const operation = SECURITYHUB_PATHS[`${req.method} ${req.path}`] ?? `${req.method} ${req.path}`;
      const input = parseJsonObject(req.body);
      if (!input) return { invalidJson: true };
      return { service: 'securityhub', operation, input };
    }
    case 'sts':
    case 'ec2': {
      const form = new URLSearchParams(req.body.toString('utf8'));
      return { service: req.service, operation: form.get('Action') ?? '', form };
    }
    case 's3': {
      const r = routeS3(req);
      return { service: 's3', operation: r.operation, route: r };
    }
  }
}

/** Names a fault rule's `resource` can match: the bucket, or the trail name / ARN asked for. */
export function resourcesOf(r: Routed): string[] {
  if (r.service === 's3') return r.route.bucket ? [r.route.bucket] : [];
  if (r.service === 'cloudtrail' && r.input) {
    const out: string[] = [];
    const add = (v: unknown) => {
      if (typeof v !== 'string') return;
      out.push(v);
      const m = /:trail\/(.+)$/.exec(v);
      if (m?.[1]) out.push(m[1]);
    };
    add(r.input.Name);
    if (Array.isArray(r.input.trailNameList)) for (const n of r.input.trailNameList) add(n);
    return out;
  }
  if (r.service === 'sts' && r.operation === 'AssumeRole') return [r.form.get('RoleArn') ?? ''];
  if (r.service === 'config' && typeof r.input?.ConfigRuleName === 'string') return [r.input.ConfigRuleName];
  if (r.service === 'securityhub' && Array.isArray(r.input?.Findings)) {
    // The accounts the findings are about (a fault can target one account's findings).
    return [
      ...new Set(
        r.input.Findings.map((f) => String((f as Record<string, unknown> | null)?.AwsAccountId ?? '')),
      ),
    ];
  }
  return [];
}
