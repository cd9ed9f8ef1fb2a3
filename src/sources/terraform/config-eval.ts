/**
 * Evaluates a Terraform configuration statically: module instances (root and local modules, with
 * count / for_each), lazily evaluated variables, locals, resources and outputs. Produces one
 * `ResourceView` per resource instance, with its file, line and full address.
 */
import { resolve } from 'node:path';
import { type InputLimits, LimitExceeded, resolveLimits } from '../limits.js';
import { budgetHit, EvalBudget } from './budget.js';
import {
  accountSymbolOf,
  ambientAccount,
  ambientProvider,
  dataSourceAttribute,
  type ProviderInfo,
  providerRegion,
} from './data-sources.js';
import { ChildScope, evaluate, iterate, type Scope, traverse } from './evaluate.js';
import { exprText } from './expr-text.js';
import { FileAccess } from './file-access.js';
import type { Body, Expr } from './hcl-ast.js';
import { type Decl, isLocalSource, type ModuleDef, type ModuleResolver } from './module-def.js';
import { policyDocumentJson } from './policy-document.js';
import type { BlockView, ResourceView } from './resource-view.js';
import {
  hasSymbol,
  isPlainObject,
  isUnknown,
  LazyObject,
  newObject,
  toStringValue,
  Unknown,
  type Value,
} from './values.js';
import { convertToType, typeSpec } from './var-types.js';
import { type CliVariables, parseRawVariable, parsesAsHcl } from './variables.js';

/** What an unset root variable's message says: where a value would come from. */
export const NO_VALUE_HINT =
  'its value is given when Terraform runs (give it with --var NAME=VALUE or --var-file FILE, or scan the plan JSON)';

/** Module nesting deeper than this is treated as a cycle (Terraform itself forbids recursive modules). */
const MAX_MODULE_DEPTH = 16;

export interface Problem {
  operation: string;
  code: string;
  message: string;
  file: string;
  line: number;
  resource?: string;
}

export interface EvalContext {
  defs: Map<string, ModuleDef>;
  problems: Problem[];
  /** The resource budget (default: `DEFAULT_LIMITS`). */
  limits?: InputLimits;
  /** Set by the root module: one budget and one file reader per root module evaluation. */
  budget?: EvalBudget;
  files?: FileAccess;
  /** Budget problems already recorded (one per limit and place). */
  recorded?: Set<string>;
  /** The root module's folder when several roots are scanned: account symbols of different roots differ. */
  accountScope?: string;
  /** Resource and module instances expanded so far in this root module (the `instances` budget). */
  instancesUsed?: number;
  /** Finds called module folders (default: local folders among `defs`). */
  resolveModule?: ModuleResolver;
  /** Root-module variable values from `--var-file` / `--var` (they win over the auto-loaded tfvars). */
  cliVariables?: CliVariables;
}

/** Local module folders only (remote sources are not read). */
function localOnly(defs: Map<string, ModuleDef>): ModuleResolver {
  return (caller, _prefix, _name, source) => {
    if (!isLocalSource(source)) {
      return {
        code: 'REMOTE_MODULE',
        message: `comes from ${JSON.stringify(source ?? null)}, which is not a local folder: not scanned`,
      };
    }
    const def = defs.get(resolve(caller.dir, source));
    return def ? { def } : { code: 'MODULE_NOT_FOUND', message: `module folder ${source} was not found` };
  };
}

/**
 * Evaluates `compute`; a budget hit (or a stack overflow) becomes an unknown value and one BUDGET_EXCEEDED
 * problem at `file:line`, so the rest of the root module is still evaluated.
 */
function guarded(ctx: EvalContext, file: string, line: number, compute: () => Value): Value {
  try {
    return compute();
  } catch (error) {
    const hit = budgetHit(error, ctx.limits ?? resolveLimits());
    if (!hit) throw error;
    // Once the step budget is spent every later value fails too: one problem for the root module is enough.
    const key = hit.limit === 'evalSteps' ? 'evalSteps' : `${hit.limit}:${file}:${line}`;
    ctx.recorded ??= new Set();
    if (!ctx.recorded.has(key)) {
      ctx.recorded.add(key);
      ctx.problems.push({
        operation: 'EvaluateTerraform',
        code: 'BUDGET_EXCEEDED',
        message: hit.message,
        file,
        line,
      });
    }
    return new Unknown(`${hit.message} (${file}:${line})`);
  }
}

