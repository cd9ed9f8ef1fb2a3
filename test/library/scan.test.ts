/**
 * The scan flow as a library call (`import { scan } from 'trailguard'`): what the CLI's scan command
 * reads besides its input — rule selection, suppressions file, .trailguard.yaml, baseline file — is
 * options of `scan()`, resolved before the input is read.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { exitCodeFor, InputError, prepareScan, type Report, scan, UsageError } from '../../src/index.js';

const snapshot = join(import.meta.dirname, '../../examples/snapshot.json');
const dir = mkdtempSync(join(tmpdir(), 'tg-library-scan-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const picture = (report: Report) =>
  report.findings
    .map(
      (f) =>
        `${f.ruleId} ${f.resource.name ?? f.resource.id} ${f.status}${f.suppressed ? ' suppressed' : ''}`,
    )
    .sort();

describe('scan()', () => {
  it('scans a snapshot: every finding, counts and exit code', async () => {
    const { report, warnings } = await scan({ snapshot });
    expect(report.summary).toMatchObject({
      COMPLIANT: 2,
      NON_COMPLIANT: 3,
      NOT_APPLICABLE: 2,
      UNDETERMINED: 2,
    });
    expect(report.findings).toHaveLength(9);
    expect(warnings).toEqual([]);
    expect(exitCodeFor(report, 'undetermined')).toBe(1);
  });

  it('minSeverity selects the rules at or above it; an unknown rule id or an empty selection is a UsageError', async () => {
    const { report } = await scan({ snapshot, minSeverity: 'medium' });
    expect(new Set(report.findings.map((f) => f.ruleId))).toEqual(
      new Set(['aws-cloudtrail-bucket-access-logging']),
    );
    expect(report.findings).toHaveLength(3);
    await expect(scan({ snapshot, ruleIds: ['no-such-rule'] })).rejects.toThrow(
      new UsageError('unknown rule "no-such-rule" (run `trailguard rules` to list them)'),
    );
    await expect(
      scan({ snapshot, ruleIds: ['aws-s3-bucket-access-logging'], minSeverity: 'high' }),
    ).rejects.toThrow(/no rule is at or above --min-severity high \(aws-s3-bucket-access-logging is low\)/);
  });

  it('reads suppressions from suppressionsFile, or .trailguard.yaml in cwd only with configFile', async () => {
    const yaml =
      'suppressions:\n  - rule: aws-s3-bucket-access-logging\n    bucket: mgmt-app-data\n    reason: test data\n';
    const file = join(dir, 'suppressions.yaml');
    writeFileSync(file, yaml);
    const fromFile = await scan({ snapshot, suppressionsFile: file });
    expect(picture(fromFile.report)).toContain(
      'aws-s3-bucket-access-logging mgmt-app-data NON_COMPLIANT suppressed',
    );
    expect(fromFile.report.summary.suppressed).toBe(1);

    const cwd = join(dir, 'repo');
    rmSync(cwd, { recursive: true, force: true });
    mkdirSync(cwd);
    writeFileSync(join(cwd, '.trailguard.yaml'), yaml);
    expect((await scan({ snapshot, cwd })).report.summary.suppressed).toBe(0);
    const withConfig = await scan({ snapshot, cwd, configFile: true });
    expect(withConfig.report.summary.suppressed).toBe(1);
    expect(withConfig.report.findings.find((f) => f.suppressed)?.suppressed?.source).toBe(
      '.trailguard.yaml:2',
    );

    await expect(scan({ snapshot, suppressionsFile: join(dir, 'missing.yaml') })).rejects.toThrow(InputError);
  });

  it('baselineFile: findings the earlier report has do not fail the run', async () => {
    const first = await scan({ snapshot });
    const file = join(dir, 'baseline.json');
    writeFileSync(file, JSON.stringify(first.report));
    const { report } = await scan({ snapshot, baselineFile: file, failOn: 'undetermined' });
    expect(report.baseline).toMatchObject({ file, new: 0 });
    expect(exitCodeFor(report, 'undetermined')).toBe(0);
    await expect(scan({ snapshot, baselineFile: join(dir, 'none.json') })).rejects.toThrow(
      new InputError(`${join(dir, 'none.json')}: no such file`),
    );
  });

  it('prepareScan resolves the selection before any input is read', async () => {
    const prepared = await prepareScan({ snapshot: join(dir, 'never-read.json'), minSeverity: 'medium' });
    expect(prepared.ruleIds).toEqual(['aws-cloudtrail-bucket-access-logging']);
    expect(prepared.suppressions).toEqual([]);
    expect(prepared).not.toHaveProperty('minSeverity');
  });
});

describe('scan() refuses contradicting inputs instead of picking one', () => {
  const cases: [string, Parameters<typeof scan>[0], RegExp][] = [
    ['a snapshot and paths', { snapshot, paths: [dir] }, /either --snapshot or paths/],
    ['a second snapshot that is not .json', { snapshot: [snapshot, dir] }, /several --snapshot files/],
    ['an aggregator and paths', { configAggregator: 'org', paths: [dir] }, /--config-aggregator reads AWS/],
    [
      'verifyLive without an aggregator',
      { snapshot, verifyLive: true },
      /--verify-live needs --config-aggregator/,
    ],
  ];
  it.each(cases)('%s: UsageError before anything is read', async (_name, options, message) => {
    const error = await scan(options).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UsageError);
    expect((error as Error).message).toMatch(message);
  });

  it('an inventory with a snapshot to read', async () => {
    const { sourceResult } = await scan({ snapshot });
    const error = await scan({ inventory: sourceResult.inventory, snapshot }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UsageError);
    expect((error as Error).message).toMatch(/either an inventory or inputs to read/);
    // Alone, the inventory is scanned as given.
    expect((await scan({ inventory: sourceResult.inventory })).report.findings).toHaveLength(9);
  });
});
