/**
 * The emulator's HTTP server (node:http). Per request: read body → route → resolve the caller from
 * the SigV4 access key → count → auth / disabled-Region checks → faults (latency, then the first
 * firing fault) → IAM allow-list → service handler. Signatures are not verified.
 */
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse, STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import { isActionAllowed, OPERATION_ACTIONS } from './actions.js';
import type { EmulatorHandle, EmulatorOptions, Scenario, ScenarioSpec } from './api.js';
import { RequestCounters } from './counters.js';
import { KNOWN_OPERATIONS, type Routed, resourcesOf, route, serviceOf } from './dispatch.js';
import { FaultEngine } from './faults.js';
import { readScope } from './identity.js';
import {
  commonError,
  type EmuRequest,
  ec2Error,
  jsonError,
  notAuthorizedMessage,
  queryError,
  type Reply,
  restJsonError,
  s3Error,
} from './reply.js';
import { validateScenario } from './scenario/schema.js';
import { listRegions } from './services/account.js';
import { describeTrails, getTrail, getTrailStatus, listTrails } from './services/cloudtrail.js';
import { getComplianceDetailsByConfigRule, putEvaluations } from './services/config.js';
import {
  describeConfigurationAggregatorSourcesStatus,
  selectAggregateResourceConfig,
} from './services/config-aggregator.js';
import type { HandlerContext } from './services/context.js';
import { describeRegions } from './services/ec2.js';
import { describeOrganization, listAccounts } from './services/organizations.js';
import { handleS3 } from './services/s3/index.js';
import { batchImportFindings, type ImportFault } from './services/securityhub.js';
import { assumeRole, getCallerIdentity } from './services/sts.js';
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
    const routed = route(req);
    const resolved = scope ? world.resolve(scope.accessKeyId, scope.sessionToken) : undefined;
    const caller = resolved && 'caller' in resolved ? resolved.caller : undefined;
    const operation = 'invalidJson' in routed ? 'Invalid' : routed.operation;
    counters.record(`${req.service}:${operation}`, caller?.account);

    if (!scope) return missingAuth(req);
    if (!caller)
      return commonError(
        req,
        resolved && 'error' in resolved && resolved.error === 'bad-token' ? 'badToken' : 'unknownKey',
      );
    // A disabled opt-in Region does not know the account's credentials: the same auth failure as
    // an unknown key (S3 InvalidAccessKeyId, JSON UnrecognizedClientException, STS
    // InvalidClientTokenId, EC2 AuthFailure). Organizations and the Account API are global (us-east-1)
    // and never disabled.
    if (
      req.service !== 'organizations' &&
      req.service !== 'account' &&
      world.isRegionDisabled(caller.account, req.region)
    ) {
      return commonError(req, 'unknownKey');
    }
    if ('invalidJson' in routed)
      return (req.service === 'account' || req.service === 'securityhub' ? restJsonError : jsonError)(
        400,
        'SerializationException',
        'Start of structure or map found where not expected.',
      );
    if (
      (routed.service !== 's3' && !KNOWN_OPERATIONS[routed.service].has(routed.operation)) ||
      unsupported.has(`${routed.service}:${routed.operation}`)
    )
      return unknownOperation(req, routed);

    const decision = faults.decide({
      service: req.service,
      operation,
      account: caller.account,
      resources: resourcesOf(routed),
    });
    if (decision.latencyMs > 0) await sleep(decision.latencyMs);
    const f = decision.fault;
    // A partial import failure is an answer of the operation itself (200, FailedFindings), not an error.
    let importFault: ImportFault | undefined;
    if (f?.kind === 'importFailure') {
      importFault = {
        errorCode: f.errorCode ?? 'InternalFailure',
        count: f.count ?? Number.POSITIVE_INFINITY,
      };
    } else if (f) {
      switch (f.kind) {
        case 'reset':
          return { drop: 'reset' };
        case 'hang':
          return { drop: 'hang' };
        case 'throttle':
          return commonError(req, 'throttle');
        case 'serverError':
          return commonError(req, f.status === 503 ? 'server503' : 'server500');
        case 'plainError':
          return plainError(f.status, f.body, f.contentType);
        case 'accessDenied':
          return denied(
            req,
            routed,
            caller.arn,
            OPERATION_ACTIONS[`${req.service}:${operation}`] ?? `${req.service}:${operation}`,
          );
      }
    }
    const action = OPERATION_ACTIONS[`${req.service}:${operation}`] ?? null;
    if (action !== null && !isActionAllowed(caller.allow, action))
      return denied(req, routed, caller.arn, action);

    const ctx: HandlerContext = { world, req, caller, operation, action };
    switch (routed.service) {
      case 's3':
        return handleS3(ctx, routed.route);
      case 'cloudtrail': {
        const input = routed.input ?? {};
        if (operation === 'ListTrails') return listTrails(ctx, input);
        if (operation === 'DescribeTrails') return describeTrails(ctx, input);
        if (operation === 'GetTrail') return getTrail(ctx, input);
        return getTrailStatus(ctx, input);
      }
      case 'organizations':
        return operation === 'DescribeOrganization'
          ? describeOrganization(ctx)
          : listAccounts(ctx, routed.input ?? {});
      case 'sts':
        return operation === 'AssumeRole' ? assumeRole(ctx, routed.form) : getCallerIdentity(ctx);
      case 'ec2':
        return describeRegions(ctx, routed.form);
      case 'account':
        return listRegions(ctx, routed.input ?? {});
      case 'config':
        switch (operation) {
          case 'PutEvaluations':
            return putEvaluations(ctx, routed.input ?? {});
          case 'SelectAggregateResourceConfig':
            return selectAggregateResourceConfig(ctx, routed.input ?? {});
          case 'DescribeConfigurationAggregatorSourcesStatus':
            return describeConfigurationAggregatorSourcesStatus(ctx, routed.input ?? {});
          default:
            return getComplianceDetailsByConfigRule(ctx, routed.input ?? {});
        }
      case 'securityhub':
        return batchImportFindings(ctx, routed.input ?? {}, importFault);
    }
  }

  /** AccessDenied in the protocol's own words, naming the action like IAM does. */
  function denied(req: EmuRequest, routed: Routed, callerArn: string, action: string): Reply {
    let reply: Reply;
    if (routed.service === 's3') {
      const bucket = routed.route.bucket;
      const resource = bucket ? `"arn:aws:s3:::${bucket}"` : undefined;
      reply = commonError(req, 'accessDenied', notAuthorizedMessage(callerArn, action, resource));
      // HeadBucket reports the Region "regardless of permissions" (HeadBucket API Reference).
      const b = bucket ? world.bucket(bucket) : undefined;
      if (routed.operation === 'HeadBucket' && b && 'status' in reply) {
        reply.headers = { ...reply.headers, 'x-amz-bucket-region': b.region };
      }
      return reply;
    }
    if (routed.service === 'cloudtrail') {
      const account = callerArn.split(':')[4] ?? '';
      return commonError(
        req,
        'accessDenied',
        notAuthorizedMessage(callerArn, action, `arn:aws:cloudtrail:${req.region}:${account}:trail/*`),
      );
    }
    if (routed.service === 'sts' && routed.operation === 'AssumeRole') {
      return commonError(
        req,
        'accessDenied',
        `User: ${callerArn} is not authorized to perform: sts:AssumeRole on resource: ${routed.form.get('RoleArn') ?? ''}`,
      );
    }
    if (routed.service === 'ec2') {
      return commonError(
        req,
        'accessDenied',
        `You are not authorized to perform this operation. ${notAuthorizedMessage(callerArn, action)}`,
      );
    }
    return commonError(req, 'accessDenied', notAuthorizedMessage(callerArn, action));
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
    const headers: Record<string, string> = { ...reply.headers };
    if (req.service === 's3') {
      headers['x-amz-request-id'] = req.requestId;
      headers['x-amz-id-2'] = req.hostId;
    } else {
      headers['x-amzn-requestid'] = req.requestId;
    }
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

function missingAuth(req: EmuRequest): Reply {
  switch (req.service) {
    case 's3':
      return s3Error(req, 403, 'AccessDenied', 'Access Denied');
    case 'sts':
      return queryError(req, 403, 'MissingAuthenticationToken', 'Request is missing Authentication Token');
    case 'ec2':
      return ec2Error(req, 401, 'MissingAuthenticationToken', 'Request is missing Authentication Token');
    case 'account':
    case 'securityhub':
      return restJsonError(403, 'MissingAuthenticationTokenException', 'Missing Authentication Token');
    default:
      return jsonError(403, 'MissingAuthenticationTokenException', 'Missing Authentication Token');
  }
}

function unknownOperation(req: EmuRequest, routed: Routed): Reply {
  if (routed.service === 'sts' || routed.service === 'ec2') {
    const m = `The action ${routed.operation} is not valid for this web service.`;
    return routed.service === 'sts'
      ? queryError(req, 400, 'InvalidAction', m)
      : ec2Error(req, 400, 'InvalidAction', m);
  }
  if (routed.service === 'account' || routed.service === 'securityhub') {
    // restJson1 services answer an unknown path with UnknownOperationException (404 on API Gateway-
    // style front ends); the client keys on the name.
    return restJsonError(
      404,
      'UnknownOperationException',
      `Operation ${routed.operation} is not supported by the emulator.`,
    );
  }
  return jsonError(
    400,
    'UnknownOperationException',
    `Operation ${routed.operation} is not supported by the emulator.`,
  );
}