type InstanceKey = number | string | Unknown | undefined;

function keySuffix(key: InstanceKey): string {
  if (key === undefined) return '';
  if (isUnknown(key)) return '[*]';
  return typeof key === 'number' ? `[${key}]` : `[${JSON.stringify(key)}]`;
}

/** Memoizes a lazily computed value and turns a reference cycle into an unknown value. */
class Memo {
  private readonly values = new Map<string, Value>();
  private readonly busy = new Set<string>();
  get(key: string, compute: () => Value): Value {
    const hit = this.values.get(key);
    if (hit !== undefined || this.values.has(key)) return hit as Value;
    if (this.busy.has(key)) return new Unknown(`reference cycle through ${key}`, undefined, true);
    this.busy.add(key);
    try {
      const value = compute();
      this.values.set(key, value);
      return value;
    } finally {
      this.busy.delete(key);
    }
  }
}

/**
 * Counts `n` more instances against the root module's instance budget (issue 11): one block may expand to
 * at most `limits.instances`, and all blocks of one root module together too. Checked before anything is
 * built, so `count = 1e9` costs nothing; throws `LimitExceeded` (the caller records BUDGET_EXCEEDED).
 */
function takeInstances(ctx: EvalContext, n: number, what: string): void {
  const limit = (ctx.limits ?? resolveLimits()).instances;
  const used = ctx.instancesUsed ?? 0;
  if (n > limit) throw new LimitExceeded('instances', limit, `${what} expands to ${n} instances`);
  if (used + n > limit) {
    throw new LimitExceeded(
      'instances',
      limit,
      `${what} (${n} instances) would bring this root module over ${limit} instances in total`,
    );
  }
  ctx.instancesUsed = used + n;
}

/** Expands `count` / `for_each` into instance keys and their `count` / `each` names. */
function expand(
  body: Body,
  scope: ModuleInstance,
  file: string,
  what: string,
): { key: InstanceKey; names: Map<string, Value> }[] | Unknown {
  const count = body.attributes.get('count');
  const forEach = body.attributes.get('for_each');
  if (count) {
    const n = scope.guarded(file, count.pos.line, () => evaluate(count.expr, scope));
    if (isUnknown(n)) return n;
    if (typeof n !== 'number' || !Number.isInteger(n) || n < 0) {
      return new Unknown(`count is not a whole number (line ${count.pos.line})`, undefined, true);
    }
    takeInstances(scope.context, n, what);
    return Array.from({ length: n }, (_v, i) => ({
      key: i,
      names: new Map<string, Value>([['count', { index: i }]]),
    }));
  }
  if (forEach) {
    const v = scope.guarded(file, forEach.pos.line, () => evaluate(forEach.expr, scope));
    if (isUnknown(v)) return v;
    const entries: [string, Value][] = [];
    if (Array.isArray(v)) {
      // for_each over a set of strings: key and value are both the element.
      for (const item of v) {
        const s = toStringValue(item);
        if (isUnknown(s)) return s;
        entries.push([s, s]);
      }
    } else if (isPlainObject(v)) {
      for (const k of Object.keys(v).sort()) entries.push([k, v[k] as Value]);
    } else {
      return new Unknown(
        `for_each needs a map or a set of strings (line ${forEach.pos.line})`,
        undefined,
        true,
      );
    }
    takeInstances(scope.context, entries.length, what);
    return entries.map(([key, value]) => {
      const each = newObject();
      each.key = key;
      each.value = value;
      return { key, names: new Map<string, Value>([['each', each]]) };
    });
  }
  takeInstances(scope.context, 1, what);
  return [{ key: undefined, names: new Map() }];
}

/** Unknown `count`/`for_each`: one stand-in instance keyed `[*]` whose `count.index` / `each` are unknown. */
function unknownInstance(u: Unknown): { key: InstanceKey; names: Map<string, Value> } {
  return {
    key: u,
    names: new Map<string, Value>([
      ['count', { index: u }],
      ['each', u],
    ]),
  };
}

