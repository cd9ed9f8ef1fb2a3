import type { Command } from 'commander';
import type { ScenarioSpec } from '../../emulator/api.js';
import { exitCodeFor, type FailOn } from '../../engine/exit-code.js';
import { scan } from '../../scan.js';
import type { AwsSourceResult } from '../../sources/aws/index.js';
import { awsOptionsFrom, stopProgress } from '../aws-options.js';
import { type CliIO, useColor } from '../io.js';
import { parseFormats, writeReports } from '../output.js';
import { addReportOptions, ruleIdsFrom, suppressionsFrom } from './scan.js';

/**
 * The role the demo organization's accounts trust for the audit: the role name present in the most
 * member accounts of the scenario (the demo defines one audit role; this finds it without a constant
 * shared with the emulator).
 */
export function auditRoleName(spec: ScenarioSpec): string {
  const counts = new Map<string, number>();
  const management = spec.organization?.managementAccount;
  for (const account of spec.accounts) {
    if (account.id === management) continue;
    for (const role of account.roles ?? []) counts.set(role.name, (counts.get(role.name) ?? 0) + 1);
  }
  const best = [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0];
  if (!best) throw new Error('the demo scenario defines no role to assume');
  return best[0];
}

/**
 * `trailguard demo`: starts the wire-level emulator in this process with the built-in example
 * organization, runs a real live organization scan against it (the same collector, SDK clients,
 * signing, retries and pagination as against AWS), prints the report and stops the emulator.
 */
export function registerDemo(program: Command, io: CliIO): void {
  const command = program
    .command('demo')
    .description(
      'scan a built-in example AWS Organization served by the local emulator (no AWS account needed)',
    );
  addReportOptions(command);
  command.action(async (flags: Record<string, unknown>) => {
    const formats = parseFormats(flags.format as string);
    const { startEmulator } = await import('../../emulator/index.js');
    const { demoScenario } = await import('../../emulator/scenarios/demo.js');
    const scenario: unknown = demoScenario();
    const spec = (
      typeof (scenario as { build?: unknown }).build === 'function'
        ? (scenario as { build(): ScenarioSpec }).build()
        : scenario
    ) as ScenarioSpec;
    const management = spec.organization?.managementAccount ?? spec.accounts[0]?.id;
    if (!management) throw new Error('the demo scenario has no account');
    const { rules } = await import('../../rules/index.js');
    const suppressions = await suppressionsFrom(flags, io);
    const ruleIds = ruleIdsFrom(
      flags,
      rules.map((r) => r.meta.id),
    );
    const handle = await startEmulator(spec, {});
    const aws = {
      ...awsOptionsFrom({ quiet: flags.quiet }, io),
      org: true,
      roleName: auditRoleName(spec),
      endpointUrl: handle.endpoint,
      credentials: handle.credentialsFor(management),
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
    for (const warning of result.warnings) io.stderr(`trailguard: warning: ${warning}\n`);
    await writeReports(
      result.report,
      {
        formats,
        output: flags.output as string | undefined,
        outputDir: flags.outputDir as string | undefined,
        color: useColor(io, flags.color as boolean),
        quiet: Boolean(flags.quiet),
      },
      io,
    );
    if (flags.quiet !== true) {
      const stats = (result.sourceResult as AwsSourceResult).stats;
      io.stderr(
        `trailguard demo: live scan of ${result.report.source.accounts?.length ?? 0} emulated accounts in ${elapsed} ms (${stats?.calls ?? 0} API calls)\n`,
      );
    }
    io.exitCode = exitCodeFor(result.report, flags.failOn as FailOn);
  });
}
