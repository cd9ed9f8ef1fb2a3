/**
 * SARIF 2.1.0 (OASIS standard), for GitHub code scanning and any SARIF viewer. Valid against the
 * official schema (schemas/sarif-2.1.0.json, checked by the tests).
 *
 * Status mapping (docs/notes/reporters.md):
 *   NON_COMPLIANT → result kind "fail", level by severity: critical/high/medium → "error", low/info → "warning"
 *   UNDETERMINED  → result kind "review", level "none": SARIF §3.27.9 "review" = a human must decide,
 *                   and §3.27.10 requires level "none" for any kind other than "fail".
 *   COMPLIANT, NOT_APPLICABLE → no result (code scanning would show every result as an alert); the run's
 *                   properties carry the counts.
 *   suppressed    → the result stays, with a SARIF `suppressions` entry (kind "external", status "accepted").
 */
import { catalogOf, type RuleCatalog } from '../engine/catalog.js';
import { fingerprint } from '../engine/identity.js';
import type { Finding, ResourceRef, RuleMeta, Severity } from '../engine/types.js';
import { jsonChunks, MappedArray } from '../util/json-chunks.js';
import { toStringReporter } from './render.js';
import { findingSentence, ruleDocsUrl, ruleLookup, TOOL_URL } from './shared.js';
import type { ReportStream } from './types.js';

export const SARIF_SCHEMA_URI = 'https://json.schemastore.org/sarif-2.1.0.json';

type Level = 'error' | 'warning' | 'note' | 'none';

const FAIL_LEVEL: Record<Severity, Level> = {
  critical: 'error',
  high: 'error',
  medium: 'error',
  low: 'warning',
  info: 'warning',
};

/** GitHub code scanning reads this number (0–10) to rank security alerts. */
const SECURITY_SEVERITY: Record<Severity, string> = {
  critical: '9.5',
  high: '8.0',
  medium: '5.5',
  low: '3.0',
  info: '1.0',
};

function pascalName(ruleId: string): string {
  return ruleId
    .split(/[^a-zA-Z0-9]+/)
    .filter(Boolean)
    .map((part) => part[0]?.toUpperCase() + part.slice(1))
    .join('');
}

function helpMarkdown(meta: RuleMeta): string {
  const r = meta.remediation;
  return [
    meta.description,
    `**Why:** ${meta.rationale}`,
    '## Remediation',
    '### Console',
    r.console,
    '### AWS CLI',
    r.cli,
    '### Terraform',
    r.terraform,
    '### CloudFormation',
    r.cloudformation,
    '## References',
    ...meta.references.map((ref) => `- [${ref.title}](${ref.url})`),
  ].join('\n\n');
}

function helpText(meta: RuleMeta): string {
  return [
    meta.description,
    `Why: ${meta.rationale}`,
    `Fix (console): ${meta.remediation.console}`,
    `Details: ${ruleDocsUrl(meta.id)}`,
  ].join('\n\n');
}

function sarifRule(ruleId: string, meta: RuleMeta | undefined, severity: Severity) {
  const base = {
    id: ruleId,
    name: pascalName(ruleId),
    helpUri: ruleDocsUrl(ruleId),
    defaultConfiguration: { level: FAIL_LEVEL[severity] },
    properties: {
      tags: ['security', 'logging', 'aws', 's3', 'cloudtrail'],
      precision: 'very-high',
      'security-severity': SECURITY_SEVERITY[severity],
    },
  };
  if (!meta) return { ...base, shortDescription: { text: ruleId } };
  return {
    ...base,
    shortDescription: { text: meta.title },
    fullDescription: { text: meta.description },
    help: { text: helpText(meta), markdown: helpMarkdown(meta) },
    properties: {
      ...base.properties,
      compliance: meta.compliance.map(
        (c) => `${c.framework}${c.version ? ` ${c.version}` : ''} ${c.control}`,
      ),
    },
  };
}

