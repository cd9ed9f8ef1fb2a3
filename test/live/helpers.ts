import { join } from 'node:path';
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

/**
 * The process environment of a user whose credentials are the management account's scanner keys, with no
 * AWS config or credentials file (the standard chain reads only these), as CLI tests run `main` in-process.
 */
export function useScannerEnv(handle: EmulatorHandle, dir: string): void {
  const keys = handle.credentialsFor(M, SCANNER);
  for (const name of Object.keys(process.env)) if (name.startsWith('AWS_')) delete process.env[name];
  process.env.AWS_ACCESS_KEY_ID = keys.accessKeyId;
  process.env.AWS_SECRET_ACCESS_KEY = keys.secretAccessKey;
  process.env.AWS_CONFIG_FILE = join(dir, 'no-config');
  process.env.AWS_SHARED_CREDENTIALS_FILE = join(dir, 'no-credentials');
  process.env.AWS_MAX_ATTEMPTS = '2';
}
