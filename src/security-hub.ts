/**
 * `scan --send-to-security-hub` as a library call: imports a report's findings into AWS Security Hub
 * (ASFF, BatchImportFindings per account and Region; src/integrations/security-hub.ts). The Security Hub
 * client is loaded on the first call, not by `import 'trailguard'`.
 */
import type { AwsOptions } from './aws/options.js';
import type { Report } from './engine/types.js';
import type { ImportOptions, ImportResult } from './integrations/security-hub.js';

export type { ImportFailure, ImportOptions, ImportResult } from './integrations/security-hub.js';

/** Every finding that names an AWS account, imported with that account's credentials; failures are values. */
export async function importToSecurityHub(
  report: Report,
  aws: AwsOptions,
  options: ImportOptions = {},
): Promise<ImportResult> {
  const integration = await import('./integrations/security-hub.js');
  return integration.importToSecurityHub(report, aws, options);
}
