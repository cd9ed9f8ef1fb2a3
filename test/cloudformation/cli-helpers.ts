/** Running the built CLI over CloudFormation inputs and reading its JSON report (see test/cli/helpers.ts). */
import { expect } from 'vitest';
import { type CliRun, runCli } from '../cli/helpers.js';

export interface ReportFinding {
  ruleId: string;
  status: string;
  reason: string;
  message: string;
  resource: { name?: string; location?: { file: string; line: number; address: string } };
}

export interface JsonReport {
  findings: ReportFinding[];
  errors?: { code: string; message: string; file?: string; line?: number; resource?: string }[];
}

export function scanJson(args: string[], cwd?: string): { run: CliRun; report: JsonReport } {
  const run = runCli(['scan', ...args, '--format', 'json'], cwd ? { cwd } : {});
  expect(run.stdout, run.stderr).not.toBe('');
  return { run, report: JSON.parse(run.stdout) as JsonReport };
}

/**
 * The input errors of a report, whether they are listed in `errors[]` or (once the engine turns each into
 * an UNDETERMINED finding) as findings: code/reason, file and message.
 */
export function inputErrors(
  report: JsonReport,
): { code: string; file?: string; line?: number; message: string }[] {
  const listed = (report.errors ?? []).map((e) => ({
    code: e.code,
    message: e.message,
    ...(e.file ? { file: e.file } : {}),
    ...(e.line ? { line: e.line } : {}),
  }));
  const key = (e: { code: string; file?: string; line?: number }) => `${e.code} ${e.file} ${e.line}`;
  const seen = new Set(listed.map(key));
  const found = report.findings
    .filter((f) => f.status === 'UNDETERMINED' && /^[A-Z_]+$/.test(f.reason))
    .map((f) => ({
      code: f.reason,
      message: f.message,
      ...(f.resource.location ? { file: f.resource.location.file, line: f.resource.location.line } : {}),
    }))
    .filter((e) => {
      if (seen.has(key(e))) return false;
      seen.add(key(e));
      return true;
    });
  return [...listed, ...found];
}

export function findingFor(report: JsonReport, ruleSuffix: string, name: string): ReportFinding {
  const matches = report.findings.filter((f) => f.ruleId.endsWith(ruleSuffix) && f.resource.name === name);
  expect(matches, `${ruleSuffix} finding of ${name}`).toHaveLength(1);
  return matches[0] as ReportFinding;
}
