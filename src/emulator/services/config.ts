/**
 * AWS Config (JSON 1.1, `X-Amz-Target: StarlingDoveService.<Op>`): PutEvaluations, what a custom
 * rule's Lambda function calls with the ResultToken of its event, and GetComplianceDetailsByConfigRule,
 * to read the results back (AWS Config API Reference, "PutEvaluations", "Evaluation",
 * "GetComplianceDetailsByConfigRule", "EvaluationResult"). Shapes are validated as the model states
 * them; timestamps are epoch seconds on the wire, as in every JSON 1.1 service.
 */
import type { ComplianceType, StoredEvaluation } from '../config-rules.js';
import { type JsonInput, json11 } from '../protocols.js';
import { jsonError, jsonOk, type Reply } from '../reply.js';
import { defineService } from '../table.js';
import {
  describeConfigurationAggregatorSourcesStatus,
  selectAggregateResourceConfig,
} from './config-aggregator.js';
import type { HandlerContext } from './context.js';
import { decodePageToken, pageOf } from './page-token.js';

const COMPLIANCE_TYPES: readonly ComplianceType[] = [
  'COMPLIANT',
  'NON_COMPLIANT',
  'NOT_APPLICABLE',
  'INSUFFICIENT_DATA',
];
/** PutEvaluations takes at most 100 evaluations (Evaluations: "Array Members: Maximum number of 100 items"). */
export const MAX_EVALUATIONS = 100;
/** GetComplianceDetailsByConfigRule: "The default is 10. You cannot specify a number greater than 100." */
const DEFAULT_LIMIT = 10;
const MAX_LIMIT = 100;

function validation(message: string): Reply {
  return jsonError(400, 'ValidationException', `1 validation error detected: ${message}`);
}

function stringCheck(value: unknown, path: string, min: number, max: number): string | Reply {
  if (value === undefined || value === null)
    return validation(`Value null at '${path}' failed to satisfy constraint: Member must not be null`);
  if (typeof value !== 'string')
    return jsonError(400, 'SerializationException', `Expected a string at '${path}'.`);
  if (value.length < min || value.length > max)
    return validation(
      `Value at '${path}' failed to satisfy constraint: Member must have length between ${min} and ${max}`,
    );
  return value;
}

/**
 * `emulator-rule/<rule name>`: a ResultToken anyone can write, for the standalone emulator (`trailguard
 * emulator`), where no AWS Config hands out tokens: it posts to that rule of the caller's account.
 */
export const NAMED_RULE_TOKEN = 'emulator-rule/';

function namedRule(token: string, account: string): { account: string; rule: string } | undefined {
  if (!token.startsWith(NAMED_RULE_TOKEN)) return undefined;
  const rule = token.slice(NAMED_RULE_TOKEN.length);
  return rule.length >= 1 && rule.length <= 128 ? { account, rule } : undefined;
}

export function putEvaluations(ctx: HandlerContext, input: JsonInput): Reply {
  const { world, caller } = ctx;
  const token = stringCheck(input.ResultToken, 'resultToken', 1, 4096);
  if (typeof token !== 'string') return token;
  const list = input.Evaluations ?? [];
  if (!Array.isArray(list))
    return jsonError(400, 'SerializationException', "Expected a list at 'evaluations'.");
  if (list.length > MAX_EVALUATIONS)
    return validation(
      `Value at 'evaluations' failed to satisfy constraint: Member must have length less than or equal to ${MAX_EVALUATIONS}`,
    );
  const testMode = input.TestMode === true;
  // The console's and the SDK's test events carry no token AWS Config issued; with TestMode the
  // evaluations are only validated.
  const rule = testMode
    ? undefined
    : (namedRule(token, caller.account) ?? world.configRules.readToken(token));
  if (!testMode && (!rule || rule.account !== caller.account))
    return jsonError(400, 'InvalidResultTokenException', 'The specified ResultToken is invalid.');
  const now = Date.now();
  const accepted: StoredEvaluation[] = [];
  for (const [i, raw] of list.entries()) {
    const at = `evaluations.${i + 1}.member`;
    if (!raw || typeof raw !== 'object' || Array.isArray(raw))
      return jsonError(400, 'SerializationException', `Expected a structure at '${at}'.`);
    const e = raw as Record<string, unknown>;
    const type = stringCheck(e.ComplianceResourceType, `${at}.complianceResourceType`, 1, 256);
    if (typeof type !== 'string') return type;
    const id = stringCheck(e.ComplianceResourceId, `${at}.complianceResourceId`, 1, 768);
    if (typeof id !== 'string') return id;
    const compliance = e.ComplianceType;
    if (typeof compliance !== 'string' || !COMPLIANCE_TYPES.includes(compliance as ComplianceType))
      return validation(
        `Value '${String(compliance)}' at '${at}.complianceType' failed to satisfy constraint: Member must satisfy enum value set: [${COMPLIANCE_TYPES.join(', ')}]`,
      );
    // "AWS Config does not accept INSUFFICIENT_DATA as the value for ComplianceType from a
    // PutEvaluations request" (API Reference, Evaluation).
    if (compliance === 'INSUFFICIENT_DATA')
      return jsonError(
        400,
        'InvalidParameterValueException',
        'The ComplianceType INSUFFICIENT_DATA is not supported in PutEvaluations.',
      );
    let annotation: string | undefined;
    if (e.Annotation !== undefined) {
      const checked = stringCheck(e.Annotation, `${at}.annotation`, 1, 256);
      if (typeof checked !== 'string') return checked;
      annotation = checked;
    }
    const ordering = e.OrderingTimestamp;
    if (ordering === undefined || ordering === null)
      return validation(
        `Value null at '${at}.orderingTimestamp' failed to satisfy constraint: Member must not be null`,
      );
    if (typeof ordering !== 'number' || !Number.isFinite(ordering))
      return jsonError(400, 'SerializationException', `Expected a timestamp at '${at}.orderingTimestamp'.`);
    accepted.push({
      resourceType: type,
      resourceId: id,
      complianceType: compliance as ComplianceType,
      ...(annotation !== undefined ? { annotation } : {}),
      orderingTimestamp: Math.round(ordering * 1000),
      recordedAt: now,
      resultToken: token,
    });
  }
  if (rule) {
    world.configRules.declare(rule.account, rule.rule);
    for (const evaluation of accepted) world.configRules.record(rule.account, rule.rule, evaluation);
  }
  return jsonOk({ FailedEvaluations: [] });
}

