/**
 * AWS Security Hub (restJson1, `POST /findings/import`): BatchImportFindings, what `scan
 * --send-to-security-hub` calls (Security Hub API Reference, "BatchImportFindings", "ImportFindingsError";
 * User Guide, "Required top-level attributes in ASFF"). A request carries 1 to 100 findings; each is
 * validated on its own and either stored (the latest version per ProductArn + Id, per account and Region)
 * or answered in FailedFindings with an error code, as Security Hub does. With the default product
 * ARN a finding can only be imported by its own account, in the Region its ProductArn names.
 * The `importFailure` fault answers the first N findings of a request as failed (a partial failure).
 */
import { type JsonInput, restJson } from '../protocols.js';
import { type Reply, restJsonError, restJsonOk } from '../reply.js';
import { defineService } from '../table.js';
import type { HandlerContext } from './context.js';

/** "Findings: Array Members: Minimum number of 0 items. Maximum number of 100 items." */
export const MAX_IMPORT_FINDINGS = 100;
/** "The maximum allowed size for a finding is 240 Kb." */
const MAX_FINDING_BYTES = 240 * 1024;

/** The top-level attributes every imported finding must have (ASFF, "Required top-level attributes"). */
export const REQUIRED_ASFF_FIELDS = [
  'AwsAccountId',
  'CreatedAt',
  'Description',
  'GeneratorId',
  'Id',
  'ProductArn',
  'Resources',
  'SchemaVersion',
  'Severity',
  'Title',
  'Types',
  'UpdatedAt',
] as const;

const SEVERITY_LABELS = new Set(['INFORMATIONAL', 'LOW', 'MEDIUM', 'HIGH', 'CRITICAL']);

interface FailedFinding {
  Id: string;
  ErrorCode: string;
  ErrorMessage: string;
}

/** Why one finding cannot be imported by this caller in this Region, or undefined when it can. */
function problem(
  finding: unknown,
  account: string,
  region: string,
): { code: string; message: string } | undefined {
  if (!finding || typeof finding !== 'object' || Array.isArray(finding))
    return { code: 'InvalidInput', message: 'Finding is not a JSON object' };
  const f = finding as Record<string, unknown>;
  const missing = REQUIRED_ASFF_FIELDS.filter((name) => f[name] === undefined || f[name] === null);
  if (missing.length > 0)
    return {
      code: 'InvalidInput',
      message: `Finding does not adhere to Amazon Finding Format. data should have required property '${missing[0]}'`,
    };
  for (const name of [
    'AwsAccountId',
    'CreatedAt',
    'Description',
    'GeneratorId',
    'Id',
    'ProductArn',
    'Title',
    'UpdatedAt',
  ]) {
    const value = f[name];
    if (typeof value !== 'string' || !/\S/.test(value))
      return {
        code: 'InvalidInput',
        message: `Finding does not adhere to Amazon Finding Format. data.${name} should be a non-empty string`,
      };
  }
  if (!/^\d{12}$/.test(String(f.AwsAccountId)))
    return {
      code: 'InvalidInput',
      message:
        'Finding does not adhere to Amazon Finding Format. data.AwsAccountId should be a 12-digit account id',
    };
  for (const name of ['CreatedAt', 'UpdatedAt']) {
    if (Number.isNaN(Date.parse(String(f[name]))))
      return {
        code: 'InvalidInput',
        message: `Finding does not adhere to Amazon Finding Format. data.${name} should be an ISO 8601 date-time`,
      };
  }
  if (String(f.Title).length > 256 || String(f.Description).length > 1024)
    return {
      code: 'InvalidInput',
      message:
        'Finding does not adhere to Amazon Finding Format. data.Title (256) or data.Description (1024) is too long',
    };
  if (!Array.isArray(f.Types) || f.Types.length === 0 || f.Types.length > 50)
    return {
      code: 'InvalidInput',
      message: 'Finding does not adhere to Amazon Finding Format. data.Types should have 1 to 50 items',
    };
  const severity = f.Severity as Record<string, unknown>;
  if (typeof severity !== 'object' || (severity.Label === undefined && severity.Normalized === undefined))
    return {
      code: 'InvalidInput',
      message:
        'Finding does not adhere to Amazon Finding Format. data.Severity should have Label or Normalized',
    };
  if (severity.Label !== undefined && !SEVERITY_LABELS.has(String(severity.Label)))
    return {
      code: 'InvalidInput',
      message: `Finding does not adhere to Amazon Finding Format. data.Severity.Label should be one of ${[...SEVERITY_LABELS].join(', ')}`,
    };
  const resources = f.Resources;
  if (!Array.isArray(resources) || resources.length === 0 || resources.length > 32)
    return {
      code: 'InvalidInput',
      message: 'Finding does not adhere to Amazon Finding Format. data.Resources should have 1 to 32 items',
    };
  for (const r of resources) {
    const res = r as Record<string, unknown>;
    if (!res || typeof res.Type !== 'string' || typeof res.Id !== 'string' || res.Id.length > 512)
      return {
        code: 'InvalidInput',
        message:
          'Finding does not adhere to Amazon Finding Format. data.Resources[] should have a Type and an Id of at most 512 characters',
      };
  }
  if (Buffer.byteLength(JSON.stringify(f)) > MAX_FINDING_BYTES)
    return { code: 'FindingSizeExceeded', message: 'Finding size exceeded 240 KB' };
  // The default product: `arn:<partition>:securityhub:<region>:<account>:product/<account>/default`.
  const arn = /^arn:[\w-]+:securityhub:([\w-]+):(\d{12}):product\/(\d{12})\/default$/.exec(
    String(f.ProductArn),
  );
  if (!arn) return { code: 'InvalidInput', message: `Product ${String(f.ProductArn)} not found` };
  if (arn[2] !== account || arn[3] !== account || f.AwsAccountId !== account)
    return {
      code: 'AccessDeniedException',
      message: `Account ${account} is not authorized to import findings for account ${String(f.AwsAccountId)} with product ${String(f.ProductArn)}`,
    };
  if (arn[1] !== region)
    return {
      code: 'InvalidInput',
      message: `The ProductArn Region ${arn[1]} is not the Region of the request (${region})`,
    };
  return undefined;
}

