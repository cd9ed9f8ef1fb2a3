/**
 * trailguard as an AWS Config custom rule (Lambda, Node.js 20). One function serves any trailguard
 * rule, chosen by the Config rule's parameter `{"rule": "<rule id>"}` (default
 * aws-cloudtrail-bucket-access-logging), scoped to AWS::S3::Bucket and AWS::CloudTrail::Trail:
 *
 * - a configuration change (or an oversized one) re-evaluates the changed bucket and every bucket whose
 *   verdict depends on it — a changed trail's bucket, the sources logging into a changed bucket — from a
 *   small inventory read through the AWS access layer (scoped.ts), then the same pure rule a scan runs;
 * - a scheduled notification runs the live collector over the account (exactly `trailguard scan`) and
 *   evaluates every bucket and trail bucket; buckets an earlier run evaluated that no longer exist
 *   become NOT_APPLICABLE (read back with GetComplianceDetailsByConfigRule);
 * - results go to PutEvaluations with the event's ResultToken, at most 100 per call;
 * - `eventLeftScope` makes the bucket NOT_APPLICABLE without reading anything; the ResultToken
 *   `TESTMODE` evaluates and posts nothing.
 *
 * Credentials: the standard chain (the function's role on Lambda; the environment, profile, SSO…
 * locally) and `AWS_ENDPOINT_URL`, as every other trailguard command. With the rule parameter
 * `executionRoleName`, the role of that name in the event's account is assumed first (organization
 * rules whose function lives in another account).
 */
import type { ConfigServiceClient, PutEvaluationsCommandOutput } from '@aws-sdk/client-config-service';
import { openAwsAccess } from '../../aws/access.js';
import { AccountClients } from '../../aws/clients.js';
import { credentialsErrorFrom, toReadError } from '../../aws/errors.js';
import { assumeRole } from '../../aws/identity.js';
import { partitionOfRegion, roleArn } from '../../aws/partition.js';
import { runRules } from '../../engine/run.js';
import type { Finding, Rule } from '../../engine/types.js';
import type { Inventory } from '../../inventory/model.js';
import { isErrorValue } from '../../inventory/read.js';
import { findRule } from '../../rules/index.js';
import { startRegion } from '../../sources/aws/discovery.js';
import { CallStats, collectAws, DEFAULT_MAX_ATTEMPTS, DEFAULT_TIMEOUT_MS } from '../../sources/aws/index.js';
import { batches, clip, type Evaluation, toEvaluations } from './evaluations.js';
import {
  BUCKET_TYPE,
  type ChangedResource,
  DEFAULT_RULE,
  type ParsedEvent,
  parseEvent,
  TRAIL_TYPE,
} from './event.js';
import { collectScoped } from './scoped.js';

export interface RunOptions {
  /** Region of the Config rule (default: from the event's configRuleArn, then AWS_REGION). */
  region?: string;
  /** Environment for AWS_ENDPOINT_URL / AWS_REGION (default: process.env). */
  env?: NodeJS.ProcessEnv;
  profile?: string;
  endpointUrl?: string;
  /** Explicit credentials (tests); otherwise the standard credential chain. */
  credentials?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
  maxAttempts?: number;
}

export interface RunResult {
  rule: string;
  trigger: 'change' | 'scheduled' | 'left-scope';
  /** The rule's Config name (from the event), if given. */
  configRuleName: string | null;
  evaluations: Evaluation[];
  /** False in test mode (ResultToken TESTMODE): nothing was sent to AWS Config. */
  posted: boolean;
  /** PutEvaluations calls made. */
  putCalls: number;
}

/** The failure of a run the CLI reports in one line (exit 1): AWS refused a call the run cannot do without. */
export class ConfigRuleError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ConfigRuleError';
  }
}

const LIMITS = { perAccount: 8, perService: 64, maxSockets: 72 };

