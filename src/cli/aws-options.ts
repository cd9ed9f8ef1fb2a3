import { UsageError } from '../errors.js';
import type { AwsOptions, AwsProgress } from '../sources/aws/options.js';
import type { CliIO } from './io.js';
import { type GroupFlags, optionGroup, repeatable } from './options.js';

/** Declares the live-AWS flags shared by `scan`, `collect` and `fix` (typed options: ./options.ts). */
export const addAwsOptions = optionGroup((command) =>
  command
    .option('--profile <name>', 'AWS shared config profile')
    .option('--region <region>', 'home Region for global calls (default: from the environment or us-east-1)')
    .option('--regions <list>', 'comma-separated Regions to scan (default: every enabled Region)')
    .option('--endpoint-url <url>', 'send every AWS call to this endpoint (also AWS_ENDPOINT_URL)')
    .option('--org', 'scan every account of the AWS Organization (needs --role-name)')
    .option('--role-name <name>', 'role to assume in each organization account')
    .option(
      '--role-arn <pairs>',
      'ACCOUNT=ARN[,ACCOUNT=ARN…]: also scan these accounts through these roles (e.g. the log-archive account; with --org, accounts outside the organization too; repeatable)',
      repeatable,
    )
    .option('--external-id <id>', 'external id for AssumeRole')
    .option('--accounts <list>', 'comma-separated account ids to scan (org mode)')
    .option('--concurrency <n>', 'maximum concurrent AWS calls per account and service (default 8)')
    .option('--timeout <seconds>', 'timeout per AWS call (default 20)'),
);

/** The live-AWS flags as parsed. */
export type AwsFlags = GroupFlags<typeof addAwsOptions>;

/**
 * On Node 20 the SDK prints a multi-line notice that its releases after January 2027 need Node 22
 * (@aws-sdk/core emitWarningIfUnsupportedVersion). It concerns SDK upgrades, not the scan, and would
 * break the CLI's one-line stderr contract, so the CLI turns it off unless the user set the variable.
 */
function quietSdkNodeWarning(): void {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
}

const ACCOUNT_ID = /^\d{12}$/;
const REGION = /^[a-z]{2}(-[a-z]+)+-\d+$/;
const ROLE_ARN = /^arn:aws(-cn|-us-gov)?:iam::(\d{12}):role\/[\w+=,.@/-]{1,512}$/;
const ROLE_NAME = /^[\w+=,.@-]{1,64}$/;

function list(value: string, flag: string): string[] {
  const items = value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (items.length === 0) throw new UsageError(`${flag} needs at least one value`);
  return items;
}

function positiveInt(value: string, flag: string, max: number): number {
  if (!/^\d+$/.test(value.trim())) throw new UsageError(`${flag} must be a whole number, got "${value}"`);
  const n = Number(value);
  if (n < 1 || n > max) throw new UsageError(`${flag} must be between 1 and ${max}, got ${n}`);
  return n;
}

function parseRoleArns(values: string[]): Record<string, string> {
  const roles: Record<string, string> = {};
  for (const pair of values.flatMap((v) => list(v, '--role-arn'))) {
    const eq = pair.indexOf('=');
    const account = eq > 0 ? pair.slice(0, eq).trim() : '';
    const arn = eq > 0 ? pair.slice(eq + 1).trim() : '';
    if (!ACCOUNT_ID.test(account) || arn === '') {
      throw new UsageError(`--role-arn expects ACCOUNT=ARN (12-digit account id), got "${pair}"`);
    }
    const match = ROLE_ARN.exec(arn);
    if (!match) throw new UsageError(`--role-arn ${account}: "${arn}" is not an IAM role ARN`);
    if (match[2] !== account) {
      throw new UsageError(
        `--role-arn ${account}: the role ${arn} is in account ${match[2]}, not ${account}`,
      );
    }
    roles[account] = arn;
  }
  return roles;
}

/**
 * Turns parsed flags into AwsOptions. Throws UsageError (one line) on a malformed value or combination.
 * With `io`, a progress line is drawn on stderr when it is a terminal and --quiet is not given; call
 * `stopProgress(options)` after the collection to clear it.
 */
