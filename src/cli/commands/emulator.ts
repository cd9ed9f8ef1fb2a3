import {
  DEMO_FIX_ROLE_NAME,
  DEMO_FIXER,
  DEMO_ROLE_NAME,
  DEMO_SCANNER,
  demoScenario,
  loadScenarioFile,
  type ScenarioSpec,
  startEmulator,
} from '../../emulator/index.js';
import { UsageError } from '../../errors.js';
import type { CliIO } from '../io.js';
import type { Program } from '../options.js';

/** `trailguard emulator`: serve a scenario until SIGINT/SIGTERM; connection details go to stderr. */
export function registerEmulator(program: Program, io: CliIO): void {
  program
    .command('emulator')
    .description('run the wire-level AWS emulator (for tests and demos, not a general AWS replacement)')
    .option('--port <n>', 'TCP port (0 = a free one)', '4566')
    .option('--host <address>', 'address to listen on', '127.0.0.1')
    .option('--scenario <file|demo>', 'scenario JSON file, or "demo" for the built-in organization', 'demo')
    .option('--seed <n>', 'seed for random faults')
    .action(async (flags) => {
      const port = Number(flags.port);
      if (!Number.isInteger(port) || port < 0 || port > 65_535)
        throw new UsageError(`--port must be 0–65535, got ${flags.port}`);
      const seed = flags.seed === undefined ? undefined : Number(flags.seed);
      if (seed !== undefined && !Number.isInteger(seed))
        throw new UsageError(`--seed must be an integer, got ${flags.seed}`);
      const isDemo = flags.scenario === 'demo';
      const spec: ScenarioSpec = isDemo ? demoScenario() : await loadScenarioFile(flags.scenario);
      const handle = await startEmulator(spec, {
        port,
        host: flags.host,
        ...(seed !== undefined ? { seed } : {}),
      });
      const creds = isDemo
        ? { accessKeyId: DEMO_SCANNER.accessKeyId, secretAccessKey: DEMO_SCANNER.secretAccessKey }
        : handle.credentialsFor(spec.accounts[0]?.id ?? '');
      const account = isDemo ? DEMO_SCANNER.account : spec.accounts[0]?.id;
      io.stderr(
        [
          `trailguard emulator listening on ${handle.endpoint} (virtual-hosted S3: ${handle.hostnameEndpoint})`,
          `scenario: ${isDemo ? 'demo' : flags.scenario} — ${spec.accounts.length} accounts, ${spec.buckets.length} buckets, ${spec.trails.length} trails`,
          `credentials of account ${account} (example; signatures are not verified):`,
          `  export AWS_ENDPOINT_URL=${handle.endpoint}`,
          `  export AWS_ACCESS_KEY_ID=${creds.accessKeyId}`,
          `  export AWS_SECRET_ACCESS_KEY=${creds.secretAccessKey}`,
          `  export AWS_REGION=${spec.regions[0] ?? 'us-east-1'}`,
          '  (S3 clients: use path-style addressing, e.g. AWS_S3_FORCE_PATH_STYLE / forcePathStyle: true)',
          'AWS Config rule events (trailguard aws-config invoke): ResultToken "emulator-rule/<rule name>" posts to that rule',
          ...(isDemo
            ? [
                `scan: trailguard scan --org --role-name ${DEMO_ROLE_NAME}`,
                `fix:  AWS_ACCESS_KEY_ID=${DEMO_FIXER.accessKeyId} AWS_SECRET_ACCESS_KEY=${DEMO_FIXER.secretAccessKey} trailguard fix --org --role-name ${DEMO_FIX_ROLE_NAME} [--apply --yes]`,
              ]
            : []),
          'press Ctrl-C to stop',
          '',
        ].join('\n'),
      );
      await new Promise<void>((resolve) => {
        const stop = () => {
          process.off('SIGINT', stop);
          process.off('SIGTERM', stop);
          resolve();
        };
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
      await handle.stop();
      io.stderr(`trailguard emulator stopped after ${handle.counters.total()} requests\n`);
    });
}
