/**
 * Baselines (`scan --baseline report.json`) and report comparison (`trailguard diff OLD NEW`): which findings
 * of a run were already in an earlier trailguard JSON report.
 *
 * Identity (README "Baselines"): a finding is the same across runs when its **fingerprint** is — the SARIF
 * `partialFingerprints["trailguardFinding/v1"]` (`engine/identity.ts`): rule id + resource identity (the
 * ARN for cloud resources; file and Terraform address / logical id for IaC, so a resource that moves within
 * its file keeps its identity) + the *family* of its reason (a target that went from missing to "other
 * Region" is the same problem; fixed-then-broken-again the same way is the same alert; undetermined and
 * failing are different alerts). Messages, times and line numbers are never part of it.
 *
 * Per SARIF 2.1.0 `result.baselineState`: `new` (no baseline finding has its fingerprint), `unchanged`
 * (one has, with the same status and reason), `updated` (one has, with another status or reason of the same
 * family); `absent` for a failing baseline finding the current run no longer has (fixed, or removed).
 * Pure: the baseline's findings are passed in.
 */
import { InputError } from '../errors.js';
import type { RuleCatalog } from './catalog.js';
import type { FailOn } from './exit-code.js';
import { isFailing } from './exit-code.js';
import { fingerprint, resourceKey } from './identity.js';
import { type Finding, REPORT_SCHEMA_ID, type Report } from './types.js';

export type BaselineState = 'new' | 'unchanged' | 'updated';

/** What a baseline or old report must hold per finding (a trailguard/report@1 finding has it all). */
export type ComparableFinding = Pick<Finding, 'ruleId' | 'status' | 'reason' | 'resource' | 'suppressed'> &
  Partial<Pick<Finding, 'message' | 'severity'>>;

/** A failing baseline finding the current run does not have. */
export interface AbsentFinding {
  ruleId: string;
  status: string;
  reason: string;
  resource: { type: string; id: string; name?: string; file?: string; address?: string };
  fingerprint: string;
}

export interface BaselineSummary {
  /** The baseline report as given on the command line. */
  file: string;
  new: number;
  unchanged: number;
  updated: number;
  absent: AbsentFinding[];
}

/** Reads the findings of a trailguard JSON report (`-f json`); anything else is one clear line. */
export function parseReportFindings(text: string, file: string): ComparableFinding[] {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw notJsonReport(file, (error as Error).message);
  }
  return reportFindingsOf(data, file);
}

/** The error for a report file that is not JSON (`parserMessage`: the JSON parser's). */
export function notJsonReport(file: string, parserMessage: string): InputError {
  return new InputError(`${file}: not JSON (${parserMessage}); give a trailguard JSON report (-f json)`);
}

/** The findings of a parsed trailguard JSON report (as `parseReportFindings`, for a file read as JSON). */
export function reportFindingsOf(data: unknown, file: string): ComparableFinding[] {
  const report = data as Partial<Report> | null;
  if (report === null || typeof report !== 'object' || report.schema !== REPORT_SCHEMA_ID) {
    throw new InputError(
      `${file}: not a trailguard JSON report (no "schema": "${REPORT_SCHEMA_ID}"); write one with -f json`,
    );
  }
  if (!Array.isArray(report.findings)) throw new InputError(`${file}: "findings" must be a list`);
  report.findings.forEach((finding, index) => {
    const f = finding as Partial<Finding> | null;
    if (
      !f ||
      typeof f.ruleId !== 'string' ||
      typeof f.status !== 'string' ||
      typeof f.reason !== 'string' ||
      typeof f.resource?.id !== 'string'
    ) {
      throw new InputError(`${file}: findings[${index}] lacks ruleId, status, reason or resource.id`);
    }
  });
  return report.findings as ComparableFinding[];
}

