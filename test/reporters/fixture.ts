import { readFileSync } from 'node:fs';
import type { Report } from '../../src/engine/types.js';
import type { ReporterOptions } from '../../src/reporters/types.js';
import { ruleCatalog } from '../../src/rules/index.js';
import { ruleMeta } from '../fixtures/reports/rule-meta.js';

/**
 * The fixture report: every status, warnings, a suppressed finding, IaC and cloud findings, hostile names.
 * With the registry a scan's report carries (JSON leaves it out): the reason and warning words.
 */
export function fixtureReport(): Report {
  const report = JSON.parse(
    readFileSync(new URL('../fixtures/reports/full.json', import.meta.url), 'utf8'),
  ) as Report;
  return { ...report, rules: ruleCatalog };
}

export const OPTIONS: ReporterOptions = { color: false, ruleMeta };

export const SCRIPT_BUCKET = '<script>alert(1)</script>';
