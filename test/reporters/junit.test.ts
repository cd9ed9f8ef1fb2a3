import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { junit, xmlEscape } from '../../src/reporters/junit.js';
import { fixtureReport, OPTIONS, SCRIPT_BUCKET } from './fixture.js';

interface TestCase {
  '@_name': string;
  '@_classname': string;
  '@_file'?: string;
  failure?: unknown;
  error?: unknown;
  skipped?: { '@_message': string } | '';
}

function parse(xml: string) {
  const parser = new XMLParser({
    ignoreAttributes: false,
    isArray: (name) => ['testsuite', 'testcase'].includes(name),
  });
  return parser.parse(xml) as {
    testsuites: Record<string, string> & { testsuite: (Record<string, string> & { testcase: TestCase[] })[] };
  };
}

describe('junit reporter', () => {
  const xml = junit(fixtureReport(), OPTIONS);
  const doc = parse(xml);
  const cases = doc.testsuites.testsuite.flatMap((s) => s.testcase);
  const byName = (name: string) => cases.find((c) => c['@_name'] === name);

  it('is well-formed XML with one testcase per finding and one suite per rule', () => {
    expect(XMLValidator.validate(xml)).toBe(true);
    expect(cases).toHaveLength(13);
    expect(doc.testsuites.testsuite.map((s) => s['@_name']).sort()).toEqual([
      'aws-cloudtrail-bucket-access-logging',
      'aws-s3-bucket-access-logging',
    ]);
  });

  it('counts failures, errors and skips the way CI systems read them', () => {
    expect(doc.testsuites).toMatchObject({
      '@_tests': '13',
      '@_failures': '5',
      '@_errors': '2',
      '@_skipped': '3',
    });
    const suiteTotals = doc.testsuites.testsuite.reduce((n, s) => n + Number(s['@_tests']), 0);
    expect(suiteTotals).toBe(13);
  });

  it('maps statuses: failure, error, pass, skipped (not applicable and suppressed)', () => {
    expect(byName('ct-logs-111111111111')?.failure).toBeDefined();
    expect(byName('org-ct-logs')?.error).toBeDefined();
    const pass = byName('app-assets');
    expect(pass?.failure ?? pass?.error ?? pass?.skipped).toBeUndefined();
    expect(byName('sandbox')?.skipped).toBeDefined();
    const suppressed = byName('dev-scratch');
    expect(suppressed?.failure).toBeUndefined();
    expect(suppressed?.skipped).toMatchObject({
      '@_message': expect.stringMatching(/^suppressed \(NON_COMPLIANT\): Scratch/),
    });
    expect(byName('tf-trail-logs')?.['@_file']).toBe('infra/main.tf');
  });

  it('escapes names: the script bucket is an attribute value, not markup', () => {
    expect(byName(SCRIPT_BUCKET)?.['@_classname']).toBe('aws-s3-bucket-access-logging');
    expect(xml).not.toContain('<script>');
  });

  it('replaces characters XML 1.0 forbids and keeps line breaks in attributes', () => {
    expect(xmlEscape('a\u0000b\u001bc')).toBe('a\ufffdb\ufffdc');
    expect(xmlEscape('x"y\'\n', true)).toBe('x&quot;y&apos;&#10;');
    expect(
      XMLValidator.validate(`<a b="${xmlEscape('\u0001<&>"', true)}">${xmlEscape('\ud800]]>')}</a>`),
    ).toBe(true);
  });
});
