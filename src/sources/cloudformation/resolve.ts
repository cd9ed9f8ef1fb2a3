/**
 * Static evaluation of CloudFormation intrinsic functions over one template.
 *
 * Never a guess: what depends on deploy-time input (a parameter without Default, an SSM parameter type,
 * Fn::ImportValue of an export no scanned template declares, Fn::GetAZs…) is `Unresolved`; pseudo
 * parameters that only name "this stack's account/region" are `Sym` (see values.ts), so they can still
 * link two resources of the same stack without pretending to know the value.
 * Function semantics follow the CloudFormation "Intrinsic function reference" pages.
 */
import type { Partition } from '../../inventory/model.js';
import { UNKNOWN_PART } from '../iac/unknown.js';
import { DEFAULT_LIMITS, type InputLimits, LimitExceeded } from '../limits.js';
import { renderExpression } from './expression-text.js';
import type { Json } from './parse-template.js';
import {
  isValMap,
  NO_VALUE,
  Sym,
  sameValue,
  scalarText,
  Unresolved,
  type Val,
  type ValMap,
} from './values.js';

export interface ResolverOptions {
  partition: Partition;
  /** Budget: evaluation steps, nesting depth and string/list sizes (defaults from limits.ts). */
  limits?: Pick<InputLimits, 'evalSteps' | 'depth' | 'collectionSize'>;
  /** Where the template is, for messages: its file and the line of each object of its data. */
  file?: string;
  lines?: WeakMap<object, number>;
  /** Value exported by another scanned template under this name (Outputs.*.Export.Name), if any. */
  importValue?: (name: string, depth: number, budget: { steps: number }) => Val | undefined;
  /** Inventory identity of a bucket of this template whose name is not a literal (`<LogicalId>`). */
  bucketIdentity?: (logicalId: string) => string;
}

type JsonMap = { [key: string]: Json };

function asMap(value: Json | undefined): JsonMap {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? value : {};
}

export class Resolver {
  readonly resources: JsonMap;
  private readonly parameters: JsonMap;
  private readonly mappings: JsonMap;
  private readonly conditions: JsonMap;
  private readonly conditionMemo = new Map<string, boolean | undefined>();
  /** Why a condition cannot be evaluated (the first unknown part found), for messages. */
  private readonly conditionWhy = new Map<string, string>();
  private readonly conditionActive = new Set<string>();
  private readonly bucketNames = new Map<string, Val>();
  private readonly limits: Pick<InputLimits, 'evalSteps' | 'depth' | 'collectionSize'>;
  /** Resolution nests about two calls per level of template data: allow twice the data depth. */
  private readonly maxDepth: number;
  /** Steps spent; shared with the resolvers this one imports values through (see `chargeTo`). */
  budget = { steps: 0 };

  constructor(
    template: Json,
    readonly options: ResolverOptions,
  ) {
    const root = asMap(template);
    this.resources = asMap(root.Resources);
    this.parameters = asMap(root.Parameters);
    this.mappings = asMap(root.Mappings);
    this.conditions = asMap(root.Conditions);
    this.limits = options.limits ?? DEFAULT_LIMITS;
    this.maxDepth = 2 * this.limits.depth + 10;
  }

  /** Runs `work` with evaluation steps charged to `budget` (an import resolved for another template). */
  chargeTo<T>(budget: { steps: number }, work: () => T): T {
    const own = this.budget;
    this.budget = budget;
    try {
      return work();
    } finally {
      this.budget = own;
    }
  }

  private step(depth: number): void {
    this.budget.steps += 1;
    if (this.budget.steps > this.limits.evalSteps)
      throw new LimitExceeded(
        'evalSteps',
        this.limits.evalSteps,
        `${this.where()}intrinsic function evaluation`,
      );
    if (depth > this.maxDepth)
      throw new LimitExceeded(
        'depth',
        this.limits.depth,
        `${this.where()}intrinsic functions nested too deeply`,
      );
  }

  private where(): string {
    return this.options.file ? `${this.options.file}: ` : '';
  }

