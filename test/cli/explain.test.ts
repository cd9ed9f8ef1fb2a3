/**
 * `trailguard explain RULE` renders the rule's Markdown for the terminal (issue 14): headings, lists, code,
 * tables and bold as terminal text; ANSI styles only on a terminal (or FORCE_COLOR) and never with
 * --no-color or NO_COLOR; `--format markdown` prints the raw document (docs/rules/<id>.md). Built binary.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderMarkdownForTerminal } from '../../src/cli/markdown-terminal.js';
import { BIN, expectOneLineError, ROOT, runCli } from './helpers.js';

// biome-ignore lint/suspicious/noControlCharactersInRegex: looking for ANSI escape sequences.
const ANSI = /\u001b\[/;
const RULE = 'aws-s3-bucket-access-logging';

describe('explain', () => {
  it('piped: rendered as plain text, no Markdown syntax and no ANSI', () => {
    const run = runCli(['explain', RULE]);
    expect(run.code).toBe(0);
    const out = run.stdout;
    expect(out).not.toMatch(ANSI);
    expect(out).toMatch(/^S3 buckets have server access logging that can be delivered\n=+\n/);
    expect(out).toMatch(/^Rationale\n-{9}$/m);
    expect(out).not.toMatch(/^#/m);
    expect(out).not.toContain('**');
    expect(out).not.toMatch(/^\s*\|/m);
    expect(out).not.toContain('```');
    // Fenced code is indented by four spaces; list items get bullets or keep their numbers.
    expect(out).toContain('\n    resource "aws_s3_bucket_logging" "source" {\n');
    expect(out).toMatch(/^ {2}1\. `aws s3api list-buckets`/m);
    // A table that fits is aligned in columns; the decision table is one block per row.
    expect(out).toMatch(
      /^ {2}Rule id +Severity +Resource type\n {2}`aws-s3-bucket-access-logging` +low +AWS::S3::Bucket$/m,
    );
    expect(out).toMatch(/^ {2}Status: Non-compliant\n {2}Reason: `LOGGING_DISABLED`$/m);
  });

  it('--format markdown prints the raw document, the same as docs/rules/<id>.md', () => {
    const run = runCli(['explain', RULE, '--format', 'markdown']);
    expect(run.code).toBe(0);
    const doc = readFileSync(join(ROOT, 'docs/rules', `${RULE}.md`), 'utf8');
    expect(doc.endsWith(run.stdout)).toBe(true);
    expect(run.stdout).toMatch(/^# S3 buckets/);
    expect(expectOneLineError(runCli(['explain', RULE, '-f', 'html']))).toMatch(/--format/);
  });

  it('colour with FORCE_COLOR, none with --no-color or NO_COLOR', () => {
    const forced = runCli(['explain', RULE], { env: { FORCE_COLOR: '1', NO_COLOR: '' } });
    expect(forced.stdout).toMatch(ANSI);
    expect(forced.stdout).toContain('\u001b[1;4mRationale\u001b[0m');
    expect(forced.stdout).not.toContain('`aws s3api list-buckets`');
    expect(
      runCli(['explain', RULE, '--no-color'], { env: { FORCE_COLOR: '1', NO_COLOR: '' } }).stdout,
    ).not.toMatch(ANSI);
  });

  it('on a terminal: styled and reflowed to its width; --no-color: no ANSI', () => {
    const probe = spawnSync('script', ['-qec', 'true', '/dev/null']);
    if (probe.status !== 0) return; // no `script` (util-linux): the in-process tests below still run
    const onTerminal = (extra: string) =>
      spawnSync(
        'script',
        ['-qec', `stty cols 70; '${process.execPath}' '${BIN}' explain ${RULE}${extra}`, '/dev/null'],
        {
          cwd: ROOT,
          env: { PATH: process.env.PATH, HOME: process.env.HOME, TERM: 'dumb' },
          encoding: 'utf8',
          timeout: 60_000,
        },
      ).stdout.replace(/\r\n/g, '\n');
    const styled = onTerminal('');
    expect(styled).toMatch(ANSI);
    const plain = onTerminal(' --no-color');
    expect(plain).not.toMatch(ANSI);
    const prose = plain.split('\n').filter((l) => !l.startsWith('    ') && !l.startsWith('  '));
    for (const line of prose) expect(line.length).toBeLessThanOrEqual(70);
    expect(plain).toContain('Checks every S3 bucket of every scanned account (and every bucket\n');
  });

  it('renders the Markdown subset (unit)', () => {
    const md =
      '# Title\n\nSome **bold** and `code` and [a link](https://x.example).\n\n- one\n- two\n  continued\n\n### Small\n\n```sh\necho hi\n```\n';
    expect(renderMarkdownForTerminal(md, { color: false })).toBe(
      'Title\n=====\n\nSome bold and `code` and a link (https://x.example).\n\n  • one\n  • two\n    continued\n\nSmall\n\n    echo hi\n',
    );
    const colored = renderMarkdownForTerminal(md, { color: true, width: 40 });
    expect(colored).toContain('\u001b[1mbold\u001b[0m');
    expect(colored).toContain('\u001b[36mcode\u001b[0m');
    expect(colored).toContain('\u001b[2m    echo hi\u001b[0m');
  });
});
