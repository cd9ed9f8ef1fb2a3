/**
 * `data "aws_iam_policy_document"` → the JSON its `.json` attribute holds, built from the statement,
 * principals and condition blocks (static or `dynamic`) the way the AWS provider renders it (single values
 * unwrapped), and merged with `source_policy_documents` / `source_json` and `override_policy_documents` /
 * `override_json` as the provider does: sources first, then this document's statements, then the
 * overrides; a statement whose non-empty Sid is already present replaces it in place, others are appended.
 */
import type { BlockView } from './resource-view.js';
import { firstUnknown, isUnknown, toStringValue, Unknown, type Value } from './values.js';

type Json = string | string[] | Record<string, unknown>;

function stringList(value: Value | undefined): string[] | Unknown | undefined {
  if (value === undefined || value === null) return undefined;
  if (isUnknown(value)) return value;
  const items = Array.isArray(value) ? value : [value];
  const out: string[] = [];
  for (const item of items) {
    const s = toStringValue(item);
    if (isUnknown(s)) return s;
    out.push(s);
  }
  return out;
}

const unwrap = (list: string[]): Json => (list.length === 1 ? (list[0] as string) : list);

interface Doc {
  Version?: unknown;
  Id?: unknown;
  Statement: Record<string, unknown>[];
}

/** The documents of `source_policy_documents` + `source_json` (or the override pair), parsed. */
function documents(doc: BlockView, listAttr: string, jsonAttr: string): Doc[] | Unknown {
  const texts: Value[] = [];
  const list = doc.attr(listAttr);
  if (isUnknown(list)) return new Unknown(`${listAttr}: ${list.message}`, undefined, list.isError);
  if (Array.isArray(list)) texts.push(...list);
  else if (list !== undefined && list !== null)
    return new Unknown(`${listAttr} is not a list`, undefined, true);
  const single = doc.attr(jsonAttr);
  if (single !== undefined && single !== null) texts.push(single);
  const out: Doc[] = [];
  for (const text of texts) {
    if (isUnknown(text)) return new Unknown(`${listAttr}: ${text.message}`, undefined, text.isError);
    if (text === null || text === '') continue;
    if (typeof text !== 'string') return new Unknown(`${listAttr}: not a JSON string`, undefined, true);
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      return new Unknown(`${listAttr}: a document is not valid JSON`, undefined, true);
    }
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed))
      return new Unknown(`${listAttr}: a document is not a JSON object`, undefined, true);
    const d = parsed as Record<string, unknown>;
    const st = d.Statement;
    const statements = Array.isArray(st) ? st : st && typeof st === 'object' ? [st] : [];
    out.push({ Version: d.Version, Id: d.Id, Statement: statements as Record<string, unknown>[] });
  }
  return out;
}

/** The provider's IAMPolicyDoc.Merge: a statement with a known Sid replaces the one with the same Sid. */
function merge(into: Doc, from: Doc): void {
  if (from.Version !== undefined && from.Version !== '') into.Version = from.Version;
  if (from.Id !== undefined && from.Id !== '') into.Id = from.Id;
  for (const statement of from.Statement) {
    const sid = statement.Sid;
    const at = typeof sid === 'string' && sid !== '' ? into.Statement.findIndex((s) => s.Sid === sid) : -1;
    if (at >= 0) into.Statement[at] = statement;
    else into.Statement.push(statement);
  }
}

export function policyDocumentJson(doc: BlockView): string | Unknown {
  const sources = documents(doc, 'source_policy_documents', 'source_json');
  if (isUnknown(sources)) return sources;
  const overrides = documents(doc, 'override_policy_documents', 'override_json');
  if (isUnknown(overrides)) return overrides;
  const statements = doc.blocks('statement');
  if (isUnknown(statements)) return statements;
  const out: Record<string, unknown>[] = [];
  for (const st of statements) {
    const json: Record<string, unknown> = {};
    const sid = st.attr('sid');
    if (sid !== undefined && sid !== null) json.Sid = sid;
    json.Effect = st.attr('effect') ?? 'Allow';
    for (const [attr, key] of [
      ['actions', 'Action'],
      ['not_actions', 'NotAction'],
      ['resources', 'Resource'],
      ['not_resources', 'NotResource'],
    ] as const) {
      const list = stringList(st.attr(attr));
      if (isUnknown(list)) return list;
      if (list) json[key] = unwrap(list);
    }
    for (const [block, key] of [
      ['principals', 'Principal'],
      ['not_principals', 'NotPrincipal'],
    ] as const) {
      const principals = st.blocks(block);
      if (isUnknown(principals)) return principals;
      if (principals.length === 0) continue;
      const map: Record<string, string[]> = {};
      for (const p of principals) {
        const type = toStringValue(p.attr('type') ?? null);
        const ids = stringList(p.attr('identifiers'));
        if (isUnknown(type)) return type;
        if (isUnknown(ids)) return ids;
        map[type] = [...(map[type] ?? []), ...(ids ?? [])];
      }
      // `type = "*"` with `identifiers = ["*"]` renders as "Principal": "*" (AWS provider behaviour).
      const star = map['*'];
      json[key] =
        Object.keys(map).length === 1 && star && star.length === 1 && star[0] === '*'
          ? '*'
          : Object.fromEntries(Object.entries(map).map(([k, v]) => [k, unwrap(v)]));
    }
    const conditions = st.blocks('condition');
    if (isUnknown(conditions)) return conditions;
    if (conditions.length > 0) {
      const cond: Record<string, Record<string, Json>> = {};
      for (const c of conditions) {
        const test = toStringValue(c.attr('test') ?? null);
        const variable = toStringValue(c.attr('variable') ?? null);
        const values = stringList(c.attr('values'));
        if (isUnknown(test)) return test;
        if (isUnknown(variable)) return variable;
        if (isUnknown(values)) return values;
        cond[test] = { ...(cond[test] ?? {}), [variable]: unwrap(values ?? []) };
      }
      json.Condition = cond;
    }
    const u = firstUnknown(json as unknown as Value);
    if (u) return u;
    out.push(json);
  }
  const merged: Doc = { Statement: [] };
  for (const source of sources) merge(merged, source);
  const version = doc.attr('version');
  const id = doc.attr('policy_id');
  merge(merged, {
    Version: version ?? (merged.Version === undefined ? '2012-10-17' : undefined),
    Id: typeof id === 'string' ? id : undefined,
    Statement: out,
  });
  for (const override of overrides) merge(merged, override);
  const policy: Record<string, unknown> = { Version: merged.Version ?? '2012-10-17' };
  if (merged.Id !== undefined) policy.Id = merged.Id;
  policy.Statement = merged.Statement;
  const u = firstUnknown(policy as unknown as Value, 0, true);
  return u ?? JSON.stringify(policy);
}
