/**
 * Account Management API ListRegions (restJson1, `POST /listRegions`) through the real
 * @aws-sdk/client-account: per-account opt-in status, the status filter, pagination, validation,
 * the allow-list (account:ListRegions) and errors named from the `x-amzn-ErrorType` header.
 */
import { ListRegionsCommand, paginateListRegions } from '@aws-sdk/client-account';
import { DescribeRegionsCommand } from '@aws-sdk/client-ec2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EmulatorHandle, scenario, startEmulator } from '../../src/emulator/index.js';
import { account, ec2, failure } from './helpers.js';

const A = '111111111111';
const OPTED_IN = '222222222222';
const LIMITED = '333333333333';

describe('Account ListRegions through the real SDK client', () => {
  let emu: EmulatorHandle;
  beforeAll(async () => {
    emu = await startEmulator(
      scenario()
        .regions(['us-east-1', 'eu-west-1'])
        .account({ id: A, name: 'a', disabledRegions: ['af-south-1'] })
        .account({ id: OPTED_IN, name: 'opted-in', regions: ['us-east-1', 'eu-west-1', 'af-south-1'] })
        .account({
          id: LIMITED,
          name: 'limited',
          principals: [
            {
              name: 'reader',
              accessKeyId: 'AKIALIMITEDREADER001',
              secretAccessKey: 'secret',
              allow: ['ec2:DescribeRegions'],
            },
          ],
        })
        .pageSizes({ listRegions: 1 })
        .build(),
    );
  });
  afterAll(async () => {
    await emu.stop();
  });

  const statuses = async (id: string, filter?: ('ENABLED' | 'ENABLED_BY_DEFAULT' | 'DISABLED')[]) => {
    const out: [string | undefined, string | undefined][] = [];
    const client = account(emu, emu.credentialsFor(id));
    for await (const page of paginateListRegions(
      { client },
      filter ? { RegionOptStatusContains: filter } : {},
    )) {
      for (const r of page.Regions ?? []) out.push([r.RegionName, r.RegionOptStatus]);
    }
    return out;
  };

  it('maps each account’s opt-in state to RegionOptStatus, one page per Region here', async () => {
    expect(await statuses(A)).toEqual([
      ['af-south-1', 'DISABLED'],
      ['eu-west-1', 'ENABLED_BY_DEFAULT'],
      ['us-east-1', 'ENABLED_BY_DEFAULT'],
    ]);
    expect(await statuses(OPTED_IN)).toEqual([
      ['af-south-1', 'ENABLED'],
      ['eu-west-1', 'ENABLED_BY_DEFAULT'],
      ['us-east-1', 'ENABLED_BY_DEFAULT'],
    ]);
    // pageSizes.listRegions = 1: three requests, each answered with a NextToken but the last.
    expect(emu.counters.byAccount()[OPTED_IN]?.['account:ListRegions']).toBe(3);
  });

  it('filters by RegionOptStatusContains', async () => {
    expect(await statuses(A, ['ENABLED', 'ENABLED_BY_DEFAULT'])).toEqual([
      ['eu-west-1', 'ENABLED_BY_DEFAULT'],
      ['us-east-1', 'ENABLED_BY_DEFAULT'],
    ]);
    expect(await statuses(OPTED_IN, ['ENABLED'])).toEqual([['af-south-1', 'ENABLED']]);
  });

  it('rejects MaxResults outside 1–50 and an unknown status with ValidationException', async () => {
    const client = account(emu, emu.credentialsFor(A), { maxAttempts: 1 });
    const big = await failure(client.send(new ListRegionsCommand({ MaxResults: 51 })));
    expect([big.name, big.$metadata.httpStatusCode]).toEqual(['ValidationException', 400]);
    expect(big.fieldList).toEqual([{ name: 'MaxResults', message: expect.stringMatching(/1 and 50/) }]);
    const token = await failure(client.send(new ListRegionsCommand({ NextToken: 'bogus' })));
    expect(token.name).toBe('ValidationException');
  });

  it('needs account:ListRegions: AccessDeniedException 403 naming the action', async () => {
    const client = account(emu, emu.credentialsFor(LIMITED, 'reader'), { maxAttempts: 1 });
    const e = await failure(client.send(new ListRegionsCommand({})));
    expect([e.name, e.$metadata.httpStatusCode]).toEqual(['AccessDeniedException', 403]);
    expect(e.message).toMatch(/account:ListRegions/);
    expect(e.$response?.headers['x-amzn-errortype']).toBe('AccessDeniedException');
  });

  it('throttling is TooManyRequestsException 429 and is retried by the SDK', async () => {
    emu.faults.add({ kind: 'throttle', rate: 1, service: 'account', account: A, times: 1 });
    try {
      const ok = await account(emu, emu.credentialsFor(A)).send(new ListRegionsCommand({ MaxResults: 50 }));
      expect(ok.Regions?.length).toBe(1);
      expect(ok.$metadata.attempts).toBe(2);
      emu.faults.add({ kind: 'throttle', rate: 1, service: 'account', account: A, times: 1 });
      const e = await failure(
        account(emu, emu.credentialsFor(A), { maxAttempts: 1 }).send(new ListRegionsCommand({})),
      );
      expect([e.name, e.$metadata.httpStatusCode]).toEqual(['TooManyRequestsException', 429]);
    } finally {
      emu.faults.clear();
    }
  });

  it('unknown keys are UnrecognizedClientException', async () => {
    const e = await failure(
      account(emu, { accessKeyId: 'AKIANOSUCHKEY0000000', secretAccessKey: 'x' }, { maxAttempts: 1 }).send(
        new ListRegionsCommand({}),
      ),
    );
    expect([e.name, e.$metadata.httpStatusCode]).toEqual(['UnrecognizedClientException', 403]);
  });
});

describe('a world without the Account API (unsupportedOperations)', () => {
  it('answers ListRegions with UnknownOperationException, DescribeRegions still works', async () => {
    const gov = await startEmulator({
      regions: ['us-east-1'],
      accounts: [{ id: A, name: 'a' }],
      buckets: [],
      trails: [],
      unsupportedOperations: ['account:ListRegions'],
    });
    try {
      const e = await failure(
        account(gov, gov.credentialsFor(A), { maxAttempts: 1 }).send(new ListRegionsCommand({})),
      );
      expect(e.name).toBe('UnknownOperationException');
      const regions = await ec2(gov, gov.credentialsFor(A)).send(new DescribeRegionsCommand({}));
      expect(regions.Regions?.map((r) => r.RegionName)).toEqual(['us-east-1']);
    } finally {
      await gov.stop();
    }
  });
});
