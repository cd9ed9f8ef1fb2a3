// Lazy start (issue 12 item 1): each command loads only what it uses. Runs the BUILT binary with a
// module-resolution hook that records every module the process imports, and checks which were loaded.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import {
  FILE_INPUT_HEAP_GROWING_PERCENT,
  heapGrowingPercentFor,
  LIVE_HEAP_GROWING_PERCENT,
  readsLiveAws,
} from '../../src/cli/heap.js';
import { buildProgram } from '../../src/cli/main.js';
import { memoryIO } from '../helpers/memory-io.js';
import { ROOT, runCli } from './helpers.js';

const work = mkdtempSync(join(tmpdir(), 'tg-startup-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

// The hooks run on their own thread; each resolved URL is appended to the file named in TRACE_FILE.
const hooks = join(work, 'hooks.mjs');
writeFileSync(
  hooks,
  `import { appendFileSync } from 'node:fs';
export async function resolve(specifier, context, next) {
  const result = await next(specifier, context);
  appendFileSync(process.env.TRACE_FILE, result.url + '\\n');
  return result;
}
`,
);
const register = join(work, 'register.mjs');
writeFileSync(
  register,
  `import { register } from 'node:module';\nregister(${JSON.stringify(pathToFileURL(hooks).href)});\n`,
);

let runs = 0;
/** The modules `trailguard ...args` imported, and its exit code. */
function loadedBy(args: string[]): {
  code: number | null;
  modules: string[];
  stdout: string;
  stderr: string;
} {
  const trace = join(work, `trace-${++runs}.txt`);
  writeFileSync(trace, '');
  const run = runCli(args, {
    env: { TRACE_FILE: trace, NODE_OPTIONS: `--import ${pathToFileURL(register).href}` },
  });
  return {
    code: run.code,
    modules: readFileSync(trace, 'utf8').split('\n').filter(Boolean),
    stdout: run.stdout,
    stderr: run.stderr,
  };
}

const AWS_CLIENT = /\/node_modules\/@(aws-sdk|smithy)\//;
const snapshot = join(ROOT, 'examples/snapshot.json');
const template = join(work, 'template.yaml');
writeFileSync(template, 'Resources:\n  Data:\n    Type: AWS::S3::Bucket\n');

describe('lazy start (built CLI)', () => {
  it.each([
    ['--version', ['--version']],
    ['--help', ['--help']],
    ['help scan', ['help', 'scan']],
    ['scan --help', ['scan', '--help']],
    ['collect --help', ['collect', '--help']],
    ['rules', ['rules']],
    ['explain', ['explain', 'aws-s3-bucket-access-logging']],
    ['scan --snapshot', ['scan', '--snapshot', snapshot]],
    ['scan of a CloudFormation template', ['scan', template]],
  ])('%s loads no AWS SDK module', (_label, args) => {
    const { code, modules, stderr } = loadedBy(args);
    expect(stderr).not.toMatch(/unexpected error/);
    expect([0, 1]).toContain(code);
    // The trace saw the CLI's own modules (else an empty trace would pass vacuously).
    expect(modules.some((m) => m.endsWith('/bin/trailguard.js'))).toBe(true);
    expect(modules.filter((m) => AWS_CLIENT.test(m))).toEqual([]);
  });

  it('a Terraform scan loads no AWS SDK module (but does parse the HCL)', () => {
    const dir = mkdtempSync(join(work, 'tf-'));
    writeFileSync(join(dir, 'main.tf'), 'resource "aws_s3_bucket" "data" {\n  bucket = "one-bucket"\n}\n');
    const { code, modules, stdout } = loadedBy(['scan', dir, '--format', 'json']);
    expect(code).toBe(1);
    // The HCL parser is part of the bundle (no separate package since the hand-written parser):
    // the finding for the declared bucket proves the Terraform source really ran in this process.
    expect(stdout).toContain('"name": "one-bucket"');
    expect(modules.filter((m) => AWS_CLIENT.test(m))).toEqual([]);
  });

  it('--version loads neither commander nor the compiled CLI', () => {
    const { code, modules } = loadedBy(['--version']);
    expect(code).toBe(0);
    expect(modules.filter((m) => m.includes('/commander/') || m.includes('/dist/'))).toEqual([]);
  });

  // (Was `collect --help`, until the collect command imported its source only when it runs.)
  it('the trace does see the AWS SDK where a command needs it (demo: a live scan of the emulator)', () => {
    const { modules } = loadedBy(['demo', '-q']);
    expect(modules.filter((m) => AWS_CLIENT.test(m)).length).toBeGreaterThan(0);
  });
});

/**
 * The modules `trailguard ...args` imported when run from the tsc output (dist/cli/main.js) instead of
 * the bundle: there each source file and package is its own module, so the trace names them.
 */
function loadedUnbundled(args: string[]): { code: number | null; modules: string[] } {
  const runner = join(work, 'unbundled.mjs');
  writeFileSync(
    runner,
    `import { main } from ${JSON.stringify(pathToFileURL(join(ROOT, 'dist/cli/main.js')).href)};\nprocess.exitCode = await main(process.argv);\n`,
  );
  const trace = join(work, `trace-${++runs}.txt`);
  writeFileSync(trace, '');
  const run = spawnSync(process.execPath, ['--import', pathToFileURL(register).href, runner, ...args], {
    cwd: work,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, NO_COLOR: '1', TRACE_FILE: trace },
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { code: run.status, modules: readFileSync(trace, 'utf8').split('\n').filter(Boolean) };
}

const YAML_PACKAGE = /\/node_modules\/yaml\//;
/** The reporter modules among `modules` (shared helpers and the format table excluded). */
function reportersIn(modules: string[]): string[] {
  const names = modules
    .map((m) => m.match(/\/dist\/reporters\/(.+)\.js$/)?.[1])
    .filter((m): m is string => m !== undefined && !['shared', 'render', 'types', 'formats'].includes(m));
  return [...new Set(names)].sort();
}

describe('lazy start: suppressions YAML and reporters (tsc output, one module per file)', () => {
  it('a snapshot scan loads neither the YAML parser nor any reporter but the one it writes', () => {
    const { code, modules } = loadedUnbundled(['scan', '--snapshot', snapshot]);
    expect(code).toBe(1);
    expect(modules.some((m) => m.endsWith('/dist/sources/snapshot/read.js'))).toBe(true);
    expect(modules.filter((m) => YAML_PACKAGE.test(m))).toEqual([]);
    expect(reportersIn(modules)).toEqual(['text']);
  });

  it('another format loads its reporter (and text for the summary line), not the others', () => {
    const out = join(work, 'report.sarif');
    const { code, modules } = loadedUnbundled([
      'scan',
      '--snapshot',
      snapshot,
      '--format',
      'sarif',
      '-o',
      out,
    ]);
    expect(code).toBe(1);
    expect(reportersIn(modules)).toEqual(['sarif', 'text']);
  });

  it('a YAML suppressions file does load the YAML parser', () => {
    const file = join(work, 'suppressions.yaml');
    writeFileSync(file, 'suppressions:\n  - rule: aws-s3-bucket-access-logging\n    reason: test\n');
    const { code, modules } = loadedUnbundled(['scan', '--snapshot', snapshot, '--suppressions', file]);
    expect([0, 1]).toContain(code);
    expect(modules.filter((m) => YAML_PACKAGE.test(m)).length).toBeGreaterThan(0);
  });
});

describe('command registration', () => {
  it('--version answered before the CLI loads prints what the full CLI prints', () => {
    const fast = runCli(['--version']);
    const full = runCli(['--debug', '--version']);
    const { version } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };
    expect(fast).toEqual({ code: 0, stdout: `${version}\n`, stderr: '' });
    expect(full).toEqual(fast);
  });

  it('the help listing of not-loaded commands equals the one of every command fully loaded', async () => {
    const argv = ['node', 'trailguard'];
    const lazy = await buildProgram(memoryIO(), argv);
    const full = await buildProgram(memoryIO(), argv, { all: true });
    expect(lazy.helpInformation()).toEqual(full.helpInformation());
    expect(lazy.commands.map((c) => c.name())).toEqual(full.commands.map((c) => c.name()));
  });

  it.each(['scan', 'collect', 'fix', 'demo', 'rules', 'explain', 'aws-config', 'emulator'])(
    'the invoked command %s is registered in full (its help lists its options)',
    async (name) => {
      const program = await buildProgram(memoryIO(), ['node', 'trailguard', '--debug', name, '--help']);
      const full = await buildProgram(memoryIO(), ['node', 'trailguard'], { all: true });
      const command = (p: typeof program) => p.commands.find((c) => c.name() === name);
      expect(command(program)?.helpInformation()).toEqual(command(full)?.helpInformation());
      expect(program.helpInformation()).toEqual(full.helpInformation());
    },
  );
});

describe('heap growth for live AWS reads', () => {
  it.each([
    [['scan'], true],
    [['scan', '--org', '--role-name', 'R'], true],
    [['collect', '-o', 'x.json'], true],
    [['demo'], true],
    [['fix'], true],
    [['scan', '--snapshot', 'x.json'], false],
    [['scan', 'some/dir'], false],
    [['fix', '--snapshot', 'x.json'], false],
    [['rules'], false],
  ])('trailguard %j reads live AWS: %s', async (args, live) => {
    const argv = ['node', 'trailguard', ...args];
    const program = await buildProgram(memoryIO(), argv);
    const command = program.commands.find((c) => c.name() === args[0]);
    let seen: boolean | undefined;
    // The real action is replaced: only the parsed command is looked at.
    command?.action(() => {
      seen = readsLiveAws(command);
    });
    await program.parseAsync(argv);
    expect(seen).toBe(live);
  });
});

describe('heap growth step per command', () => {
  it.each([
    [['scan'], LIVE_HEAP_GROWING_PERCENT],
    [['demo'], LIVE_HEAP_GROWING_PERCENT],
    [['scan', '--snapshot', 'x.json'], FILE_INPUT_HEAP_GROWING_PERCENT],
    [['scan', 'some/dir'], FILE_INPUT_HEAP_GROWING_PERCENT],
    [['fix', '--snapshot', 'x.json'], FILE_INPUT_HEAP_GROWING_PERCENT],
    [['rules'], undefined],
    [['explain', 'aws-s3-bucket-access-logging'], undefined],
  ])('trailguard %j grows the heap in steps of %s %', async (args, percent) => {
    const argv = ['node', 'trailguard', ...args];
    const program = await buildProgram(memoryIO(), argv);
    const command = program.commands.find((c) => c.name() === args[0]);
    let seen: number | undefined | null = null;
    command?.action(() => {
      seen = heapGrowingPercentFor(command);
    });
    await program.parseAsync(argv);
    expect(seen).toBe(percent);
  });
});
