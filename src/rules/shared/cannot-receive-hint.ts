import type { Finding } from '../../engine/types.js';

interface StatementRef {
  index?: number;
  sid?: string;
}

/** The part of a TARGET_CANNOT_RECEIVE finding's evidence the hint reads (logging-verdict.ts writes it). */
interface TargetEvidence {
  grant?: unknown;
  policy?: { deny?: unknown; deniedBy?: StatementRef[] };
  objectLockDefaultRetention?: unknown;
  requesterPays?: unknown;
  defaultEncryption?: unknown;
}

/**
 * TARGET_CANNOT_RECEIVE names what blocks this target (the rule's evidence: `target.grant`,
 * `target.policy.deniedBy`, Object Lock, Requester Pays, encryption), not every possible cause: an
 * explicit Deny is fixed in the policy, not by removing Object Lock or SSE-KMS. Undefined when the
 * evidence names nothing (a report of another version): the reason's general fix applies.
 */
export function cannotReceiveHint(finding: Finding): string | undefined {
  const target = finding.evidence?.target as TargetEvidence | undefined;
  if (!target || typeof target !== 'object') return undefined;
  const parts: string[] = [];
  const denied = Array.isArray(target.policy?.deniedBy) ? target.policy.deniedBy : [];
  if (denied.length > 0 || target.policy?.deny === 'yes') {
    const names = denied.map((d) =>
      d.sid ? `"${d.sid}"` : d.index !== undefined ? `#${d.index + 1}` : 'statement',
    );
    parts.push(
      `narrow or remove the Deny ${names.length ? `statement ${names.join(', ')} ` : ''}in the target's bucket policy that blocks logging.s3.amazonaws.com (an explicit Deny overrides any Allow)`,
    );
  }
  if (target.grant === 'no') {
    parts.push('let logging.s3.amazonaws.com write to the target (bucket policy; `trailguard fix` adds it)');
  }
  if (target.objectLockDefaultRetention === true)
    parts.push('log to a target without Object Lock default retention');
  if (target.requesterPays === true) parts.push('turn Requester Pays off on the target');
  if (target.defaultEncryption === 'SSE-KMS' || target.defaultEncryption === 'DSSE-KMS') {
    parts.push(`use SSE-S3 default encryption on the target (it has ${target.defaultEncryption})`);
  }
  return parts.length > 0 ? parts.join('; ') : undefined;
}
