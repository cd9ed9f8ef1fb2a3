import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { expectOneLineError, ROOT, runCli } from './helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'trailguard-cli-'));
const notJson = join(dir, 'not.json');
writeFileSync(notJson, '{ "schema": "trailguard/inventory@1", ');
const wrongVersion = join(dir, 'v2.json');
writeFileSync(wrongVersion, JSON.stringify({ schema: 'trailguard/inventory@9' }));
const wrongShape = join(dir, 'shape.json');
writeFileSync(
  wrongShape,
  JSON.stringify({
    schema: 'trailguard/inventory@1',
    partition: 'aws',
    collectedAt: '2026-11-21T10:00:00Z',
    accounts: [],
    trails: [{ name: 'x' }],
    buckets: [],
    errors: [],
  }),
);

const fifo = join(dir, 'fifo.json');
execFileSync('mkfifo', [fifo]);
const fifoYaml = join(dir, 'fifo.yaml');
execFileSync('mkfifo', [fifoYaml]);
const folderYaml = join(dir, 'folder.yaml');
mkdirSync(folderYaml);
const hugeYaml = join(dir, 'huge.yaml');
writeFileSync(hugeYaml, '');
truncateSync(hugeYaml, 4 * 1024 * 1024 + 1);
/** A working directory whose .trailguard.yaml is a FIFO. */
const fifoConfigDir = mkdtempSync(join(tmpdir(), 'trailguard-cli-'));
execFileSync('mkfifo', [join(fifoConfigDir, '.trailguard.yaml')]);

describe('bad input: one clear line on stderr, exit 2, nothing on stdout', () => {
  it.each([
    [
      'missing snapshot file',
      ['scan', '--snapshot', join(dir, 'nope.json')],
      /snapshot .*nope\.json: file not found/,
    ],
    ['snapshot that is not JSON', ['scan', '--snapshot', notJson], /not\.json: not valid JSON/],
    // Never read (a FIFO would block forever, /dev/zero would never end).
    ['snapshot that is a FIFO', ['scan', '--snapshot', fifo], /snapshot .*fifo\.json: not a regular file/],
    [
      'snapshot that is a device',
      ['scan', '--snapshot', '/dev/zero'],
      /snapshot \/dev\/zero: not a regular file/,
    ],
    [
      'wrong schema version',
      ['scan', '--snapshot', wrongVersion],
      /unsupported schema "trailguard\/inventory@9"/,
    ],
    ['wrong snapshot shape', ['scan', '--snapshot', wrongShape], /at trails\[0\]\.arn: expected string/],
    ['unknown rule id (explain)', ['explain', 'aws-nope'], /unknown rule "aws-nope"/],
    [
      'unknown rule id (scan --rule)',
      ['scan', '--snapshot', 'examples/snapshot.json', '--rule', 'nope'],
      /unknown rule "nope"/,
    ],
    [
      'unknown format',
      ['scan', '--snapshot', 'examples/snapshot.json', '--format', 'pdf'],
      /unknown format "pdf"/,
    ],
    ['unknown flag', ['scan', '--snapshto', 'x'], /unknown option '--snapshto'/],
    ['unknown command', ['scna'], /unknown command 'scna'/],
    ['bad --fail-on', ['scan', '--snapshot', 'examples/snapshot.json', '--fail-on', 'maybe'], /--fail-on/],
    [
      'several formats without --output-dir',
      ['scan', '--snapshot', 'examples/snapshot.json', '-f', 'json,text'],
      /--output-dir/,
    ],
    [
      'snapshot and paths together',
      ['scan', '--snapshot', 'examples/snapshot.json', 'infra/'],
      /either --snapshot or paths/,
    ],
  ])('%s', (_name, args, pattern) => {
    const run = runCli(args);
    expect(expectOneLineError(run)).toMatch(pattern);
    expect(run.stdout).toBe('');
  });
});

// Never read (a FIFO would block the command forever, /dev/zero would never end, a huge file is not parsed).
const suppressionsCases: [string, string[], RegExp][] = [
  ...['scan', 'fix'].flatMap((command): [string, string[], RegExp][] => [
    [
      `${command} --suppressions FIFO`,
      [command, '--snapshot', 'examples/snapshot.json', '--suppressions', fifoYaml],
      /^trailguard: cannot read suppressions file .*fifo\.yaml: not a regular file \(a folder, device or FIFO is never read\)$/,
    ],
    [
      `${command} --suppressions /dev/zero`,
      [command, '--snapshot', 'examples/snapshot.json', '--suppressions', '/dev/zero'],
      /cannot read suppressions file \/dev\/zero: not a regular file/,
    ],
  ]),
  [
    'demo --suppressions FIFO',
    ['demo', '--suppressions', fifoYaml],
    /cannot read suppressions file .*fifo\.yaml: not a regular file/,
  ],
  [
    'suppressions file that is a folder',
    ['scan', '--snapshot', 'examples/snapshot.json', '--suppressions', folderYaml],
    /cannot read suppressions file .*folder\.yaml: not a regular file/,
  ],
  [
    'suppressions file over 4 MiB',
    ['scan', '--snapshot', 'examples/snapshot.json', '--suppressions', hugeYaml],
    /cannot read suppressions file .*huge\.yaml: larger than 4 MiB \(4194304 bytes\)$/,
  ],
];

describe('a suppressions file that is no regular file or too large: one line, exit 2', () => {
  it.each(suppressionsCases)('%s', (_name, args, pattern) => {
    const run = runCli(args);
    expect(expectOneLineError(run)).toMatch(pattern);
    expect(run.stdout).toBe('');
  });

  it('a .trailguard.yaml that is a FIFO is not read (the scan would hang)', () => {
    const run = runCli(['scan', '--snapshot', join(ROOT, 'examples/snapshot.json')], { cwd: fifoConfigDir });
    expect(expectOneLineError(run)).toMatch(
      /cannot read suppressions file \.trailguard\.yaml: not a regular file \(a folder, device or FIFO is never read\)$/,
    );
    expect(run.stdout).toBe('');
  });
});

describe('help and version', () => {
  it('--version prints the package version and exits 0', () => {
    const run = runCli(['--version']);
    expect(run.code).toBe(0);
    expect(run.stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
  });

  it('--help lists the commands and exits 0', () => {
    const run = runCli(['--help']);
    expect(run.code).toBe(0);
    for (const command of ['scan', 'collect', 'fix', 'demo', 'rules', 'explain'])
      expect(run.stdout).toContain(command);
  });
});