  /** `!Ref X at file:line`: the expression and its place, for an Unresolved made while evaluating it. */
  private locate(expr: Json, value: Val): Val {
    if (!(value instanceof Unresolved) || value.at !== undefined) return value;
    const line = expr !== null && typeof expr === 'object' ? this.options.lines?.get(expr) : undefined;
    const place = this.options.file && line !== undefined ? ` at ${this.options.file}:${line}` : '';
    return new Unresolved(value.reason, `${renderExpression(expr)}${place}`, value.partialText);
  }

  /** Why `condition(name)` is undefined. */
  conditionReason(name: string): string {
    if (!(name in this.conditions)) return `condition ${name} is not declared`;
    return this.conditionWhy.get(name) ?? `condition ${name} depends on itself`;
  }

  resource(logicalId: string): JsonMap | undefined {
    const found = this.resources[logicalId];
    return found !== undefined && found !== null && typeof found === 'object' && !Array.isArray(found)
      ? found
      : undefined;
  }

  /** true/false, or undefined when the named condition cannot be evaluated statically. */
  condition(name: string, depth = 0): boolean | undefined {
    if (this.conditionMemo.has(name)) return this.conditionMemo.get(name);
    if (!(name in this.conditions) || this.conditionActive.has(name)) return undefined;
    this.step(depth);
    this.conditionActive.add(name);
    const why: string[] = [];
    const result = this.evalCondition(this.conditions[name] as Json, depth + 1, why);
    this.conditionActive.delete(name);
    this.conditionMemo.set(name, result);
    if (result === undefined) this.conditionWhy.set(name, why[0] ?? `condition ${name} cannot be evaluated`);
    return result;
  }

  /** Whether a resource exists: its `Condition` attribute decides (absent = always). */
  resourceExists(logicalId: string): boolean | undefined {
    const condition = this.resource(logicalId)?.Condition;
    if (condition === undefined) return true;
    return typeof condition === 'string' ? this.condition(condition) : undefined;
  }

  private evalCondition(expr: Json, depth: number, why: string[]): boolean | undefined {
    this.step(depth);
    const map = asMap(expr);
    const [key] = Object.keys(map);
    const arg = key === undefined ? undefined : map[key];
    const args = Array.isArray(arg) ? arg : [];
    const unknown = (reason: string): undefined => {
      const located = this.locate(expr, new Unresolved(reason));
      why.push(located instanceof Unresolved ? located.message : reason);
      return undefined;
    };
    switch (key) {
      case 'Condition': {
        if (typeof arg !== 'string') return unknown('malformed Condition');
        const value = this.condition(arg, depth);
        if (value === undefined) why.push(this.conditionReason(arg));
        return value;
      }
      case 'Fn::Equals': {
        if (args.length !== 2) return unknown('malformed Fn::Equals');
        const left = this.resolve(args[0] as Json, depth);
        const right = this.resolve(args[1] as Json, depth);
        const same = sameValue(left, right);
        if (same === undefined) {
          const part = [left, right].find((v) => v instanceof Unresolved);
          if (part instanceof Unresolved) why.push(part.message);
          else unknown('compares a value only known at deploy time');
        }
        return same;
      }
      case 'Fn::Not': {
        const inner = args.length === 1 ? this.evalCondition(args[0] as Json, depth + 1, why) : undefined;
        return inner === undefined ? undefined : !inner;
      }
      case 'Fn::And':
      case 'Fn::Or': {
        // Three-valued logic: one false decides an And, one true decides an Or, even if others are unknown.
        const values = args.map((a) => this.evalCondition(a, depth + 1, why));
        const decisive = key !== 'Fn::And';
        if (values.includes(decisive)) return decisive;
        return values.includes(undefined) || values.length === 0 ? undefined : !decisive;
      }
      default:
        return unknown(`${key ?? 'an empty value'} is not a condition function`);
    }
  }

  resolve(expr: Json | undefined, depth = 0): Val {
    if (expr === undefined) return new Unresolved('not set');
    if (expr === null || typeof expr !== 'object') return expr;
    this.step(depth);
    if (Array.isArray(expr)) {
      const items = expr.map((item) => this.resolve(item, depth + 1));
      return items.filter((item) => item !== NO_VALUE);
    }
    const keys = Object.keys(expr);
    const only = keys.length === 1 ? keys[0] : undefined;
    if (only === 'Ref') return this.locate(expr, this.ref(expr.Ref as Json, depth));
    if (only === 'Condition' && typeof expr.Condition === 'string') {
      // `{Condition: name}` is only meaningful inside Fn::If / condition functions; as a value it is a boolean.
      const value = this.condition(expr.Condition, depth);
      return value === undefined
        ? this.locate(expr, new Unresolved(this.conditionReason(expr.Condition)))
        : value;
    }
    if (only?.startsWith('Fn::')) return this.locate(expr, this.fn(only, expr[only] as Json, depth + 1));
    const out: ValMap = {};
    for (const key of keys) {
      const value = this.resolve(expr[key] as Json, depth + 1);
      if (value !== NO_VALUE) out[key] = value;
    }
    return out;
  }

