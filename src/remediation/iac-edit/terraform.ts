/**
 * `trailguard fix PATH --write` for Terraform: turns a fix plan into edits of the scanned `.tf` files.
 *
 * - New resources go into `trailguard_fix.tf` in the folder (module) that declares the bucket; resources
 *   that exist are edited in place through the parser's source ranges (hcl-ast `range` / `close`).
 * - Resources are referred to by address, module-local (`aws_s3_bucket.trail["dev"].arn`, `.id`), never by
 *   the plan's display names (`<aws_s3_bucket.trail>`); the account is an existing
 *   `data.aws_caller_identity` of that folder when there is one (a second declaration would fail init).
 * - Delivery statements are merged into the target's existing policy resource when it is literal
 *   (`jsonencode({ … Statement = [ … ] })` or a `data.aws_iam_policy_document` block): a second
 *   `aws_s3_bucket_policy` for one bucket silently replaces the first.
 * - What cannot be written safely (a policy built from values we cannot edit, a resource in another module
 *   or a remote one, a logging resource repeated by count / for_each) is returned as a manual instruction.
 * Pure: file texts in, new texts out.
 */

import { exprText } from '../../sources/terraform/expr-text.js';
import type { Attribute, Block, Expr } from '../../sources/terraform/hcl-ast.js';
import { parseHclSync } from '../../sources/terraform/hcl-parse.js';
import { IAC_TARGET_PREFIX } from '../planner.js';
import type { FixPlan, PutBucketLoggingStep, PutBucketPolicyStep } from '../types.js';
import { HclExpr, type HclValue, hclString, tfName } from '../writers/hcl.js';
import {
  emptyEdits,
  type FileChange,
  type IacEdits,
  type ListFolder,
  mapStringsDeep,
  type ReadSource,
} from './types.js';

export const FIX_FILE = 'trailguard_fix.tf';

interface Address {
  /** `module.a.module.b["x"].` (instance keys kept), '' in the root module. */
  module: string;
  type: string;
  name: string;
  /** `[0]`, `["dev"]` or ''. */
  index: string;
}

const ADDRESS =
  /^((?:module\.[A-Za-z_][A-Za-z0-9_-]*(?:\[[^\]]+\])?\.)*)([a-z0-9_]+)\.([A-Za-z_][A-Za-z0-9_-]*)(\[[^\]]+\])?$/;

export function parseAddress(address: string): Address | null {
  const m = ADDRESS.exec(address);
  if (!m || m[1] === undefined || !m[2] || !m[3]) return null;
  return { module: m[1], type: m[2], name: m[3], index: m[4] ?? '' };
}

/** The address inside its module: what the module's own files write. */
const local = (a: Address) => `${a.type}.${a.name}${a.index}`;
/** `x`, `x_1`, `x_dev` for `aws_s3_bucket.x`, `x[1]`, `x["dev"]` (a resource name for what we add). */
const nameFor = (a: Address) => `${a.name}${a.index ? `_${a.index.replace(/[^A-Za-z0-9_-]+/g, '')}` : ''}`;

interface FolderFile {
  file: string;
  text: string;
  blocks: Block[];
  /** Replacements to apply: [start, end, text]. */
  edits: [number, number, string][];
}

/** One module folder: its files, parsed, and the blocks trailguard adds to `trailguard_fix.tf`. */
class Folder {
  readonly files: FolderFile[] = [];
  readonly added: string[] = [];
  private readonly names = new Set<string>();

  constructor(
    readonly path: string,
    read: ReadSource,
    list: ListFolder,
  ) {
    for (const file of list(path)) {
      const text = read(file);
      if (text === null) continue;
      const parsed = parseHclSync(file, text);
      if (!parsed.ok) continue;
      this.files.push({ file, text, blocks: parsed.file.body.blocks, edits: [] });
      for (const b of parsed.file.body.blocks)
        if ((b.type === 'resource' || b.type === 'data') && b.labels.length === 2)
          this.names.add(`${b.type === 'data' ? 'data.' : ''}${b.labels[0]}.${b.labels[1]}`);
    }
  }

  get fixFile(): string {
    return this.path ? `${this.path}/${FIX_FILE}` : FIX_FILE;
  }

