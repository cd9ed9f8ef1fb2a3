/**
 * Data sources whose value follows from the provider configuration (issue 19 item 2):
 * - `aws_region`: the Region of the provider configuration that owns the data source, when it is static
 *   (aliases and `providers = { aws = aws.west }` followed);
 * - `aws_partition`: the partition of that Region (`aws`, `aws-cn`, `aws-us-gov`, `aws-iso*`);
 * - `aws_caller_identity.account_id` and `aws_canonical_user_id.id`: *symbolic* values (values.ts,
 *   `Unknown.symbol`): equal to themselves, unknown against anything else. Provider configurations without
 *   credentials of their own share the ambient credentials, so they share one account symbol; one with
 *   `assume_role`, a profile or keys gets a symbol of its own.
 * Every other data source attribute stays unknown (read from AWS at plan time).
 */
import { exprText } from './expr-text.js';
import type { Expr } from './hcl-ast.js';
import type { Decl } from './module-def.js';
import { isUnknown, Unknown, type Value } from './values.js';

export interface ProviderInfo {
  /** The provider's Region, when it is known statically. */
  region?: string;
  /** The symbol of the account its credentials belong to. */
  account?: string;
  /** The account id itself, when the provider assumes a role whose ARN is known statically. */
  accountId?: string;
  /** Why the Region is not known, and what would give it (for messages). */
  regionWhy?: string;
  /** Why the account is known only as a symbol, and what would pin it (for messages). */
  accountWhy?: string;
}

/** What gives a Region or account the configuration leaves to the environment. */
const PLAN_HINT = 'or scan the plan JSON (terraform show -json <planfile>)';

/** The default `aws` provider when no `provider "aws"` block configures it. */
export function ambientProvider(account: string): ProviderInfo {
  return {
    account,
    regionWhy: `no provider "aws" block sets a region: Terraform takes it from the environment (AWS_REGION, the AWS profile) when it runs; set region in a provider "aws" block, ${PLAN_HINT}`,
    accountWhy: `the credentials Terraform runs with decide it: pin it with a provider assume_role whose role ARN is known, or allowed_account_ids, ${PLAN_HINT}`,
  };
}

/** Provider arguments that choose other credentials (so possibly another account). */
const CREDENTIAL_SETTINGS = [
  'assume_role',
  'assume_role_with_web_identity',
  'profile',
  'access_key',
  'secret_key',
  'token',
  'shared_credentials_files',
  'shared_config_files',
  'allowed_account_ids',
];

/** The key (`aws`, `aws.west`) and facts of one `provider "aws"` block. */
export function providerRegion(
  p: Decl,
  modulePrefix: string,
  /** The ambient account's symbol of this root module (`aws_account_id`, qualified when several roots are scanned). */
  ambient: string,
  evaluate: (expr: Expr, line: number) => Value,
): { key: string; info: ProviderInfo } {
  const body = p.block.body;
  const alias = body.attributes.get('alias');
  const aliasName = alias ? evaluate(alias.expr, alias.pos.line) : undefined;
  const key = typeof aliasName === 'string' ? `aws.${aliasName}` : 'aws';
  const info: ProviderInfo = {};
  const at = (line: number) => `${p.file}:${line}`;
  const region = body.attributes.get('region');
  const value = region ? evaluate(region.expr, region.pos.line) : undefined;
  if (typeof value === 'string' && value !== '') info.region = value;
  else if (region && isUnknown(value)) {
    info.regionWhy = `region = ${exprText(region.expr)} (${at(region.pos.line)}): ${value.message}`;
  } else {
    info.regionWhy = `provider "${key}" (${at(p.block.pos.line)}) sets no region: Terraform takes it from the environment (AWS_REGION, the AWS profile) when it runs; set region in the provider block, ${PLAN_HINT}`;
  }
  const ownCredentials = CREDENTIAL_SETTINGS.some(
    (name) => body.attributes.has(name) || body.blocks.some((b) => b.type === name),
  );
  info.account = ownCredentials ? `${ambient}:${modulePrefix}${key}` : ambient;
  // `assume_role { role_arn = "arn:aws:iam::111111111111:role/x" }`: the caller is in that account.
  const assume = body.blocks.find((b) => b.type === 'assume_role');
  const roleArn = assume?.body.attributes.get('role_arn');
  const arn = roleArn ? evaluate(roleArn.expr, roleArn.pos.line) : undefined;
  const account = typeof arn === 'string' ? /^arn:[\w-]+:iam::(\d{12}):role\//.exec(arn)?.[1] : undefined;
  if (account) info.accountId = account;
  else if (roleArn && isUnknown(arn)) {
    info.accountWhy = `provider "${key}" assumes role_arn = ${exprText(roleArn.expr)} (${at(roleArn.pos.line)}): ${arn.message}`;
  } else if (ownCredentials) {
    info.accountWhy = `provider "${key}" (${at(p.block.pos.line)}) has credentials of its own: pin the account with an assume_role whose role ARN is known, or allowed_account_ids, ${PLAN_HINT}`;
  } else {
    info.accountWhy = ambientProvider(ambient).accountWhy;
  }
  // `allowed_account_ids = ["111111111111"]`: Terraform refuses to run in any other account.
  const allowed = body.attributes.get('allowed_account_ids');
  const ids = allowed ? evaluate(allowed.expr, allowed.pos.line) : undefined;
  if (
    !account &&
    Array.isArray(ids) &&
    ids.length === 1 &&
    typeof ids[0] === 'string' &&
    /^\d{12}$/.test(ids[0])
  )
    info.accountId = ids[0];
  return { key, info };
}