  private ref(target: Json, depth: number): Val {
    if (typeof target !== 'string') return new Unresolved('Ref to a non-string');
    switch (target) {
      case 'AWS::NoValue':
        return NO_VALUE;
      // The template is evaluated for the partition the scan reports (aws unless told otherwise).
      case 'AWS::Partition':
        return this.options.partition;
      case 'AWS::URLSuffix':
        return this.options.partition === 'aws-cn' ? 'amazonaws.com.cn' : 'amazonaws.com';
      case 'AWS::AccountId':
      case 'AWS::Region':
      case 'AWS::StackName':
      case 'AWS::StackId':
        return new Sym(`\${${target}}`);
      case 'AWS::NotificationARNs':
        return new Unresolved('AWS::NotificationARNs is only known at deploy time');
    }
    if (target in this.parameters) return this.parameter(target, depth);
    const resource = this.resource(target);
    if (resource) {
      if (resource.Type === 'AWS::S3::Bucket') return this.bucketName(target, depth);
      return new Sym(`<${target}>`);
    }
    return new Unresolved(`Ref to ${target}, which the template does not declare`);
  }

  private parameter(name: string, depth: number): Val {
    const param = asMap(this.parameters[name]);
    const type = typeof param.Type === 'string' ? param.Type : 'String';
    // SSM parameter types take their value from Parameter Store at deploy time: Default is a key, not the value.
    if (type.startsWith('AWS::SSM::Parameter::Value'))
      return new Unresolved(`parameter ${name} is read from SSM Parameter Store at deploy time`);
    if (!('Default' in param)) return new Unresolved(`parameter ${name} has no Default`);
    const value = this.resolve(param.Default as Json, depth + 1);
    if ((type.startsWith('List<') || type === 'CommaDelimitedList') && typeof value === 'string')
      return value.split(',').map((s) => s.trim());
    return value;
  }

  /** The name a `Ref` to this bucket returns: the literal BucketName, else a symbol of the bucket's identity. */
  bucketName(logicalId: string, depth = 0): Val {
    const known = this.bucketNames.get(logicalId);
    if (known !== undefined) return known;
    const name = this.computeBucketName(logicalId, depth);
    this.bucketNames.set(logicalId, name);
    return name;
  }

  private computeBucketName(logicalId: string, depth: number): Val {
    const props = asMap(this.resource(logicalId)?.Properties);
    const identity = this.options.bucketIdentity?.(logicalId) ?? `<${logicalId}>`;
    if (!('BucketName' in props)) return new Sym(identity, identity);
    const name = this.resolve(props.BucketName as Json, depth + 1);
    if (typeof name === 'string') return name;
    // Symbolic (`${AWS::AccountId}-logs`) or unknown: the bucket is still known by its identity.
    if (name instanceof Sym) return new Sym(name.text, identity);
    return new Sym(identity, identity);
  }

  private getAtt(arg: Json, depth: number): Val {
    let id: Val;
    let attr: Val;
    if (Array.isArray(arg) && arg.length === 2) {
      id = this.resolve(arg[0] as Json, depth);
      attr = this.resolve(arg[1] as Json, depth);
    } else return new Unresolved('malformed Fn::GetAtt');
    if (typeof id !== 'string' || typeof attr !== 'string')
      return new Unresolved('Fn::GetAtt with a computed name');
    const resource = this.resource(id);
    if (!resource) return new Unresolved(`Fn::GetAtt on ${id}, which the template does not declare`);
    if (resource.Type === 'AWS::S3::Bucket' && attr === 'Arn') {
      const name = this.bucketName(id, depth);
      const prefix = `arn:${this.options.partition}:s3:::`;
      if (typeof name === 'string') return `${prefix}${name}`;
      // Known by its identity (`<LogicalId>`), as the inventory names it, so policy ARNs match it.
      if (name instanceof Sym) return new Sym(`${prefix}${name.bucket ?? name.text}`);
      return name;
    }
    return new Sym(`<${id}.${attr}>`);
  }