  find(kind: 'resource' | 'data', type: string, name?: string): { file: FolderFile; block: Block }[] {
    const out: { file: FolderFile; block: Block }[] = [];
    for (const file of this.files)
      for (const block of file.blocks)
        if (
          block.type === kind &&
          block.labels[0] === type &&
          (name === undefined || block.labels[1] === name)
        )
          out.push({ file, block });
    return out;
  }

  /** A resource name of `type` not yet used in this folder. */
  freshName(type: string, wanted: string, prefix = ''): string {
    const base = tfName(wanted);
    let name = base;
    for (let i = 2; this.names.has(`${prefix}${type}.${name}`); i++) name = `${base}_${i}`;
    this.names.add(`${prefix}${type}.${name}`);
    return name;
  }

  changes(): FileChange[] {
    const out: FileChange[] = [];
    let fixFileSeen = false;
    for (const f of this.files) {
      let text = f.text;
      for (const [start, end, insert] of [...f.edits].sort((a, b) => b[0] - a[0]))
        text = text.slice(0, start) + insert + text.slice(end);
      if (f.file === this.fixFile && this.added.length > 0) {
        fixFileSeen = true;
        text = `${text.replace(/\n*$/, '\n')}\n${this.added.join('\n\n')}\n`;
      }
      if (text !== f.text) out.push({ file: f.file, before: f.text, after: text });
    }
    if (!fixFileSeen && this.added.length > 0) {
      out.push({
        file: this.fixFile,
        before: null,
        after: `# Added by trailguard fix --write: S3 server access logging for the buckets of this folder.\n\n${this.added.join('\n\n')}\n`,
      });
    }
    return out;
  }
}

const folderOf = (file: string) => (file.includes('/') ? file.slice(0, file.lastIndexOf('/')) : '');

/** Attribute lines `key = value`, `=` aligned over runs of single-line values (terraform fmt). */
function attrs(entries: [string, string][], indent: string): string[] {
  const out: string[] = [];
  let run: [string, string][] = [];
  const flush = () => {
    const width = Math.max(0, ...run.map(([k]) => k.length));
    for (const [k, v] of run) out.push(`${indent}${k.padEnd(width)} = ${v}`);
    run = [];
  };
  for (const [k, v] of entries) {
    if (v.includes('\n')) {
      flush();
      out.push(`${indent}${k} = ${v}`);
    } else run.push([k, v]);
  }
  flush();
  return out;
}

/** A block with attributes then nested blocks (already rendered, one level deeper). */
function block(head: string, entries: [string, string][], nested: string[] = [], indent = ''): string {
  const inner = `${indent}  `;
  const lines = [`${indent}${head} {`, ...attrs(entries, inner)];
  if (entries.length && nested.length) lines.push('');
  lines.push(...nested);
  lines.push(`${indent}}`);
  return lines.join('\n');
}

/** A value as HCL (jsonencode style), `=` aligned like terraform fmt; Expr-valued leaves are written raw. */
class Raw {
  constructor(readonly text: string) {}
}
type Value = string | number | boolean | null | Raw | Value[] | { [key: string]: Value };

function hcl(value: Value, indent: string): string {
  if (value instanceof Raw) return value.text;
  if (value === null) return 'null';
  if (typeof value === 'string') return hclString(value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  const inner = `${indent}  `;
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    if (value.every((v) => typeof v === 'string' || v instanceof Raw) && value.length === 1)
      return `[${hcl(value[0] as Value, inner)}]`;
    return `[\n${value.map((v) => `${inner}${hcl(v, inner)},`).join('\n')}\n${indent}]`;
  }
  const entries = Object.entries(value);
  if (entries.length === 0) return '{}';
  const keys = entries.map(([k, v]) => [
    /^[A-Za-z_][A-Za-z0-9_-]*$/.test(k) ? k : hclString(k),
    hcl(v, inner),
  ]);
  if (entries.length === 1 && !(keys[0]?.[1] ?? '').includes('\n'))
    return `{ ${keys[0]?.[0]} = ${keys[0]?.[1]} }`;
  return `{\n${attrs(keys as [string, string][], inner).join('\n')}\n${indent}}`;
}

/** Plan names → Terraform references, per folder. */
interface Refs {
  /** Plan bucket name (literal, `<address>` or an IaC target placeholder) → module-local bucket address. */
  bucket: Map<string, string>;
  /** `${aws_account_id…}` symbol → `data.aws_caller_identity.X.account_id` (declared on demand). */
  account: (symbol: string) => string;
}