export async function runConfigRule(rawEvent: unknown, options: RunOptions = {}): Promise<RunResult> {
  const event = parseEvent(rawEvent);
  const rule = findRule(event.parameters.rule) ?? (findRule(DEFAULT_RULE) as Rule);
  const env = options.env ?? process.env;
  const region =
    options.region ??
    event.ruleRegion ??
    (env.AWS_REGION || env.AWS_DEFAULT_REGION || undefined) ??
    (await startRegion(undefined, options.profile));
  const partition = partitionOfRegion(region);
  const stats = new CallStats(() => {});
  const maxAttempts = options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
  const access = await openAwsAccess(
    {
      env,
      ...(options.profile ? { profile: options.profile } : {}),
      ...(options.endpointUrl ? { endpointUrl: options.endpointUrl } : {}),
      ...(options.credentials ? { credentials: options.credentials } : {}),
    },
    stats,
    { timeoutMs: DEFAULT_TIMEOUT_MS, maxAttempts, ...LIMITS },
  );
  try {
    let credentials = access.base;
    const roleName = event.parameters.executionRoleName;
    if (roleName) {
      const arn = roleArn(partition, event.accountId, roleName);
      const assumed = await assumeRole(
        new AccountClients(access.settings, access.base),
        region,
        arn,
        undefined,
      );
      if (isErrorValue(assumed))
        throw new ConfigRuleError(`cannot assume ${arn} (${assumed.error.code}: ${assumed.error.message})`);
      credentials = assumed;
    }
    try {
      // No usable credentials is the user's to fix (exit 2), not a verdict on every bucket.
      await credentials();
    } catch (error) {
      throw credentialsErrorFrom(error, options.profile);
    }
    const clients = new AccountClients(access.settings, credentials);
    const { evaluations, trigger } = await evaluate(event, rule, clients, {
      region,
      partition,
      env,
      options,
      credentials: async () => credentials(),
    });
    if (event.testMode)
      return {
        rule: rule.meta.id,
        trigger,
        configRuleName: event.ruleName,
        evaluations,
        posted: false,
        putCalls: 0,
      };
    const putCalls = await post(clients, region, event.resultToken, evaluations);
    return {
      rule: rule.meta.id,
      trigger,
      configRuleName: event.ruleName,
      evaluations,
      posted: true,
      putCalls,
    };
  } finally {
    access.close();
  }
}

interface Context {
  region: string;
  partition: ReturnType<typeof partitionOfRegion>;
  env: NodeJS.ProcessEnv;
  options: RunOptions;
  credentials: () => Promise<{ accessKeyId: string; secretAccessKey: string; sessionToken?: string }>;
}

async function evaluate(
  event: ParsedEvent,
  rule: Rule,
  clients: AccountClients,
  ctx: Context,
): Promise<{ evaluations: Evaluation[]; trigger: RunResult['trigger'] }> {
  const trigger = event.trigger;
  if (trigger.kind === 'scheduled')
    return { evaluations: await scheduled(event, rule, clients, ctx, trigger.time), trigger: 'scheduled' };
  if (event.eventLeftScope) {
    // Out of the rule's scope now (its scope changed, or the resource's tags): no longer judged here.
    const evaluations: Evaluation[] =
      trigger.resourceType === BUCKET_TYPE
        ? [
            {
              ComplianceResourceType: BUCKET_TYPE,
              ComplianceResourceId: bucketNameOf(trigger),
              ComplianceType: 'NOT_APPLICABLE',
              Annotation: clip(
                `Bucket ${bucketNameOf(trigger)} is no longer in the scope of this AWS Config rule.`,
              ),
              OrderingTimestamp: trigger.captureTime,
            },
          ]
        : [];
    return { evaluations, trigger: 'left-scope' };
  }
  return { evaluations: await changed(event, rule, clients, ctx, trigger), trigger: 'change' };
}

function bucketNameOf(resource: ChangedResource): string {
  // For AWS::S3::Bucket the configuration item's resourceId and resourceName are both the bucket name.
  return resource.resourceName ?? resource.resourceId;
}

