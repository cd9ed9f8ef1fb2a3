import type { ScenarioSpec } from '../../emulator/api.js';
import { scan } from '../../scan.js';
import type { AwsSourceResult } from '../../sources/aws/index.js';
import { awsOptionsFrom, stopProgress } from '../aws-options.js';
import type { CliIO } from '../io.js';
import type { Program } from '../options.js';
import { addReportOptions, parseFormats, parseShow } from '../output.js';
import { printResult, selectedRuleIds, suppressionsFrom } from './scan.js';

/**
 * `trailguard demo`: starts the wire-level emulator in this process with the built-in example
 * organization, runs a real live organization scan against it (the same collector, SDK clients,
 * signing, retries and pagination as against AWS), prints the report and stops the emulator.
 */
export function registerDemo(program: Program, io: CliIO): void {
  const command = addReportOptions(
    program
      .command('demo')
      .description(
        'scan a built-in example AWS Organization served by the local emulator (no AWS account needed)',
      ),
  );
  command.action(async (flags) => {
    // The demo's findings are the point: it exits 0 when it ran, so `… && trailguard demo && …` chains
    // work. Only an explicit --fail-on makes it fail like a scan.
    const failOn = command.getOptionValueSource('failOn') === 'cli' ? flags.failOn : 'none';
    const formats = parseFormats(flags.format);
    parseShow(flags.show, flags.verbose); // a wrong --show is exit 2 before anything is scanned
    // Imported here: the emulator is only needed by this command.
    const { DEMO_ROLE_ARNS, DEMO_ROLE_NAME, DEMO_SCANNER, demoScenario, startEmulator } = await import(
      '../../emulator/index.js'
    );
    const spec: ScenarioSpec = demoScenario();
    const { rules } = await import('../../rules/index.js');
    const suppressions = await suppressionsFrom(flags, io);
    const ruleIds = selectedRuleIds(flags, rules);
    const handle = await startEmulator(spec, {});
    const aws = {
      ...awsOptionsFrom({ quiet: flags.quiet }, io),
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
    let result: Awaited<ReturnType<typeof scan>>;
    try {
      result = await scan({ aws, suppressions, ...(ruleIds ? { ruleIds } : {}) });
    } finally {
      stopProgress(aws);
      await handle.stop();
    }
    const elapsed = Math.round(performance.now() - started);
    await printResult(result, formats, { ...flags, failOn }, io);
    if (flags.quiet !== true) {
      const stats = (result.sourceResult as AwsSourceResult).stats;
      io.stderr(
        `trailguard demo: live scan of ${result.report.source.accounts?.length ?? 0} emulated accounts in ${elapsed} ms (${stats?.calls ?? 0} API calls)\n`,
      );
    }
  });
}
