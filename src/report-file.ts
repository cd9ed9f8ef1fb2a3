/**
 * trailguard JSON reports read back: the findings of an earlier report (`scan --baseline`), and the diff
 * of two reports (`trailguard diff`; engine/baseline.ts says what "the same finding" is).
 */
import {
  type ComparableFinding,
  diffReports,
  notJsonReport,
  type ReportDiff,
  reportFindingsOf,
} from './engine/baseline.js';
import { DEFAULT_FAIL_ON, type FailOn } from './engine/exit-code.js';
import { InputError } from './errors.js';
import { ruleCatalog } from './rules/index.js';
import { readJsonFile } from './sources/json-file.js';

/** The largest JSON text Node can hold in one string. */
const MAX_REPORT_BYTES = 512 * 1024 * 1024;

/** The findings of a trailguard JSON report file; a missing or unreadable file is one-line InputError. */
export async function readReportFindings(file: string): Promise<ComparableFinding[]> {
  const read = await readJsonFile(file, MAX_REPORT_BYTES);
  if (read.kind === 'json') return reportFindingsOf(read.value, file);
  if (read.kind === 'not-json') throw notJsonReport(file, read.message);
  const why =
    read.kind === 'error'
      ? read.error.code === 'ENOENT'
        ? 'no such file'
        : `cannot read (${read.error.code ?? 'error'})`
      : read.kind === 'too-large' || read.kind === 'too-long'
        ? 'larger than 512 MiB of JSON'
        : 'not a regular file';
  throw new InputError(`${file}: ${why}`);
}

/** The failing findings that are new, fixed or changed from the report `oldFile` to `newFile`. */
export async function diffReportFiles(
  oldFile: string,
  newFile: string,
  failOn: FailOn = DEFAULT_FAIL_ON,
): Promise<ReportDiff> {
  const before = await readReportFindings(oldFile);
  const after = await readReportFindings(newFile);
  return diffReports(before, after, failOn, ruleCatalog);
}
