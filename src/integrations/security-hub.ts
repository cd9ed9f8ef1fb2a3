/**
 * `scan --send-to-security-hub`: imports the report's ASFF findings into AWS Security Hub with
 * BatchImportFindings, at most 100 per call, through the AWS access layer (src/aws/: the same
 * credentials, role assumption, HTTP handler, timeouts, SDK retries and call counter as `fix`).
 *
 * With the default product ARN a finding can only be imported by the account it is about, in the Region
 * its ProductArn names (Security Hub API Reference, BatchImportFindings): findings are grouped by account
 * and Region, and each account's are sent with that account's credentials — the caller's own, or the
 * role the scan uses there (--role-arn ACCOUNT=ARN, --role-name in org mode). Throttling and 5xx answers
 * are retried by the SDK; findings Security Hub lists in FailedFindings with a transient error code are
 * sent again (only those) with exponential back-off; every other failure is counted and reported.
 */
import {
  BatchImportFindingsCommand,
  type BatchImportFindingsCommandOutput,
  SecurityHubClient,
} from '@aws-sdk/client-securityhub';
import type { AwsOptions } from '../aws/options.js';
import type { Report } from '../engine/types.js';
import { createClientFactory } from '../remediation/clients.js';
import { asffRecords } from '../reporters/asff.js';

/** BatchImportFindings takes at most 100 findings per request. */
export const IMPORT_BATCH = 100;
/** FailedFindings error codes worth sending again (transient on Security Hub's side). */
export const RETRIABLE_IMPORT_ERRORS: ReadonlySet<string> = new Set([
  'InternalFailure',
  'InternalException',
  'InternalError',
  'ServiceUnavailable',
  'ConcurrentUpdateError',
  'ThrottlingException',
  'LimitExceededException',
  'TooManyRequestsException',
]);
/** Re-sends of the findings that failed with a retriable code, after the first request. */
export const PARTIAL_RETRIES = 4;
const BASE_DELAY_MS = 200;
const MAX_DELAY_MS = 5_000;

export interface ImportFailure {
  id: string;
  account: string;
  region: string;
  code: string;
  message: string;
}

export interface ImportResult {
  /** Findings sent (every ASFF finding of the report). */
  total: number;
  imported: number;
  failed: ImportFailure[];
  /** BatchImportFindings requests made (SDK retries of one request not counted). */
  calls: number;
  /** Findings re-sent after a retriable partial failure. */
  resent: number;
  accounts: number;
}

export interface ImportOptions {
  /** Waits between re-sends (tests pass a fast one). */
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
}

type AsffFinding = { Id: string; AwsAccountId: string; ProductArn: string } & Record<string, unknown>;

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export async function importToSecurityHub(
  report: Report,
  aws: AwsOptions,
  options: ImportOptions = {},
): Promise<ImportResult> {
  const sleep = options.sleep ?? defaultSleep;
  const random = options.random ?? Math.random;
  const groups = new Map<string, { account: string; region: string; findings: AsffFinding[] }>();
  let total = 0;
  for (const record of asffRecords(report)) {
    const finding = record as unknown as AsffFinding;
    // arn:<partition>:securityhub:<region>:<account>:product/<account>/default
    const region = finding.ProductArn.split(':')[3] ?? '';
    const key = `${finding.AwsAccountId}/${region}`;
    let group = groups.get(key);
    if (!group) {
      group = { account: finding.AwsAccountId, region, findings: [] };
      groups.set(key, group);
    }
    group.findings.push(finding);
    total++;
  }
  const result: ImportResult = {
    total,
    imported: 0,
    failed: [],
    calls: 0,
    resent: 0,
    accounts: new Set([...groups.values()].map((g) => g.account)).size,
  };
  if (total === 0) return result;
  const factory = createClientFactory(aws);
  try {
    // Accounts one after the other, batches in order: a few requests per account, no need for more.
    for (const { account, region, findings } of groups.values()) {
      const fail = (list: AsffFinding[], code: string, message: string) => {
        for (const f of list) result.failed.push({ id: f.Id, account, region, code, message });
      };
      let client: SecurityHubClient;
      try {
        const clients = await factory.account(account);
        client = clients.get(`securityhub/${region}`, () => new SecurityHubClient(clients.common(region)));
      } catch (error) {
        fail(findings, (error as Error).name || 'CredentialsError', (error as Error).message);
        continue;
      }
      for (let start = 0; start < findings.length; start += IMPORT_BATCH) {
        let pending = findings.slice(start, start + IMPORT_BATCH);
        for (let attempt = 0; pending.length > 0; attempt++) {
          result.calls++;
          if (attempt > 0) result.resent += pending.length;
          let answer: BatchImportFindingsCommandOutput;
          try {
            // biome-ignore lint/suspicious/noExplicitAny: the SDK's Finding type is wider than our records.
            answer = await client.send(new BatchImportFindingsCommand({ Findings: pending as any }));
          } catch (error) {
            // The SDK already retried throttling, 5xx and timeouts: the request as a whole failed.
            const e = error as Error;
            fail(pending, e.name || 'Error', e.message);
            break;
          }
          const failedById = new Map((answer.FailedFindings ?? []).map((f) => [f.Id ?? '', f]));
          result.imported += answer.SuccessCount ?? pending.length - failedById.size;
          const retry: AsffFinding[] = [];
          for (const finding of pending) {
            const failure = failedById.get(finding.Id);
            if (!failure) continue;
            const code = failure.ErrorCode ?? 'Unknown';
            if (RETRIABLE_IMPORT_ERRORS.has(code) && attempt < PARTIAL_RETRIES) retry.push(finding);
            else fail([finding], code, failure.ErrorMessage ?? '');
          }
          pending = retry;
          if (pending.length > 0) {
            // Full jitter over an exponential back-off, as the SDK does for throttling.
            await sleep(Math.round(random() * Math.min(MAX_DELAY_MS, BASE_DELAY_MS * 2 ** attempt)));
          }
        }
      }
    }
  } finally {
    factory.close();
  }
  return result;
}