/** A block body evaluated in a scope; nested `dynamic` blocks are expanded. */
class BodyView implements BlockView {
  private readonly memo = new Memo();
  constructor(
    protected readonly body: Body,
    protected readonly scope: Scope,
    /** The module instance that owns the block (budget problems are recorded there). */
    protected readonly owner: ModuleInstance,
    /** The file that declares the block. */
    protected readonly file: string,
  ) {}

  attr(name: string): Value | undefined {
    const attr = this.body.attributes.get(name);
    if (!attr) return undefined;
    return this.memo.get(name, () =>
      this.owner.guarded(this.file, attr.pos.line, () => evaluate(attr.expr, this.scope)),
    );
  }

  describe(name: string): string {
    const attr = this.body.attributes.get(name);
    return attr ? `${name} = ${exprText(attr.expr)} (${this.file}:${attr.pos.line})` : name;
  }

  refOf(name: string): string | undefined {
    const attr = this.body.attributes.get(name);
    if (!attr) return undefined;
    let expr = attr.expr;
    // "${aws_s3_bucket.x.id}" is the same reference as aws_s3_bucket.x.id.
    if (expr.kind === 'template' && expr.parts.length === 1 && typeof expr.parts[0] === 'object')
      expr = expr.parts[0];
    if (expr.kind !== 'traversal' || expr.steps.at(-1)?.kind !== 'attr') return undefined;
    const base = expr.base;
    const steps = expr.steps.slice(0, -1);
    const target = this.owner.guarded(this.file, attr.pos.line, () =>
      traverse(evaluate(base, this.scope), steps, this.scope),
    );
    return target instanceof InstanceObject ? target.address : undefined;
  }

  blocks(name: string): BlockView[] | Unknown {
    const out: BlockView[] = [];
    for (const block of this.body.blocks) {
      if (block.type === name) {
        out.push(new BodyView(block.body, this.scope, this.owner, this.file));
        continue;
      }
      if (block.type !== 'dynamic' || block.labels[0] !== name) continue;
      const forEach = block.body.attributes.get('for_each');
      const content = block.body.blocks.find((b) => b.type === 'content');
      if (!forEach || !content) continue;
      const iteratorAttr = block.body.attributes.get('iterator');
      const iterator = iteratorAttr?.expr.kind === 'var' ? iteratorAttr.expr.name : name;
      const collection = this.owner.guarded(this.file, forEach.pos.line, () =>
        evaluate(forEach.expr, this.scope),
      );
      const entries = iterate(collection);
      if (isUnknown(entries)) {
        return new Unknown(
          `dynamic "${name}" (line ${block.pos.line}): for_each is not known: ${entries.message}`,
        );
      }
      const limit = (this.owner.context.limits ?? resolveLimits()).instances;
      if (entries.length > limit) {
        // Never a silent cap: too many nested blocks make the whole set unknown.
        return new Unknown(
          new LimitExceeded(
            'instances',
            limit,
            `dynamic "${name}" (line ${block.pos.line}) expands to ${entries.length} blocks`,
          ).message,
        );
      }
      for (const [key, value] of entries) {
        const it = newObject();
        it.key = key;
        it.value = value;
        const scope = new ChildScope(this.scope, new Map([[iterator, it]]));
        out.push(new BodyView(content.body, scope, this.owner, this.file));
      }
    }
    return out;
  }
}

/** What `aws_s3_bucket.x` evaluates to: attributes on demand, and which instance it is. */
class InstanceObject extends LazyObject {
  constructor(
    readonly address: string,
    private readonly getter: (name: string) => Value,
    private readonly names: () => string[],
  ) {
    super();
  }
  get(name: string): Value {
    return this.getter(name);
  }
  keys(): string[] {
    return this.names();
  }
}

class ResourceInstance extends BodyView implements ResourceView {
  readonly lazy: LazyObject;
  constructor(
    readonly mode: 'managed' | 'data',
    readonly type: string,
    readonly address: string,
    readonly location: ResourceView['location'],
    body: Body,
    scope: Scope,
    owner: ModuleInstance,
    private readonly provider: ProviderInfo,
    private readonly partition: string,
  ) {
    super(body, scope, owner, location.file);
    this.lazy = new InstanceObject(
      address,
      (name) => this.reference(name),
      () => [...body.attributes.keys()],
    );
  }

