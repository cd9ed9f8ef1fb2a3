/**
 * `data "aws_iam_policy_document"` → the JSON its `.json` attribute holds, built from the statement,
 * principals and condition blocks (static or `dynamic`) the way the AWS provider renders it (single values
 * unwrapped), and merged with `source_policy_documents` / `source_json` and `override_policy_documents` /
 * `override_json` as the provider does: sources first, then this document's statements, then the
 * overrides; a statement whose non-empty Sid is already present replaces it in place, others are appended.
 */
import type { BlockView } from './resource-view.js';
import {
  isUnknown,
  partialDocument,
  partialJson,
  toStringValue,
  Unknown,
  type Value,
  withPartial,
} from './values.js';

type Json = unknown;

/**
 * Unknown parts met while rendering: the first one is the document's reason; each is written into the document
 * as far as it is known (`${?}` in strings, error values otherwise: `Unknown.partial`).
 */
class Marks {
  first?: Unknown;
  /** Set when an unknown leaves even the partial document unreliable (which statements exist). */
  lost = false;
  note(u: Unknown): unknown {
    this.first ??= u;
    if (u.isError) this.lost = true;
    return partialJson(u);
  }
}

function stringList(value: Value | undefined, marks: Marks): Json[] | undefined {
  if (value === undefined || value === null) return undefined;
  if (isUnknown(value)) {
    // A whole list that is unknown: one unknown entry stands for it.
    return [marks.note(value)];
  }
  const items = Array.isArray(value) ? value : [value];
  const out: Json[] = [];
  for (const item of items) {
    const s = toStringValue(item);
    out.push(isUnknown(s) ? marks.note(s) : s);
  }
  return out;
}

const unwrap = (list: Json[]): Json => (list.length === 1 ? list[0] : list);

interface Doc {
  Version?: unknown;
  Id?: unknown;
  Statement: Record<string, unknown>[];
}

/** The documents of `source_policy_documents` + `source_json` (or the override pair), parsed. */
function documents(doc: BlockView, listAttr: string, jsonAttr: string, marks: Marks): Doc[] | Unknown {
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
    let parsed: unknown;
    if (isUnknown(text)) {
      // A document known in part (another policy document with an unknown value) is merged as far as known.
      const known = text.isError ? undefined : partialDocument(text);
      if (!known) return new Unknown(`${listAttr}: ${text.message}`, undefined, text.isError);
      marks.note(text);
      parsed = known;
    } else {
      if (text === null || text === '') continue;
      if (typeof text !== 'string') return new Unknown(`${listAttr}: not a JSON string`, undefined, true);
      try {
        parsed = JSON.parse(text);
      } catch {
        return new Unknown(`${listAttr}: a document is not valid JSON`, undefined, true);
      }
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

/**
 * The rendered JSON; when a value in it is unknown, an Unknown carrying the document as far as it is known
 * (`partial`): every unknown string `${?}` (or its known text), every other unknown an error value. When the
 * statements that exist are themselves unknown (a `dynamic "statement"` over an unknown collection, a source
 * document that is entirely unknown) there is no partial document.
 */
export function policyDocumentJson(doc: BlockView): string | Unknown {
  const marks = new Marks();
  const sources = documents(doc, 'source_policy_documents', 'source_json', marks);
  if (isUnknown(sources)) return sources;
  const overrides = documents(doc, 'override_policy_documents', 'override_json', marks);
  if (isUnknown(overrides)) return overrides;
  const statements = doc.blocks('statement');
  if (isUnknown(statements)) return statements;
  const out: Record<string, unknown>[] = [];
  // (A symbol where a keyword belongs — an Effect, a Sid — is unknown too: only strings print as tokens.)
  const known = (value: Value | undefined): unknown => (isUnknown(value) ? marks.note(value) : value);
  for (const st of statements) {
    const json: Record<string, unknown> = {};
    const sid = st.attr('sid');
    if (sid !== undefined && sid !== null) json.Sid = known(sid);
    json.Effect = known(st.attr('effect') ?? 'Allow');
    for (const [attr, key] of [
      ['actions', 'Action'],
      ['not_actions', 'NotAction'],
      ['resources', 'Resource'],
      ['not_resources', 'NotResource'],
    ] as const) {
      const list = stringList(st.attr(attr), marks);
      if (list) json[key] = unwrap(list);
    }
    for (const [block, key] of [
      ['principals', 'Principal'],
      ['not_principals', 'NotPrincipal'],
    ] as const) {
      const principals = st.blocks(block);
      if (isUnknown(principals)) {
        json[key] = marks.note(principals);
        continue;
      }
      if (principals.length === 0) continue;
      const map: Record<string, Json[]> = {};
      let unknownType: Unknown | undefined;
      for (const p of principals) {
        const type = toStringValue(p.attr('type') ?? null);
        const ids = stringList(p.attr('identifiers'), marks);
        if (isUnknown(type)) {
          unknownType ??= type;
          continue;
        }
        map[type] = [...(map[type] ?? []), ...(ids ?? [])];
      }
      // A principal of unknown type: the whole principal is unknown (it could be anyone).
      if (unknownType) {
        json[key] = marks.note(unknownType);
        continue;
      }
      // `type = "*"` with `identifiers = ["*"]` renders as "Principal": "*" (AWS provider behaviour).
      const star = map['*'];
      json[key] =
        Object.keys(map).length === 1 && star && star.length === 1 && star[0] === '*'
          ? '*'
          : Object.fromEntries(Object.entries(map).map(([k, v]) => [k, unwrap(v)]));
    }
    const conditions = st.blocks('condition');
    if (isUnknown(conditions)) json.Condition = marks.note(conditions);
    else if (conditions.length > 0) {
      const cond: Record<string, Record<string, Json>> = {};
      let unknownKey: Unknown | undefined;
      for (const c of conditions) {
        const test = toStringValue(c.attr('test') ?? null);
        const variable = toStringValue(c.attr('variable') ?? null);
        const values = stringList(c.attr('values'), marks);
        if (isUnknown(test) || isUnknown(variable)) {
          unknownKey ??= isUnknown(test) ? test : (variable as Unknown);
          continue;
        }
        cond[test] = { ...(cond[test] ?? {}), [variable]: unwrap(values ?? []) };
      }
      json.Condition = unknownKey ? marks.note(unknownKey) : cond;
    }
    out.push(json);
  }
  const merged: Doc = { Statement: [] };
  for (const source of sources) merge(merged, source);
  const version = doc.attr('version');
  const id = doc.attr('policy_id');
  merge(merged, {
    Version:
      version === undefined ? (merged.Version === undefined ? '2012-10-17' : undefined) : known(version),
    Id: typeof id === 'string' ? id : undefined,
    Statement: out,
  });
  for (const override of overrides) merge(merged, override);
  const policy: Record<string, unknown> = { Version: merged.Version ?? '2012-10-17' };
  if (merged.Id !== undefined) policy.Id = merged.Id;
  policy.Statement = merged.Statement;
  if (!marks.first) return JSON.stringify(policy);
  const first = marks.first;
  if (marks.lost) return new Unknown(first.message, undefined, first.isError);
  return withPartial(first, first.message, { json: policy });
}
