/** The unified diff printed by `fix PATH` (no --write): applying it gives the edited file; hunks are well formed. */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyUnifiedDiff, unifiedDiff } from '../../src/remediation/iac-edit/unified-diff.js';

const lines = fc.array(fc.constantFrom('a', 'b', 'c', '}', '  x = 1', ''), { maxLength: 30 });
const text = (l: string[]) => (l.length ? `${l.join('\n')}\n` : '');

describe('unifiedDiff', () => {
  it('applying the diff to the old text gives the new text', () => {
    fc.assert(
      fc.property(lines, lines, (a, b) => {
        const before = text(a);
        const after = text(b);
        const diff = unifiedDiff('f.tf', before, after);
        if (before === after) expect(diff).toBe('');
        else expect(applyUnifiedDiff(before, diff)).toBe(after);
      }),
      { numRuns: 500, seed: 7 },
    );
  });

  it('is accepted by patch(1) / git apply', () => {
    const before = 'resource "a" "b" {\n  x = 1\n}\n\nresource "c" "d" {\n  y = 2\n}\n';
    const after = 'resource "a" "b" {\n  x = 1\n  z = 3\n}\n\nresource "c" "d" {\n  y = 2\n}\n# end\n';
    const dir = mkdtempSync(join(tmpdir(), 'tg-diff-'));
    writeFileSync(join(dir, 'f.tf'), before);
    writeFileSync(join(dir, 'p.diff'), unifiedDiff('f.tf', before, after, 1));
    execFileSync('git', ['apply', '--unidiff-zero', 'p.diff'], { cwd: dir });
    expect(readFileSync(join(dir, 'f.tf'), 'utf8')).toBe(after);
    expect(unifiedDiff('new.tf', null, 'a\n')).toBe('--- /dev/null\n+++ b/new.tf\n@@ -0,0 +1,1 @@\n+a\n');
  });
});