export function awsOptionsFrom(
  flags: AwsFlags & { quiet?: boolean; configAggregator?: string },
  io?: CliIO,
): AwsOptions {
  quietSdkNodeWarning();
  const options: AwsOptions = {};
  if (io?.stderrIsTTY && flags.quiet !== true) options.onProgress = progressLine(io);
  if (flags.profile !== undefined) options.profile = flags.profile;
  if (flags.region !== undefined) {
    if (!REGION.test(flags.region)) throw new UsageError(`--region: "${flags.region}" is not a Region name`);
    options.region = flags.region;
  }
  if (flags.endpointUrl !== undefined) {
    if (!URL.canParse(flags.endpointUrl) || !/^https?:/.test(flags.endpointUrl)) {
      throw new UsageError(`--endpoint-url: "${flags.endpointUrl}" is not an http(s) URL`);
    }
    options.endpointUrl = flags.endpointUrl;
  }
  if (flags.regions !== undefined) {
    options.regions = list(flags.regions, '--regions');
    const bad = options.regions.find((r) => !REGION.test(r));
    if (bad) throw new UsageError(`--regions: "${bad}" is not a Region name`);
  }
  if (flags.org === true) options.org = true;
  if (flags.roleName !== undefined) {
    if (!ROLE_NAME.test(flags.roleName))
      throw new UsageError(`--role-name: "${flags.roleName}" is not a role name`);
    options.roleName = flags.roleName;
  }
  if (flags.roleArn) options.roleArns = parseRoleArns(flags.roleArn);
  if (flags.externalId !== undefined) {
    if (flags.externalId.length < 2 || flags.externalId.length > 1224) {
      throw new UsageError('--external-id must be 2 to 1224 characters (STS AssumeRole limit)');
    }
    options.externalId = flags.externalId;
  }
  if (flags.accounts !== undefined) {
    options.accounts = list(flags.accounts, '--accounts');
    const bad = options.accounts.find((a) => !ACCOUNT_ID.test(a));
    if (bad) throw new UsageError(`--accounts: "${bad}" is not a 12-digit account id`);
  }
  if (flags.concurrency !== undefined)
    options.concurrency = positiveInt(flags.concurrency, '--concurrency', 256);
  if (flags.timeout !== undefined) options.timeoutMs = positiveInt(flags.timeout, '--timeout', 3600) * 1000;

  if (options.org && !options.roleName)
    throw new UsageError('--org needs --role-name NAME (the role to assume in each account)');
  // --config-aggregator reads the organization from AWS Config: --accounts narrows it, and --verify-live
  // re-reads through --role-name like an organization scan.
  const aggregator = flags.configAggregator !== undefined;
  if (options.roleName && !options.org && !aggregator)
    throw new UsageError('--role-name is for --org; for single accounts use --role-arn ACCOUNT=ARN');
  if (options.accounts && !options.org && !aggregator)
    throw new UsageError('--accounts narrows an organization scan: add --org');
  if (options.externalId && !options.org && !options.roleArns && !aggregator) {
    throw new UsageError('--external-id is used with --org or --role-arn');
  }
  return options;
}

const PROGRESS_INTERVAL_MS = 100;
const clearers = new WeakMap<AwsOptions['onProgress'] & object, () => void>();

/** A one-line progress display on stderr (`\r` + erase line), redrawn at most every 100 ms. */
export function progressLine(io: CliIO, now: () => number = Date.now): (progress: AwsProgress) => void {
  let last = 0;
  let drawn = false;
  const render = (progress: AwsProgress): void => {
    const time = now();
    if (time - last < PROGRESS_INTERVAL_MS && progress.accountsDone < progress.accountsTotal) return;
    last = time;
    drawn = true;
    const accounts =
      progress.accountsTotal > 0 ? `accounts ${progress.accountsDone}/${progress.accountsTotal} · ` : '';
    const errors = progress.errors === 1 ? '1 error' : `${progress.errors} errors`;
    io.stderr(`\r\x1b[Ktrailguard: ${accounts}${progress.calls} API calls · ${errors}`);
  };
  clearers.set(render, () => {
    if (drawn) io.stderr('\r\x1b[K');
  });
  return render;
}

/** Clears the progress line drawn for these options, if any. */
export function stopProgress(options: AwsOptions): void {
  if (options.onProgress) clearers.get(options.onProgress)?.();
}
