/**
 * The emulator's operations as data: one table per service (services/<service>.ts) says, for each
 * operation, which IAM action authorizes it, which handler answers it and what else is particular to
 * it (the names a fault rule's `resource` matches, its own AccessDenied wording, its restJson1 path);
 * the service's wire protocol (protocols.ts) says how an operation is named and read from a request
 * and how errors are enveloped. The server (server.ts) is one generic loop over these tables.
 * Adding an operation is one row plus its handler.
 */
import type { EmuRequest, Reply, Service } from './reply.js';
import type { HandlerContext } from './services/context.js';
import type { World } from './world.js';

/** One error as a service words it: HTTP status, error code and default message. */
export interface ErrorWords {
  status: number;
  code: string;
  message: string;
  /** restJson1 services that also name the error in the body's `Code` (Security Hub). */
  codeInBody?: boolean;
}

/** The conditions every service answers in its own words (auth, throttling, server errors, denial). */
export type Condition =
  | 'missingAuth'
  | 'unknownKey'
  | 'badToken'
  | 'accessDenied'
  | 'throttle'
  | 'server500'
  | 'server503';

export type ServiceErrors = Readonly<Record<Condition, ErrorWords>>;

/** What an AccessDenied answer may depend on. */
export interface Denial {
  world: World;
  req: EmuRequest;
  callerArn: string;
  /** The IAM action denied (the operation's, or `service:Operation` for a fault on one without). */
  action: string;
}

/** The message of an AccessDenied answer, and headers it adds (HeadBucket's Region). */
export interface DeniedWords {
  message: string;
  headers?: Record<string, string>;
}

/** One operation of a service: everything the server needs to know about it. */
export interface Operation<I> {
  /** The IAM action that authorizes it (Service Authorization Reference); null: none is needed. */
  action: string | null;
  handler: (ctx: HandlerContext, input: I) => Reply;
  /** restJson1 binding: `POST /listRegions` (the service's protocol says whether the method counts). */
  http?: string;
  /** Names a fault rule's `resource` matches; default: the service's `resources`. */
  resources?: (input: I) => string[];
  /** Its AccessDenied wording; default: the service's `denied`. */
  denied?: (d: Denial, input: I) => DeniedWords;
}

/** How a wire protocol names an operation, reads its input and envelopes an error. */
export interface WireProtocol<I> {
  readonly name: 'rest-xml' | 'json-1.1' | 'rest-json' | 'query' | 'ec2-query';
  /**
   * The operation's name and input; input `undefined`: a body the protocol cannot read. `routes`:
   * the service's restJson1 bindings (key → operation), for protocols that route by path.
   */
  read(req: EmuRequest, routes: ReadonlyMap<string, string>): { operation: string; input: I | undefined };
  /** The key a restJson1 binding is matched by (`POST /path` or `/path`); other protocols: none. */
  routeKey?(http: string): string;
  /** Builds the protocol's error envelope. */
  envelope(req: EmuRequest, error: ErrorWords, message: string): Reply;
  /** The protocol's usual words for the common conditions (a service may override some). */
  readonly errors: ServiceErrors;
  unknownOperation(operation: string): ErrorWords;
  /** A body that is not a JSON object (JSON protocols only). */
  readonly malformed: ErrorWords;
  /** Request-id headers of every answer. */
  ids(req: EmuRequest): Record<string, string>;
}

export interface ServiceDef<I> {
  name: Service;
  protocol: WireProtocol<I>;
  /** Served from us-east-1 only, so never in a disabled Region (Organizations, the Account API). */
  global?: boolean;
  /** Words that differ from the protocol's (Organizations' TooManyRequestsException…). */
  errors?: Partial<ServiceErrors>;
  operations: Readonly<Record<string, Operation<I>>>;
  /**
   * restJson1 operations the real API has but the emulator does not (`POST /path` → name): counted
   * under their name and answered UnknownOperation.
   */
  otherRoutes?: Readonly<Record<string, string>>;
  /** Names a fault rule's `resource` matches (bucket, trail name/ARN…); default none. */
  resources?: (input: I) => string[];
  /** AccessDenied wording; default notAuthorizedMessage without a resource. */
  denied?: (d: Denial, input: I) => DeniedWords;
}

/** A request's operation with its input bound: what the server's generic loop works with. */
export interface BoundOperation {
  action: string | null;
  resources(): string[];
  denied(d: Denial): DeniedWords;
  handle(ctx: HandlerContext): Reply;
}

export type Routed =
  | { operation: string; malformed: true }
  | { operation: string; malformed: false; bound: BoundOperation | undefined };

/** A service table with the input type erased, so one loop serves every protocol. */
export interface ServiceTable {
  name: Service;
  protocol: WireProtocol<unknown>['name'];
  global: boolean;
  operations: Readonly<Record<string, Pick<Operation<unknown>, 'action' | 'http'>>>;
  /** restJson1 route key → operation (the table's bindings and `otherRoutes`). */
  routes: ReadonlyMap<string, string>;
  route(req: EmuRequest): Routed;
  /** The service's answer to a common condition (`message` replaces the default one). */
  error(req: EmuRequest, condition: Condition, message?: string): Reply;
  unknownOperation(req: EmuRequest, operation: string): Reply;
  malformed(req: EmuRequest): Reply;
  ids(req: EmuRequest): Record<string, string>;
}

/** "User: arn:… is not authorized to perform: s3:X on resource: … because no identity-based policy allows the s3:X action" */
export function notAuthorizedMessage(callerArn: string, action: string, resource?: string): string {
  const on = resource ? ` on resource: ${resource}` : '';
  return `User: ${callerArn} is not authorized to perform: ${action}${on} because no identity-based policy allows the ${action} action`;
}

const NO_RESOURCES = (): string[] => [];

export function defineService<I>(def: ServiceDef<I>): ServiceTable {
  const { protocol } = def;
  const errors: ServiceErrors = { ...protocol.errors, ...def.errors };
  const routes = new Map<string, string>();
  for (const [name, op] of Object.entries(def.operations))
    if (op.http !== undefined && protocol.routeKey) routes.set(protocol.routeKey(op.http), name);
  for (const [http, name] of Object.entries(def.otherRoutes ?? {}))
    if (protocol.routeKey) routes.set(protocol.routeKey(http), name);
  const defaultDenied = (d: Denial): DeniedWords => ({
    message: notAuthorizedMessage(d.callerArn, d.action),
  });
  return {
    name: def.name,
    protocol: protocol.name,
    global: def.global === true,
    operations: def.operations,
    routes,
    route(req) {
      const { operation, input } = protocol.read(req, routes);
      if (input === undefined) return { operation, malformed: true };
      const op = Object.hasOwn(def.operations, operation) ? def.operations[operation] : undefined;
      if (!op) return { operation, malformed: false, bound: undefined };
      const resources = op.resources ?? def.resources ?? NO_RESOURCES;
      const denied = op.denied ?? def.denied ?? defaultDenied;
      return {
        operation,
        malformed: false,
        bound: {
          action: op.action,
          resources: () => resources(input),
          denied: (d) => denied(d, input),
          handle: (ctx) => op.handler(ctx, input),
        },
      };
    },
    error(req, condition, message) {
      const words = errors[condition];
      return protocol.envelope(req, words, message ?? words.message);
    },
    unknownOperation: (req, operation) => {
      const words = protocol.unknownOperation(operation);
      return protocol.envelope(req, words, words.message);
    },
    malformed: (req) => protocol.envelope(req, protocol.malformed, protocol.malformed.message),
    ids: (req) => protocol.ids(req),
  };
}
