/**
 * The demo as a library call: starts the wire-level emulator in this process with the built-in example
 * organization, runs a real live organization scan against it (the same collector, SDK clients, signing,
 * retries and pagination as against AWS) and stops the emulator. `trailguard demo` is this function plus
 * flag parsing and report writing (src/cli/commands/demo.ts).
 */
import { collect } from './collect.js';
import { evaluate, prepareScan, type ScanOptions, type ScanResult } from './scan.js';
import type { AwsSourceResult } from './sources/aws/index.js';
import type { AwsOptions } from './sources/aws/options.js';

export type DemoOptions = Pick<
  ScanOptions,
  'ruleIds' | 'minSeverity' | 'suppressions' | 'suppressionsFile' | 'configFile' | 'cwd' | 'now'
> & {
  /** Progress of the live scan (accounts, API calls), as for `scan({ aws: { onProgress } })`. */
  onProgress?: AwsOptions['onProgress'];
};

export interface DemoResult extends ScanResult {
  /** The collector's call counts. */
  stats: AwsSourceResult['stats'];
  /** Wall time of the scan (collection and evaluation), the emulator's shutdown included. */
  elapsedMs: number;
}

export async function demo(options: DemoOptions = {}): Promise<DemoResult> {
  // A bad rule id or suppressions file is said before the emulator starts.
  const prepared = await prepareScan(options);
  // Imported here: only the demo needs the emulator.
  const { DEMO_ROLE_ARNS, DEMO_ROLE_NAME, DEMO_SCANNER, demoScenario, startEmulator } = await import(
    './emulator/index.js'
  );
  const spec = demoScenario();
  const handle = await startEmulator(spec, {});
  const aws: AwsOptions = {
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
    org: true,
    roleName: DEMO_ROLE_NAME,
    // The acquired company's account is not an organization member: scanned through its role ARN.
    roleArns: { ...DEMO_ROLE_ARNS },
    endpointUrl: handle.endpoint,
    credentials: handle.credentialsFor(DEMO_SCANNER.account, DEMO_SCANNER.name),
    region: spec.regions[0] ?? 'us-east-1',
    // The demo must not pick up the user's AWS environment (AWS_ENDPOINT_URL, profiles).
    env: {},
  };
  const started = performance.now();
  let collected: AwsSourceResult;
  let result: ScanResult;
  try {
    collected = await collect(aws);
    result = evaluate(collected, prepared);
  } finally {
    await handle.stop();
  }
  const elapsedMs = Math.round(performance.now() - started);
  return { ...result, stats: collected.stats, elapsedMs };
}
