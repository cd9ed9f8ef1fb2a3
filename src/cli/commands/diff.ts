/**
 * `trailguard diff OLD.json NEW.json`: the failing findings that are new, fixed or changed between two
 * trailguard JSON reports (`engine/baseline.ts` says what "the same finding" is). Exit 1 when NEW has a
 * failing finding OLD did not have, 0 otherwise, 2 for a bad argument or file.
 */
import { Option } from '@commander-js/extra-typings';
import type { ComparableFinding, ReportDiff } from '../../engine/baseline.js';
import { DEFAULT_FAIL_ON, EXIT_FINDINGS, EXIT_OK, FAIL_ON_VALUES } from '../../engine/exit-code.js';
import { fingerprint } from '../../engine/identity.js';
import type { Finding } from '../../engine/types.js';
import { diffReportFiles } from '../../report-file.js';
import { mdCell } from '../../reporters/markdown.js';
import { resourceName, whereText } from '../../reporters/shared.js';
import { ruleCatalog } from '../../rules/index.js';
import { jsonChunks } from '../../util/json-chunks.js';
import { sanitize } from '../../util/sanitize.js';
import { type CliIO, writeChunks } from '../io.js';
import type { Program } from '../options.js';

export const DIFF_SCHEMA_ID = 'trailguard/diff@1';

export function registerDiff(program: Program, io: CliIO): void {
  program
    .command('diff')
    .description('compare two JSON reports: failing findings that are new, fixed or changed')
    .argument('<old>', 'the earlier trailguard JSON report (-f json)')
    .argument('<new>', 'the later one')
    .addOption(
      new Option('-f, --format <format>', 'text, markdown (a PR comment) or json')
        .choices(['text', 'markdown', 'json'])
        .default('text'),
    )
    .addOption(
      new Option('--fail-on <level>', 'which findings count as failing (as for scan)')
        .choices(FAIL_ON_VALUES)
        .default(DEFAULT_FAIL_ON),
    )
    .action(async (oldFile, newFile, flags) => {
      const diff = await diffReportFiles(oldFile, newFile, flags.failOn);
      if (flags.format === 'json') {
        await writeChunks(io, jsonChunks(diffJson(diff, oldFile, newFile), { depth: 2 }));
        io.stdout('\n');
      } else {
        io.stdout(flags.format === 'markdown' ? diffMarkdown(diff, oldFile, newFile) : diffText(diff));
      }
      io.exitCode = diff.new.length > 0 ? EXIT_FINDINGS : EXIT_OK;
    });
}

function counts(diff: ReportDiff): string {
  return `${diff.new.length} new, ${diff.fixed.length} fixed, ${diff.changed.length} changed, ${diff.unchanged} unchanged`;
}

function line(f: ComparableFinding): string {
  const finding = f as Finding;
  const message = f.message ? ` — ${f.message}` : '';
  return sanitize(
    `${resourceName(finding)} · ${whereText(finding)} · ${f.ruleId} · ${f.status} ${f.reason}${message}`.replace(
      /\s*[\r\n]+\s*/g,
      ' ',
    ),
  );
}

export function diffText(diff: ReportDiff): string {
  const out = [`trailguard diff: ${counts(diff)} (failing findings)`];
  const section = (title: string, mark: string, items: string[]) => {
    if (items.length === 0) return;
    out.push('', `${title} (${items.length})`, ...items.map((text) => `  ${mark} ${text}`));
  };
  section('NEW', '✗', diff.new.map(line));
  section('FIXED', '✓', diff.fixed.map(line));
  section(
    'CHANGED',
    '~',
    diff.changed.map(({ old, new: now }) => `${line(now)} (was ${sanitize(`${old.status} ${old.reason}`)})`),
  );
  return `${out.join('\n')}\n`;
}

export function diffMarkdown(diff: ReportDiff, oldFile: string, newFile: string): string {
  const icon = diff.new.length > 0 ? '❌' : '✅';
  const out = [
    `### ${icon} trailguard diff: ${counts(diff)}`,
    '',
    `Failing findings of \`${mdCell(newFile)}\` compared with \`${mdCell(oldFile)}\`.`,
  ];
  const table = (title: string, rows: { f: ComparableFinding; was?: string }[]) => {
    if (rows.length === 0) return;
    out.push(
      '',
      `#### ${title} (${rows.length})`,
      '',
      '| Resource | Where | Rule | Status | Reason |',
      '| --- | --- | --- | --- | --- |',
    );
    for (const { f, was } of rows) {
      const finding = f as Finding;
      const reason = `${f.reason}${was ? ` (was ${was})` : ''}`;
      out.push(
        `| ${mdCell(resourceName(finding))} | ${mdCell(whereText(finding))} | ${mdCell(f.ruleId)} | ${mdCell(f.status)} | ${mdCell(reason)} |`,
      );
    }
  };
  table(
    'New',
    diff.new.map((f) => ({ f })),
  );
  table(
    'Fixed',
    diff.fixed.map((f) => ({ f })),
  );
  table(
    'Changed',
    diff.changed.map(({ old, new: now }) => ({ f: now, was: `${old.status} ${old.reason}` })),
  );
  return `${out.join('\n')}\n`;
}

function entry(f: ComparableFinding) {
  return { fingerprint: fingerprint(f as Finding, ruleCatalog), ...f };
}

export function diffJson(diff: ReportDiff, oldFile: string, newFile: string) {
  return {
    schema: DIFF_SCHEMA_ID,
    old: oldFile,
    new: newFile,
    summary: {
      new: diff.new.length,
      fixed: diff.fixed.length,
      changed: diff.changed.length,
      unchanged: diff.unchanged,
    },
    newFindings: diff.new.map(entry),
    fixedFindings: diff.fixed.map(entry),
    changedFindings: diff.changed.map(({ old, new: now }) => ({ old: entry(old), new: entry(now) })),
  };
}