  /** The bucket name `aws_s3_bucket.x.id` / `.bucket` evaluates to; an unknown name still refers to x. */
  bucketName(): Value {
    const name = this.attr('bucket');
    // A name built from a symbol (`acme-${aws_account_id}-logs`) is `<address>` in the Inventory
    // (build-inventory.ts), so `.id` / `.arn` name it the same way: a policy or logging setting built from
    // them then matches this bucket (issue 13: a grant `fix --write` adds must be recognised on a re-scan).
    if (typeof name === 'string' && hasSymbol(name))
      return this.generatedName(
        `bucket name ${JSON.stringify(name)} depends on a value known only when Terraform runs`,
      );
    if (typeof name === 'string') return name;
    if (isUnknown(name))
      return name.isError
        ? new Unknown(`${this.address}: bucket name: ${name.message}`, this.address)
        : this.generatedName(`bucket name: ${name.message}`);
    const how = this.attr('bucket_prefix') !== undefined ? 'bucket_prefix' : 'no bucket argument';
    return this.generatedName(`${how}: the name is generated by Terraform at apply time`);
  }

  /**
   * A name known only at apply time, as a symbol that prints as the name the Inventory gives this bucket
   * (`<aws_s3_bucket.logs>`): a policy built from `aws_s3_bucket.logs.arn` then names that same bucket.
   */
  private generatedName(why: string): Unknown {
    return new Unknown(`${this.address}: ${why}`, this.address, false, false, `<${this.address}>`);
  }

  /** `<resource>.<name>` from another expression. */
  reference(name: string): Value {
    const configured = this.attr(name);
    if (this.mode === 'data') return this.dataReference(name, configured);
    if (this.type === 'aws_s3_bucket') {
      if (name === 'id' || name === 'bucket') return this.bucketName();
      if (name === 'arn') {
        const n = this.bucketName();
        // The bucket ARN is derived from the name: arn:<partition>:s3:::<name>.
        if (typeof n === 'string') return `arn:${this.partition}:s3:::${n}`;
        if (isUnknown(n) && n.symbol)
          return new Unknown(
            `${this.address}.arn: ${n.message}`,
            this.address,
            false,
            false,
            `arn:${this.partition}:s3:::${n.symbol}`,
          );
        return new Unknown(`${this.address}.arn`);
      }
    }
    // aws_s3_bucket_* sub-resources use the bucket name as id (or "bucket,expected_bucket_owner").
    if (
      name === 'id' &&
      this.type.startsWith('aws_s3_bucket_') &&
      this.attr('expected_bucket_owner') === undefined
    ) {
      const bucket = this.attr('bucket');
      if (bucket !== undefined) return bucket;
    }
    if (configured !== undefined) return configured;
    return new Unknown(`${this.address}.${name} is known only after apply`);
  }

  get region(): string | undefined {
    return this.provider.region;
  }

  get accountSymbol(): string | undefined {
    return accountSymbolOf(this.provider);
  }

  private dataReference(name: string, configured: Value | undefined): Value {
    if (this.type === 'aws_iam_policy_document' && (name === 'json' || name === 'minified_json')) {
      return policyDocumentJson(this);
    }
    const known = dataSourceAttribute(this.type, name, configured, this.provider, this.partition);
    if (known !== undefined) return known;
    // data.aws_s3_bucket looks a bucket up by name: its id and bucket are that name.
    if (
      this.type === 'aws_s3_bucket' &&
      (name === 'id' || name === 'bucket') &&
      typeof configured === 'string'
    ) {
      return configured;
    }
    return new Unknown(
      `${this.address}.${name} is read from AWS at plan time (data source): scan the plan JSON (terraform show -json <planfile>) to resolve it`,
    );
  }
}

/** One instance of a module (the root, or one count/for_each instance of a local module call). */
export class ModuleInstance implements Scope {
  private readonly memo = new Memo();
  private readonly resourceCache = new Map<string, ResourceInstance[] | Unknown>();
  private readonly children = new Map<string, ModuleInstance[] | Unknown>();
  private readonly names = new Map<string, string[]>();
  /** Provider key (`aws`, `aws.west`) → its Region (when static) and account identity. */
  readonly providers: Map<string, ProviderInfo>;
  readonly budget: EvalBudget;
  readonly files: FileAccess;
  /** For values Terraform evaluates without references (variable defaults, tfvars, module sources). */
  private readonly constants: Scope;

