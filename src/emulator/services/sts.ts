/** STS Query: GetCallerIdentity and AssumeRole (AWS-WIRE-NOTES §5), and its operation table. */
import { awsQuery } from '../protocols.js';
import { el, queryError, type Reply, xmlOk } from '../reply.js';
import { defineService } from '../table.js';
import { roleId } from '../world.js';
import type { HandlerContext } from './context.js';

const NS = 'https://sts.amazonaws.com/doc/2011-06-15/';
const ROLE_ARN = /^arn:aws[a-z-]*:iam::(\d{12}):role\/(?:.*\/)?([\w+=,.@-]+)$/;

function wrap(op: string, result: string, requestId: string): Reply {
  // The <OpResult> wrapper is required: without it the SDK silently returns no fields (§1.2).
  return xmlOk(
    `<${op}Response xmlns="${NS}"><${op}Result>${result}</${op}Result><ResponseMetadata>${el('RequestId', requestId)}</ResponseMetadata></${op}Response>`,
    200,
    { 'content-type': 'text/xml' },
  );
}

export function getCallerIdentity(ctx: HandlerContext): Reply {
  const { caller, req } = ctx;
  return wrap(
    'GetCallerIdentity',
    `${el('Arn', caller.arn)}${el('UserId', caller.userId)}${el('Account', caller.account)}`,
    req.requestId,
  );
}

/** AssumeRole's denial names the role, and no policy (the same whether IAM or the trust policy said no). */
function assumeRoleDenied(callerArn: string, roleArn: string): string {
  return `User: ${callerArn} is not authorized to perform: sts:AssumeRole on resource: ${roleArn}`;
}

export function assumeRole(ctx: HandlerContext, form: URLSearchParams): Reply {
  const { world, caller, req } = ctx;
  const roleArn = form.get('RoleArn') ?? '';
  const sessionName = form.get('RoleSessionName') ?? '';
  const duration = Number(form.get('DurationSeconds') ?? 3600);
  const validation = (m: string) => queryError(req, 400, 'ValidationError', m);
  if (!/^[\w+=,.@-]{2,64}$/.test(sessionName)) {
    return validation(
      `1 validation error detected: Value '${sessionName}' at 'roleSessionName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]*`,
    );
  }
  if (!Number.isInteger(duration) || duration < 900 || duration > 43_200) {
    return validation(
      `1 validation error detected: Value '${duration}' at 'durationSeconds' failed to satisfy constraint: Member must have value between 900 and 43200`,
    );
  }
  const denied = () => queryError(req, 403, 'AccessDenied', assumeRoleDenied(caller.arn, roleArn));
  const m = ROLE_ARN.exec(roleArn);
  if (!m) return validation(`${roleArn} is invalid`);
  const account = m[1] ?? '';
  const roleName = m[2] ?? '';
  const role = world.accounts.get(account)?.roles?.find((r) => r.name === roleName);
  // A missing role, an untrusted account and a wrong ExternalId all look the same to the caller.
  if (!role) return denied();
  const trusted = role.trustedAccounts ?? [...world.accounts.keys()];
  if (!trusted.includes(caller.account)) return denied();
  if (role.externalId !== undefined && form.get('ExternalId') !== role.externalId) return denied();
  const s = world.createSession(account, role, sessionName, duration);
  const assumedArn = `arn:aws:sts::${account}:assumed-role/${role.name}/${sessionName}`;
  return wrap(
    'AssumeRole',
    `<Credentials>${el('AccessKeyId', s.accessKeyId)}${el('SecretAccessKey', s.secretAccessKey)}${el('SessionToken', s.sessionToken)}${el('Expiration', s.expiration.toISOString())}</Credentials><AssumedRoleUser>${el('AssumedRoleId', `${roleId(account, role.name)}:${sessionName}`)}${el('Arn', assumedArn)}</AssumedRoleUser><PackedPolicySize>0</PackedPolicySize>`,
    req.requestId,
  );
}

export const STS = defineService<URLSearchParams>({
  name: 'sts',
  protocol: awsQuery,
  operations: {
    // No permission needed: GetCallerIdentity works even when everything is denied.
    GetCallerIdentity: { action: null, handler: (ctx) => getCallerIdentity(ctx) },
    AssumeRole: {
      action: 'sts:AssumeRole',
      handler: assumeRole,
      resources: (form) => [form.get('RoleArn') ?? ''],
      denied: (d, form) => ({ message: assumeRoleDenied(d.callerArn, form.get('RoleArn') ?? '') }),
    },
  },
});
