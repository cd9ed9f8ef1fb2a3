/**
 * The little bucket-policy evaluation the emulator does: does a policy let another account call an
 * action (cross-account reads), and does it let the S3 logging service deliver (PutBucketLogging
 * validation; S3 User Guide "Permissions for log delivery").
 */
import { actionMatches } from '../../iam-match.js';

interface Statement {
  Effect?: unknown;
  Principal?: unknown;
  Action?: unknown;
}

function statements(policyText: string | null): Statement[] {
  if (!policyText) return [];
  try {
    const doc = JSON.parse(policyText) as { Statement?: unknown };
    const s = doc.Statement;
    return (Array.isArray(s) ? s : s ? [s] : []).filter((x): x is Statement => !!x && typeof x === 'object');
  } catch {
    return [];
  }
}

function strings(v: unknown): string[] {
  return Array.isArray(v)
    ? v.filter((x): x is string => typeof x === 'string')
    : typeof v === 'string'
      ? [v]
      : [];
}

function coversAction(st: Statement, action: string): boolean {
  return strings(st.Action).some((a) => actionMatches(a, action));
}

function principalValues(st: Statement, kind: 'AWS' | 'Service'): string[] {
  if (st.Principal === '*') return ['*'];
  if (st.Principal && typeof st.Principal === 'object') {
    return strings((st.Principal as Record<string, unknown>)[kind]);
  }
  return [];
}

function namesAccount(value: string, account: string): boolean {
  return (
    value === '*' ||
    value === account ||
    value.startsWith(`arn:aws:iam::${account}:`) ||
    value.startsWith(`arn:aws:sts::${account}:`)
  );
}

/** An Allow for the caller's account (and no Deny naming it). Conditions are not evaluated. */
export function policyAllowsAccount(policyText: string | null, account: string, action: string): boolean {
  let allowed = false;
  for (const st of statements(policyText)) {
    if (!coversAction(st, action) || !principalValues(st, 'AWS').some((p) => namesAccount(p, account)))
      continue;
    if (st.Effect === 'Deny') return false;
    if (st.Effect === 'Allow') allowed = true;
  }
  return allowed;
}

/** An Allow of s3:PutObject to the `logging.s3.amazonaws.com` service principal. */
export function policyGrantsLogDelivery(policyText: string | null): boolean {
  return statements(policyText).some(
    (st) =>
      st.Effect === 'Allow' &&
      principalValues(st, 'Service').some((p) => p === 'logging.s3.amazonaws.com' || p === '*') &&
      coversAction(st, 's3:PutObject'),
  );
}
