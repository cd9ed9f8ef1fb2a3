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

function compare(fixture, result, findings) {
  const problems = [];
  const notes = [];
  const expected = fixture.expected ?? {};
  const flagged = findings.filter((f) => f.status === 'NON_COMPLIANT' && !f.suppressed);
  const matchedFindings = new Set();
  for (const entry of expected.fail ?? []) {
    const names = candidates(entry);
    const hit = flagged.find((f) => addressesOf(f).some((a) => names.includes(a)));
    if (!hit) {
      const ours = findings.find((f) => addressesOf(f).some((a) => names.includes(a)));
      problems.push(
        `expected ${entry} flagged; trailguard: ${ours ? `${ours.status} ${ours.reason}` : 'no finding'}`,
      );
      continue;
    }
    matchedFindings.add(hit);
    if (typeof expected.line === 'number' && hit.resource.location) {
      const loc = hit.resource.location;
      if (!withinBlock(loc, expected.line, result.inventory))
        problems.push(`expected line ${expected.line}, trailguard points at ${loc.file}:${loc.line}`);
      else if (loc.line !== expected.line)
        notes.push(`line ${expected.line} is inside the block trailguard reports at line ${loc.line}`);
    }
  }
  for (const entry of expected.pass ?? []) {
    const names = candidates(entry);
    const hit = flagged.find((f) => addressesOf(f).some((a) => names.includes(a)));
    if (hit) problems.push(`expected ${entry} to pass; trailguard: ${hit.status} ${hit.reason}`);
  }
  if (expected.fail) {
    for (const f of flagged) {
      if (matchedFindings.has(f)) continue;
      problems.push(`unexpected flag: ${f.resource.location?.address ?? f.resource.id} ${f.reason}`);
    }
  }
  if (expected.logging_enabled) {
    for (const [address, enabled] of Object.entries(expected.logging_enabled)) {
      const bucket = result.inventory.buckets.find((b) => b.location?.address === address);
      const ours =
        bucket?.logging !== undefined &&
        bucket.logging !== null &&
        typeof bucket.logging === 'object' &&
        !('error' in bucket.logging);
      if (!bucket) problems.push(`bucket ${address} not in the inventory`);
      else if (ours !== enabled) problems.push(`${address}: logging enabled ${ours}, expected ${enabled}`);
    }
  }
  return { problems, notes };
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
  const ruleIds = new Set(rules.map((r) => r.meta.id));
  const manifest = JSON.parse(readFileSync(join(PEER, 'MANIFEST.json'), 'utf8'));
  const disagreements = JSON.parse(readFileSync(join(ROOT, 'conformance', 'disagreements.json'), 'utf8'));
  const explained = new Map(disagreements.entries.map((d) => [d.fixture, d]));

  const rows = [];
  for (const fixture of manifest.fixtures) {
    const ruleId = RULES[fixture.rule];
    const row = { fixture: fixture.path, rule: fixture.rule, status: 'PASS', detail: '' };
    rows.push(row);
    const inputType = inputTypeOf(fixture.format);
    if (!inputType) {
      row.status = 'SKIPPED';
      row.detail = `${fixture.format}: trailguard reads synthesized templates (cdk.out), not CDK source code`;
      continue;
    }
    if (!ruleIds.has(ruleId)) {
      row.status = 'SKIPPED';
      row.detail = `rule ${ruleId} is not registered in this build`;
      continue;
    }
    let result;
    try {
      result = await loadPaths([join(PEER, fixture.path)], inputType);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      if (/not implemented/i.test(message)) {
        row.status = 'SKIPPED';
        row.detail = `${inputType} loader: ${message}`;
      } else {
        row.status = 'FAIL';
        row.detail = `load error: ${message}`;
      }
      continue;
    }
    // A fixed clock: suppression expiry must not make the comparison depend on the day it runs.
    const { report } = evaluate(result, { ruleIds: [ruleId], now: new Date('2026-01-01T00:00:00Z') });
    const { problems, notes } = compare(fixture, result, report.findings);
    const reason = explained.get(fixture.path);
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