  private fn(name: string, arg: Json, depth: number): Val {
    switch (name) {
      case 'Fn::GetAtt':
        return this.getAtt(arg, depth);
      case 'Fn::Sub':
        return this.sub(arg, depth);
      case 'Fn::Join': {
        if (!Array.isArray(arg) || arg.length !== 2) return new Unresolved('malformed Fn::Join');
        const delimiter = this.resolve(arg[0] as Json, depth);
        const list = this.resolve(arg[1] as Json, depth);
        if (typeof delimiter !== 'string') return new Unresolved('Fn::Join delimiter is not a string');
        if (!Array.isArray(list))
          return list instanceof Unresolved ? list : new Unresolved('Fn::Join of a non-list');
        return this.sized(concat(list, delimiter, this.limits.collectionSize), 'Fn::Join');
      }
      case 'Fn::Select': {
        if (!Array.isArray(arg) || arg.length !== 2) return new Unresolved('malformed Fn::Select');
        const index = this.resolve(arg[0] as Json, depth);
        const list = this.resolve(arg[1] as Json, depth);
        const i = typeof index === 'number' ? index : typeof index === 'string' ? Number(index) : Number.NaN;
        if (!Array.isArray(list))
          return list instanceof Unresolved ? list : new Unresolved('Fn::Select of a non-list');
        if (!Number.isInteger(i) || i < 0 || i >= list.length)
          return new Unresolved('Fn::Select index out of range');
        return list[i] as Val;
      }
      case 'Fn::Split': {
        if (!Array.isArray(arg) || arg.length !== 2) return new Unresolved('malformed Fn::Split');
        const delimiter = this.resolve(arg[0] as Json, depth);
        const source = this.resolve(arg[1] as Json, depth);
        if (typeof delimiter !== 'string' || delimiter === '') return new Unresolved('Fn::Split delimiter');
        if (typeof source !== 'string')
          return source instanceof Unresolved
            ? source
            : new Unresolved('Fn::Split of a value known only at deploy time');
        return this.sized(source.split(delimiter), 'Fn::Split');
      }
      case 'Fn::FindInMap':
        return this.findInMap(arg, depth);
      case 'Fn::If': {
        if (!Array.isArray(arg) || arg.length !== 3 || typeof arg[0] !== 'string')
          return new Unresolved('malformed Fn::If');
        const condition = this.condition(arg[0], depth);
        if (condition === true) return this.resolve(arg[1] as Json, depth);
        if (condition === false) return this.resolve(arg[2] as Json, depth);
        const whenTrue = this.resolve(arg[1] as Json, depth);
        const whenFalse = this.resolve(arg[2] as Json, depth);
        // Both branches equal: the answer does not depend on the condition.
        if (sameValue(whenTrue, whenFalse) === true) return whenTrue;
        return new Unresolved(
          `condition ${arg[0]} cannot be evaluated statically: ${this.conditionReason(arg[0])}`,
        );
      }
      case 'Fn::ImportValue': {
        const exportName = this.resolve(arg, depth);
        if (typeof exportName === 'string') {
          const imported = this.options.importValue?.(exportName, depth + 1, this.budget);
          if (imported !== undefined) return imported;
          return new Unresolved(`Fn::ImportValue ${exportName}: no scanned template exports it`);
        }
        return new Unresolved('Fn::ImportValue of a computed export name');
      }
      case 'Fn::Base64': {
        const value = this.resolve(arg, depth);
        return typeof value === 'string'
          ? Buffer.from(value, 'utf8').toString('base64')
          : new Unresolved('Fn::Base64 of a value known only at deploy time');
      }
      default:
        // Fn::GetAZs, Fn::Cidr, Fn::Transform (macros), Fn::Length… depend on the deploy environment.
        return new Unresolved(`${name} is not evaluated statically`);
    }
  }

