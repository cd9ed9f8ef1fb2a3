/**
 * A finding's identity across runs and tools: the fingerprint that baselines, `trailguard diff` and SARIF
 * pair findings by, and the id Security Hub and OCSF update a finding under. Engine-level because
 * baselines are applied while the report is made; the reporters use the same functions.
 */
import { createHash } from 'node:crypto';
import type { RuleCatalog } from './catalog.js';
import type { Finding } from './types.js';

/**
 * Stable id of a finding across runs: rule + resource + reason family. Never the message or a time,
 * which change between runs and would make every scan look like new alerts. IaC resources are keyed
 * by file and address, because IaC "ARNs" are synthetic. The reason's family is in its definition
 * (`ReasonDef.family`): a change of detail keeps the alert, a change of kind does not.
 */
export function fingerprint(finding: Finding, catalog: RuleCatalog): string {
  return createHash('sha256')
    .update(`${finding.ruleId}\n${resourceKey(finding)}\n${catalog.family(finding.reason)}`)
    .digest('hex');
}

/** The resource's identity: ARN for cloud resources, file and address for IaC (their ARNs are synthetic). */
export function resourceKey(finding: Finding): string {
  const { location } = finding.resource;
  return location ? `${location.file}#${location.address}` : finding.resource.id;
}

/**
 * Id of the (rule, resource) pair, the same whatever its status: Security Hub and SIEMs update one
 * finding from FAILED to PASSED instead of opening a new one.
 */
export function findingUid(finding: Finding): string {
  const hash = createHash('sha256')
    .update(`${finding.ruleId}\n${resourceKey(finding)}`)
    .digest('hex');
  return `trailguard/${finding.ruleId}/${hash.slice(0, 32)}`;
}