const TOKEN = /arn:([a-z-]+):s3:::(<[^<>]+>)|(<[^<>]+>)|(\$\{aws_account_id[^}]*\})/g;

/**
 * A plan string as HCL: a literal, a reference (`aws_s3_bucket.x.arn`), or a template
 * (`"${aws_s3_bucket.x.arn}/p/*"`). Null when it names a bucket this folder cannot refer to.
 */
function translate(text: string, refs: Refs): Raw | string | null {
  // A bucket of this folder named literally (`arn:aws:s3:::acme-logs/p/*`, `acme-logs`): by address too, so
  // the module stays right for every instance and every name its variables give.
  const arn = /^arn:[a-z-]+:s3:::([^/]+)(\/.*)?$/.exec(text);
  const byName = arn ? refs.bucket.get(arn[1] as string) : refs.bucket.get(text);
  if (byName && !text.includes('<')) {
    if (!arn) return new Raw(`${byName}.id`);
    return arn[2]
      ? new Raw(`"\${${byName}.arn}${hclString(arn[2]).slice(1, -1)}"`)
      : new Raw(`${byName}.arn`);
  }
  const parts: (string | Raw)[] = [];
  let last = 0;
  for (const m of text.matchAll(TOKEN)) {
    const at = m.index ?? 0;
    if (at > last) parts.push(text.slice(last, at));
    last = at + m[0].length;
    if (m[2]) {
      const ref = refs.bucket.get(m[2]);
      if (!ref) return null;
      parts.push(new Raw(`${ref}.arn`));
    } else if (m[3]) {
      const ref = refs.bucket.get(m[3]);
      if (!ref) return null;
      parts.push(new Raw(`${ref}.id`));
    } else if (m[4]) parts.push(new Raw(refs.account(m[4])));
  }
  if (last < text.length) parts.push(text.slice(last));
  if (parts.length === 1 && parts[0] instanceof Raw) return parts[0];
  if (!parts.some((p) => p instanceof Raw)) return text;
  const body = parts.map((p) => (p instanceof Raw ? `\${${p.text}}` : hclString(p).slice(1, -1))).join('');
  return new Raw(`"${body}"`);
}

function translateDeep(value: unknown, refs: Refs): Value | null {
  return mapStringsDeep<Value>(value, (text) => translate(text, refs));
}

/**
 * For the `-f terraform` patch: a plan value (a statement) with bucket names and account symbols turned
 * into references (`HclExpr`). `bucket`: plan name → address; `account`: the deploying account's expression.
 * Null when it names a bucket the patch cannot refer to (declared in a module).
 */
export function patchValue(
  value: unknown,
  bucket: Map<string, string>,
  account: () => string,
): HclValue | null {
  const translated = translateDeep(value, { bucket, account });
  const convert = (v: Value): HclValue => {
    if (v instanceof Raw) return new HclExpr(v.text);
    if (Array.isArray(v)) return v.map(convert);
    if (v && typeof v === 'object')
      return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, convert(x)]));
    return v;
  };
  return translated === null ? null : convert(translated);
}

function asHclText(v: Value): string {
  return v instanceof Raw ? v.text : hcl(v, '');
}

/** A statement as a `statement { … }` block of `data "aws_iam_policy_document"`. */
function statementBlock(s: Record<string, Value>, indent: string): string {
  const list = (v: Value | undefined): string =>
    Array.isArray(v) ? `[${v.map(asHclText).join(', ')}]` : `[${asHclText(v as Value)}]`;
  const entries: [string, string][] = [];
  if (s.Sid !== undefined) entries.push(['sid', asHclText(s.Sid)]);
  entries.push(['effect', asHclText(s.Effect as Value)]);
  entries.push(['actions', list(s.Action)]);
  entries.push(['resources', list(s.Resource)]);
  const nested: string[] = [];
  const inner = `${indent}  `;
  const principal = s.Principal as Record<string, Value>;
  for (const [type, ids] of Object.entries(principal ?? {}))
    nested.push(
      block(
        'principals',
        [
          ['type', hclString(type)],
          ['identifiers', list(ids)],
        ],
        [],
        inner,
      ),
    );
  for (const [test, keys] of Object.entries((s.Condition ?? {}) as Record<string, Record<string, Value>>))
    for (const [variable, values] of Object.entries(keys))
      nested.push(
        block(
          'condition',
          [
            ['test', hclString(test)],
            ['variable', hclString(variable)],
            ['values', list(values)],
          ],
          [],
          inner,
        ),
      );
  return block('statement', entries, nested, indent);
}