  constructor(
    private readonly ctx: EvalContext,
    readonly def: ModuleDef,
    /** `''` for the root, else `module.a.` / `module.a["k"].module.b.` */
    readonly prefix: string,
    private readonly inputs: Map<string, () => Value>,
    parentProviders: Map<string, ProviderInfo>,
    private readonly depth: number,
    private readonly partition: string,
    private readonly isRoot: boolean,
  ) {
    if (isRoot) {
      ctx.limits ??= resolveLimits();
      ctx.budget ??= new EvalBudget(ctx.limits);
      const dirs = [...ctx.defs.values()].map((d) => d.dir);
      ctx.files ??= new FileAccess(dirs, def.dir, ctx.limits);
    }
    this.budget = ctx.budget ?? new EvalBudget(ctx.limits);
    this.files = ctx.files ?? new FileAccess([def.dir], def.dir, ctx.limits);
    this.constants = { root: () => undefined, budget: this.budget, files: this.files };
    this.providers = new Map(parentProviders);
    const ambient = ambientAccount(ctx.accountScope);
    if (isRoot && !this.providers.has('aws')) this.providers.set('aws', ambientProvider(ambient));
    for (const p of def.providers) {
      if (p.block.labels[0] !== 'aws') continue;
      const info = providerRegion(p, prefix, ambient, (expr, line) =>
        this.guarded(p.file, line, () => evaluate(expr, this)),
      );
      this.providers.set(info.key, info.info);
    }
  }

  /** See `guarded()`: a budget hit while evaluating a value of this module becomes an unknown and a problem. */
  guarded(file: string, line: number, compute: () => Value): Value {
    return guarded(this.ctx, file, line, compute);
  }

  root(name: string): Value | undefined {
    switch (name) {
      case 'var':
        return this.namespace((n) => this.variable(n), [...this.def.variables.keys()]);
      case 'local':
        return this.namespace((n) => this.local(n), [...this.def.locals.keys()]);
      case 'module':
        return this.namespace((n) => this.moduleValue(n), [...this.def.modules.keys()]);
      case 'data':
        return this.namespace(
          (type) => this.namespace((n) => this.resourceValue('data', type, n), this.labels('data', type)),
          [],
        );
      case 'path': {
        const path = newObject();
        path.module = this.def.dir;
        path.root = this.def.dir;
        path.cwd = this.def.dir;
        return path;
      }
      case 'terraform':
        return this.namespace((n) => new Unknown(`terraform.${n} is known only when Terraform runs`), []);
      case 'self':
      case 'count':
      case 'each':
        return undefined;
      default: {
        const names = this.labels('managed', name);
        if (names.length === 0 && !name.includes('_')) return undefined;
        return this.namespace((n) => this.resourceValue('managed', name, n), names);
      }
    }
  }

  /** Names of the resources (or data sources) of one type, computed once per type (references are frequent). */
  private labels(mode: 'managed' | 'data', type: string): string[] {
    const key = `${mode}:${type}`;
    let names = this.names.get(key);
    if (!names) {
      names = [...(mode === 'managed' ? this.def.resources : this.def.data).keys()]
        .filter((k) => k.startsWith(`${type}.`))
        .map((k) => k.slice(type.length + 1));
      this.names.set(key, names);
    }
    return names;
  }

  private namespace(get: (name: string) => Value, keys: string[]): LazyObject {
    return new (class extends LazyObject {
      get(name: string): Value {
        return get(name);
      }
      keys(): string[] {
        return keys;
      }
    })();
  }

