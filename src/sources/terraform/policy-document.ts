/**
 * `data "aws_iam_policy_document"` → the JSON its `.json` attribute holds, built from the statement,
 * principals and condition blocks the way the AWS provider renders it (single values unwrapped).
 * Merging documents (`source_policy_documents`, `override_policy_documents`) is not modelled: unknown.
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

export function policyDocumentJson(doc: BlockView): string | Unknown {
  for (const merged of [
    'source_policy_documents',
    'override_policy_documents',
    'source_json',
    'override_json',
  ]) {
    if (doc.attr(merged) !== undefined)
      return new Unknown(`aws_iam_policy_document ${merged} is not modelled`);
  }
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
  const version = doc.attr('version') ?? '2012-10-17';
  const policy: Record<string, unknown> = { Version: version };
  const id = doc.attr('policy_id');
  if (typeof id === 'string') policy.Id = id;
  policy.Statement = out;
  const u = firstUnknown(policy as unknown as Value);
  return u ?? JSON.stringify(policy);
}