function notApplicableSentence(rule: Rule, inventory: Inventory | undefined, account: string) {
  return (name: string): string => {
    const bucket = inventory?.buckets.find((b) => b.name === name);
    if (bucket?.exists === false) return `Bucket ${name} does not exist.`;
    if (bucket && bucket.account !== null && bucket.account !== account)
      return `Bucket ${name} belongs to account ${bucket.account}, not to account ${account}.`;
    return rule.meta.id === DEFAULT_RULE
      ? `Bucket ${name} receives the logs of no CloudTrail trail of account ${account}, so ${rule.meta.id} does not apply to it.`
      : `Bucket ${name} is not a bucket of account ${account}, so ${rule.meta.id} does not apply to it.`;
  };
}

async function changed(
  event: ParsedEvent,
  rule: Rule,
  clients: AccountClients,
  ctx: Context,
  resource: ChangedResource,
): Promise<Evaluation[]> {
  const trailRule = rule.meta.id === DEFAULT_RULE;
  let seeds: string[];
  let changedTrail: { arn: string | null; id: string } | undefined;
  if (resource.resourceType === BUCKET_TYPE) seeds = [bucketNameOf(resource)];
  else if (resource.resourceType === TRAIL_TYPE) {
    // A trail decides which buckets are CloudTrail buckets: nothing for the general rule.
    if (!trailRule) return [];
    seeds = resource.trailBuckets;
    changedTrail = { arn: resource.arn, id: resource.resourceName ?? resource.resourceId };
  } else {
    throw new ConfigRuleError(
      `resource type ${resource.resourceType} is outside this rule's scope (${BUCKET_TYPE}, ${TRAIL_TYPE})`,
    );
  }
  const scoped = await collectScoped(clients, {
    account: event.accountId,
    partition: ctx.partition,
    region: ctx.region,
    trails: trailRule,
    allBuckets: !trailRule,
    seeds: new Set(seeds),
    ...(changedTrail ? { changedTrail } : {}),
  });
  const findings = runRules(scoped.inventory, [rule]);
  return toEvaluations({
    findings,
    buckets: scoped.affected,
    allFindings: false,
    at: resource.captureTime,
    notApplicable: notApplicableSentence(rule, scoped.inventory, event.accountId),
  });
}

async function scheduled(
  event: ParsedEvent,
  rule: Rule,
  clients: AccountClients,
  ctx: Context,
  at: Date,
): Promise<Evaluation[]> {
  const { options } = ctx;
  // The live collector over the rule's account: the same reads and verdicts as `trailguard scan`.
  const collected = await collectAws({
    region: ctx.region,
    env: ctx.env,
    credentials: await ctx.credentials(),
    ...(options.endpointUrl ? { endpointUrl: options.endpointUrl } : {}),
    ...(options.maxAttempts ? { maxAttempts: options.maxAttempts } : {}),
  });
  const inventory = collected.inventory;
  const findings: Finding[] = runRules(inventory, [rule]);
  const account = inventory.accounts.find((a) => a.id === event.accountId) ?? inventory.accounts[0];
  const owned = account?.buckets && !isErrorValue(account.buckets) ? account.buckets : [];
  const evaluations = toEvaluations({
    findings,
    buckets: owned,
    allFindings: true,
    at,
    notApplicable: notApplicableSentence(rule, inventory, account?.id ?? event.accountId),
  });
  if (event.ruleName && !event.testMode) {
    const evaluated = new Set(evaluations.map((e) => e.ComplianceResourceId));
    for (const id of await previouslyEvaluated(clients, ctx.region, event.ruleName)) {
      if (evaluated.has(id)) continue;
      evaluations.push({
        ComplianceResourceType: BUCKET_TYPE,
        ComplianceResourceId: id,
        ComplianceType: 'NOT_APPLICABLE',
        Annotation: clip(
          `Bucket ${id} no longer exists in account ${event.accountId} (or is no longer evaluated by this rule).`,
        ),
        OrderingTimestamp: at,
      });
    }
  }
  return evaluations;
}

