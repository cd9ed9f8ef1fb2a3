/**
 * `trailguard fix PATH` (Terraform / CloudFormation / CDK inputs): print the fix as a unified diff of the
 * scanned files, or with `--write` edit them in place (atomically, only inside the scanned tree).
 * What cannot be written safely is printed as instructions, on stderr when stdout carries the diff.
 */
import { basename, isAbsolute, relative, resolve } from 'node:path';
import { UsageError } from '../../errors.js';
import { diffOf, planIacEdits, writeIacEdits } from '../../remediation/iac-edit/index.js';
import type { FixPlan } from '../../remediation/types.js';
import { sanitize, sanitizeLines } from '../../util/sanitize.js';
import type { CliIO } from '../io.js';

export function isIacSource(kind: string): boolean {
  return kind === 'terraform' || kind === 'cloudformation';
}

export async function runIacFix(
  plan: FixPlan,
  paths: string[],
  flags: Record<string, unknown>,
  io: CliIO,
): Promise<void> {
  const source = plan.source;
  if (!source || !isIacSource(source.kind)) {
    throw new UsageError(
      `--write edits Terraform and CloudFormation inputs; this input is ${source?.kind ?? 'unknown'} (use -f terraform|cloudformation|cli for a patch)`,
    );
  }
  const full = paths.map((p) => resolve(io.cwd, p));
  const edits = await planIacEdits(plan, source, full, io.cwd);
  // Scan paths given absolute (a single template) are shown relative to the working folder.
  const label = (file: string) => {
    if (!isAbsolute(file)) return file;
    const fromCwd = relative(io.cwd, file);
    if (!fromCwd.startsWith('..')) return fromCwd;
    // Outside the working folder: relative to the scanned folder that holds it.
    for (const p of full) {
      const fromBase = relative(p, file);
      if (!fromBase.startsWith('..') && !isAbsolute(fromBase)) return fromBase || basename(file);
    }
    return basename(file);
  };
  const shown = edits.changes.map((c) => ({ ...c, file: label(c.file) }));
  const skipped = plan.skipped.map((s) => `skipped ${s.bucket} (${s.code}): ${s.message}`);
  const report = (lines: string[], title: string) =>
    lines.length ? `${title}\n${lines.map((l) => `  - ${l.replace(/\n/g, '\n    ')}`).join('\n')}\n` : '';
  const extra =
    report(edits.manual, 'Change by hand (trailguard cannot write these safely):') +
    report(edits.notes, 'Notes:') +
    report(skipped, 'Not fixed:');
  if (flags.write !== true) {
    const diff = diffOf(shown);
    io.stdout(sanitizeLines(diff || 'Nothing to change in the files.\n'));
    if (extra) io.stderr(sanitizeLines(extra));
    if (diff) io.stderr('trailguard: nothing written; run again with --write to apply this diff\n');
    return;
  }
  const written = await writeIacEdits(edits.changes, full, io.cwd);
  const lines = shown.map((c) => `${c.before === null ? 'created' : 'edited '} ${sanitize(c.file)}`);
  io.stdout(
    sanitizeLines(
      `${lines.length ? `${lines.join('\n')}\n` : 'Nothing to change in the files.\n'}${extra}${
        written.length ? 'Re-scan to check: trailguard scan PATH\n' : ''
      }`,
    ),
  );
}