export function batchImportFindings(ctx: HandlerContext, input: JsonInput): Reply {
  const { world, caller, req, partialFailure: fault } = ctx;
  const findings = input.Findings;
  if (findings === undefined || findings === null)
    return restJsonError(400, 'InvalidInputException', 'Findings is required', {
      Code: 'InvalidInputException',
    });
  if (!Array.isArray(findings))
    return restJsonError(400, 'SerializationException', "Expected a list at 'Findings'.");
  if (findings.length > MAX_IMPORT_FINDINGS)
    return restJsonError(
      400,
      'InvalidInputException',
      `Invalid parameter 'Findings'. Member must have length less than or equal to ${MAX_IMPORT_FINDINGS}`,
      { Code: 'InvalidInputException' },
    );
  const failed: FailedFinding[] = [];
  let success = 0;
  findings.forEach((finding: unknown, i) => {
    const id = String((finding as Record<string, unknown> | null)?.Id ?? '');
    if (fault && i < fault.count) {
      failed.push({ Id: id, ErrorCode: fault.errorCode, ErrorMessage: `Injected ${fault.errorCode}` });
      return;
    }
    const wrong = problem(finding, caller.account, req.region);
    if (wrong) {
      failed.push({ Id: id, ErrorCode: wrong.code, ErrorMessage: wrong.message });
      return;
    }
    world.securityHub.put(caller.account, req.region, finding as Record<string, unknown>);
    success++;
  });
  return restJsonOk({ FailedCount: failed.length, SuccessCount: success, FailedFindings: failed });
}

/** The accounts the findings are about (a fault can target one account's findings). */
function findingAccounts(input: JsonInput): string[] {
  if (!Array.isArray(input.Findings)) return [];
  return [
    ...new Set(input.Findings.map((f) => String((f as Record<string, unknown> | null)?.AwsAccountId ?? ''))),
  ];
}

/** restJson1 with Security Hub's own error names (API Reference, "Common Errors" and the operation's). */
export const SECURITY_HUB = defineService<JsonInput>({
  name: 'securityhub',
  protocol: restJson('method+path'),
  errors: {
    accessDenied: { status: 403, code: 'AccessDeniedException', message: 'Access denied', codeInBody: true },
    throttle: { status: 429, code: 'LimitExceededException', message: 'Rate exceeded', codeInBody: true },
    server500: {
      status: 500,
      code: 'InternalException',
      message: 'Internal service failure',
      codeInBody: true,
    },
  },
  operations: {
    BatchImportFindings: {
      action: 'securityhub:BatchImportFindings',
      http: 'POST /findings/import',
      handler: batchImportFindings,
      resources: findingAccounts,
    },
  },
});