async function configClient(clients: AccountClients, region: string): Promise<ConfigServiceClient> {
  // Loaded only when a Config call is made: the CLI's other commands never load it.
  const { ConfigServiceClient: Client } = await import('@aws-sdk/client-config-service');
  return clients.get(`config/${region}`, () => new Client(clients.common(region)));
}

/** Bucket ids this rule has a result for (any compliance type), to clear the ones of deleted buckets. */
async function previouslyEvaluated(
  clients: AccountClients,
  region: string,
  ruleName: string,
): Promise<string[]> {
  const { GetComplianceDetailsByConfigRuleCommand } = await import('@aws-sdk/client-config-service');
  const client = await configClient(clients, region);
  const ids: string[] = [];
  let token: string | undefined;
  try {
    do {
      const page = await client.send(
        new GetComplianceDetailsByConfigRuleCommand({
          ConfigRuleName: ruleName,
          ComplianceTypes: ['COMPLIANT', 'NON_COMPLIANT', 'NOT_APPLICABLE'],
          Limit: 100,
          ...(token ? { NextToken: token } : {}),
        }),
      );
      for (const result of page.EvaluationResults ?? []) {
        const q = result.EvaluationResultIdentifier?.EvaluationResultQualifier;
        if (q?.ResourceType === BUCKET_TYPE && q.ResourceId && result.ComplianceType !== 'NOT_APPLICABLE')
          ids.push(q.ResourceId);
      }
      token = page.NextToken || undefined;
    } while (token);
  } catch (error) {
    // Clearing stale results is a courtesy: without the permission (or on a throttle) the run's own
    // evaluations still go out; the stale ones clear on a later run.
    const read = toReadError(error);
    console.warn(
      `trailguard: GetComplianceDetailsByConfigRule failed (${read.code}: ${read.message}); results of deleted buckets are not cleared this run`,
    );
  }
  return ids;
}

async function post(
  clients: AccountClients,
  region: string,
  resultToken: string,
  evaluations: Evaluation[],
): Promise<number> {
  const { PutEvaluationsCommand } = await import('@aws-sdk/client-config-service');
  const client = await configClient(clients, region);
  // One call even with nothing to post: AWS Config then knows the invocation completed.
  const groups = evaluations.length === 0 ? [[]] : batches(evaluations);
  for (const batch of groups) {
    let output: PutEvaluationsCommandOutput;
    try {
      output = await client.send(new PutEvaluationsCommand({ ResultToken: resultToken, Evaluations: batch }));
    } catch (error) {
      const read = toReadError(error);
      throw new ConfigRuleError(`PutEvaluations failed (${read.code}: ${read.message})`, { cause: error });
    }
    const failed = output.FailedEvaluations ?? [];
    if (failed.length > 0)
      throw new ConfigRuleError(
        `PutEvaluations refused ${failed.length} evaluation(s), first ${failed[0]?.ComplianceResourceId ?? '?'}`,
      );
  }
  return groups.length;
}

/** The Lambda entry point (the bundle exports it as `handler`). */
export async function handler(
  event: unknown,
): Promise<{ rule: string; evaluations: number; posted: boolean }> {
  const result = await runConfigRule(event);
  const counts: Record<string, number> = {};
  for (const e of result.evaluations) counts[e.ComplianceType] = (counts[e.ComplianceType] ?? 0) + 1;
  // One structured line per invocation in CloudWatch Logs.
  console.log(
    JSON.stringify({
      trailguard: 'aws-config',
      rule: result.rule,
      configRule: result.configRuleName,
      trigger: result.trigger,
      evaluations: counts,
      posted: result.posted,
    }),
  );
  return { rule: result.rule, evaluations: result.evaluations.length, posted: result.posted };
}
