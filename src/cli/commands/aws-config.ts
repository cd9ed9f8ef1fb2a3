import { InputError, UsageError } from '../../errors.js';
import { readEventFile } from '../../integrations/aws-config/event-file.js';
import { sanitize } from '../../util/sanitize.js';
import type { CliIO } from '../io.js';
import type { Program } from '../options.js';

const REGION = /^[a-z]{2}(-[a-z]+)+-\d+$/;

/**
 * `trailguard aws-config invoke --event FILE`: runs the AWS Config custom rule handler locally on a
 * Config event, with the standard credential chain and AWS_ENDPOINT_URL, as Lambda would — reads the
 * account, evaluates, and posts the evaluations with the event's ResultToken (TESTMODE: posts nothing).
 */
export function registerAwsConfig(program: Program, io: CliIO): void {
  const group = program
    .command('aws-config')
    .description('run trailguard as an AWS Config custom rule (invoke the Lambda handler locally)');
  group
    .command('invoke')
    .description('run the AWS Config rule handler on an event file and post its evaluations')
    .requiredOption('--event <file>', 'the AWS Config rule event (JSON, as Config sends it to Lambda)')
    .option('--profile <name>', 'AWS shared config profile')
    .option(
      '--region <region>',
      "Region of the AWS Config rule (default: the event's configRuleArn, AWS_REGION, us-east-1)",
    )
    .option('--endpoint-url <url>', 'send every AWS call to this endpoint (also AWS_ENDPOINT_URL)')
    .option('--json', 'print the evaluations as JSON')
    .action(async (flags) => {
      process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
      const file = flags.event;
      const event = await readEventFile(file);
      const env = { ...io.env };
      const { region } = flags;
      if (region !== undefined && !REGION.test(region))
        throw new UsageError(`--region: "${region}" is not a Region name`);
      if (flags.endpointUrl !== undefined && !/^https?:\/\/./.test(flags.endpointUrl))
        throw new UsageError(`--endpoint-url: "${flags.endpointUrl}" is not an http(s) URL`);
      const { ConfigRuleError, runConfigRule } = await import('../../integrations/aws-config/handler.js');
      let result: Awaited<ReturnType<typeof runConfigRule>>;
      try {
        result = await runConfigRule(event, {
          env,
          ...(region ? { region } : {}),
          ...(flags.profile !== undefined ? { profile: flags.profile } : {}),
          ...(flags.endpointUrl !== undefined ? { endpointUrl: flags.endpointUrl } : {}),
        });
      } catch (error) {
        if (error instanceof InputError) throw new InputError(`${file}: ${error.message}`);
        if (error instanceof ConfigRuleError) {
          io.stderr(`trailguard: aws-config: ${sanitize(error.message)}\n`);
          io.exitCode = 1;
          return;
        }
        throw error;
      }
      if (flags.json === true) {
        io.stdout(`${JSON.stringify(result, null, 2)}\n`);
      } else {
        for (const e of result.evaluations)
          io.stdout(`${e.ComplianceType.padEnd(14)} ${sanitize(e.ComplianceResourceId)}  ${e.Annotation}\n`);
      }
      const rule = result.configRuleName ? ` to AWS Config rule ${sanitize(result.configRuleName)}` : '';
      io.stderr(
        result.posted
          ? `trailguard: aws-config: ${result.rule} (${result.trigger}): posted ${result.evaluations.length} evaluation(s)${rule} in ${result.putCalls} PutEvaluations call(s)\n`
          : `trailguard: aws-config: ${result.rule} (${result.trigger}): ${result.evaluations.length} evaluation(s), not posted (ResultToken TESTMODE)\n`,
      );
      io.exitCode = 0;
    });
}
