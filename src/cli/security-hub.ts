/**
 * The CLI end of `scan --send-to-security-hub` (src/integrations/security-hub.ts does the import):
 * counts on stderr (imported / failed, by account, Region and error code) and exit code 3 when any
 * finding could not be imported — the report was produced, its delivery failed.
 */
import type { AwsOptions } from '../aws/options.js';
import type { Report } from '../engine/types.js';
import { importToSecurityHub } from '../integrations/security-hub.js';
import { asffLeftOut } from '../reporters/asff.js';
import { sanitize } from '../util/sanitize.js';
import type { CliIO } from './io.js';

/** Exit code when --send-to-security-hub could not import every finding (whatever the findings say). */
export const EXIT_IMPORT_FAILED = 3;
/** Failure lines printed (grouped by account, Region and code); the rest are counted. */
const FAILURE_LINES = 5;

export async function sendToSecurityHub(report: Report, aws: AwsOptions, io: CliIO): Promise<void> {
  const leftOut = asffLeftOut(report);
  if (leftOut > 0) {
    io.stderr(
      `trailguard: warning: Security Hub: ${leftOut} of ${report.findings.length} findings name no AWS account (IaC files) and were not sent\n`,
    );
  }
  const result = await importToSecurityHub(report, aws);
  if (result.total === 0) {
    io.stderr('trailguard: Security Hub: no finding to import\n');
    return;
  }
  const requests = `${result.calls} BatchImportFindings request${result.calls === 1 ? '' : 's'}`;
  const scope = `${result.accounts} account${result.accounts === 1 ? '' : 's'}, ${requests}${
    result.resent > 0 ? `, ${result.resent} re-sent after a transient failure` : ''
  }`;
  if (result.failed.length === 0) {
    io.stderr(
      `trailguard: Security Hub: imported ${result.imported} of ${result.total} findings (${scope})\n`,
    );
    return;
  }
  io.stderr(
    `trailguard: Security Hub: imported ${result.imported} of ${result.total} findings, ${result.failed.length} failed (${scope}; exit ${EXIT_IMPORT_FAILED})\n`,
  );
  const groups = new Map<string, { count: number; message: string }>();
  for (const f of result.failed) {
    const key = `${f.account}/${f.region}: ${f.code}`;
    const group = groups.get(key);
    if (group) group.count++;
    else groups.set(key, { count: 1, message: f.message });
  }
  let shown = 0;
  for (const [key, { count, message }] of groups) {
    if (shown++ === FAILURE_LINES) {
      io.stderr(`trailguard:   … ${groups.size - FAILURE_LINES} more (account, Region, error) groups\n`);
      break;
    }
    io.stderr(`trailguard:   ${sanitize(`${key} (${count}): ${message.replace(/\s+/g, ' ')}`)}\n`);
  }
  io.exitCode = EXIT_IMPORT_FAILED;
}
