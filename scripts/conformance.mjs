#!/usr/bin/env node
/**
 * `npm run conformance` (after `npm run build`): runs trailguard's library over every peer IaC fixture in
 * ../shared/peer-fixtures/iac/MANIFEST.json and compares with what the fixture's origin tool expects.
 *
 * Per fixture: PASS (we flag exactly what the origin flags), DISAGREE (we differ on purpose: listed in
 * conformance/disagreements.json with a reason), FAIL (an unexplained difference: exit 1), SKIPPED
 * (input kind trailguard does not read, or a loader not built yet; the reason is printed).
 * "Flagged" means an unsuppressed NON_COMPLIANT finding of the fixture's rule; UNDETERMINED is not a flag.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const PEER = resolve(ROOT, '../shared/peer-fixtures/iac');
const RULES = { A: 'aws-cloudtrail-bucket-access-logging', B: 'aws-s3-bucket-access-logging' };
const INPUT_TYPES = {
  'terraform-hcl': 'terraform',
  'cfn-yaml': 'cloudformation',
  'cfn-json': 'cloudformation',
};

function inputTypeOf(format) {
  if (INPUT_TYPES[format]) return INPUT_TYPES[format];
  if (format.startsWith('terraform-plan-json')) return 'terraform-plan';
  return undefined;
}

/** "CloudTrailLogging (trail) / LoggingBucket (bucket)" → ["CloudTrailLogging", "LoggingBucket"]. */
function candidates(entry) {
  return entry
    .split(' / ')
    .map((part) => part.replace(/\s*\([^)]*\)\s*$/, '').trim())
    .filter(Boolean);
}

function addressesOf(finding) {
  const out = [];
  if (finding.resource.location?.address) out.push(finding.resource.location.address);
  for (const related of finding.related ?? [])
    if (related.location?.address) out.push(related.location.address);
  return out;
}

/** The line span of a resource: from its line to the next declared resource of the same file. */
function withinBlock(location, line, inventory) {
  if (location.line === line) return true;
  const later = [...inventory.trails, ...inventory.buckets]
    .map((r) => r.location)
    .filter((l) => l && l.file === location.file && l.line > location.line)
    .map((l) => l.line);
  const end = later.length > 0 ? Math.min(...later) : Number.POSITIVE_INFINITY;
  return line > location.line && line < end;
}

const flaggedAmong = (flagged, names) => flagged.find((f) => addressesOf(f).some((a) => names.includes(a)));

/** Each expected-to-fail resource must be flagged, at the expected line (or inside that block). */
function checkExpectedFails(expected, result, findings, flagged, out) {
  const matched = new Set();
  for (const entry of expected.fail ?? []) {
    const names = candidates(entry);
    const hit = flaggedAmong(flagged, names);
    if (!hit) {
      const ours = findings.find((f) => addressesOf(f).some((a) => names.includes(a)));
      out.problems.push(
        `expected ${entry} flagged; trailguard: ${ours ? `${ours.status} ${ours.reason}` : 'no finding'}`,
      );
      continue;
    }
    matched.add(hit);
    if (typeof expected.line === 'number' && hit.resource.location)
      checkLine(hit.resource.location, expected.line, result.inventory, out);
  }
  return matched;
}

function checkLine(loc, line, inventory, out) {
  if (!withinBlock(loc, line, inventory))
    out.problems.push(`expected line ${line}, trailguard points at ${loc.file}:${loc.line}`);
  else if (loc.line !== line)
    out.notes.push(`line ${line} is inside the block trailguard reports at line ${loc.line}`);
}

/** Logging as the origin tool reads it: a bucket whose logging is a value (not absent, null or an error). */
function checkLoggingEnabled(expectedLogging, inventory, out) {
  for (const [address, enabled] of Object.entries(expectedLogging)) {
    const bucket = inventory.buckets.find((b) => b.location?.address === address);
    if (!bucket) {
      out.problems.push(`bucket ${address} not in the inventory`);
      continue;
    }
    const ours =
      bucket.logging !== undefined &&
      bucket.logging !== null &&
      typeof bucket.logging === 'object' &&
      !('error' in bucket.logging);
    if (ours !== enabled) out.problems.push(`${address}: logging enabled ${ours}, expected ${enabled}`);
  }
}

function compare(fixture, result, findings) {
  const out = { problems: [], notes: [] };
  const expected = fixture.expected ?? {};
  const flagged = findings.filter((f) => f.status === 'NON_COMPLIANT' && !f.suppressed);
  const matched = checkExpectedFails(expected, result, findings, flagged, out);
  for (const entry of expected.pass ?? []) {
    const hit = flaggedAmong(flagged, candidates(entry));
    if (hit) out.problems.push(`expected ${entry} to pass; trailguard: ${hit.status} ${hit.reason}`);
  }
  if (expected.fail) {
    for (const f of flagged)
      if (!matched.has(f))
        out.problems.push(`unexpected flag: ${f.resource.location?.address ?? f.resource.id} ${f.reason}`);
  }
  if (expected.logging_enabled) checkLoggingEnabled(expected.logging_enabled, result.inventory, out);
  return out;
}