  variable(name: string): Value {
    return this.memo.get(`var.${name}`, () => {
      const decl = this.def.variables.get(name);
      if (!decl) return new Unknown(`${this.prefix}var.${name} is not declared`, undefined, true);
      const body = decl.block.body;
      const typeExpr = body.attributes.get('type')?.expr;
      const dflt = body.attributes.get('default');
      const defaultValue = () =>
        dflt ? this.guarded(decl.file, dflt.pos.line, () => evaluate(dflt.expr, this.constants)) : undefined;
      // (A given `null` is a value: only an absent one falls back to the default.)
      const given = this.givenVariable(name, typeExpr);
      let value = given === undefined ? defaultValue() : given;
      if (value === undefined) {
        return new Unknown(
          this.isRoot
            ? `var.${name} has no default: ${NO_VALUE_HINT}`
            : `${this.prefix}var.${name} has no default and the module call sets no value for it`,
        );
      }
      // `nullable = false`: a null given is replaced by the default (Terraform).
      const nullable = body.attributes.get('nullable')?.expr;
      if (value === null && nullable?.kind === 'literal' && nullable.value === false)
        value = defaultValue() ?? null;
      return convertToType(value, typeSpec(typeExpr), `${this.prefix}var.${name}`, (expr) =>
        evaluate(expr, this.constants),
      );
    });
  }

  /**
   * The value given for a variable, by precedence: a module call's argument; for the root module, the last
   * `--var` / `--var-file` naming it, else the auto-loaded tfvars (the later file wins). Undefined: none.
   */
  private givenVariable(name: string, typeExpr: Expr | undefined): Value | undefined {
    const input = this.inputs.get(name);
    if (input) return input();
    if (!this.isRoot) return undefined;
    const cli = this.ctx.cliVariables?.get(name);
    if (cli?.kind === 'expr') {
      return this.guarded(cli.file, cli.attr.pos.line, () => evaluate(cli.attr.expr, this.constants));
    }
    if (cli?.kind === 'raw') {
      if (!parsesAsHcl(typeExpr)) return cli.text;
      try {
        const expr = parseRawVariable(name, cli.text, this.ctx.limits?.depth ?? 200);
        return evaluate(expr, this.constants);
      } catch (error) {
        return new Unknown((error as Error).message, undefined, true);
      }
    }
    const tfvar = this.def.tfvars.get(name);
    if (tfvar) {
      return this.guarded(tfvar.file, tfvar.attr.pos.line, () => evaluate(tfvar.attr.expr, this.constants));
    }
    return undefined;
  }

  local(name: string): Value {
    return this.memo.get(`local.${name}`, () => {
      const decl = this.def.locals.get(name);
      if (!decl) return new Unknown(`${this.prefix}local.${name} is not declared`, undefined, true);
      return this.guarded(decl.file, decl.attr.pos.line, () => evaluate(decl.attr.expr, this));
    });
  }

  /** All instances of one resource or data block (empty when count = 0). */
  instances(mode: 'managed' | 'data', key: string): ResourceInstance[] | Unknown {
    const cacheKey = `${mode}:${key}`;
    const hit = this.resourceCache.get(cacheKey);
    if (hit) return hit;
    const decl = (mode === 'managed' ? this.def.resources : this.def.data).get(key);
    if (!decl) {
      const u = new Unknown(
        `${this.prefix}${mode === 'data' ? 'data.' : ''}${key} is not declared`,
        undefined,
        true,
      );
      this.resourceCache.set(cacheKey, u);
      return u;
    }
    // Guard against count referring to the resource itself.
    this.resourceCache.set(cacheKey, new Unknown(`reference cycle through ${key}`, undefined, true));
    const [type = '', name = ''] = decl.block.labels;
    let expanded = this.expandWithin(decl, `${this.prefix}${mode === 'data' ? 'data.' : ''}${key}`);
    if (expanded instanceof LimitExceeded) {
      // Over the instance budget: no instance is built; references to the block are unknown (the
      // BUDGET_EXCEEDED finding stands for it), never a guess.
      const u = new Unknown(`${this.prefix}${key}: ${expanded.message}`);
      this.resourceCache.set(cacheKey, u);
      return u;
    }
    if (isUnknown(expanded)) {
      this.problem(
        decl,
        'VALUE_UNRESOLVED',
        `count/for_each of ${this.prefix}${key} is not known statically: ${expanded.message}`,
      );
      expanded = [unknownInstance(expanded)];
    }
    const base = `${this.prefix}${mode === 'data' ? 'data.' : ''}${type}.${name}`;
    const out = expanded.map(({ key: k, names }) => {
      const address = `${base}${keySuffix(k)}`;
      const providerAttr = decl.block.body.attributes.get('provider');
      const provider = providerAttr ? providerKey(providerAttr.expr) : 'aws';
      const info = this.providers.get(provider ?? '') ?? {};
      return new ResourceInstance(
        mode,
        type,
        address,
        { file: decl.file, line: decl.block.pos.line, column: decl.block.pos.column, address },
        decl.block.body,
        new ChildScope(this, names),
        this,
        info,
        this.partition,
      );
    });
    this.resourceCache.set(cacheKey, out);
    return out;
  }

