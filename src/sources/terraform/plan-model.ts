/**
 * Reads the parts of the plan JSON format that trailguard needs (Terraform "JSON Output Format":
 * planned_values, resource_changes, configuration) and exposes each planned resource instance as a
 * `ResourceView`.
 */
import { InputError } from '../../errors.js';
import type { InventoryError } from '../../inventory/model.js';
import type { BlockView, ResourceView } from './resource-view.js';
import { Unknown, type Value } from './values.js';

type Json = Record<string, unknown>;

/**
 * The `aws_s3_bucket` attributes a separate resource's deletion empties (its provider delete really
 * removes the configuration: PutBucketLogging without LoggingEnabled, DeleteBucketPolicy,
 * DeleteBucketEncryption, Payer BucketOwner). `aws_s3_bucket_acl` is left out: deleting it only forgets it.
 */
const STALE_AFTER_DELETE: Record<string, string[]> = {
  aws_s3_bucket_logging: ['logging'],
  aws_s3_bucket_policy: ['policy'],
  aws_s3_bucket_server_side_encryption_configuration: ['server_side_encryption_configuration'],
  aws_s3_bucket_request_payment_configuration: ['request_payer'],
};

const isObject = (v: unknown): v is Json => v !== null && typeof v === 'object' && !Array.isArray(v);
const asArray = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const asObject = (v: unknown): Json => (isObject(v) ? v : {});

/** Reference roots that are not resources (Terraform expression references). */
const NON_RESOURCE_ROOTS = new Set([
  'var',
  'local',
  'data',
  'module',
  'each',
  'count',
  'path',
  'terraform',
  'self',
]);
const MAX_REF_DEPTH = 32;

interface ConfigModule {
  resources: Map<string, Json>;
  calls: Map<string, { expressions: Json; module: ConfigModule }>;
  outputs: Map<string, Json>;
}

function configModule(raw: unknown, depth = 0): ConfigModule {
  const m = asObject(raw);
  const out: ConfigModule = { resources: new Map(), calls: new Map(), outputs: new Map() };
  for (const r of asArray(m.resources)) {
    if (isObject(r) && typeof r.address === 'string') out.resources.set(r.address, r);
  }
  if (depth < MAX_REF_DEPTH) {
    for (const [name, call] of Object.entries(asObject(m.module_calls))) {
      const c = asObject(call);
      out.calls.set(name, {
        expressions: asObject(c.expressions),
        module: configModule(c.module, depth + 1),
      });
    }
  }
  for (const [name, o] of Object.entries(asObject(m.outputs))) out.outputs.set(name, asObject(o));
  return out;
}

/** `module.a[0].module.b["x"].` → ['a', 'b'] (configuration is per module call, not per instance). */
function moduleNames(prefix: string): string[] {
  return [...prefix.matchAll(/module\.([^.[]+)(?:\[[^\]]*\])?\./g)].map((m) => m[1] ?? '');
}