/** Loads a fixture; a loader that is not built yet makes the row SKIPPED, any other error FAIL. */
async function load(fixture, inputType, row, loadPaths) {
  try {
    return await loadPaths([join(PEER, fixture.path)], inputType);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const notBuilt = /not implemented/i.test(message);
    row.status = notBuilt ? 'SKIPPED' : 'FAIL';
    row.detail = notBuilt ? `${inputType} loader: ${message}` : `load error: ${message}`;
    return null;
  }
}

/** PASS with the notes, DISAGREE when the difference is explained, FAIL otherwise. */
function judge(row, { problems, notes }, reason) {
  if (problems.length === 0) {
    row.detail = notes.join('; ');
    if (reason)
      row.detail = `${row.detail ? `${row.detail}; ` : ''}note: disagreement entry no longer needed`;
  } else if (reason) {
    row.status = 'DISAGREE';
    row.detail = `${reason.reason} [${problems.join('; ')}]`;
  } else {
    row.status = 'FAIL';
    row.detail = problems.join('; ');
  }
}

async function checkFixture(fixture, { loadPaths, evaluate, ruleIds, explained }) {
  const ruleId = RULES[fixture.rule];
  const row = { fixture: fixture.path, rule: fixture.rule, status: 'PASS', detail: '' };
  const inputType = inputTypeOf(fixture.format);
  if (!inputType) {
    row.status = 'SKIPPED';
    row.detail = `${fixture.format}: trailguard reads synthesized templates (cdk.out), not CDK source code`;
    return row;
  }
  if (!ruleIds.has(ruleId)) {
    row.status = 'SKIPPED';
    row.detail = `rule ${ruleId} is not registered in this build`;
    return row;
  }
  const result = await load(fixture, inputType, row, loadPaths);
  if (!result) return row;
  // A fixed clock: suppression expiry must not make the comparison depend on the day it runs.
  const { report } = evaluate(result, { ruleIds: [ruleId], now: new Date('2026-01-01T00:00:00Z') });
  judge(row, compare(fixture, result, report.findings), explained.get(fixture.path));
  return row;
}

function printRows(rows) {
  const width = Math.max(...rows.map((r) => r.fixture.length));
  // --quiet (used by `npm test`): only the rows that are not a plain PASS, then the totals.
  const quiet = process.argv.includes('--quiet');
  for (const row of rows) {
    if (quiet && row.status === 'PASS') continue;
    console.log(`${row.status.padEnd(8)} ${row.rule} ${row.fixture.padEnd(width)}  ${row.detail}`);
  }
  const totals = {};
  for (const row of rows) totals[row.status] = (totals[row.status] ?? 0) + 1;
  console.log(
    `\n${rows.length} fixtures: ${['PASS', 'DISAGREE', 'FAIL', 'SKIPPED'].map((s) => `${totals[s] ?? 0} ${s}`).join(', ')}`,
  );
  return totals;
}

async function main() {
  if (!existsSync(join(PEER, 'MANIFEST.json'))) {
    console.log(`conformance: peer fixtures not found at ${PEER}; nothing to compare (skipped).`);
    return 0;
  }
  if (!existsSync(join(ROOT, 'dist', 'scan.js'))) {
    console.error('conformance: dist/ not built; run `npm run build` first.');
    return 2;
  }
  const { loadPaths } = await import('../dist/sources/index.js');
  const { evaluate } = await import('../dist/scan.js');
  const { rules } = await import('../dist/rules/index.js');
  const manifest = JSON.parse(readFileSync(join(PEER, 'MANIFEST.json'), 'utf8'));
  const disagreements = JSON.parse(readFileSync(join(ROOT, 'conformance', 'disagreements.json'), 'utf8'));
  const context = {
    loadPaths,
    evaluate,
    ruleIds: new Set(rules.map((r) => r.meta.id)),
    explained: new Map(disagreements.entries.map((d) => [d.fixture, d])),
  };
  const rows = [];
  for (const fixture of manifest.fixtures) rows.push(await checkFixture(fixture, context));
  const totals = printRows(rows);
  return (totals.FAIL ?? 0) > 0 ? 1 : 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error) => {
    console.error(`conformance: ${error instanceof Error ? error.stack : error}`);
    process.exitCode = 2;
  },
);
