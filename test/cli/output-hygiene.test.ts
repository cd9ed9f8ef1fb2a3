/**
 * Issue 11, output hygiene: names and messages from the input never reach a human-facing channel raw.
 * Property tests through the CLI (in process): a snapshot whose bucket names, read-error messages and
 * suppression reasons are hostile strings goes through every human-facing report (text with and without
 * colour, Markdown, CSV), the fix plan (text and shell script) and the stderr paths (warnings, error
 * messages naming files and JSON keys, commander's usage errors); no output may hold a raw control,
 * bidi or zero-width character (line feeds excepted, CR LF as CSV's record end, and our own colour codes).
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { main } from '../../src/cli/main.js';
import { escapeJsonText, UNSAFE_CHARACTER } from '../../src/util/sanitize.js';
import { hostileString } from '../helpers/hostile.js';
import { memoryIO } from '../helpers/memory-io.js';

const example = readFileSync(new URL('../../examples/snapshot.json', import.meta.url), 'utf8');
const dir = mkdtempSync(join(tmpdir(), 'tg-hygiene-'));
let counter = 0;

/** The example snapshot with two bucket names and an error message replaced everywhere they occur. */
function hostileSnapshot(names: [string, string], message: string): string {
  const inJson = (s: string) => JSON.stringify(s).slice(1, -1);
  const text = example
    .replaceAll('mgmt-app-data', inJson(names[0]))
    .replaceAll('workload-a-trail', inJson(names[1]))
    .replaceAll('role TrailguardAudit could not be assumed', inJson(message));
  const file = join(dir, `snapshot-${counter++}.json`);
  writeFileSync(file, text);
  return file;
}

async function run(args: string[], env: Record<string, string> = {}) {
  const io = memoryIO({ env });
  const code = await main(['node', 'trailguard', ...args], io);
  return { code, stdout: io.out.join(''), stderr: io.err.join('') };
}

/** Fails with the offending character's position when a raw unsafe character is present. */
function expectClean(channel: string, text: string): void {
  const match = UNSAFE_CHARACTER.exec(text);
  if (match) {
    const at = match.index;
    throw new Error(
      `${channel}: raw U+${match[0].codePointAt(0)?.toString(16).padStart(4, '0')} in …${JSON.stringify(text.slice(Math.max(0, at - 40), at + 20))}`,
    );
  }
}

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
const lines = (text: string) => text.replace(/\n/g, '');
// Our own SGR colour codes (ESC [ n m) are the only escape sequences allowed, and only with colour on.
// biome-ignore lint/suspicious/noControlCharactersInRegex: removing our own colour codes.
const withoutColour = (text: string) => text.replace(/\u001b\[\d+m/g, '');

const hostileName = hostileString.filter((s) => s.length > 0 && !/^[a-z0-9.-]*$/.test(s));

describe('no raw control or bidi character reaches a human', () => {
  it('reports: text (plain and colour), markdown, csv; and JSON only with escapes', async () => {
    await fc.assert(
      fc.asyncProperty(hostileName, hostileName, hostileString, async (a, b, message) => {
        fc.pre(a !== b);
        const file = hostileSnapshot([a, b], message);
        for (const format of ['text', 'markdown', 'csv', 'json', 'sarif', 'ocsf', 'asff']) {
          const out = await run(['scan', '--snapshot', file, '-f', format]);
          expect(out.code, out.stderr).toBe(1);
          const stdout = format === 'csv' ? out.stdout.replace(/\r\n/g, '') : lines(out.stdout);
          expectClean(`${format} stdout`, stdout);
          expectClean(`${format} stderr`, lines(out.stderr));
        }
        const colour = await run(['scan', '--snapshot', file], { FORCE_COLOR: '1' });
        expect(colour.stdout).toContain('\u001b[');
        expectClean('text (colour)', withoutColour(lines(colour.stdout)));
      }),
      { numRuns: 25 },
    );
  }, 120_000);

  it('fix plans (text and shell script) and suppression warnings on stderr', async () => {
    await fc.assert(
      fc.asyncProperty(hostileName, hostileName, hostileString, async (a, b, reason) => {
        fc.pre(a !== b);
        const file = hostileSnapshot([a, b], 'x');
        const suppressions = join(dir, `supp-${counter++}.yaml`);
        // Expired, so the scan prints its reason on stderr. JSON is YAML; \u escapes keep it parseable.
        writeFileSync(
          suppressions,
          escapeJsonText(
            JSON.stringify({
              suppressions: [{ bucket: 'nothing', reason: `r ${reason}`, expires: '2020-01-01' }],
            }),
          ),
        );
        const scan = await run(['scan', '--snapshot', file, '--suppressions', suppressions, '-q']);
        expectClean('scan stderr', lines(scan.stderr));
        expect(scan.stderr).toMatch(/expired on 2020-01-01/);
        for (const format of ['text', 'cli', 'terraform', 'cloudformation']) {
          const plan = await run(['fix', '--snapshot', file, '-f', format]);
          expect(plan.code, plan.stderr).toBe(0);
          expectClean(`fix ${format}`, lines(plan.stdout));
          expectClean(`fix ${format} stderr`, lines(plan.stderr));
          // The escapes keep the template valid YAML (a lone surrogate cannot be written in UTF-8 at all).
          if (format === 'cloudformation' && !LONE_SURROGATE.test(a + b)) {
            expect(() => parseYaml(plan.stdout)).not.toThrow();
          }
        }
      }),
      { numRuns: 25 },
    );
  }, 120_000);

  it('error messages quoting file names, JSON keys and flags', async () => {
    await fc.assert(
      fc.asyncProperty(hostileName, async (name) => {
        const missing = await run(['scan', '--snapshot', join(dir, `${name}.json`)]);
        expect(missing.code).toBe(2);
        expectClean('missing file', lines(missing.stderr));
        expect(missing.stderr.trimEnd().split('\n')).toHaveLength(1);

        const file = join(dir, `key-${counter++}.json`);
        const doc = JSON.parse(example);
        // defineProperty, not `=`: fast-check generates "__proto__", which assignment would take as the
        // prototype (no key written, no error to check); as an own key it reaches the file and must be refused.
        Object.defineProperty(doc.buckets[0], name, {
          value: 1,
          enumerable: true,
          configurable: true,
          writable: true,
        });
        writeFileSync(file, JSON.stringify(doc));
        const badKey = await run(['scan', '--snapshot', file]);
        expect(badKey.code).toBe(2);
        expect(badKey.stderr).toMatch(/unknown field/);
        expectClean('unknown key', lines(badKey.stderr));

        const flag = await run(['scan', `--${name}`]);
        expect(flag.code).toBe(2);
        expectClean('unknown option', lines(flag.stderr));
      }),
      { numRuns: 40 },
    );
  }, 120_000);

  it('explain: an unknown rule id is echoed escaped', async () => {
    const out = await run(['explain', 'x\u001b]0;pwned\u0007\u202e']);
    expect(out.code).toBe(2);
    expect(out.stderr).toContain('x\\x1b]0;pwned\\x07\\u202e');
    expectClean('explain', lines(out.stderr));
  });
});