/** An artifact URI relative to the checkout (uriBaseId %SRCROOT%), with path segments percent-encoded. */
function artifactUri(file: string): { uri: string; uriBaseId?: string } {
  const path = file.replace(/\\/g, '/');
  if (path.startsWith('/')) return { uri: `file://${encodeURI(path)}` };
  return {
    uri: path.replace(/^\.\//, '').split('/').map(encodeURIComponent).join('/'),
    uriBaseId: '%SRCROOT%',
  };
}

function logical(ref: ResourceRef) {
  return {
    name: ref.name ?? ref.id,
    fullyQualifiedName: ref.location ? ref.location.address : ref.id,
    kind: 'resource',
  };
}

function location(ref: ResourceRef, id?: number) {
  const logicalLocations = [logical(ref)];
  const withId = id === undefined ? {} : { id };
  if (!ref.location) return { ...withId, logicalLocations };
  const { file, line, column } = ref.location;
  return {
    ...withId,
    physicalLocation: {
      artifactLocation: artifactUri(file),
      region: { startLine: line, ...(column ? { startColumn: column } : {}) },
    },
    logicalLocations,
  };
}

function result(f: Finding, ruleIndex: number, catalog: RuleCatalog) {
  const undetermined = f.status === 'UNDETERMINED';
  const text = findingSentence(f, catalog);
  return {
    ruleId: f.ruleId,
    ruleIndex,
    kind: undetermined ? 'review' : 'fail',
    level: undetermined ? 'none' : FAIL_LEVEL[f.severity],
    message: { text },
    locations: [location(f.resource)],
    ...(f.related.length ? { relatedLocations: f.related.map((ref, i) => location(ref, i + 1)) } : {}),
    partialFingerprints: { 'trailguardFinding/v1': fingerprint(f, catalog) },
    // --baseline: SARIF 2.1.0 result.baselineState (new / unchanged / updated).
    ...(f.baseline ? { baselineState: f.baseline } : {}),
    ...(f.suppressed
      ? {
          suppressions: [
            {
              // An inline ignore is written in the scanned file itself (SARIF 2.1.0 §3.35.2: inSource).
              kind: f.suppressed.inline ? 'inSource' : 'external',
              status: 'accepted',
              justification: f.suppressed.reason,
              properties: {
                ...(f.suppressed.expires ? { expires: f.suppressed.expires } : {}),
                ...(f.suppressed.source ? { source: f.suppressed.source } : {}),
              },
            },
          ],
        }
      : {}),
    properties: {
      status: f.status,
      reason: f.reason,
      warnings: f.warnings,
      severity: f.severity,
      resourceType: f.resource.type,
      resourceId: f.resource.id,
      account: f.resource.account ?? null,
      region: f.resource.region ?? null,
      evidence: f.evidence,
    },
  };
}

export const sarifStream: ReportStream = function* (report, options) {
  const lookup = ruleLookup(report, options);
  const catalog = catalogOf(report);
  const firstSeverity = new Map<string, Severity>();
  for (const f of report.findings) if (!firstSeverity.has(f.ruleId)) firstSeverity.set(f.ruleId, f.severity);
  const ruleIds = [...firstSeverity.keys()].sort();
  const ruleIndex = new Map(ruleIds.map((id, i) => [id, i]));
  const rules = ruleIds.map((id) => {
    const meta = lookup(id);
    return sarifRule(id, meta, meta?.severity ?? firstSeverity.get(id) ?? 'medium');
  });
  // Made one at a time while writing: a million results are never all in memory at once.
  const results = new MappedArray(
    report.findings.filter((f) => f.status === 'NON_COMPLIANT' || f.status === 'UNDETERMINED'),
    (f) => result(f, ruleIndex.get(f.ruleId) ?? -1, catalog),
  );
  const notifications = report.errors.map((e) => ({
    level: 'warning',
    message: {
      text: `${e.operation}${e.account ? ` in ${e.account}` : ''}${e.region ? `/${e.region}` : ''}: ${e.code}: ${e.message}`,
    },
  }));
  const log = {
    $schema: SARIF_SCHEMA_URI,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'trailguard',
            version: report.tool.version,
            semanticVersion: report.tool.version,
            informationUri: TOOL_URL,
            rules,
          },
        },
        invocations: [
          {
            executionSuccessful: true,
            ...(notifications.length ? { toolExecutionNotifications: notifications } : {}),
          },
        ],
        columnKind: 'utf16CodeUnits',
        results,
        properties: {
          source: report.source,
          summary: report.summary,
          // Failing baseline findings this run no longer has ("absent"): counted here, not emitted as results,
          // so a code-scanning upload never turns a fixed finding into an alert.
          ...(report.baseline
            ? {
                baseline: {
                  file: report.baseline.file,
                  new: report.baseline.new,
                  unchanged: report.baseline.unchanged,
                  updated: report.baseline.updated,
                  absent: report.baseline.absent.length,
                },
              }
            : {}),
        },
      },
    ],
  };
  yield* jsonChunks(log, { depth: 3 });
  yield '\n';
};

export const sarif = toStringReporter(sarifStream);
