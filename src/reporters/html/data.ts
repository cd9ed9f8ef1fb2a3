/**
 * The HTML report's data step (pure): the report as one compact JSON document, written as a stream of
 * chunks. Findings are columns — one array per field, each of length `n`, holding small integers (codes,
 * or indices into the string table `s`) — plus one column `x` of packed per-finding details (evidence,
 * related resources, location, suppression, the fix plan for the bucket; see pack.ts). The page decodes a
 * finding's details only when it shows them, and filters, sorts and searches on the integer columns.
 *
 * Column `ms` (message) is a string index, or -(index + 2) for a message template (see NAME_MARK).
 * Shape: { v: 2, tool, source, summary, errors, statusText, reasons, warnings, fixes, rules, accountNames,
 *          n, c: { st, sp, sv, ru, nm, id, ty, ac, rg, wh, rs, ms, wn, rl, sr }, x: [...], s: [...], k: [...] }
 */
import { catalogOf } from '../../engine/catalog.js';
import { STATUS_TEXT } from '../../engine/reasons.js';
import type { ComplianceMapping, Finding, ReasonCode, Report, RuleMeta } from '../../engine/types.js';
import { resourceName, ruleDocsUrl, whereText } from '../shared.js';
import { type BucketPlan, BucketPlans } from './fix-plan.js';
import { Packer } from './pack.js';

/** Status codes of column `st` (SUPPRESSED is the display status of a finding with `sp` = 1). */
export const STATUSES = [
  'NON_COMPLIANT',
  'UNDETERMINED',
  'SUPPRESSED',
  'COMPLIANT',
  'NOT_APPLICABLE',
] as const;
export const SEVERITIES = ['critical', 'high', 'medium', 'low', 'info'] as const;

const COLUMN_NAMES = ['st', 'sp', 'sv', 'ru', 'nm', 'id', 'ty', 'ac', 'rg', 'wh', 'rs', 'ms', 'sr'] as const;
type Column = (typeof COLUMN_NAMES)[number];

/** Values per chunk when writing a column or the string table; packed details per chunk. */
const CHUNK = 4096;
const DETAIL_CHUNK = 256;

function sameCompliance(a: readonly ComplianceMapping[], b: readonly ComplianceMapping[]): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  return a.every(
    (m, i) => m.framework === b[i]?.framework && m.version === b[i]?.version && m.control === b[i]?.control,
  );
}

/**
 * Messages and fix plans repeat the finding's own resource name ("Bucket NAME has server access logging
 * disabled."): with the name written as U+0000 the text is the same for thousands of findings and the
 * string table keeps it once. Column `ms` holds -(index + 2) for such a template; the page puts the name
 * back. Text that already holds U+0000 (or a name that does) is kept as it is.
 */
export const NAME_MARK = '\u0000';

export function template(text: string, name: string): string | null {
  if (!name || text.includes(NAME_MARK) || name.includes(NAME_MARK) || !text.includes(name)) return null;
  return text.split(name).join(NAME_MARK);
}

function templated(p: Packer, text: string, name: string): number {
  const t = template(text, name);
  return t === null ? p.str(text) : -(p.str(t) + 2);
}

/** The plan with the resource name as U+0000 in its texts (`t: 1`), when every text allows it. */
function templatedPlan(plan: BucketPlan, name: string): BucketPlan & { t?: 1 } {
  const texts = [plan.summary, plan.note ?? '', ...(plan.script ?? [])];
  if (name.includes(NAME_MARK) || texts.some((x) => x.includes(NAME_MARK))) return plan;
  const swap = (x: string) => x.split(name).join(NAME_MARK);
  return {
    ...plan,
    t: 1,
    summary: swap(plan.summary),
    ...(plan.note !== undefined ? { note: swap(plan.note) } : {}),
    ...(plan.script ? { script: plan.script.map(swap) } : {}),
  };
}

