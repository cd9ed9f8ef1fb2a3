/**
 * The demo and diff flows as library calls (`import { demo, diffReportFiles } from 'trailguard'`):
 * the demo organization's declared verdicts from `demo()`, its stats and timing; a bad selection fails
 * before the emulator starts; the diff of two report files.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DEMO_EXPECTATIONS } from '../../src/emulator/index.js';
import { demo, diffReportFiles, readReportFindings, scan, UsageError } from '../../src/index.js';

const dir = mkdtempSync(join(tmpdir(), 'tg-library-demo-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('demo()', () => {
  it('scans the demo organization live: every declared verdict, the call counts, the time', async () => {
    const progress: number[] = [];
    const result = await demo({ onProgress: (p) => progress.push(p.calls) });
    expect(result.report.source.kind).toBe('aws');
    for (const expected of DEMO_EXPECTATIONS) {
      const finding = result.report.findings.find(
        (f) =>
          f.ruleId === expected.rule &&
          (f.resource.name === expected.resource ||
            f.resource.id === `arn:aws:iam::${expected.resource}:root`),
      );
      expect(`${finding?.status} ${finding?.reason}`, `${expected.resource}: ${expected.why}`).toBe(
        `${expected.status} ${expected.reason}`,
      );
    }
    expect(result.stats.calls).toBeGreaterThan(0);
    expect(progress.length).toBeGreaterThan(0);
    expect(Math.max(...progress)).toBeLessThanOrEqual(result.stats.calls);
    expect(result.elapsedMs).toBeGreaterThanOrEqual(0);
    expect(result.report.source.accounts?.length).toBeGreaterThan(1);
  });

  it('ruleIds narrows the report; an unknown rule id throws before the emulator starts', async () => {
    const { report } = await demo({ ruleIds: ['aws-cloudtrail-bucket-access-logging'] });
    expect(new Set(report.findings.map((f) => f.ruleId))).toEqual(
      new Set(['aws-cloudtrail-bucket-access-logging']),
    );
    const started = performance.now();
    await expect(demo({ ruleIds: ['nope'] })).rejects.toThrow(UsageError);
    // (No emulator was started and stopped: the rejection is immediate.)
    expect(performance.now() - started).toBeLessThan(1000);
  });
});

describe('diffReportFiles()', () => {
  it('new, fixed and changed failing findings between two report files', async () => {
    const snapshot = join(import.meta.dirname, '../../examples/snapshot.json');
    const all = await scan({ snapshot });
    const older = join(dir, 'old.json');
    const newer = join(dir, 'new.json');
    // The older report lacks one failing finding: the newer one has it as new.
    const failing = all.report.findings.filter((f) => f.status === 'NON_COMPLIANT');
    const dropped = failing[0];
    writeFileSync(
      older,
      JSON.stringify({ ...all.report, findings: all.report.findings.filter((f) => f !== dropped) }),
    );
    writeFileSync(newer, JSON.stringify(all.report));
    const diff = await diffReportFiles(older, newer);
    expect(diff.new.map((f) => `${f.ruleId} ${f.resource.name}`)).toEqual([
      `${dropped?.ruleId} ${dropped?.resource.name}`,
    ]);
    expect(diff.fixed).toEqual([]);
    expect(diff.changed).toEqual([]);
    expect(diff.unchanged).toBe(4);
    const back = await diffReportFiles(newer, older);
    expect(back.fixed).toHaveLength(1);
    expect(back.new).toHaveLength(0);
    expect(await readReportFindings(newer)).toHaveLength(all.report.findings.length);
  });
});
