import type { Report } from './types.js';

/**
 * `--fail-on` threshold: which unsuppressed statuses make the run fail (exit 1). The default is
 * fail-closed (`undetermined`): a part of the input that was not read fails the run like a finding.
 */
export const FAIL_ON_VALUES = ['non-compliant', 'undetermined', 'none'] as const;
export type FailOn = (typeof FAIL_ON_VALUES)[number];
export const DEFAULT_FAIL_ON: FailOn = 'undetermined';

export const EXIT_OK = 0;
export const EXIT_FINDINGS = 1;
export const EXIT_USAGE = 2;

export function isFailing(status: string, failOn: FailOn): boolean {
  if (failOn === 'none') return false;
  if (status === 'NON_COMPLIANT') return true;
  return failOn === 'undetermined' && status === 'UNDETERMINED';
}

/**
 * 0 when no unsuppressed finding is at or above the threshold, else 1. The same for every format. With a
 * baseline, only `new` findings count: one the baseline already had (`unchanged`, `updated`) does not fail.
 */
export function exitCodeFor(report: Report, failOn: FailOn): number {
  return report.findings.some(
    (f) =>
      f.suppressed === null &&
      (f.baseline === undefined || f.baseline === 'new') &&
      isFailing(f.status, failOn),
  )
    ? EXIT_FINDINGS
    : EXIT_OK;
}