export function getComplianceDetailsByConfigRule(ctx: HandlerContext, input: JsonInput): Reply {
  const { world, caller } = ctx;
  const name = stringCheck(input.ConfigRuleName, 'configRuleName', 1, 128);
  if (typeof name !== 'string') return name;
  if (!world.configRules.exists(caller.account, name))
    return jsonError(
      400,
      'NoSuchConfigRuleException',
      `The ConfigRule '${name}' provided in the request is invalid. Please check the configRule name.`,
    );
  const filter = input.ComplianceTypes;
  let wanted: Set<string> | undefined;
  if (filter !== undefined) {
    if (!Array.isArray(filter) || filter.length > 3)
      return validation(
        "Value at 'complianceTypes' failed to satisfy constraint: Member must have length less than or equal to 3",
      );
    for (const t of filter)
      if (typeof t !== 'string' || !COMPLIANCE_TYPES.includes(t as ComplianceType))
        return validation(
          `Value '${String(t)}' at 'complianceTypes' failed to satisfy constraint: Member must satisfy enum value set: [${COMPLIANCE_TYPES.join(', ')}]`,
        );
    if (filter.length > 0) wanted = new Set(filter as string[]);
  }
  const limit = input.Limit ?? 0;
  if (typeof limit !== 'number' || !Number.isInteger(limit) || limit < 0 || limit > MAX_LIMIT)
    return validation(
      `Value '${String(limit)}' at 'limit' failed to satisfy constraint: Member must have value between 0 and ${MAX_LIMIT}`,
    );
  const page = limit === 0 ? DEFAULT_LIMIT : limit;
  let start = 0;
  if (input.NextToken !== undefined) {
    const decoded = typeof input.NextToken === 'string' ? decodePageToken(input.NextToken) : undefined;
    if (decoded === undefined)
      return jsonError(400, 'InvalidNextTokenException', 'The specified next token is invalid.');
    start = decoded;
  }
  const all = world.configRules
    .results(caller.account, name)
    .filter((r) => wanted === undefined || wanted.has(r.complianceType));
  const { page: slice, nextToken } = pageOf(all, start, page);
  return jsonOk({
    EvaluationResults: slice.map((r) => ({
      EvaluationResultIdentifier: {
        EvaluationResultQualifier: {
          ConfigRuleName: name,
          ResourceType: r.resourceType,
          ResourceId: r.resourceId,
          EvaluationMode: 'DETECTIVE',
        },
        OrderingTimestamp: r.orderingTimestamp / 1000,
      },
      ComplianceType: r.complianceType,
      ResultRecordedTime: r.recordedAt / 1000,
      ConfigRuleInvokedTime: r.recordedAt / 1000,
      ...(r.annotation !== undefined ? { Annotation: r.annotation } : {}),
      ResultToken: r.resultToken,
    })),
    ...(nextToken ? { NextToken: nextToken } : {}),
  });
}

/** AWS Config's JSON 1.1 target prefix (its service model's `targetPrefix`). */
export const CONFIG_TARGET = /^StarlingDoveService\.(\w+)$/;

/** Custom-rule results and the aggregator reads (config-aggregator.ts) share the service. */
export const CONFIG = defineService<JsonInput>({
  name: 'config',
  protocol: json11(CONFIG_TARGET),
  operations: {
    PutEvaluations: { action: 'config:PutEvaluations', handler: putEvaluations },
    GetComplianceDetailsByConfigRule: {
      action: 'config:GetComplianceDetailsByConfigRule',
      handler: getComplianceDetailsByConfigRule,
    },
    SelectAggregateResourceConfig: {
      action: 'config:SelectAggregateResourceConfig',
      handler: selectAggregateResourceConfig,
    },
    DescribeConfigurationAggregatorSourcesStatus: {
      action: 'config:DescribeConfigurationAggregatorSourcesStatus',
      handler: describeConfigurationAggregatorSourcesStatus,
    },
  },
  resources: (input) => (typeof input.ConfigRuleName === 'string' ? [input.ConfigRuleName] : []),
});