/** Splits `module.a.module.b.aws_s3_bucket.x[0]` into the module prefix and the resource part. */
function splitAddress(address: string): { prefix: string; local: string } {
  const m = /^((?:module\.[^.[]+(?:\[(?:"(?:[^"\\]|\\.)*"|\d+)\])?\.)*)(.*)$/.exec(address);
  return { prefix: m?.[1] ?? '', local: m?.[2] ?? address };
}

function stripIndex(local: string): string {
  return local.replace(/\[(?:"(?:[^"\\]|\\.)*"|\d+)\]$/, '');
}

export class PlanModel {
  readonly errors: InventoryError[] = [];
  private readonly planned: { resource: Json; prefix: string }[] = [];
  private readonly addresses = new Set<string>();
  private readonly changes = new Map<string, Json>();
  private readonly stale = new Map<string, Set<string>>();
  private readonly lines = new Map<string, number>();
  private readonly providerRegions = new Map<string, string>();
  private readonly config: ConfigModule;

  private constructor(
    private readonly file: string,
    text: string,
    json: Json,
  ) {
    const planned = asObject(json.planned_values ?? json.values);
    this.collect(asObject(planned.root_module), 0);
    for (const rc of asArray(json.resource_changes)) {
      if (isObject(rc) && typeof rc.address === 'string') this.changes.set(rc.address, asObject(rc.change));
      this.noteDeletion(rc);
    }
    const configuration = asObject(json.configuration);
    this.config = configModule(configuration.root_module);
    for (const [key, p] of Object.entries(asObject(configuration.provider_config))) {
      const region = asObject(asObject(asObject(p).expressions).region).constant_value;
      if (typeof region === 'string') this.providerRegions.set(key, region);
    }
    this.indexLines(text);
  }

  /**
   * A separate configuration resource this plan deletes (`aws_s3_bucket_logging`…): after apply, its bucket
   * no longer has that configuration, but the bucket's own computed attribute (`logging`, read from the
   * refreshed state) still shows it. Those attributes are stale for that bucket (see `staleFor`).
   */
  private noteDeletion(rc: unknown): void {
    if (!isObject(rc) || typeof rc.type !== 'string') return;
    const stale = STALE_AFTER_DELETE[rc.type];
    const change = asObject(rc.change);
    const actions = asArray(change.actions);
    if (!stale || !actions.includes('delete') || actions.includes('create')) return;
    const bucket = asObject(change.before).bucket;
    if (typeof bucket !== 'string') return;
    const set = this.stale.get(bucket) ?? new Set<string>();
    for (const name of stale) set.add(name);
    this.stale.set(bucket, set);
  }

  /** Attributes of bucket `name` that describe a configuration this plan deletes. */
  staleFor(name: unknown): Set<string> | undefined {
    return typeof name === 'string' ? this.stale.get(name) : undefined;
  }

  static from(file: string, text: string, json: unknown): PlanModel {
    if (!isObject(json) || !(isObject(json.planned_values) || isObject(json.values))) {
      throw new InputError(
        `${file}: not a Terraform plan JSON (no planned_values; use "terraform show -json <planfile>")`,
      );
    }
    return new PlanModel(file, text, json);
  }

  private collect(module: Json, depth: number): void {
    if (depth > MAX_REF_DEPTH) return;
    for (const r of asArray(module.resources)) {
      if (!isObject(r) || typeof r.address !== 'string' || typeof r.type !== 'string') continue;
      this.planned.push({ resource: r, prefix: splitAddress(r.address).prefix });
      this.addresses.add(r.address);
    }
    for (const child of asArray(module.child_modules)) this.collect(asObject(child), depth + 1);
  }

  /** The line of the first `"address": "…"` of each resource (planned_values comes first in the file). */
  private indexLines(text: string): void {
    const re = /"address"\s*:\s*"((?:[^"\\]|\\.)*)"/g;
    let line = 1;
    let last = 0;
    for (let m = re.exec(text); m; m = re.exec(text)) {
      for (let i = text.indexOf('\n', last); i !== -1 && i < m.index; i = text.indexOf('\n', i + 1)) line++;
      last = m.index;
      let address: string;
      try {
        address = JSON.parse(`"${m[1] ?? ''}"`) as string;
      } catch {
        continue;
      }
      if (!this.lines.has(address)) this.lines.set(address, line);
    }
  }

  private configFor(prefix: string): ConfigModule | undefined {
    let module: ConfigModule | undefined = this.config;
    for (const name of moduleNames(prefix)) module = module?.calls.get(name)?.module;
    return module;
  }

  resources(): ResourceView[] {
    return this.planned.map(({ resource, prefix }) => {
      const address = resource.address as string;
      const change = this.changes.get(address);
      const values = asObject(change?.after ?? resource.values);
      const unknown = asObject(change?.after_unknown);
      const config = this.configFor(prefix)?.resources.get(stripIndex(splitAddress(address).local));
      const providerKey =
        typeof config?.provider_config_key === 'string' ? config.provider_config_key : 'aws';
      const expressions = asObject(config?.expressions);
      const stale = resource.type === 'aws_s3_bucket' ? this.staleFor(values.bucket) : undefined;
      const view = new PlanBlock(values, unknown, expressions, this, prefix, address, stale);
      const region = this.providerRegions.get(providerKey);
      return Object.assign(view, {
        mode: (resource.mode === 'data' ? 'data' : 'managed') as 'managed' | 'data',
        type: resource.type as string,
        address,
        location: { file: this.file, line: this.lines.get(address) ?? 1, address },
        ...(region ? { region } : {}),
      });
    });
  }

  /**
   * The resource instance a configuration reference list points at (`aws_s3_bucket.x.id`,
   * `module.m.out`, `var.v` through the calling module), when exactly one planned instance matches.
   */
  resolveReferences(refs: unknown, prefix: string, depth = 0): string | undefined {
    if (depth > MAX_REF_DEPTH) return undefined;
    for (const ref of asArray(refs)) {
      if (typeof ref !== 'string') continue;
      const parts = ref.split('.');
      const root = parts[0] ?? '';
      if (root === 'var' && parts[1]) {
        const names = moduleNames(prefix);
        if (names.length === 0) return undefined;
        const parentPrefix = prefix.replace(/module\.[^.[]+(?:\[[^\]]*\])?\.$/, '');
        const call = this.configFor(parentPrefix)?.calls.get(names[names.length - 1] ?? '');
        const expr = asObject(call?.expressions[parts[1].replace(/\[.*$/, '')]);
        return this.resolveReferences(expr.references, parentPrefix, depth + 1);
      }
      if (root === 'module' && parts[1] && parts[2]) {
        const name = parts[1].replace(/\[.*$/, '');
        const index = /\[[^\]]*\]$/.exec(parts[1])?.[0] ?? '';
        const childPrefix = this.uniquePrefix(`${prefix}module.${name}`, index);
        const output = this.configFor(prefix)?.calls.get(name)?.module.outputs.get(parts[2]);
        if (!childPrefix || !output) return undefined;
        return this.resolveReferences(asObject(output.expression).references, childPrefix, depth + 1);
      }
      if (NON_RESOURCE_ROOTS.has(root) || parts.length < 2) continue;
      const target = `${prefix}${root}.${parts[1]}`;
      if (this.addresses.has(target)) return target;
      // `aws_s3_bucket.x` with count/for_each: link only when exactly one instance exists.
      const instances = [...this.addresses].filter((a) => a.startsWith(`${target}[`));
      if (instances.length === 1) return instances[0];
      return undefined;
    }
    return undefined;
  }

  private uniquePrefix(base: string, index: string): string | undefined {
    if (index) return `${base}${index}.`;
    const prefixes = new Set(
      this.planned
        .map((p) => p.prefix)
        .filter((p) => p === `${base}.` || (p.startsWith(`${base}[`) && p.includes('].'))),
    );
    const candidates = [...prefixes].map((p) => p.slice(0, p.indexOf('.', base.length) + 1));
    const unique = new Set(candidates);
    return unique.size === 1 ? [...unique][0] : undefined;
  }
}

function toValue(v: unknown, depth = 0): Value {
  if (depth > 64) return new Unknown('value nested too deeply');
  if (Array.isArray(v)) return v.map((x) => toValue(x, depth + 1));
  if (isObject(v)) {
    const out = Object.create(null) as Record<string, Value>;
    for (const [k, x] of Object.entries(v)) out[k] = toValue(x, depth + 1);
    return out;
  }
  if (v === undefined) return null;
  return v as Value;
}

class PlanBlock implements BlockView {
  constructor(
    private readonly values: Json,
    private readonly unknown: Json,
    private readonly expressions: Json,
    private readonly model: PlanModel,
    private readonly prefix: string,
    private readonly where: string,
    /** Attributes that describe a configuration the plan deletes: absent after apply. */
    private readonly stale?: Set<string>,
  ) {}

  attr(name: string): Value | undefined {
    if (this.stale?.has(name)) return undefined;
    if (this.unknown[name] === true) {
      // Unknown and not set by the configuration: computed by the provider (e.g. `policy` of a v4 bucket).
      if (this.expressions[name] === undefined) return undefined;
      const refs = asObject(this.expressions[name]).references;
      const ref = this.model.resolveReferences(refs, this.prefix);
      return new Unknown(`${this.where}.${name} is known only after apply`, ref);
    }
    const v = this.values[name];
    if (v === undefined || v === null) return undefined;
    return toValue(v);
  }

  refOf(name: string): string | undefined {
    return this.model.resolveReferences(asObject(this.expressions[name]).references, this.prefix);
  }

  blocks(name: string): BlockView[] | Unknown {
    if (this.stale?.has(name)) return [];
    const configured = this.expressions[name] !== undefined;
    const v = this.values[name];
    // Provider v4+ computes inline blocks such as `logging` from the separate resources: unknown in a first
    // plan, filled from state in later plans. Only a block the configuration sets can be unknown to us.
    if (Array.isArray(v) && v.length > 0) {
      const unknowns = asArray(this.unknown[name]);
      const exprs = asArray(this.expressions[name]);
      return v.map(
        (item, i) =>
          new PlanBlock(
            asObject(item),
            asObject(unknowns[i]),
            asObject(exprs[i]),
            this.model,
            this.prefix,
            this.where,
          ),
      );
    }
    if (this.unknown[name] === true || (Array.isArray(this.unknown[name]) && configured)) {
      return configured ? new Unknown(`${this.where}: ${name} is known only after apply`) : [];
    }
    return [];
  }
}
