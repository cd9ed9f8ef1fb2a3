/**
 * JUnit XML, the test-report format CI systems read (Jenkins, GitLab, GitHub test-report actions,
 * Azure Pipelines): one <testsuite> per rule, one <testcase> per finding.
 *
 * Status mapping (the report alone decides it; the exit code is --fail-on's job):
 *   NON_COMPLIANT → <failure>   the check ran and the resource fails it
 *   UNDETERMINED  → <error>     the check could not be evaluated (access denied, out of scope…)
 *   COMPLIANT     → passed      (no child element)
 *   NOT_APPLICABLE→ <skipped>
 *   suppressed    → <skipped>   with the suppression reason, whatever the status
 */
import { catalogOf, type RuleCatalog } from '../engine/catalog.js';
import type { Finding } from '../engine/types.js';
import { toStringReporter } from './render.js';
import { reasonLine, resourceName, warningTexts, whereText } from './shared.js';
import type { ReportStream } from './types.js';

/**
 * XML 1.0 allows only tab, LF, CR and printable characters; others (which may hide in names from IaC)
 * become U+FFFD so the file always parses. Markup characters become entities.
 */
export function xmlEscape(value: string, attribute = false): string {
  const escaped = value
    // biome-ignore lint/suspicious/noControlCharactersInRegex: removing characters XML forbids.
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '\ufffd')
    .replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;');
  if (!attribute) return escaped;
  // Attribute values are normalized by parsers (line breaks become spaces) unless written as references.
  return escaped
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;')
    .replace(/\n/g, '&#10;')
    .replace(/\r/g, '&#13;')
    .replace(/\t/g, '&#9;');
}

function details(f: Finding, catalog: RuleCatalog): string {
  const lines = [
    reasonLine(f, catalog),
    f.message,
    `resource: ${f.resource.id}`,
    `where: ${whereText(f)}`,
    ...warningTexts(f, catalog).map((w) => `warning ${w}`),
    ...f.related.map((r) => `related: ${r.id}`),
  ];
  return lines.join('\n');
}

function testcase(f: Finding, catalog: RuleCatalog): string {
  const attrs = [
    `name="${xmlEscape(resourceName(f), true)}"`,
    `classname="${xmlEscape(f.ruleId, true)}"`,
    f.resource.location ? `file="${xmlEscape(f.resource.location.file, true)}"` : '',
    f.resource.location ? `line="${f.resource.location.line}"` : '',
    'time="0"',
  ]
    .filter(Boolean)
    .join(' ');
  const message = xmlEscape(reasonLine(f, catalog), true);
  let child = '';
  if (f.suppressed) {
    child = `<skipped message="${xmlEscape(`suppressed (${f.status}): ${f.suppressed.reason}`, true)}"/>`;
  } else if (f.status === 'NON_COMPLIANT') {
    child = `<failure message="${message}" type="${f.reason}">${xmlEscape(details(f, catalog))}</failure>`;
  } else if (f.status === 'UNDETERMINED') {
    child = `<error message="${message}" type="${f.reason}">${xmlEscape(details(f, catalog))}</error>`;
  } else if (f.status === 'NOT_APPLICABLE') {
    child = `<skipped message="${message}"/>`;
  }
  const out = `<system-out>${xmlEscape(details(f, catalog))}</system-out>`;
  return `    <testcase ${attrs}>\n      ${child ? `${child}\n      ` : ''}${out}\n    </testcase>`;
}

function counts(findings: Finding[]) {
  return {
    tests: findings.length,
    failures: findings.filter((f) => !f.suppressed && f.status === 'NON_COMPLIANT').length,
    errors: findings.filter((f) => !f.suppressed && f.status === 'UNDETERMINED').length,
    skipped: findings.filter((f) => f.suppressed || f.status === 'NOT_APPLICABLE').length,
  };
}

function countAttrs(c: ReturnType<typeof counts>): string {
  return `tests="${c.tests}" failures="${c.failures}" errors="${c.errors}" skipped="${c.skipped}" time="0"`;
}

export const junitStream: ReportStream = function* (report) {
  const catalog = catalogOf(report);
  const byRule = new Map<string, Finding[]>();
  for (const f of report.findings) {
    const group = byRule.get(f.ruleId);
    if (group) group.push(f);
    else byRule.set(f.ruleId, [f]);
  }
  // The JUnit XSD types timestamp as an ISO 8601 date-time without a zone.
  const timestamp = report.source.collectedAt
    ? ` timestamp="${xmlEscape(report.source.collectedAt.slice(0, 19), true)}"`
    : '';
  yield '<?xml version="1.0" encoding="UTF-8"?>\n';
  yield `<testsuites name="trailguard" ${countAttrs(counts(report.findings))}>\n`;
  for (const [ruleId, findings] of byRule) {
    yield `  <testsuite name="${xmlEscape(ruleId, true)}" ${countAttrs(counts(findings))}${timestamp}>\n`;
    for (const f of findings) yield `${testcase(f, catalog)}\n`;
    yield '  </testsuite>\n';
  }
  yield '</testsuites>\n';
};

export const junit = toStringReporter(junitStream);
