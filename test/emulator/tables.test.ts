/**
 * The emulator's operation tables themselves (src/emulator/services/*, table.ts): every operation the
 * collector calls is a row with the action the least-privilege policy names, every row's action is a
 * well-formed IAM action of its own service, and an operation no row serves gets the unknown-operation
 * error of its protocol, in that protocol's envelope (raw HTTP, so the envelope is checked as sent).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EmulatorHandle, OPERATION_ACTIONS, startEmulator } from '../../src/emulator/index.js';
import { SERVICES } from '../../src/emulator/services/index.js';
import { COLLECTOR_ACTIONS } from '../../src/sources/aws/iam-actions.js';

const A = '111111111111';
const KEY = 'AKIATABLES0000000001';

/** IAM action: `<service prefix>:<Action>` (Service Authorization Reference spelling). */
const ACTION = /^([a-z0-9-]+):([A-Z][A-Za-z0-9]+)$/;

describe('operation tables', () => {
  it('has a row for every operation the collector calls, with the same IAM action', () => {
    for (const [key, action] of Object.entries(COLLECTOR_ACTIONS)) {
      const [service = '', operation = ''] = key.split(':');
      const table = Object.values(SERVICES).find((t) => t.name === service);
      expect(table, key).toBeDefined();
      expect(table?.operations[operation]?.action, key).toBe(action);
    }
  });

  it('every row names a well-formed action of its own service (or none)', () => {
    let rows = 0;
    for (const [service, table] of Object.entries(SERVICES)) {
      expect(table.name).toBe(service);
      for (const [operation, op] of Object.entries(table.operations)) {
        rows++;
        expect(operation, `${service} operation name`).toMatch(/^[A-Z][A-Za-z0-9]+$/);
        if (op.action === null) continue;
        const m = ACTION.exec(op.action);
        expect(m, `${service}:${operation} → ${op.action}`).not.toBeNull();
        expect(m?.[1], `${service}:${operation} → ${op.action}`).toBe(service);
      }
    }
    expect(rows).toBeGreaterThanOrEqual(Object.keys(COLLECTOR_ACTIONS).length);
    // Only GetCallerIdentity needs no permission.
    expect(Object.entries(OPERATION_ACTIONS).filter(([, a]) => a === null)).toEqual([
      ['sts:GetCallerIdentity', null],
    ]);
  });

  it('OPERATION_ACTIONS is read from the tables, one entry per row', () => {
    const fromTables = Object.values(SERVICES).flatMap((t) =>
      Object.entries(t.operations).map(([op, row]) => [`${t.name}:${op}`, row.action]),
    );
    expect(Object.entries(OPERATION_ACTIONS).sort()).toEqual(fromTables.sort());
  });

  it('restJson1 rows are bound to a path; the other protocols route without one', () => {
    for (const table of Object.values(SERVICES)) {
      for (const [operation, op] of Object.entries(table.operations)) {
        if (table.protocol === 'rest-json') expect(op.http, operation).toMatch(/^POST \/\S+$/);
        else expect(op.http, operation).toBeUndefined();
      }
    }
    expect(SERVICES.account.routes.get('/listRegions')).toBe('ListRegions');
    expect(SERVICES.securityhub.routes.get('POST /findings/import')).toBe('BatchImportFindings');
  });
});

