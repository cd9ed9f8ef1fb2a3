import type { Command } from 'commander';
import type { AwsOptions } from '../sources/aws/options.js';

/** Declares the live-AWS flags shared by `scan`, `collect`, `fix` and `demo`. */
export function addAwsOptions(command: Command): Command {
  return command
    .option('--profile <name>', 'AWS shared config profile')
    .option('--region <region>', 'home Region for global calls (default: from the environment or us-east-1)')
    .option('--regions <list>', 'comma-separated Regions to scan (default: every enabled Region)')
    .option('--endpoint-url <url>', 'send every AWS call to this endpoint (also AWS_ENDPOINT_URL)')
    .option('--org', 'scan every account of the AWS Organization (needs --role-name)')
    .option('--role-name <name>', 'role to assume in each organization account')
    .option(
      '--role-arn <pairs>',
      'ACCOUNT=ARN[,ACCOUNT=ARN…]: roles for accounts that own trail or log buckets',
    )
    .option('--external-id <id>', 'external id for AssumeRole')
    .option('--accounts <list>', 'comma-separated account ids to scan (org mode)')
    .option('--concurrency <n>', 'maximum concurrent AWS calls per account')
    .option('--timeout <seconds>', 'timeout per AWS call');
}

/** Turns parsed flags into AwsOptions. Throws UsageError on a malformed value. */
export function awsOptionsFrom(flags: Record<string, unknown>): AwsOptions {
  const options: AwsOptions = {};
  if (typeof flags.profile === 'string') options.profile = flags.profile;
  if (typeof flags.region === 'string') options.region = flags.region;
  if (typeof flags.endpointUrl === 'string') options.endpointUrl = flags.endpointUrl;
  if (typeof flags.regions === 'string') options.regions = flags.regions.split(',').map((r) => r.trim());
  return options;
}
