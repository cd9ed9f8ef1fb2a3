/** SARIF, ASFF and OCSF describe a finding with one sentence (reporters/shared.ts findingSentence). */
import { describe, expect, it } from 'vitest';
import { findingUid } from '../../src/engine/identity.js';
import { asff } from '../../src/reporters/asff.js';
import { ocsf } from '../../src/reporters/ocsf.js';
import { sarif } from '../../src/reporters/sarif.js';
import { findingSentence } from '../../src/reporters/shared.js';
import { ruleCatalog } from '../../src/rules/index.js';
import { fixtureReport, OPTIONS } from './fixture.js';

describe('findingSentence', () => {
  const report = fixtureReport();
  const sentences = new Map(report.findings.map((f) => [findingUid(f), findingSentence(f, ruleCatalog)]));

  it('is the resource, its reason in words, the message and the warnings', () => {
    const warned = report.findings.find((f) => f.warnings.length > 0);
    if (!warned) throw new Error('the fixture has a finding with warnings');
    const sentence = findingSentence(warned, ruleCatalog);
    expect(sentence.startsWith(`${warned.resource.name}: ${ruleCatalog.reasonText(warned.reason)}. `)).toBe(
      true,
    );
    expect(sentence).toContain(warned.message);
    expect(sentence).toMatch(new RegExp(`Warnings: ${warned.warnings[0]}: .+\\.$`));
  });

  it('is what SARIF, ASFF and OCSF each carry for the finding', () => {
    const ocsfRecords = JSON.parse(ocsf(report, OPTIONS)) as {
      message: string;
      finding_info: { uid: string; desc: string };
    }[];
    expect(ocsfRecords).toHaveLength(report.findings.length);
    for (const r of ocsfRecords) {
      expect(r.message).toBe(sentences.get(r.finding_info.uid));
      expect(r.finding_info.desc).toBe(r.message);
    }
    const asffRecords = JSON.parse(asff(report, OPTIONS)) as { Id: string; Description: string }[];
    expect(asffRecords.length).toBeGreaterThan(0);
    for (const r of asffRecords) expect(r.Description).toBe(sentences.get(r.Id));
    const sarifTexts = (
      JSON.parse(sarif(report, OPTIONS)) as { runs: { results: { message: { text: string } }[] }[] }
    ).runs[0]?.results.map((r) => r.message.text);
    expect(sarifTexts?.length).toBeGreaterThan(0);
    for (const text of sarifTexts ?? []) expect([...sentences.values()]).toContain(text);
  });
});