const lineStarts = (text: string) => {
  const starts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
};

/** The indentation of the line that holds offset `at`. */
function indentAt(text: string, at: number): string {
  const start = text.lastIndexOf('\n', at - 1) + 1;
  return /^[ \t]*/.exec(text.slice(start))?.[0] ?? '';
}

/** The offset of a node's position (1-based line and column). */
function offsetOf(text: string, pos: { line: number; column: number }, starts = lineStarts(text)): number {
  return (starts[pos.line - 1] ?? 0) + pos.column - 1;
}

/** Does `expr` refer to the bucket at module-local address `addr` (`aws_s3_bucket.x[0].id` / `.bucket`)? */
function refersTo(expr: Expr | undefined, addr: Address, literalName: string | null): boolean {
  if (!expr) return false;
  if (expr.kind === 'literal' && literalName !== null) return expr.value === literalName;
  if (expr.kind === 'template' && expr.parts.length === 1 && typeof expr.parts[0] === 'string')
    return literalName !== null && expr.parts[0] === literalName;
  const text = exprText(expr).replace(/\.(id|bucket)$/, '');
  if (text === `${addr.type}.${addr.name}${addr.index}`) return true;
  // `aws_s3_bucket.x[each.key]` inside a resource repeated the same way: refers to every instance.
  return (
    addr.index !== '' &&
    /\[(each\.key|count\.index)\]$/.test(text) &&
    text.startsWith(`${addr.type}.${addr.name}[`)
  );
}

const repeated = (b: Block) => b.body.attributes.has('count') || b.body.attributes.has('for_each');

function providerOf(folder: Folder, addr: Address): string | null {
  const found = folder.find('resource', addr.type, addr.name)[0];
  const attr = found?.block.body.attributes.get('provider');
  if (!found || !attr?.range) return null;
  return found.file.text.slice(attr.range.start, attr.range.end).replace(/^provider\s*=\s*/, '');
}

export interface TerraformEditInput {
  plan: FixPlan;
  read: ReadSource;
  list: ListFolder;
}

