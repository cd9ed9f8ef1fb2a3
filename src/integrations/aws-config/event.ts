/**
 * The event AWS Config sends a custom rule's Lambda function (AWS Config Developer Guide, "Example
 * Events for AWS Config Rules"): `invokingEvent` and `ruleParameters` are JSON *strings*; the
 * invoking event is a configuration item change (`configurationItem`, with `configurationItemDiff`),
 * an oversized one (`configurationItemSummary` only) or a scheduled notification
 * (`notificationCreationTime`). Parsed here into what the handler needs, or an InputError that says
 * in one line what is wrong (a bad event never reaches AWS).
 */
import { InputError } from '../../errors.js';
import { findRule, rules } from '../../rules/index.js';

export const DEFAULT_RULE = 'aws-cloudtrail-bucket-access-logging';
export const BUCKET_TYPE = 'AWS::S3::Bucket';
export const TRAIL_TYPE = 'AWS::CloudTrail::Trail';
/** The ResultToken of test events (the Lambda console's, and RDK's convention): evaluate, post nothing. */
export const TEST_MODE_TOKEN = 'TESTMODE';

export interface ChangedResource {
  kind: 'change';
  messageType: 'ConfigurationItemChangeNotification' | 'OversizedConfigurationItemChangeNotification';
  resourceType: string;
  resourceId: string;
  resourceName: string | null;
  arn: string | null;
  region: string | null;
  /** OK, ResourceDiscovered, ResourceNotRecorded, ResourceDeleted, ResourceDeletedNotRecorded. */
  status: string;
  captureTime: Date;
  /** For a trail: the S3 bucket names its configuration item (and the diff's previous value) mention. */
  trailBuckets: string[];
}

export interface Scheduled {
  kind: 'scheduled';
  time: Date;
}

export interface RuleParameters {
  /** A trailguard rule id (`trailguard rules`). */
  rule: string;
  /**
   * A role to assume in the event's account before reading and posting: an organization rule whose
   * function lives in another account (deploy/aws-config/member-role.yaml creates it).
   */
  executionRoleName?: string;
}

export interface ParsedEvent {
  ruleName: string | null;
  ruleRegion: string | null;
  accountId: string;
  resultToken: string;
  testMode: boolean;
  eventLeftScope: boolean;
  parameters: RuleParameters;
  trigger: ChangedResource | Scheduled;
}

function fail(what: string): never {
  throw new InputError(`not an AWS Config rule event: ${what}`);
}

function parseJsonString(value: unknown, field: string): Record<string, unknown> {
  if (typeof value !== 'string') fail(`${field} must be a JSON string (AWS Config sends it encoded)`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch (error) {
    fail(`${field} is not valid JSON (${(error as Error).message})`);
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed))
    fail(`${field} must encode a JSON object`);
  return parsed as Record<string, unknown>;
}

function str(value: unknown): string | null {
  return typeof value === 'string' && value !== '' ? value : null;
}

function time(value: unknown, field: string): Date {
  const text = str(value);
  const date = text ? new Date(text) : null;
  if (!date || Number.isNaN(date.getTime())) fail(`${field} is not an ISO-8601 time`);
  return date;
}

const ACCOUNT = /^\d{12}$/;
const ROLE_NAME = /^[\w+=,.@-]{1,64}$/;

export function parseRuleParameters(text: unknown): RuleParameters {
  if (text === undefined || text === null || text === '') return { rule: DEFAULT_RULE };
  const params = parseJsonString(text, 'ruleParameters');
  const rule = params.rule ?? DEFAULT_RULE;
  if (typeof rule !== 'string' || !findRule(rule))
    fail(
      `ruleParameters "rule" must be a trailguard rule id (${rules.map((r) => r.meta.id).join(', ')}), not ${JSON.stringify(rule)}`,
    );
  const out: RuleParameters = { rule };
  const role = params.executionRoleName;
  if (role !== undefined) {
    if (typeof role !== 'string' || !ROLE_NAME.test(role))
      fail('ruleParameters "executionRoleName" must be an IAM role name');
    out.executionRoleName = role;
  }
  return out;
}