export function* buildData(
  report: Report,
  lookup: (ruleId: string) => RuleMeta | undefined,
): Generator<string> {
  const findings = report.findings;
  const n = findings.length;
  const p = new Packer();
  // Rules: metadata once per rule, with the compliance list its findings share.
  const rules: Record<string, unknown> = {};
  const ruleCompliance = new Map<string, readonly ComplianceMapping[]>();
  const accountNames: Record<string, string> = {};
  for (const f of findings) {
    if (!ruleCompliance.has(f.ruleId)) {
      ruleCompliance.set(f.ruleId, f.compliance);
      const meta = lookup(f.ruleId);
      rules[f.ruleId] = {
        title: meta?.title ?? null,
        description: meta?.description ?? null,
        remediation: meta?.remediation ?? null,
        compliance: f.compliance,
        docsUrl: ruleDocsUrl(f.ruleId),
      };
    }
    const { type, name, account } = f.resource;
    if (type === 'AWS::::Account' && account && name && name !== account) accountNames[account] = name;
  }
  const catalog = catalogOf(report);
  const fixes: Partial<Record<ReasonCode, string>> = {};
  for (const f of findings) {
    if (!(f.reason in fixes)) {
      const hint = catalog.fixHint(f);
      if (hint) fixes[f.reason] = hint.replace(/`/g, '');
    }
  }

  const cols = Object.fromEntries(COLUMN_NAMES.map((c) => [c, new Int32Array(n)])) as Record<
    Column,
    Int32Array
  >;
  const warnings: number[][] = new Array(n);
  const related: number[][] = new Array(n);
  for (let i = 0; i < n; i++) {
    const f = findings[i] as Finding;
    cols.st[i] = STATUSES.indexOf(f.status as (typeof STATUSES)[number]);
    cols.sp[i] = f.suppressed ? 1 : 0;
    cols.sv[i] = SEVERITIES.indexOf(f.severity);
    cols.ru[i] = p.str(f.ruleId);
    cols.nm[i] = p.str(resourceName(f));
    cols.id[i] = p.str(f.resource.id);
    cols.ty[i] = p.str(f.resource.type);
    cols.ac[i] = p.opt(f.resource.account);
    cols.rg[i] = p.opt(f.resource.region);
    cols.wh[i] = f.resource.location ? p.str(whereText(f)) : -1;
    cols.rs[i] = p.str(f.reason);
    cols.ms[i] = templated(p, f.message, resourceName(f));
    cols.sr[i] = p.opt(f.suppressed?.reason);
    warnings[i] = f.warnings.map((w) => p.str(w));
    const rel: number[] = [];
    for (const r of f.related) rel.push(p.str(r.id), p.opt(r.name));
    related[i] = rel;
  }

  const json = JSON.stringify;
  yield `{"v":2,"tool":${json(report.tool)},"source":${json(report.source)},"summary":${json(report.summary)}`;
  yield `,"errors":${json(report.errors)},"statusText":${json({ ...STATUS_TEXT, SUPPRESSED: 'Suppressed' })}`;
  yield `,"reasons":${json(catalog.reasonTexts())},"warnings":${json(catalog.warningTexts())},"fixes":${json(fixes)}`;
  yield `,"rules":${json(rules)},"accountNames":${json(accountNames)},"n":${n},"c":{`;
  let first = true;
  for (const name of COLUMN_NAMES) {
    yield `${first ? '' : ','}"${name}":[`;
    first = false;
    const col = cols[name];
    for (let i = 0; i < n; i += CHUNK) {
      yield `${i ? ',' : ''}${col.subarray(i, Math.min(n, i + CHUNK)).join(',')}`;
    }
    yield ']';
  }
  for (const [name, values] of [
    ['wn', warnings],
    ['rl', related],
  ] as const) {
    yield `,"${name}":[`;
    for (let i = 0; i < n; i += CHUNK) {
      yield `${i ? ',' : ''}${values
        .slice(i, i + CHUNK)
        .map((v) => `[${v.join(',')}]`)
        .join(',')}`;
    }
    yield ']';
  }
  yield '},"x":[';
  const plans = new BucketPlans(report);
  let piece: string[] = [];
  for (let i = 0; i < n; i++) {
    const f = findings[i] as Finding;
    const detail: Record<string, unknown> = { evidence: f.evidence };
    if (f.related.length) {
      detail.related = f.related.map((r) => ({
        type: r.type,
        id: r.id,
        name: r.name ?? null,
        where: r.location ? `${r.location.file}:${r.location.line}` : null,
      }));
    }
    if (f.resource.location) detail.location = f.resource.location;
    if (f.suppressed) detail.suppressed = f.suppressed;
    if (!sameCompliance(f.compliance, ruleCompliance.get(f.ruleId) ?? [])) detail.compliance = f.compliance;
    const plan = plans.planFor(f);
    if (plan) detail.plan = templatedPlan(plan, resourceName(f));
    piece.push(json(p.pack(detail)));
    if (piece.length === DETAIL_CHUNK) {
      yield `${i + 1 > piece.length ? ',' : ''}${piece.join(',')}`;
      piece = [];
    }
  }
  if (piece.length) yield `${n > piece.length ? ',' : ''}${piece.join(',')}`;
  yield '],"s":[';
  for (let i = 0; i < p.strings.length; i += DETAIL_CHUNK * 4) {
    yield `${i ? ',' : ''}${p.strings
      .slice(i, i + DETAIL_CHUNK * 4)
      .map((s) => json(s))
      .join(',')}`;
  }
  yield `],"k":${json(p.shapes)}}`;
}