export function editTerraform({ plan, read, list }: TerraformEditInput): IacEdits {
  const result = emptyEdits();
  const folders = new Map<string, Folder>();
  const folder = (path: string) => {
    let f = folders.get(path);
    if (!f) {
      f = new Folder(path, read, list);
      folders.set(path, f);
    }
    return f;
  };
  const manual = (text: string) => result.manual.push(text);

  /** Per folder+module: plan bucket names → local addresses, and the caller identity to use. */
  const refsFor = new Map<string, Refs>();
  const callerFor = new Map<string, string>();
  const refs = (f: Folder, module: string, provider: string | null): Refs => {
    const key = `${f.path}\u0000${module}`;
    let r = refsFor.get(key);
    if (r) return r;
    const bucket = new Map<string, string>();
    for (const fix of plan.fixes) {
      const a = fix.address ? parseAddress(fix.address) : null;
      if (a && a.module === module && fix.file && folderOf(fix.file) === f.path)
        bucket.set(fix.bucket, local(a));
    }
    for (const t of plan.targets) {
      const a = t.address ? parseAddress(t.address) : null;
      if (a && a.module === module && t.file && folderOf(t.file) === f.path) bucket.set(t.bucket, local(a));
    }
    r = {
      bucket,
      account: () => {
        const ck = `${f.path}\u0000${provider ?? ''}`;
        let name = callerFor.get(ck);
        if (!name) {
          const existing = f.find('data', 'aws_caller_identity').find(({ file, block: b }) => {
            const p = b.body.attributes.get('provider');
            const text = p?.range
              ? file.text.slice(p.range.start, p.range.end).replace(/^provider\s*=\s*/, '')
              : null;
            return text === provider;
          });
          if (existing) name = `data.aws_caller_identity.${existing.block.labels[1]}`;
          else {
            const n = f.freshName('aws_caller_identity', 'trailguard', 'data.');
            f.added.push(
              provider
                ? block(`data "aws_caller_identity" "${n}"`, [['provider', provider]])
                : `data "aws_caller_identity" "${n}" {}`,
            );
            name = `data.aws_caller_identity.${n}`;
          }
          callerFor.set(ck, name);
        }
        return `${name}.account_id`;
      },
    };
    refsFor.set(key, r);
    return r;
  };

  // Where each target lives: an existing declared bucket, or one we declare next to its first source.
  const targetHome = new Map<
    string,
    { folder: Folder; module: string; local: string; provider: string | null } | null
  >();
  for (const t of plan.targets) {
    if (!t.create) {
      const a = t.address ? parseAddress(t.address) : null;
      if (!a || !t.file) {
        targetHome.set(t.bucket, null);
        continue;
      }
      const f = folder(folderOf(t.file));
      targetHome.set(t.bucket, { folder: f, module: a.module, local: local(a), provider: providerOf(f, a) });
      continue;
    }
    const first = plan.fixes.find((x) => x.target === t.bucket && x.address && x.file);
    const a = first?.address ? parseAddress(first.address) : null;
    if (!first?.file || !a) {
      targetHome.set(t.bucket, null);
      continue;
    }
    const f = folder(folderOf(first.file));
    const provider = providerOf(f, a);
    const placeholder = t.bucket.startsWith(IAC_TARGET_PREFIX);
    const name = f.freshName(
      'aws_s3_bucket',
      placeholder ? `trailguard_access_logs${t.region ? `_${t.region}` : ''}` : `access_logs_${t.bucket}`,
    );
    const ref = `aws_s3_bucket.${name}`;
    const p: [string, string][] = provider ? [['provider', provider]] : [];
    f.added.push(
      [
        `# Log target for ${t.sources.map((s) => (s.startsWith('<') ? s.slice(1, -1) : s)).join(', ')} (no Object Lock, no Requester Pays, SSE-S3).`,
        block(`resource "aws_s3_bucket" "${name}"`, [
          ...p,
          placeholder ? ['bucket_prefix', hclString('access-logs-')] : ['bucket', hclString(t.bucket)],
        ]),
      ].join('\n'),
      block(
        `resource "aws_s3_bucket_ownership_controls" "${name}"`,
        [...p, ['bucket', `${ref}.id`]],
        [block('rule', [['object_ownership', '"BucketOwnerEnforced"']], [], '  ')],
      ),
      block(`resource "aws_s3_bucket_public_access_block" "${name}"`, [
        ...p,
        ['bucket', `${ref}.id`],
        ['block_public_acls', 'true'],
        ['block_public_policy', 'true'],
        ['ignore_public_acls', 'true'],
        ['restrict_public_buckets', 'true'],
      ]),
      block(
        `resource "aws_s3_bucket_server_side_encryption_configuration" "${name}"`,
        [...p, ['bucket', `${ref}.id`]],
        [
          block(
            'rule',
            [],
            [block('apply_server_side_encryption_by_default', [['sse_algorithm', '"AES256"']], [], '    ')],
            '  ',
          ),
        ],
      ),
    );
    targetHome.set(t.bucket, { folder: f, module: a.module, local: ref, provider });
    // The created bucket is known by this address from now on.
    refs(f, a.module, provider).bucket.set(t.bucket, ref);
  }

  for (const step of plan.steps) {
    if (step.kind === 'PutBucketPolicy') writePolicy(step);
    if (step.kind === 'PutBucketLogging') writeLogging(step);
  }

  function writePolicy(step: PutBucketPolicyStep) {
    const home = targetHome.get(step.bucket);
    const shown = step.bucket.startsWith('<') ? step.bucket.slice(1, -1) : step.bucket;
    const statementsText = JSON.stringify(step.add, null, 2);
    if (!home) {
      manual(
        `Add these statements to the bucket policy of ${shown} (it is not declared in the scanned Terraform):\n${statementsText}`,
      );
      return;
    }
    const { folder: f, module, provider } = home;
    const r = refs(f, module, provider);
    // Translating may declare a data.aws_caller_identity: undone when the statements end up written by hand.
    const added = f.added.length;
    const callers = new Map(callerFor);
    const undo = () => {
      f.added.length = added;
      callerFor.clear();
      for (const [k, v] of callers) callerFor.set(k, v);
    };
    const translated = step.add.map((s) => translateDeep(s, r) as Record<string, Value> | null);
    if (translated.some((s) => s === null)) {
      undo();
      manual(
        `Add these statements to the bucket policy of ${shown} (${f.path || '.'}): they name buckets of another module, which ${module ? `module ${module.slice(0, -1)}` : 'the root module'} cannot refer to:\n${statementsText}`,
      );
      return;
    }
    const statements = translated as Record<string, Value>[];
    const target = parseAddress(home.local) as Address;
    const literal = step.bucket.startsWith('<') ? null : step.bucket;
    // 1. An aws_s3_bucket_policy for this bucket (or the v3 inline `policy` argument): merge into it.
    const policyResources = f
      .find('resource', 'aws_s3_bucket_policy')
      .filter(({ block: b }) => refersTo(b.body.attributes.get('bucket')?.expr, target, literal));
    const own = f.find('resource', target.type, target.name)[0];
    const inline = own?.block.body.attributes.get('policy');
    const existing = policyResources[0] ?? (inline && own ? { file: own.file, block: own.block } : undefined);
    if (policyResources.length > 1) {
      undo();
      manual(
        `${shown} has ${policyResources.length} aws_s3_bucket_policy resources (they replace each other); merge them into one and add:\n${statementsText}`,
      );
      return;
    }
    if (existing) {
      const attr = existing.block.body.attributes.get('policy') as Attribute | undefined;
      if (attr && mergeInto(existing.file, attr, statements, f)) return;
      undo();
      manual(
        `Add these statements to the policy of ${existing.block.labels.join('.')} (${existing.file.file}:${existing.block.pos.line}); trailguard edits only a literal jsonencode({ Statement = [...] }) or a data.aws_iam_policy_document:\n${statementsText}`,
      );
      return;
    }
    // 2. None: a new aws_s3_bucket_policy.
    const name = f.freshName(
      'aws_s3_bucket_policy',
      target.name.startsWith('trailguard') ? nameFor(target) : `trailguard_${nameFor(target)}`,
    );
    const document: Value = { Version: '2012-10-17', Statement: statements };
    f.added.push(
      block(`resource "aws_s3_bucket_policy" "${name}"`, [
        ...(provider ? ([['provider', provider]] as [string, string][]) : []),
        ['bucket', `${home.local}.id`],
        ['policy', `jsonencode(${hcl(document, '  ')})`],
      ]),
    );
  }

  /** Merges statements into a literal policy; false when the policy is not one trailguard can edit. */
  function mergeInto(
    file: FolderFile,
    attr: Attribute,
    statements: Record<string, Value>[],
    f: Folder,
  ): boolean {
    const expr = attr.expr;
    if (expr.kind === 'call' && expr.name === 'jsonencode' && expr.args[0]?.kind === 'object') {
      const stmt = expr.args[0].items.find(
        (i) => i.key.kind === 'literal' && i.key.value === 'Statement',
      )?.value;
      if (stmt?.kind !== 'tuple' || stmt.close === undefined) return false;
      const open = offsetOf(file.text, stmt.pos);
      if (file.text[open] !== '[') return false;
      const indent = `${indentAt(file.text, stmt.close)}  `;
      const text = statements.map((s) => `\n${indent}${hcl(s, indent)},`).join('');
      file.edits.push([open + 1, open + 1, text]);
      return true;
    }
    // data.aws_iam_policy_document.X.json in this folder: add statement blocks.
    const m = /^data\.aws_iam_policy_document\.([A-Za-z_][A-Za-z0-9_-]*)\.json$/.exec(exprText(expr));
    if (!m) return false;
    const doc = f.find('data', 'aws_iam_policy_document', m[1])[0];
    if (!doc?.block.range || repeated(doc.block)) return false;
    const close = doc.block.range.end - 1;
    const indent = `${indentAt(doc.file.text, doc.block.range.start)}  `;
    const blocks = statements.map((s) => statementBlock(s, indent)).join('\n\n');
    const before = doc.file.text.slice(0, close).replace(/[ \t]*$/, '');
    doc.file.edits.push([
      before.length,
      close,
      `${before.endsWith('{') || before.endsWith('\n') ? '' : '\n'}\n${blocks}\n${indent.slice(2)}`,
    ]);
    return true;
  }

  function writeLogging(step: PutBucketLoggingStep) {
    const a = step.address ? parseAddress(step.address) : null;
    if (!a || !step.file) {
      manual(
        `Enable server access logging on ${step.bucket}: target ${step.logging.targetBucket}, prefix "${step.logging.targetPrefix}" (not declared in the scanned Terraform).`,
      );
      return;
    }
    const f = folder(folderOf(step.file));
    const provider = providerOf(f, a);
    const r = refs(f, a.module, provider);
    const home = targetHome.get(step.logging.targetBucket);
    const translated = translate(step.logging.targetBucket, r);
    const targetExpr =
      home && home.folder === f && home.module === a.module
        ? `${home.local}.id`
        : translated instanceof Raw
          ? translated.text
          : typeof translated === 'string' && !translated.startsWith('<')
            ? hclString(translated)
            : null;
    const where = `${step.address} (${step.file})`;
    if (targetExpr === null) {
      manual(
        `${where}: log into ${step.logging.targetBucket} with prefix "${step.logging.targetPrefix}"; that bucket is declared in another module, so pass its name in as a variable.`,
      );
      return;
    }
    const prefix = hclString(step.logging.targetPrefix);
    const literal = step.bucket.startsWith('<') ? null : step.bucket;
    // Existing logging: an aws_s3_bucket_logging for this bucket, or the v3 inline block.
    const resources = f
      .find('resource', 'aws_s3_bucket_logging')
      .filter(({ block: b }) => refersTo(b.body.attributes.get('bucket')?.expr, a, literal));
    const own = f.find('resource', a.type, a.name)[0];
    const inline = own?.block.body.blocks.find((b) => b.type === 'logging');
    const existing = resources[0] ?? (inline && own ? { file: own.file, block: inline } : undefined);
    if (existing) {
      const owner = resources[0]?.block ?? own?.block;
      if (owner && repeated(owner) && resources[0]) {
        manual(
          `${where}: ${resources[0].block.labels.join('.')} is repeated by count/for_each; set its target_bucket to ${targetExpr} and target_prefix to ${prefix} for this instance.`,
        );
        return;
      }
      const set = (name: string, value: string) => {
        const attr = existing.block.body.attributes.get(name);
        if (attr?.range) existing.file.edits.push([attr.range.start, attr.range.end, `${name} = ${value}`]);
        else if (existing.block.range) {
          const close = existing.block.range.end - 1;
          const indent = `${indentAt(existing.file.text, existing.block.range.start)}  `;
          const before = existing.file.text.slice(0, close).replace(/[ \t]*$/, '');
          existing.file.edits.push([
            before.length,
            close,
            `${before.endsWith('\n') ? '' : '\n'}${indent}${name} = ${value}\n${indent.slice(2)}`,
          ]);
        }
      };
      set('target_bucket', targetExpr);
      set('target_prefix', prefix);
      if (step.logging.partitioned)
        manual(
          `${where}: add target_object_key_format { partitioned_prefix { partition_date_source = "EventTime" } } to its logging.`,
        );
      return;
    }
    const name = f.freshName('aws_s3_bucket_logging', `trailguard_${nameFor(a)}`);
    const nested = step.logging.partitioned
      ? [
          block(
            'target_object_key_format',
            [],
            [block('partitioned_prefix', [['partition_date_source', '"EventTime"']], [], '    ')],
            '  ',
          ),
        ]
      : [];
    f.added.push(
      block(
        `resource "aws_s3_bucket_logging" "${name}"`,
        [
          ...(provider ? ([['provider', provider]] as [string, string][]) : []),
          ['bucket', `${local(a)}.id`],
          ['target_bucket', targetExpr],
          ['target_prefix', prefix],
        ],
        nested,
      ),
    );
  }

  for (const f of folders.values()) {
    if (f.added.length || f.files.some((x) => x.edits.length)) result.changes.push(...f.changes());
  }
  const modules = new Set(
    plan.fixes.map((x) => (x.address ? parseAddress(x.address)?.module : '')).filter((m): m is string => !!m),
  );
  for (const m of modules)
    result.notes.push(
      `${m.slice(0, -1)}: its folder was edited, so the change applies to every instance of that module.`,
    );
  return result;
}