describe('an operation no row serves', () => {
  let emu: EmulatorHandle;
  beforeAll(async () => {
    emu = await startEmulator({
      regions: ['us-east-1'],
      accounts: [
        { id: A, name: 'a', principals: [{ name: 'admin', accessKeyId: KEY, secretAccessKey: 's' }] },
      ],
      buckets: [{ name: 'tables-bucket', account: A, region: 'us-east-1' }],
      trails: [],
    });
  });
  afterAll(async () => emu.stop());

  /** A request signed (in form only: the emulator reads the scope, not the signature) for `service`. */
  async function send(
    service: string,
    path: string,
    init: { method?: string; headers?: Record<string, string>; body?: string } = {},
  ) {
    const res = await fetch(`${emu.endpoint}${path}`, {
      method: init.method ?? 'POST',
      headers: {
        authorization: `AWS4-HMAC-SHA256 Credential=${KEY}/20260101/us-east-1/${service}/aws4_request, SignedHeaders=host, Signature=0`,
        ...init.headers,
      },
      ...(init.body !== undefined ? { body: init.body } : {}),
    });
    return { status: res.status, headers: res.headers, body: await res.text() };
  }

  const json11 = (target: string) => ({
    headers: { 'x-amz-target': target, 'content-type': 'application/x-amz-json-1.1' },
    body: '{}',
  });
  const form = (body: string) => ({
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body,
  });

  it.each([
    ['cloudtrail', 'CloudTrail_20131101.StartLogging', 'StartLogging'],
    ['organizations', 'AWSOrganizationsV20161128.ListRoots', 'ListRoots'],
    ['config', 'StarlingDoveService.DescribeConfigRules', 'DescribeConfigRules'],
  ])('JSON 1.1 (%s): 400 UnknownOperationException in __type', async (service, target, operation) => {
    emu.counters.reset();
    const r = await send(service, '/', json11(target));
    expect(r.status).toBe(400);
    expect(r.headers.get('content-type')).toBe('application/x-amz-json-1.1');
    expect(r.headers.get('x-amzn-requestid')).toMatch(/^[0-9A-F]{16}$/);
    expect(JSON.parse(r.body)).toEqual({
      __type: 'UnknownOperationException',
      message: `Operation ${operation} is not supported by the emulator.`,
    });
    expect(emu.counters.byOperation()).toEqual({ [`${service}:${operation}`]: 1 });
  });

  it.each([
    ['account', '/getRegionOptStatus', 'GetRegionOptStatus'],
    ['securityhub', '/findings', 'POST /findings'],
  ])(
    'restJson1 (%s): 404 UnknownOperationException in x-amzn-ErrorType',
    async (service, path, operation) => {
      emu.counters.reset();
      const r = await send(service, path, { headers: { 'content-type': 'application/json' }, body: '{}' });
      expect(r.status).toBe(404);
      expect(r.headers.get('content-type')).toBe('application/json');
      expect(r.headers.get('x-amzn-errortype')).toBe('UnknownOperationException');
      expect(JSON.parse(r.body)).toEqual({
        message: `Operation ${operation} is not supported by the emulator.`,
      });
      expect(emu.counters.byOperation()).toEqual({ [`${service}:${operation}`]: 1 });
    },
  );

  it('STS Query: 400 InvalidAction in <ErrorResponse><Error> with Type Sender', async () => {
    const r = await send('sts', '/', form('Action=GetSessionToken&Version=2011-06-15'));
    expect(r.status).toBe(400);
    expect(r.headers.get('content-type')).toBe('text/xml');
    expect(r.body).toContain(
      '<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><Error><Type>Sender</Type><Code>InvalidAction</Code><Message>The action GetSessionToken is not valid for this web service.</Message></Error>',
    );
  });

  it('EC2 Query: 400 InvalidAction in <Response><Errors><Error>', async () => {
    const r = await send('ec2', '/', form('Action=DescribeInstances&Version=2016-11-15'));
    expect(r.status).toBe(400);
    expect(r.body).toContain(
      '<Response><Errors><Error><Code>InvalidAction</Code><Message>The action DescribeInstances is not valid for this web service.</Message></Error></Errors>',
    );
  });

  it('S3 REST-XML: 501 NotImplemented in <Error>, with the S3 request ids', async () => {
    emu.counters.reset();
    const r = await send('s3', '/tables-bucket/some/key', { method: 'GET' });
    expect(r.status).toBe(501);
    expect(r.headers.get('x-amz-request-id')).toMatch(/^[0-9A-F]{16}$/);
    expect(r.headers.get('x-amz-id-2')).toBeTruthy();
    expect(r.body).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>\n<Error><Code>NotImplemented<\/Code>/);
    expect(emu.counters.byOperation()).toEqual({ 's3:Unsupported': 1 });
  });

  it("unsupportedOperations answers a served operation the same way, in that operation's protocol", async () => {
    const world = await startEmulator({
      regions: ['us-east-1'],
      accounts: [
        { id: A, name: 'a', principals: [{ name: 'admin', accessKeyId: KEY, secretAccessKey: 's' }] },
      ],
      buckets: [{ name: 'tables-bucket', account: A, region: 'us-east-1' }],
      trails: [],
      unsupportedOperations: ['s3:GetBucketLogging', 'cloudtrail:ListTrails'],
    });
    const saved = emu;
    emu = world;
    try {
      const logging = await send('s3', '/tables-bucket/?logging=', { method: 'GET' });
      expect(logging.status).toBe(501);
      expect(logging.body).toContain('<Error><Code>NotImplemented</Code>');
      const trails = await send('cloudtrail', '/', json11('CloudTrail_20131101.ListTrails'));
      expect([trails.status, JSON.parse(trails.body).__type]).toEqual([400, 'UnknownOperationException']);
      // The rest of the service is served.
      const acl = await send('s3', '/tables-bucket/?acl=', { method: 'GET' });
      expect(acl.status).toBe(200);
    } finally {
      emu = saved;
      await world.stop();
    }
  });
});
