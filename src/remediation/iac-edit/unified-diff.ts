/**
 * A unified diff (`diff -u` / `git diff` format) of two texts, line by line: what `trailguard fix PATH`
 * prints without `--write`. No dependency: the common head and tail are trimmed first (an IaC fix inserts
 * a few lines into a file, or creates one), and the rest is aligned by a longest-common-subsequence table,
 * bounded: a middle too large for the table is shown as one replaced block (still a correct patch).
 */

const MAX_CELLS = 4_000_000;

type Op = { kind: ' ' | '-' | '+'; line: string };

function splitLines(text: string): string[] {
  if (text === '') return [];
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}

function align(a: string[], b: string[]): Op[] {
  let head = 0;
  while (head < a.length && head < b.length && a[head] === b[head]) head++;
  let tail = 0;
  while (
    tail < a.length - head &&
    tail < b.length - head &&
    a[a.length - 1 - tail] === b[b.length - 1 - tail]
  )
    tail++;
  const ops: Op[] = a.slice(0, head).map((line) => ({ kind: ' ', line }));
  const x = a.slice(head, a.length - tail);
  const y = b.slice(head, b.length - tail);
  if ((x.length + 1) * (y.length + 1) > MAX_CELLS) {
    for (const line of x) ops.push({ kind: '-', line });
    for (const line of y) ops.push({ kind: '+', line });
  } else {
    // lcs[i][j] = LCS length of x[i..] and y[j..], in one flat array.
    const w = y.length + 1;
    const lcs = new Uint32Array((x.length + 1) * w);
    for (let i = x.length - 1; i >= 0; i--)
      for (let j = y.length - 1; j >= 0; j--)
        lcs[i * w + j] =
          x[i] === y[j]
            ? (lcs[(i + 1) * w + j + 1] as number) + 1
            : Math.max(lcs[(i + 1) * w + j] as number, lcs[i * w + j + 1] as number);
    let i = 0;
    let j = 0;
    while (i < x.length || j < y.length) {
      if (i < x.length && j < y.length && x[i] === y[j]) {
        ops.push({ kind: ' ', line: x[i] as string });
        i++;
        j++;
      } else if (
        i < x.length &&
        (j === y.length || (lcs[(i + 1) * w + j] as number) >= (lcs[i * w + j + 1] as number))
      ) {
        // Removals before additions, as diff(1) and git print them.
        ops.push({ kind: '-', line: x[i] as string });
        i++;
      } else {
        ops.push({ kind: '+', line: y[j] as string });
        j++;
      }
    }
  }
  for (const line of a.slice(a.length - tail)) ops.push({ kind: ' ', line });
  return ops;
}

/**
 * `--- a/PATH` / `+++ b/PATH` and hunks with `context` lines around each change; '' when equal.
 * `before` null = a new file (`--- /dev/null`).
 */
export function unifiedDiff(path: string, before: string | null, after: string, context = 3): string {
  if (before === after) return '';
  const a = splitLines(before ?? '');
  const b = splitLines(after);
  const ops = align(a, b);
  const out = [`--- ${before === null ? '/dev/null' : `a/${path}`}`, `+++ b/${path}`];
  // Positions of changes; hunks join changes closer than 2 × context lines.
  const changed = ops.map((op, i) => (op.kind === ' ' ? -1 : i)).filter((i) => i >= 0);
  let k = 0;
  while (k < changed.length) {
    let start = Math.max(0, (changed[k] as number) - context);
    let end = (changed[k] as number) + context + 1;
    while (k + 1 < changed.length && (changed[k + 1] as number) - context <= end) {
      k++;
      end = (changed[k] as number) + context + 1;
    }
    end = Math.min(end, ops.length);
    start = Math.max(start, 0);
    let aLine = 0;
    let bLine = 0;
    for (let i = 0; i < start; i++) {
      if (ops[i]?.kind !== '+') aLine++;
      if (ops[i]?.kind !== '-') bLine++;
    }
    const hunk = ops.slice(start, end);
    const aCount = hunk.filter((op) => op.kind !== '+').length;
    const bCount = hunk.filter((op) => op.kind !== '-').length;
    const range = (line: number, count: number) => `${count === 0 ? line : line + 1},${count}`;
    out.push(`@@ -${range(aLine, aCount)} +${range(bLine, bCount)} @@`);
    for (const op of hunk) out.push(`${op.kind}${op.line}`);
    k++;
  }
  return `${out.join('\n')}\n`;
}

/** Applies a unified diff made by `unifiedDiff` to `before` (used by the tests as an independent check). */
export function applyUnifiedDiff(before: string, diff: string): string {
  const a = splitLines(before);
  const result: string[] = [];
  let at = 0;
  for (const line of diff.split('\n')) {
    const hunk = /^@@ -(\d+)(?:,(\d+))? \+\d+(?:,\d+)? @@/.exec(line);
    if (hunk) {
      const count = Number(hunk[2] ?? '1');
      const start = count === 0 ? Number(hunk[1]) : Number(hunk[1]) - 1;
      while (at < start) result.push(a[at++] as string);
      continue;
    }
    if (line.startsWith('---') || line.startsWith('+++') || line.startsWith('\\')) continue;
    if (line.startsWith(' ')) {
      result.push(a[at++] as string);
    } else if (line.startsWith('-')) at++;
    else if (line.startsWith('+')) result.push(line.slice(1));
  }
  while (at < a.length) result.push(a[at++] as string);
  return result.length ? `${result.join('\n')}\n` : '';
}
