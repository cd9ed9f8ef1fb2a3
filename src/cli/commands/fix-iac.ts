/**
 * `trailguard fix PATH` (Terraform / CloudFormation / CDK inputs): print the fix as a unified diff of the
 * scanned files, or with `--write` edit them in place (atomically, only inside the scanned tree; the
 * library's `editIacFix`). What cannot be written safely is printed as instructions, on stderr when
 * stdout carries the diff.
 */
import { editIacFix, type FixPlan } from '../../remediation/index.js';
import { sanitize, sanitizeLines } from '../../util/sanitize.js';
import type { CliIO } from '../io.js';

export async function runIacFix(plan: FixPlan, paths: string[], write: boolean, io: CliIO): Promise<void> {
  const edits = await editIacFix(plan, { paths, cwd: io.cwd, write });
  const skipped = plan.skipped.map((s) => `skipped ${s.bucket} (${s.code}): ${s.message}`);
  const report = (lines: string[], title: string) =>
    lines.length ? `${title}\n${lines.map((l) => `  - ${l.replace(/\n/g, '\n    ')}`).join('\n')}\n` : '';
  const extra =
    report(edits.manual, 'Change by hand (trailguard cannot write these safely):') +
    report(edits.notes, 'Notes:') +
    report(skipped, 'Not fixed:');
  if (!write) {
    io.stdout(sanitizeLines(edits.diff || 'Nothing to change in the files.\n'));
    if (extra) io.stderr(sanitizeLines(extra));
    if (edits.diff) io.stderr('trailguard: nothing written; run again with --write to apply this diff\n');
    return;
  }
  const lines = edits.changes.map((c) => `${c.before === null ? 'created' : 'edited '} ${sanitize(c.file)}`);
  io.stdout(
    sanitizeLines(
      `${lines.length ? `${lines.join('\n')}\n` : 'Nothing to change in the files.\n'}${extra}${
        edits.written.length ? 'Re-scan to check: trailguard scan PATH\n' : ''
      }`,
    ),
  );
}