/** Pairs each finding with a baseline finding of the same fingerprint (each used once); `unmatched` are the rest. */
function pair<T extends ComparableFinding>(
  findings: readonly T[],
  baseline: readonly ComparableFinding[],
  catalog: RuleCatalog,
): { states: (ComparableFinding | undefined)[]; unmatched: ComparableFinding[] } {
  const pool = new Map<string, ComparableFinding[]>();
  for (const old of baseline) {
    const key = fingerprint(old as Finding, catalog);
    const list = pool.get(key);
    if (list) list.push(old);
    else pool.set(key, [old]);
  }
  const states = findings.map((finding) => {
    const list = pool.get(fingerprint(finding as unknown as Finding, catalog));
    if (!list || list.length === 0) return undefined;
    // Prefer an identical one, so two findings of one resource pair up with their own.
    const at = Math.max(
      0,
      list.findIndex((old) => old.status === finding.status && old.reason === finding.reason),
    );
    return list.splice(at, 1)[0];
  });
  return { states, unmatched: [...pool.values()].flat() };
}

/** Whether a finding fails a run (unsuppressed, at or above the threshold). */
function failing(finding: ComparableFinding, failOn: FailOn): boolean {
  return finding.suppressed === null && isFailing(finding.status, failOn);
}

function absent(finding: ComparableFinding, catalog: RuleCatalog): AbsentFinding {
  const { type, id, name, location } = finding.resource;
  return {
    ruleId: finding.ruleId,
    status: finding.status,
    reason: finding.reason,
    resource: {
      type,
      id,
      ...(name !== undefined ? { name } : {}),
      ...(location ? { file: location.file, address: location.address } : {}),
    },
    fingerprint: fingerprint(finding as Finding, catalog),
  };
}

/**
 * Marks each finding `new`, `unchanged` or `updated` against the baseline. A finding with a baseline state
 * other than `new` does not fail the run (`exitCodeFor`). `catalog` gives the reason families.
 */
export function applyBaseline(
  findings: readonly Finding[],
  baseline: readonly ComparableFinding[],
  file: string,
  failOn: FailOn,
  catalog: RuleCatalog,
): { findings: Finding[]; summary: BaselineSummary } {
  const { states, unmatched } = pair(findings, baseline, catalog);
  const summary: BaselineSummary = { file, new: 0, unchanged: 0, updated: 0, absent: [] };
  const marked = findings.map((finding, i) => {
    const old = states[i];
    const state: BaselineState = !old
      ? 'new'
      : old.status === finding.status && old.reason === finding.reason
        ? 'unchanged'
        : 'updated';
    summary[state] += 1;
    return { ...finding, baseline: state };
  });
  summary.absent = unmatched.filter((old) => failing(old, failOn)).map((old) => absent(old, catalog));
  return { findings: marked, summary };
}

export interface ReportDiff {
  /** Failing in NEW, and not failing the same way in OLD. */
  new: ComparableFinding[];
  /** Failing in OLD, gone or no longer failing in NEW. */
  fixed: ComparableFinding[];
  /** Failing in both with the same fingerprint, but another status or reason. */
  changed: { old: ComparableFinding; new: ComparableFinding }[];
  /** Failing in both, the same. */
  unchanged: number;
}

/**
 * `trailguard diff OLD NEW`: the failing findings (unsuppressed, at or above `failOn`) of each report,
 * compared by fingerprint. A finding that stopped failing (fixed, now compliant, now suppressed, or its
 * resource removed) is `fixed`; one that fails now and did not (a regression included) is `new`.
 * `catalog` gives the reason families.
 */
export function diffReports(
  oldFindings: readonly ComparableFinding[],
  newFindings: readonly ComparableFinding[],
  failOn: FailOn,
  catalog: RuleCatalog,
): ReportDiff {
  const before = oldFindings.filter((f) => failing(f, failOn));
  const after = newFindings.filter((f) => failing(f, failOn));
  const { states, unmatched } = pair(after, before, catalog);
  const diff: ReportDiff = { new: [], fixed: unmatched, changed: [], unchanged: 0 };
  after.forEach((finding, i) => {
    const old = states[i];
    if (!old) diff.new.push(finding);
    else if (old.status !== finding.status || old.reason !== finding.reason)
      diff.changed.push({ old, new: finding });
    else diff.unchanged += 1;
  });
  const order = (a: ComparableFinding, b: ComparableFinding) =>
    a.ruleId.localeCompare(b.ruleId) || resourceKey(a as Finding).localeCompare(resourceKey(b as Finding));
  diff.new.sort(order);
  diff.fixed.sort(order);
  diff.changed.sort((a, b) => order(a.new, b.new));
  return diff;
}
