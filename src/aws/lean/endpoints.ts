/**
 * Where a lean S3 / CloudTrail request goes: the same URL the SDK v3 endpoint rules give (checked
 * against the SDK in test/aws/lean-endpoints.test.ts): partition DNS suffix, FIPS and dual-stack
 * host names, a custom endpoint (--endpoint-url / AWS_ENDPOINT_URL[_S3|_CLOUDTRAIL]), and S3
 * virtual-hosted vs path-style addressing.
 */
import { isIP } from 'node:net';

export interface EndpointSettings {
  /** Custom endpoint for every service (--endpoint-url / AWS_ENDPOINT_URL), already chosen by the caller. */
  endpoint?: string;
  /** Service-specific endpoints (AWS_ENDPOINT_URL_S3, AWS_ENDPOINT_URL_CLOUDTRAIL, AWS_ENDPOINT_URL_ACCOUNT): they win over `endpoint`. */
  serviceEndpoints?: Partial<Record<'s3' | 'cloudtrail' | 'account', string>>;
  useFips: boolean;
  useDualstack: boolean;
}

export interface Target {
  protocol: 'http:' | 'https:';
  hostname: string;
  port?: number;
  /** Path prefix before the operation's own path: '' or '/bucket' (path-style) or a custom base path. */
  basePath: string;
  /** Host header value (hostname[:port]). */
  host: string;
}

function dnsSuffix(region: string, dualstack: boolean): string {
  if (region.startsWith('cn-')) return dualstack ? 'api.amazonwebservices.com.cn' : 'amazonaws.com.cn';
  return dualstack ? 'api.aws' : 'amazonaws.com';
}

interface ParsedEndpoint {
  protocol: 'http:' | 'https:';
  hostname: string;
  port?: number;
  basePath: string;
}

/** Parsed custom endpoints: one or two per scan, asked for on every call. */
const parsedEndpoints = new Map<string, ParsedEndpoint>();

function parseEndpoint(endpoint: string): ParsedEndpoint {
  let parsed = parsedEndpoints.get(endpoint);
  if (!parsed) {
    parsed = parseEndpointOnce(endpoint);
    if (parsedEndpoints.size > 16) parsedEndpoints.clear();
    parsedEndpoints.set(endpoint, parsed);
  }
  return parsed;
}

function parseEndpointOnce(endpoint: string): ParsedEndpoint {
  const url = new URL(endpoint);
  const protocol = url.protocol === 'http:' ? 'http:' : 'https:';
  const basePath = url.pathname === '/' ? '' : url.pathname.replace(/\/$/, '');
  return {
    protocol,
    hostname: url.hostname.replace(/^\[(.*)\]$/, '$1'),
    ...(url.port ? { port: Number(url.port) } : {}),
    basePath,
  };
}

function hostHeader(hostname: string, port: number | undefined): string {
  const host = isIP(hostname) === 6 ? `[${hostname}]` : hostname;
  return port ? `${host}:${port}` : host;
}

/** A DNS-compatible bucket name the SDK puts in the host (S3 rules `isVirtualHostableS3Bucket`). */
function virtualHostable(bucket: string, allowDots: boolean): boolean {
  if (bucket.length < 3 || bucket.length > 63) return false;
  if (!/^[a-z0-9][a-z0-9.-]*[a-z0-9]$/.test(bucket)) return false;
  if (isIP(bucket)) return false;
  if (!allowDots && bucket.includes('.')) return false;
  // Every dot-separated label must itself be a valid host label.
  return bucket.split('.').every((label) => /^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/.test(label));
}

export function s3Target(settings: EndpointSettings, region: string, bucket?: string): Target {
  const custom = settings.serviceEndpoints?.s3 ?? settings.endpoint;
  if (custom) {
    const base = parseEndpoint(custom);
    // Custom endpoint: virtual-hosted unless the host is an IP address or the name cannot be a host
    // label (dots are allowed over http only: no certificate to match).
    if (bucket && !isIP(base.hostname) && virtualHostable(bucket, base.protocol === 'http:')) {
      const hostname = `${bucket}.${base.hostname}`;
      return { ...base, hostname, host: hostHeader(hostname, base.port) };
    }
    return {
      ...base,
      basePath: bucket ? `${base.basePath}/${bucket}` : base.basePath,
      host: hostHeader(base.hostname, base.port),
    };
  }
  const service = settings.useFips ? 's3-fips' : 's3';
  const stack = settings.useDualstack ? '.dualstack' : '';
  const suffix = region.startsWith('cn-') ? 'amazonaws.com.cn' : 'amazonaws.com';
  const regional = `${service}${stack}.${region}.${suffix}`;
  if (bucket && virtualHostable(bucket, false)) {
    const hostname = `${bucket}.${regional}`;
    return { protocol: 'https:', hostname, basePath: '', host: hostname };
  }
  return { protocol: 'https:', hostname: regional, basePath: bucket ? `/${bucket}` : '', host: regional };
}

export function cloudTrailTarget(settings: EndpointSettings, region: string): Target {
  const custom = settings.serviceEndpoints?.cloudtrail ?? settings.endpoint;
  if (custom) {
    const base = parseEndpoint(custom);
    return { ...base, host: hostHeader(base.hostname, base.port) };
  }
  // GovCloud's regular CloudTrail endpoint already is its FIPS endpoint (the SDK's endpoint rules).
  const govFips = settings.useFips && !settings.useDualstack && region.startsWith('us-gov-');
  const service = settings.useFips && !govFips ? 'cloudtrail-fips' : 'cloudtrail';
  const hostname = `${service}.${region}.${dnsSuffix(region, settings.useDualstack)}`;
  return { protocol: 'https:', hostname, basePath: '', host: hostname };
}

/**
 * Account Management API: one endpoint per partition, `account[-fips].{global Region}.{DNS suffix}`
 * (the SDK's rules; `region` is the partition's global Region the call is signed for).
 */
export function accountTarget(settings: EndpointSettings, region: string): Target {
  const custom = settings.serviceEndpoints?.account ?? settings.endpoint;
  if (custom) {
    const base = parseEndpoint(custom);
    return { ...base, host: hostHeader(base.hostname, base.port) };
  }
  const service = settings.useFips ? 'account-fips' : 'account';
  const hostname = `${service}.${region}.${dnsSuffix(region, settings.useDualstack)}`;
  return { protocol: 'https:', hostname, basePath: '', host: hostname };
}