  /** What `aws_s3_bucket.x` evaluates to: the instance, or a list (count) / map (for_each) of them. */
  private resourceValue(mode: 'managed' | 'data', type: string, name: string): Value {
    const key = `${type}.${name}`;
    const decl = (mode === 'managed' ? this.def.resources : this.def.data).get(key);
    const list = this.instances(mode, key);
    if (isUnknown(list)) return list;
    if (!decl) return new Unknown(`${key} is not declared`, undefined, true);
    const standIn = list[0];
    if (list.length === 1 && standIn?.address.endsWith('[*]')) {
      // count/for_each unknown: which instances exist is unknown, but a reference still means this block.
      return new Unknown(`${standIn.address}: count/for_each is not known statically`, standIn.address);
    }
    return shape(decl.block.body, list, (r) => r.lazy);
  }

  private moduleValue(name: string): Value {
    const decl = this.def.modules.get(name);
    if (!decl) return new Unknown(`module.${name} is not declared`, undefined, true);
    const list = this.childModules(name);
    // A remote module, or one whose count/for_each is unknown: neither its outputs nor how many instances
    // it has are known (a stand-in instance must not be counted or iterated as if it were the only one).
    if (isUnknown(list)) return list;
    if (list.length === 1 && list[0]?.prefix.endsWith('[*].')) {
      return new Unknown(`${this.prefix}module.${name}: count/for_each is not known statically`);
    }
    return shape(decl.block.body, list, (m) => m.outputsObject());
  }

  outputsObject(): LazyObject {
    return this.namespace((n) => this.output(n), [...this.def.outputs.keys()]);
  }

  output(name: string): Value {
    return this.memo.get(`output.${name}`, () => {
      const decl = this.def.outputs.get(name);
      const value = decl?.block.body.attributes.get('value');
      if (!value || !decl)
        return new Unknown(`${this.prefix}output ${name} is not declared`, undefined, true);
      return this.guarded(decl.file, value.pos.line, () => evaluate(value.expr, this));
    });
  }

  /** Instances of a module call; an Unknown for a remote module (not scanned) or an unknown count. */
  childModules(name: string): ModuleInstance[] | Unknown {
    const hit = this.children.get(name);
    if (hit) return hit;
    const result = this.loadChildren(name);
    this.children.set(name, result);
    return result;
  }

  private loadChildren(name: string): ModuleInstance[] | Unknown {
    const decl = this.def.modules.get(name);
    if (!decl) return new Unknown(`module.${name} is not declared`, undefined, true);
    const body = decl.block.body;
    const sourceAttr = body.attributes.get('source');
    const source = sourceAttr
      ? this.guarded(decl.file, sourceAttr.pos.line, () => evaluate(sourceAttr.expr, this.constants))
      : undefined;
    const where = `${this.prefix}module.${name}`;
    // Local folders, and registry / git modules from the root's module cache (load-files.ts).
    const found = (this.ctx.resolveModule ?? localOnly(this.ctx.defs))(this.def, this.prefix, name, source);
    if (!('def' in found) || this.depth >= MAX_MODULE_DEPTH) {
      const why = 'def' in found ? `module folder ${String(source)} nests too deeply` : found.message;
      const u = new Unknown(`${where}: ${why}`);
      this.problem(decl, 'def' in found ? 'MODULE_NOT_FOUND' : found.code, u.message);
      return u;
    }
    const def = found.def;
    let expanded = this.expandWithin(decl, where);
    // Over the instance budget: the module's instances are not evaluated at all (their values are unknown).
    if (expanded instanceof LimitExceeded) return new Unknown(`${where}: ${expanded.message}`);
    if (isUnknown(expanded)) {
      this.problem(
        decl,
        'VALUE_UNRESOLVED',
        `count/for_each of ${where} is not known statically: ${expanded.message}`,
      );
      expanded = [unknownInstance(expanded)];
    }
    const providers = this.childProviders(body);
    return expanded.map(({ key, names }) => {
      const scope = new ChildScope(this, names);
      const inputs = new Map<string, () => Value>();
      for (const [argName, attr] of body.attributes) {
        if (META_ARGS.has(argName)) continue;
        inputs.set(argName, () => this.guarded(decl.file, attr.pos.line, () => evaluate(attr.expr, scope)));
      }
      return new ModuleInstance(
        this.ctx,
        def,
        `${where}${keySuffix(key)}.`,
        inputs,
        providers,
        this.depth + 1,
        this.partition,
        false,
      );
    });
  }

