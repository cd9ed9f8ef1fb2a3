/**
 * AWS Config PutEvaluations / GetComplianceDetailsByConfigRule (JSON 1.1, `StarlingDoveService.<Op>`)
 * through the real @aws-sdk/client-config-service: results stored per rule (named by the ResultToken),
 * the latest per resource by OrderingTimestamp, validated shapes (100 evaluations at most, no
 * INSUFFICIENT_DATA, annotation ≤ 256), ComplianceTypes filter, Limit/NextToken paging, the allow-list.
 */
import {
  GetComplianceDetailsByConfigRuleCommand,
  PutEvaluationsCommand,
  paginateGetComplianceDetailsByConfigRule,
} from '@aws-sdk/client-config-service';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EmulatorHandle, scenario, startEmulator } from '../../src/emulator/index.js';
import { config, failure } from './helpers.js';

const A = '111111111111';
const B = '222222222222';
const RULE = 'trailguard-cloudtrail-bucket-access-logging';

const evaluation = (
  id: string,
  type: string,
  at = new Date('2026-01-01T00:00:00Z'),
  annotation?: string,
) => ({
  ComplianceResourceType: 'AWS::S3::Bucket',
  ComplianceResourceId: id,
  ComplianceType: type as 'COMPLIANT',
  OrderingTimestamp: at,
  ...(annotation ? { Annotation: annotation } : {}),
});