/** Bucket names a trail's configuration item mentions: its S3BucketName now and before the change. */
function trailBucketsOf(invoking: Record<string, unknown>, item: Record<string, unknown>): string[] {
  const found = new Set<string>();
  const add = (v: unknown) => {
    if (typeof v === 'string' && v !== '') found.add(v);
  };
  const fromConfiguration = (c: unknown) => {
    if (c && typeof c === 'object') add((c as Record<string, unknown>).s3BucketName);
  };
  fromConfiguration(item.configuration);
  const diff = invoking.configurationItemDiff;
  const changed =
    diff && typeof diff === 'object' ? (diff as Record<string, unknown>).changedProperties : undefined;
  if (changed && typeof changed === 'object') {
    for (const [key, change] of Object.entries(changed as Record<string, unknown>)) {
      if (!change || typeof change !== 'object') continue;
      const { previousValue, updatedValue } = change as Record<string, unknown>;
      if (/s3bucketname$/i.test(key)) {
        add(previousValue);
        add(updatedValue);
      } else if (key === 'Configuration') {
        fromConfiguration(previousValue);
        fromConfiguration(updatedValue);
      }
    }
  }
  return [...found];
}

function changedResource(
  invoking: Record<string, unknown>,
  messageType: ChangedResource['messageType'],
): ChangedResource {
  const field =
    messageType === 'ConfigurationItemChangeNotification' ? 'configurationItem' : 'configurationItemSummary';
  const raw = invoking[field];
  if (!raw || typeof raw !== 'object') fail(`invokingEvent.${field} is missing`);
  const item = raw as Record<string, unknown>;
  const resourceType = str(item.resourceType) ?? fail(`invokingEvent.${field}.resourceType is missing`);
  const resourceId = str(item.resourceId) ?? fail(`invokingEvent.${field}.resourceId is missing`);
  return {
    kind: 'change',
    messageType,
    resourceType,
    resourceId,
    resourceName: str(item.resourceName),
    arn: str(item.ARN),
    region: str(item.awsRegion),
    status: str(item.configurationItemStatus) ?? 'OK',
    captureTime: time(
      item.configurationItemCaptureTime,
      `invokingEvent.${field}.configurationItemCaptureTime`,
    ),
    trailBuckets: resourceType === TRAIL_TYPE ? trailBucketsOf(invoking, item) : [],
  };
}

/**
 * The event AWS Config invokes the function with (invokingEvent, ruleParameters, resultToken,
 * eventLeftScope, executionRoleArn, configRuleName, accountId, …) is untrusted input: read field by field.
 */
export function parseEvent(value: unknown): ParsedEvent {
  if (!value || typeof value !== 'object' || Array.isArray(value)) fail('the event must be a JSON object');
  const event = value as Record<string, unknown>;
  const invoking = parseJsonString(event.invokingEvent, 'invokingEvent');
  const resultToken = str(event.resultToken) ?? fail('resultToken is missing');
  const parameters = parseRuleParameters(event.ruleParameters);
  const messageType = str(invoking.messageType);
  let trigger: ChangedResource | Scheduled;
  switch (messageType) {
    case 'ConfigurationItemChangeNotification':
    case 'OversizedConfigurationItemChangeNotification':
      trigger = changedResource(invoking, messageType);
      break;
    case 'ScheduledNotification':
      trigger = {
        kind: 'scheduled',
        time: time(invoking.notificationCreationTime, 'invokingEvent.notificationCreationTime'),
      };
      break;
    default:
      fail(
        `invokingEvent.messageType ${JSON.stringify(messageType)} is not handled (ConfigurationItemChangeNotification, OversizedConfigurationItemChangeNotification or ScheduledNotification)`,
      );
  }
  const accountId =
    str(event.accountId) ??
    str(invoking.awsAccountId) ??
    (trigger.kind === 'change'
      ? str(
          ((invoking.configurationItem ?? invoking.configurationItemSummary) as Record<string, unknown>)
            .awsAccountId,
        )
      : null) ??
    fail('accountId is missing');
  if (!ACCOUNT.test(accountId)) fail(`accountId ${JSON.stringify(accountId)} is not a 12-digit account id`);
  const ruleArn = str(event.configRuleArn);
  const ruleRegion = ruleArn ? (/^arn:[\w-]+:config:([a-z0-9-]+):/.exec(ruleArn)?.[1] ?? null) : null;
  return {
    ruleName: str(event.configRuleName),
    ruleRegion,
    accountId,
    resultToken,
    testMode: resultToken === TEST_MODE_TOKEN,
    eventLeftScope: event.eventLeftScope === true,
    parameters,
    trigger,
  };
}
