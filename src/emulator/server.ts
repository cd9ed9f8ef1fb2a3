/**
 * The emulator's HTTP server (node:http): one generic loop over the service tables (table.ts,
 * services/*). Per request: read body → which service (services/index.ts) → its protocol names the
 * operation and reads the input → resolve the caller from the SigV4 access key → count → auth /
 * disabled-Region checks → the operation's row (none: the protocol's unknown-operation error) →
 * faults (latency, then the first firing fault) → IAM allow-list with the row's action → the row's
 * handler → reply with the protocol's request-id headers. Signatures are not verified.
 */
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse, STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import type { EmulatorHandle, EmulatorOptions, FaultKind, Scenario, ScenarioSpec } from './api.js';
import { RequestCounters } from './counters.js';
import { FaultEngine } from './faults.js';
import { isActionAllowed } from './iam-match.js';
import { readScope } from './identity.js';
import type { EmuRequest, Reply } from './reply.js';
import { validateScenario } from './scenario/schema.js';
import type { HandlerContext } from './services/context.js';
import { SERVICES, serviceOf } from './services/index.js';
import type { BoundOperation, Denial, ServiceTable } from './table.js';
import { World } from './world.js';

export async function startEmulator(
  scenario: ScenarioSpec | Scenario,
  options: EmulatorOptions = {},
): Promise<EmulatorHandle> {
  const spec =
    'build' in scenario && typeof scenario.build === 'function'
      ? scenario.build()
      : validateScenario(scenario as ScenarioSpec);
  const world = new World(spec);
  const counters = new RequestCounters();
  const faults = new FaultEngine(spec.faults ?? [], options.seed ?? 1);
  const timers = new Set<NodeJS.Timeout>();
  const hung = new Set<Socket>();
  const unsupported = new Set(spec.unsupportedOperations ?? []);

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      // A bug in the emulator: answer 500 so the client sees a server error instead of hanging.
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
      res.end(`emulator error: ${(error as Error)?.message ?? String(error)}`);
    });
  });

  async function handle(raw: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = await readBody(raw);
    const url = new URL(raw.url ?? '/', 'http://emulator');
    const scope = readScope(raw.headers, url.searchParams);
    const service = serviceOf(raw.headers, body, scope?.service, url.pathname);
    const req: EmuRequest = {
      method: (raw.method ?? 'GET').toUpperCase(),
      path: decodeURIComponent(url.pathname),
      query: url.searchParams,
      headers: raw.headers,
      body,
      host: (raw.headers.host ?? '').replace(/:\d+$/, '').toLowerCase(),
      requestId: randomBytes(8).toString('hex').toUpperCase(),
      hostId: randomBytes(24).toString('base64'),
      service,
      region: scope?.region ?? 'us-east-1',
    };
    const reply = await answer(req, scope);
    send(raw, res, req, reply);
  }

  async function answer(req: EmuRequest, scope: ReturnType<typeof readScope>): Promise<Reply> {
    const table = SERVICES[req.service];
    const routed = table.route(req);
    const resolved = scope ? world.resolve(scope.accessKeyId, scope.sessionToken) : undefined;
    const caller = resolved && 'caller' in resolved ? resolved.caller : undefined;
    const operation = routed.malformed ? 'Invalid' : routed.operation;
    counters.record(`${req.service}:${operation}`, caller?.account);

    if (!scope) return table.error(req, 'missingAuth');
    if (!caller)
      return table.error(
        req,
        resolved && 'error' in resolved && resolved.error === 'bad-token' ? 'badToken' : 'unknownKey',
      );
    // A disabled opt-in Region does not know the account's credentials: the same auth failure as
    // an unknown key (S3 InvalidAccessKeyId, JSON UnrecognizedClientException, STS
    // InvalidClientTokenId, EC2 AuthFailure). Global services (Organizations, the Account API) are
    // served from us-east-1 and never disabled.
    if (!table.global && world.isRegionDisabled(caller.account, req.region))
      return table.error(req, 'unknownKey');
    if (routed.malformed) return table.malformed(req);
    const op = routed.bound;
    if (!op || unsupported.has(`${req.service}:${operation}`)) return table.unknownOperation(req, operation);

    const decision = faults.decide({
      service: req.service,
      operation,
      account: caller.account,
      resources: op.resources(),
    });
    if (decision.latencyMs > 0) await sleep(decision.latencyMs);
    const f = decision.fault;
    const denial = (action: string): Denial => ({ world, req, callerArn: caller.arn, action });
    if (f && f.kind !== 'importFailure')
      return faultReply(f, table, op, denial(op.action ?? `${req.service}:${operation}`));
    const { action } = op;
    if (action !== null && !isActionAllowed(caller.allow, action)) return denied(table, op, denial(action));

    const ctx: HandlerContext = { world, req, caller, operation, action };
    // A partial import failure is an answer of the operation itself (200, FailedFindings), not an error.
    if (f?.kind === 'importFailure')
      ctx.partialFailure = {
        errorCode: f.errorCode ?? 'InternalFailure',
        count: f.count ?? Number.POSITIVE_INFINITY,
      };
    return op.handle(ctx);
  }

  function sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const t = setTimeout(() => {
        timers.delete(t);
        resolve();
      }, ms);
      timers.add(t);
    });
  }

  function send(raw: IncomingMessage, res: ServerResponse, req: EmuRequest, reply: Reply): void {
    if ('drop' in reply) {
      if (reply.drop === 'reset') raw.socket.destroy();
      else hung.add(raw.socket);
      return;
    }
    const headers: Record<string, string> = { ...reply.headers, ...SERVICES[req.service].ids(req) };
    const body = req.method === 'HEAD' ? '' : (reply.body ?? '');
    headers['content-length'] = String(Buffer.byteLength(body));
    // Node adds an accurate Date header itself (sendDate); the SDK's clock-skew logic relies on it.
    res.writeHead(reply.status, headers);
    res.end(body);
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  const host = options.host ?? '127.0.0.1';

  return {
    endpoint: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    hostnameEndpoint: `http://localhost:${port}`,
    port,
    credentialsFor: (account, principalName) => world.credentialsFor(account, principalName),
    counters,
    faults: { add: (rule) => faults.add(rule), clear: () => faults.clear(), fired: () => faults.fired() },
    snapshot: () => world.toSpec(spec),
    config: {
      resultToken: (account, rule) => world.configRules.issueToken(account, rule),
      results: (account, rule) =>
        world.configRules.results(account, rule).map((r) => ({
          resourceType: r.resourceType,
          resourceId: r.resourceId,
          complianceType: r.complianceType,
          ...(r.annotation !== undefined ? { annotation: r.annotation } : {}),
          orderingTimestamp: new Date(r.orderingTimestamp).toISOString(),
        })),
    },
    securityHub: {
      findings: (account) => world.securityHub.list(account).map((f) => structuredClone(f)),
    },
    stop: async () => {
      for (const t of timers) clearTimeout(t);
      timers.clear();
      for (const s of hung) s.destroy();
      hung.clear();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** A non-AWS error page (the `plainError` fault): no error name in a header or in the body. */
function plainError(status: number, body?: string, contentType = 'text/html; charset=utf-8'): Reply {
  const phrase = STATUS_CODES[status] ?? 'Error';
  const page =
    body ?? `<!doctype html>\n<html lang=en>\n<title>${status} ${phrase}</title>\n<h1>${phrase}</h1>\n`;
  return { status, headers: { 'content-type': contentType }, body: page };
}

/** The answer of a fault that replaces the operation's (every kind but `importFailure`). */
function faultReply(
  fault: Exclude<FaultKind, { kind: 'latency' | 'importFailure' }>,
  table: ServiceTable,
  op: BoundOperation,
  d: Denial,
): Reply {
  switch (fault.kind) {
    case 'reset':
      return { drop: 'reset' };
    case 'hang':
      return { drop: 'hang' };
    case 'throttle':
      return table.error(d.req, 'throttle');
    case 'serverError':
      return table.error(d.req, fault.status === 503 ? 'server503' : 'server500');
    case 'plainError':
      return plainError(fault.status, fault.body, fault.contentType);
    case 'accessDenied':
      return denied(table, op, d);
  }
}

/** AccessDenied in the service's own words, naming the action like IAM does. */
function denied(table: ServiceTable, op: BoundOperation, d: Denial): Reply {
  const words = op.denied(d);
  const reply = table.error(d.req, 'accessDenied', words.message);
  if (words.headers && 'status' in reply) reply.headers = { ...reply.headers, ...words.headers };
  return reply;
}