  /** Providers passed to a child: inherited, or remapped by `providers = { aws = aws.west }`. */
  private childProviders(body: Body): Map<string, ProviderInfo> {
    const mapping = body.attributes.get('providers');
    if (mapping?.expr.kind !== 'object') return this.providers;
    const out = new Map(this.providers);
    for (const { key, value } of mapping.expr.items) {
      const childKey = providerKey(key);
      const parentKey = providerKey(value);
      if (!childKey || !parentKey) continue;
      const info = this.providers.get(parentKey);
      if (info) out.set(childKey, info);
      else out.delete(childKey);
    }
    return out;
  }

  /** Every resource instance of this module and of the local modules it calls. */
  allResources(out: ResourceView[] = []): ResourceView[] {
    for (const mode of ['managed', 'data'] as const) {
      for (const key of (mode === 'managed' ? this.def.resources : this.def.data).keys()) {
        const list = this.instances(mode, key);
        if (!isUnknown(list)) out.push(...list);
      }
    }
    for (const name of this.def.modules.keys()) {
      const list = this.childModules(name);
      if (!isUnknown(list)) for (const child of list) child.allResources(out);
    }
    return out;
  }

  /** `expand` within the instance budget; a hit is recorded once per declaration and returned. */
  private expandWithin(decl: Decl, what: string): ReturnType<typeof expand> | LimitExceeded {
    try {
      return expand(decl.block.body, this, decl.file, what);
    } catch (error) {
      if (!(error instanceof LimitExceeded) || error.limit !== 'instances') throw error;
      const key = `instances:${decl.file}:${decl.block.pos.line}`;
      this.ctx.recorded ??= new Set();
      if (!this.ctx.recorded.has(key)) {
        this.ctx.recorded.add(key);
        this.problem(decl, 'BUDGET_EXCEEDED', error.message);
      }
      return error;
    }
  }

  get context(): EvalContext {
    return this.ctx;
  }

  private problem(decl: Decl, code: string, message: string): void {
    this.ctx.problems.push({
      operation: 'EvaluateTerraform',
      code,
      message,
      file: decl.file,
      line: decl.block.pos.line,
    });
  }
}

const META_ARGS = new Set(['source', 'version', 'count', 'for_each', 'providers', 'depends_on']);

/** `aws` / `aws.west` from a provider reference expression (or the literal key of a providers map). */
function providerKey(expr: Expr): string | undefined {
  if (expr.kind === 'var') return expr.name;
  if (expr.kind === 'literal' && typeof expr.value === 'string') return expr.value;
  if (expr.kind === 'traversal' && expr.base.kind === 'var') {
    const names = expr.steps.map((s) => (s.kind === 'attr' ? s.name : null));
    if (names.some((n) => n === null)) return undefined;
    return [expr.base.name, ...names].join('.');
  }
  return undefined;
}

/** count → list, for_each → map, neither → the single instance. */
function shape<T extends { prefix?: string; address?: string }>(
  body: Body,
  list: T[],
  toValue: (item: T) => Value,
): Value {
  if (body.attributes.has('count')) return list.map(toValue);
  if (body.attributes.has('for_each')) {
    const out = newObject();
    for (const item of list) {
      const id = item.address ?? item.prefix ?? '';
      const m = /\["((?:[^"\\]|\\.)*)"\]\.?$/.exec(id);
      if (m?.[1] !== undefined) out[JSON.parse(`"${m[1]}"`) as string] = toValue(item);
      else return new Unknown('for_each keys are not known statically');
    }
    return out;
  }
  const only = list[0];
  return only ? toValue(only) : new Unknown('no instance', undefined, true);
}