describe('AWS Config through the real SDK client', () => {
  let emu: EmulatorHandle;
  beforeAll(async () => {
    emu = await startEmulator(
      scenario()
        .regions(['us-east-1'])
        .account({ id: A, name: 'a' })
        .account({
          id: B,
          name: 'b',
          principals: [
            { name: 'reader', accessKeyId: 'AKIABREADER000000001', secretAccessKey: 's', allow: ['s3:*'] },
          ],
        })
        .build(),
    );
  });
  afterAll(async () => {
    await emu.stop();
  });

  it('stores the latest result per resource under the rule the ResultToken names, and pages them back', async () => {
    const client = config(emu, emu.credentialsFor(A));
    const token = emu.config.resultToken(A, RULE);
    const many = Array.from({ length: 25 }, (_, i) =>
      evaluation(`bucket-${String(i).padStart(2, '0')}`, i % 3 === 0 ? 'NON_COMPLIANT' : 'COMPLIANT'),
    );
    const put = await client.send(new PutEvaluationsCommand({ ResultToken: token, Evaluations: many }));
    expect(put.FailedEvaluations).toEqual([]);
    // A newer result replaces the older one; an older one that arrives late does not.
    await client.send(
      new PutEvaluationsCommand({
        ResultToken: emu.config.resultToken(A, RULE),
        Evaluations: [
          evaluation('bucket-00', 'COMPLIANT', new Date('2026-01-02T00:00:00Z'), 'now fixed'),
          evaluation('bucket-01', 'NON_COMPLIANT', new Date('2025-12-31T00:00:00Z')),
        ],
      }),
    );
    const pages = [];
    for await (const page of paginateGetComplianceDetailsByConfigRule(
      { client, pageSize: 7 },
      { ConfigRuleName: RULE, ComplianceTypes: ['COMPLIANT', 'NON_COMPLIANT', 'NOT_APPLICABLE'] },
    ))
      pages.push(page.EvaluationResults ?? []);
    expect(pages.map((p) => p.length)).toEqual([7, 7, 7, 4]);
    const all = pages.flat();
    expect(all.map((r) => r.EvaluationResultIdentifier?.EvaluationResultQualifier?.ResourceId)).toEqual(
      many.map((e) => e.ComplianceResourceId),
    );
    const first = all[0];
    expect(first?.ComplianceType).toBe('COMPLIANT');
    expect(first?.Annotation).toBe('now fixed');
    expect(first?.EvaluationResultIdentifier?.OrderingTimestamp).toEqual(new Date('2026-01-02T00:00:00Z'));
    expect(first?.EvaluationResultIdentifier?.EvaluationResultQualifier?.ConfigRuleName).toBe(RULE);
    expect(all[1]?.ComplianceType).toBe('COMPLIANT');

    const failing = await client.send(
      new GetComplianceDetailsByConfigRuleCommand({
        ConfigRuleName: RULE,
        ComplianceTypes: ['NON_COMPLIANT'],
      }),
    );
    // Default page size is 10 (Limit absent); bucket-03, 06 … 24 are non-compliant: 8 of them.
    expect(failing.EvaluationResults?.length).toBe(8);
    expect(failing.NextToken).toBeUndefined();
    expect(emu.config.results(A, RULE)).toHaveLength(25);
    expect(emu.config.results(B, RULE)).toEqual([]);
  });

  it('validates shapes as the API Reference states them', async () => {
    const client = config(emu, emu.credentialsFor(A), { maxAttempts: 1 });
    const token = emu.config.resultToken(A, 'validation');
    const tooMany = Array.from({ length: 101 }, (_, i) => evaluation(`b${i}`, 'COMPLIANT'));
    const cases: [unknown[], string][] = [
      [tooMany, 'ValidationException'],
      [[evaluation('x', 'INSUFFICIENT_DATA')], 'InvalidParameterValueException'],
      [[evaluation('x', 'MAYBE')], 'ValidationException'],
      [[evaluation('x', 'COMPLIANT', undefined, 'a'.repeat(257))], 'ValidationException'],
      [[{ ...evaluation('x', 'COMPLIANT'), ComplianceResourceId: '' }], 'ValidationException'],
    ];
    for (const [Evaluations, name] of cases) {
      const error = await failure(
        client.send(new PutEvaluationsCommand({ ResultToken: token, Evaluations: Evaluations as never })),
      );
      expect(error.name).toBe(name);
    }
    expect(emu.config.results(A, 'validation')).toEqual([]);
    // A token Config did not issue, or one issued to another account, is refused.
    expect(
      (await failure(client.send(new PutEvaluationsCommand({ ResultToken: 'TESTMODE', Evaluations: [] }))))
        .name,
    ).toBe('InvalidResultTokenException');
    const other = emu.config.resultToken(B, RULE);
    expect(
      (await failure(client.send(new PutEvaluationsCommand({ ResultToken: other, Evaluations: [] })))).name,
    ).toBe('InvalidResultTokenException');
    // TestMode validates without storing (and needs no issued token).
    await client.send(
      new PutEvaluationsCommand({
        ResultToken: 'TESTMODE',
        TestMode: true,
        Evaluations: [evaluation('t', 'COMPLIANT')],
      }),
    );
    const unknownRule = await failure(
      client.send(new GetComplianceDetailsByConfigRuleCommand({ ConfigRuleName: 'nope' })),
    );
    expect(unknownRule.name).toBe('NoSuchConfigRuleException');
    const badLimit = await failure(
      client.send(new GetComplianceDetailsByConfigRuleCommand({ ConfigRuleName: RULE, Limit: 101 })),
    );
    expect(badLimit.name).toBe('ValidationException');
    const badToken = await failure(
      client.send(new GetComplianceDetailsByConfigRuleCommand({ ConfigRuleName: RULE, NextToken: 'x' })),
    );
    expect(badToken.name).toBe('InvalidNextTokenException');
  });

  it('enforces the allow-list (config:PutEvaluations) like IAM', async () => {
    const reader = { accessKeyId: 'AKIABREADER000000001', secretAccessKey: 's' };
    const client = config(emu, reader, { maxAttempts: 1 });
    const error = await failure(
      client.send(
        new PutEvaluationsCommand({
          ResultToken: emu.config.resultToken(B, RULE),
          Evaluations: [evaluation('x', 'COMPLIANT')],
        }),
      ),
    );
    expect(error.name).toBe('AccessDeniedException');
    expect(error.message).toContain('config:PutEvaluations');
    expect(emu.counters.byOperation()['config:PutEvaluations']).toBeGreaterThan(0);
  });
});
