/**
 * Every emulated service's operation table, and which service a request is for. The request's shape
 * decides, as at the real endpoints: `X-Amz-Target` (JSON 1.1), a form body with `Action=` (STS / EC2
 * Query), a restJson1 path of the Account API (`POST /listRegions`), otherwise S3 REST; the SigV4 scope
 * names the service too and settles what the shape leaves open (Security Hub, STS vs EC2).
 */
import type { EmuRequest, Service } from '../reply.js';
import type { ServiceTable } from '../table.js';
import { ACCOUNT } from './account.js';
import { CLOUDTRAIL } from './cloudtrail.js';
import { CONFIG, CONFIG_TARGET } from './config.js';
import { EC2 } from './ec2.js';
import { ORGANIZATIONS, ORGANIZATIONS_TARGET } from './organizations.js';
import { S3 } from './s3/index.js';
import { SECURITY_HUB } from './securityhub.js';
import { STS } from './sts.js';

export const SERVICES: Readonly<Record<Service, ServiceTable>> = {
  s3: S3,
  cloudtrail: CLOUDTRAIL,
  organizations: ORGANIZATIONS,
  sts: STS,
  ec2: EC2,
  account: ACCOUNT,
  config: CONFIG,
  securityhub: SECURITY_HUB,
};

/** The service a request is for (known before routing, so a malformed request gets its envelope). */
export function serviceOf(
  headers: EmuRequest['headers'],
  body: Buffer,
  scopeService: string | undefined,
  path = '/',
): Service {
  if (scopeService === 'securityhub') return 'securityhub';
  if (scopeService === 'account' || (ACCOUNT.routes.has(path) && headers['x-amz-target'] === undefined))
    return 'account';
  const target = headers['x-amz-target'];
  if (typeof target === 'string') {
    if (CONFIG_TARGET.test(target)) return 'config';
    // Any other target is answered by CloudTrail (UnknownOperationException for a foreign one).
    return ORGANIZATIONS_TARGET.test(target) ? 'organizations' : 'cloudtrail';
  }
  const type = headers['content-type'] ?? '';
  if (type.startsWith('application/x-www-form-urlencoded')) {
    if (scopeService === 'sts' || scopeService === 'ec2') return scopeService;
    return body.toString('utf8').includes('Version=2016-11-15') ? 'ec2' : 'sts';
  }
  return 's3';
}
