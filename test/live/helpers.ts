import { type EmulatorHandle, type ScenarioSpec, startEmulator } from '../../src/emulator/index.js';
import type { Finding } from '../../src/engine/types.js';
import type { AwsOptions } from '../../src/sources/aws/options.js';
import { M, ROLE, SCANNER } from './scenarios.js';

export async function withEmulator<T>(
  spec: ScenarioSpec,
  run: (handle: EmulatorHandle) => Promise<T>,
): Promise<T> {
  const handle = await startEmulator(spec, { seed: 7 });
  try {
    return await run(handle);
  } finally {
    await handle.stop();
  }
}

/** Org-mode options as `--org --role-name TrailguardAudit --endpoint-url …` with the scanner's keys. */
export function orgOptions(handle: EmulatorHandle, extra: AwsOptions = {}): AwsOptions {
  return {
    org: true,
    roleName: ROLE,
    endpointUrl: handle.endpoint,
    credentials: handle.credentialsFor(M, SCANNER),
    region: 'us-east-1',
    env: {},
    // Keep 5xx retries short in tests: the SDK's back-off still applies.
    maxAttempts: 3,
    ...extra,
  };
}

/** `rule resource → STATUS REASON [warnings]`, sorted: a readable, exact picture of a report. */
export function verdicts(findings: Finding[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const f of findings) {
    const rule = f.ruleId === 'aws-cloudtrail-bucket-access-logging' ? 'ct' : 's3';
    const warnings = f.warnings.length > 0 ? ` [${[...f.warnings].sort().join(',')}]` : '';
    out[`${rule} ${f.resource.name ?? f.resource.id}`] = `${f.status} ${f.reason}${warnings}`;
  }
  return Object.fromEntries(Object.entries(out).sort(([a], [b]) => a.localeCompare(b)));
}
