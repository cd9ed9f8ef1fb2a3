import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, runCli } from './helpers.js';

const EXAMPLE = join(ROOT, 'examples/snapshot.json');
const FINDING_KEYS = [
  'ruleId',
  'status',
  'reason',
  'warnings',
  'severity',
  'message',
  'resource',
  'related',
  'evidence',
  'compliance',
  'suppressed',
];
/** An ANSI escape sequence (colour). */
const ANSI = new RegExp(`${String.fromCharCode(27)}\\[`);

interface JsonReport {
  schema: string;
  summary: Record<string, number>;
  findings: { ruleId: string; status: string; suppressed: unknown; resource: { name?: string } }[];
}

function jsonScan(args: string[], cwd?: string): { code: number | null; report: JsonReport } {
  const run = runCli(['scan', '--snapshot', EXAMPLE, '-f', 'json', ...args], { cwd });
  return { code: run.code, report: JSON.parse(run.stdout) as JsonReport };
}

describe('scan --snapshot (built CLI)', () => {
  it('json is trailguard/report@1 with exactly the documented keys and a consistent summary', () => {
    const { code, report } = jsonScan([]);
    expect(code).toBe(1);
    expect(Object.keys(report)).toEqual(['schema', 'tool', 'source', 'summary', 'findings', 'errors']);
    expect(report.schema).toBe('trailguard/report@1');
    expect(report.findings.length).toBeGreaterThan(4);
    for (const finding of report.findings) expect(Object.keys(finding)).toEqual(FINDING_KEYS);
    for (const status of ['COMPLIANT', 'NON_COMPLIANT', 'NOT_APPLICABLE', 'UNDETERMINED']) {
      expect(report.summary[status]).toBe(
        report.findings.filter((f) => f.status === status && !f.suppressed).length,
      );
    }
  });

  it('text groups by account with a summary line; no colour when not a terminal, colour when forced', () => {
    const plain = runCli(['scan', '--snapshot', EXAMPLE]);
    expect(plain.code).toBe(1);
    expect(plain.stdout).toMatch(/^account \d{12}\n {2}✗ \S/m);
    expect(plain.stdout).toMatch(/\d+ findings: \d+ non-compliant/);
    expect(plain.stdout).not.toMatch(ANSI);
    const forced = runCli(['scan', '--snapshot', EXAMPLE], { env: { FORCE_COLOR: '1', NO_COLOR: '' } });
    expect(forced.stdout).toMatch(ANSI);
    const quiet = runCli(['scan', '--snapshot', EXAMPLE, '-q']);
    expect(quiet.stdout.trim().split('\n').length).toBe(1);
    expect(quiet.stdout).toMatch(/findings: /);
  });

  it('--fail-on decides the exit code the same way for every format', () => {
    for (const format of ['text', 'json', 'sarif', 'junit', 'csv', 'markdown', 'html', 'asff', 'ocsf']) {
      expect(runCli(['scan', '--snapshot', EXAMPLE, '-f', format]).code).toBe(1);
      expect(runCli(['scan', '--snapshot', EXAMPLE, '-f', format, '--fail-on', 'none']).code).toBe(0);
    }
    // A snapshot whose only problem is an account whose trails could not be listed: UNDETERMINED. Since
    // issue 10 the default is fail-closed: that fails the run unless --fail-on non-compliant relaxes it.
    const dir = mkdtempSync(join(tmpdir(), 'trailguard-undetermined-'));
    const snapshot = join(dir, 'undetermined.json');
    writeFileSync(
      snapshot,
      JSON.stringify({
        schema: 'trailguard/inventory@1',
        partition: 'aws',
        collectedAt: '2026-11-21T10:00:00Z',
        accounts: [
          {
            id: '111111111111',
            scanned: true,
            trails: { error: { code: 'AccessDeniedException', message: 'not authorized' } },
            buckets: [],
          },
        ],
        trails: [],
        buckets: [],
        errors: [],
      }),
    );
    const base = ['scan', '--snapshot', snapshot, '-f', 'json'];
    const report = JSON.parse(runCli(base).stdout) as JsonReport;
    expect(report.summary.UNDETERMINED).toBeGreaterThan(0);
    expect(report.summary.NON_COMPLIANT).toBe(0);
    expect(runCli(base).code).toBe(1);
    expect(runCli([...base, '--fail-on', 'undetermined']).code).toBe(1);
    expect(runCli([...base, '--fail-on', 'non-compliant']).code).toBe(0);
    expect(runCli([...base, '--fail-on', 'none']).code).toBe(0);
  });

  it('writes -o and --output-dir files atomically and prints nothing on stdout', () => {
    const dir = mkdtempSync(join(tmpdir(), 'trailguard-out-'));
    const single = runCli(['scan', '--snapshot', EXAMPLE, '-f', 'json', '-o', join(dir, 'report.json')]);
    expect(single.stdout).toBe('');
    expect(JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8')).schema).toBe('trailguard/report@1');
    const many = runCli([
      'scan',
      '--snapshot',
      EXAMPLE,
      '-f',
      'json,html,sarif',
      '--output-dir',
      join(dir, 'out'),
    ]);
    expect(many.stdout).toBe('');
    expect(readdirSync(join(dir, 'out')).sort()).toEqual([
      'trailguard.html',
      'trailguard.json',
      'trailguard.sarif',
    ]);
  });

  it('picks up suppressions from .trailguard.yaml in the working directory; suppressed findings do not fail', () => {
    const dir = mkdtempSync(join(tmpdir(), 'trailguard-cfg-'));
    writeFileSync(
      join(dir, '.trailguard.yaml'),
      'suppressions:\n  - rule: "*"\n    account: "*"\n    reason: accepted for this test\n  - bucket: "*"\n    reason: accepted for this test\n',
    );
    const { code, report } = jsonScan([], dir);
    expect(report.summary.suppressed).toBeGreaterThan(0);
    const failing = report.findings.filter((f) => f.status === 'NON_COMPLIANT' && !f.suppressed);
    expect(code).toBe(failing.length > 0 ? 1 : 0);
  });
});

describe('rules and explain', () => {
  it('lists both rules and explains one with every documentation section', () => {
    const list = runCli(['rules']);
    expect(list.code).toBe(0);
    expect(list.stdout).toContain('aws-cloudtrail-bucket-access-logging');
    expect(list.stdout).toContain('aws-s3-bucket-access-logging');
    // Rendered for the terminal by default (issue 14), the raw Markdown with -f markdown.
    const doc = runCli(['explain', 'aws-cloudtrail-bucket-access-logging']);
    const raw = runCli(['explain', 'aws-cloudtrail-bucket-access-logging', '-f', 'markdown']);
    expect(doc.code).toBe(0);
    expect(raw.code).toBe(0);
    for (const section of ['Rationale', 'Impact', 'Audit', 'Remediation', 'Default value', 'References']) {
      expect(raw.stdout).toMatch(new RegExp(`^#+ .*${section}`, 'im'));
      expect(doc.stdout).toMatch(new RegExp(`^${section}\\n-{${section.length}}$`, 'm'));
    }
    expect(doc.stdout).toContain('logging.json');
    expect(doc.stdout).toContain('CloudTrail.7');
    expect(doc.stdout).toContain('CCE-78918-0');
  });
});