/** The partition a Region belongs to (AWS General Reference, "AWS partitions"). */
export function partitionOf(region: string): string {
  if (region.startsWith('cn-')) return 'aws-cn';
  if (region.startsWith('us-gov-')) return 'aws-us-gov';
  if (region.startsWith('us-isob-')) return 'aws-iso-b';
  if (region.startsWith('us-iso-')) return 'aws-iso';
  if (region.startsWith('eu-isoe-')) return 'aws-iso-e';
  if (region.startsWith('us-isof-')) return 'aws-iso-f';
  return 'aws';
}

const DNS_SUFFIX: Record<string, string> = {
  aws: 'amazonaws.com',
  'aws-cn': 'amazonaws.com.cn',
  'aws-us-gov': 'amazonaws.com',
  'aws-iso': 'c2s.ic.gov',
  'aws-iso-b': 'sc2s.sgov.gov',
};

/** The ambient account symbol of a root module; `scope` (the root's folder) keeps several roots apart. */
export function ambientAccount(scope: string | undefined): string {
  return scope ? `aws_account_id@${scope}` : 'aws_account_id';
}

/** The account symbol (or pinned account id) a bucket's provider gives it, for `Bucket.accountSymbol`. */
export function accountSymbolOf(provider: ProviderInfo): string | undefined {
  if (provider.accountId) return provider.accountId;
  return provider.account ? symbolText(provider.account) : undefined;
}

/** The token a symbolic value prints as inside strings and policies (`${…}` keeps IAM from matching it). */
export function symbolText(symbol: string): string {
  return `\${${symbol}}`;
}

function symbolic(symbol: string, what: string, why: string | undefined): Unknown {
  const text = symbolText(symbol);
  return new Unknown(
    `${what} is known only when Terraform runs (${text})${why ? `: ${why}` : ''}`,
    undefined,
    false,
    false,
    text,
  );
}

/**
 * The value of `data.<type>.<name>.<attribute>` that follows from the provider, or `undefined` when this
 * module does not know it (the caller then reports it as read from AWS at plan time).
 */
export function dataSourceAttribute(
  type: string,
  attribute: string,
  configured: Value | undefined,
  provider: ProviderInfo,
  scanPartition: string,
): Value | undefined {
  const region = typeof configured === 'string' ? configured : provider.region;
  switch (type) {
    case 'aws_region':
      // `name` (provider v5) and `region` (v6) are the Region; `id` is the Region too.
      if (attribute === 'name' || attribute === 'region' || attribute === 'id') {
        return (
          region ??
          new Unknown(
            `data.aws_region: the provider Region is not known statically${provider.regionWhy ? `: ${provider.regionWhy}` : ''}`,
          )
        );
      }
      return undefined;
    case 'aws_partition': {
      // Without a static Region, the scan's partition (the one bucket ARNs are built with) is assumed.
      const partition = provider.region ? partitionOf(provider.region) : scanPartition;
      if (attribute === 'partition' || attribute === 'id') return partition;
      if (attribute === 'dns_suffix') return DNS_SUFFIX[partition];
      if (attribute === 'reverse_dns_prefix')
        return partition === 'aws-cn'
          ? 'cn.com.amazonaws'
          : DNS_SUFFIX[partition]?.split('.').reverse().join('.');
      return undefined;
    }
    case 'aws_caller_identity':
      if ((attribute === 'account_id' || attribute === 'id') && provider.accountId) return provider.accountId;
      if ((attribute === 'account_id' || attribute === 'id') && provider.account)
        return symbolic(provider.account, 'the account id', provider.accountWhy);
      return undefined;
    case 'aws_canonical_user_id':
      if (attribute === 'id' && provider.account)
        return symbolic(
          provider.account.replace('aws_account_id', 'aws_canonical_user_id'),
          'the canonical user id',
          provider.accountWhy,
        );
      return undefined;
    default:
      return undefined;
  }
}