  private findInMap(arg: Json, depth: number): Val {
    if (!Array.isArray(arg) || arg.length < 3) return new Unresolved('malformed Fn::FindInMap');
    const keys = arg.slice(0, 3).map((a) => this.resolve(a, depth));
    if (!keys.every((k) => typeof k === 'string' || typeof k === 'number'))
      return new Unresolved('Fn::FindInMap with a key known only at deploy time');
    const [mapName, top, second] = keys.map(String) as [string, string, string];
    const found = asMap(asMap(this.mappings[mapName])[top])[second];
    if (found !== undefined) return this.resolve(found, depth);
    // AWS::LanguageExtensions allows a 4th argument {DefaultValue: …}.
    const fallback = asMap(arg[3]).DefaultValue;
    if (fallback !== undefined) return this.resolve(fallback, depth);
    return new Unresolved(`Fn::FindInMap ${mapName}.${top}.${second} is not in Mappings`);
  }

  private sub(arg: Json, depth: number): Val {
    let template: Json;
    let vars: ValMap = {};
    if (typeof arg === 'string') template = arg;
    else if (Array.isArray(arg) && arg.length === 2 && typeof arg[0] === 'string') {
      template = arg[0];
      const resolved = this.resolve(arg[1] as Json, depth);
      if (!isValMap(resolved)) return new Unresolved('malformed Fn::Sub variable map');
      vars = resolved;
    } else return new Unresolved('malformed Fn::Sub');
    const parts: Val[] = [];
    let last = 0;
    for (const match of template.matchAll(/\$\{([^}]*)\}/g)) {
      parts.push(template.slice(last, match.index));
      last = match.index + match[0].length;
      const inner = match[1] ?? '';
      // `${!Literal}` writes `${Literal}` verbatim.
      if (inner.startsWith('!')) {
        parts.push(`\${${inner.slice(1)}}`);
        continue;
      }
      const name = inner.trim();
      if (name in vars) parts.push(vars[name] as Val);
      else if (!name.startsWith('AWS::') && name.includes('.')) {
        const dot = name.indexOf('.');
        parts.push(this.getAtt([name.slice(0, dot), name.slice(dot + 1)], depth));
      } else parts.push(this.ref(name, depth));
    }
    parts.push(template.slice(last));
    return this.sized(concat(parts, '', this.limits.collectionSize), 'Fn::Sub');
  }

  /** A string or list built by an intrinsic may not exceed the collection-size budget. */
  private sized(value: Val, fn: string): Val {
    const size =
      typeof value === 'string'
        ? value.length
        : value instanceof Sym
          ? value.text.length
          : Array.isArray(value)
            ? value.length
            : 0;
    if (size > this.limits.collectionSize)
      throw new LimitExceeded(
        'collectionSize',
        this.limits.collectionSize,
        `${this.where()}${fn} result of ${size} elements/characters`,
      );
    return value;
  }
}

/**
 * Joins resolved parts: plain text stays plain, symbolic parts make a symbol (a bucket's symbol is written
 * as its inventory identity `<LogicalId>`, so ARNs built from it match the inventory), unresolved parts
 * make the whole unresolved, keeping the known text with `${?}` for each unknown part.
 */
function concat(parts: Val[], delimiter: string, maxLength: number): Val {
  const texts: string[] = [];
  let length = 0;
  let symbolic = false;
  let onlyBucket: string | undefined;
  let unresolved: Unresolved | undefined;
  const nonEmpty = parts.filter((p) => p !== '' && p !== NO_VALUE);
  for (const part of parts) {
    if (part === NO_VALUE) continue;
    const text = scalarText(part);
    let piece: string;
    if (text instanceof Unresolved) {
      unresolved ??= text;
      piece = text.partialText ?? UNKNOWN_PART;
    } else if (text instanceof Sym) {
      symbolic = true;
      piece = text.bucket ?? text.text;
      if (nonEmpty.length === 1 && delimiter === '') onlyBucket = text.bucket;
    } else piece = text;
    length += piece.length + delimiter.length;
    if (length > maxLength)
      throw new LimitExceeded('collectionSize', maxLength, 'a string built by Fn::Join or Fn::Sub');
    texts.push(piece);
  }
  const joined = texts.join(delimiter);
  if (unresolved) return new Unresolved(unresolved.reason, unresolved.at, joined);
  return symbolic ? new Sym(joined, onlyBucket) : joined;
}

export { asMap };
