/**
 * Patient retries for the control-plane calls that gate a whole scan or a whole account
 * (sts:GetCallerIdentity, sts:AssumeRole, organizations:DescribeOrganization / ListAccounts).
 * Giving up on one of them loses far more than one field (the scan ends, or an account is not read),
 * and they are few, so they get more attempts and a longer back-off than the data-plane reads.
 *
 * The SDK's standard strategy does the work (jittered exponential back-off, from a 1 s base for
 * throttling errors). Not the adaptive one the data plane uses: its client-wide rate limiter starts
 * from a measured rate of 0, so the first throttle clamps the whole client to 0.5 requests per second
 * — and one STS client (the caller's) assumes the role of every account of the organization.
 */
import { StandardRetryStrategy } from '@smithy/core/retry';

/** At least this many attempts (the data-plane setting, `--max-attempts` / default 5, when higher). */
export const CONTROL_PLANE_MIN_ATTEMPTS = 10;
/**
 * Base of the exponential back-off for transient errors (5xx, resets, timeouts): 250 ms instead of the
 * SDK's 50 ms. With full jitter and the SDK's 20 s cap, nine retries wait about 30 s at most on average.
 */
export const CONTROL_PLANE_BASE_DELAY_MS = 250;

/** Client settings (retryStrategy wins over retryMode / maxAttempts) for a control-plane client. */
export function controlPlaneRetry(dataPlaneAttempts: number): { retryStrategy: StandardRetryStrategy } {
  const maxAttempts = Math.max(CONTROL_PLANE_MIN_ATTEMPTS, dataPlaneAttempts);
  return {
    retryStrategy: new StandardRetryStrategy({ maxAttempts, baseDelay: CONTROL_PLANE_BASE_DELAY_MS }),
  };
}
