#!/usr/bin/env node
// Checks that the package users get works: `npm pack`s the checkout (its prepack script builds it),
// installs the tarball globally into a temporary prefix from a clean folder (dependencies from the
// registry, or npm's cache when it has them) and runs the installed `trailguard`: --version, a snapshot
// scan of examples/snapshot.json (same summary and exit code as the checkout), the demo (emulator chunk
// and AWS SDK resolved from the install) and the library entry point. Also checks that every file of
// the build (dist/, the CLI chunks of scripts/bundle-cli.mjs) is in the tarball. Exit 1 on any failure.
// Part of CI (.ci/run); `npm run pack:check`.
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../', import.meta.url));
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const work = mkdtempSync(join(tmpdir(), 'trailguard-pack-'));
const failures = [];

function run(command, args, cwd) {
  const result = spawnSync(command, args, { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  if (result.error) throw result.error;
  return result;
}
function check(ok, what, detail = '') {
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${what}${detail ? `: ${detail}` : ''}`);
  if (!ok) failures.push(what);
}

try {
  const packed = run('npm', ['pack', '--json', '--pack-destination', work], root);
  if (packed.status !== 0) throw new Error(`npm pack failed: ${packed.stderr}`);
  const [info] = JSON.parse(packed.stdout);
  const tarball = join(work, info.filename);
  const inTarball = new Set(info.files.map((f) => f.path));
  console.log(`packed ${info.filename}: ${info.files.length} files, ${info.size} bytes`);

  // Everything the build wrote must ship (a stale `files` list would leave a lazily loaded chunk out).
  const built = [];
  const walk = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else built.push(relative(root, path).split('\\').join('/'));
    }
  };
  walk(join(root, 'dist'));
  const missing = built.filter((f) => !inTarball.has(f));
  check(
    built.some((f) => f.startsWith('dist/cli-bundle')),
    'the build has CLI chunks',
  );
  check(missing.length === 0, 'every dist/ file is in the tarball', missing.slice(0, 5).join(', '));
  for (const file of ['LICENSE', 'README.md', 'bin/trailguard.js', 'schemas/inventory-v1.schema.json']) {
    check(inTarball.has(file), `${file} is in the tarball`);
  }

  // A clean folder (no node_modules, no package.json above it that npm would pick up).
  const clean = join(work, 'clean');
  const prefix = join(work, 'prefix');
  mkdirSync(clean);
  const install = run(
    'npm',
    [
      'install',
      '-g',
      '--prefix',
      prefix,
      tarball,
      '--prefer-offline',
      '--ignore-scripts',
      '--no-audit',
      '--no-fund',
    ],
    clean,
  );
  check(
    install.status === 0,
    'npm install -g --prefix TMP trailguard-*.tgz',
    install.stderr.trim().split('\n').at(-1),
  );
  const bin = join(prefix, process.platform === 'win32' ? 'trailguard.cmd' : 'bin/trailguard');

  const version = run(bin, ['--version'], clean);
  check(version.stdout.trim() === pkg.version, 'trailguard --version', version.stdout.trim());

  copyFileSync(join(root, 'examples/snapshot.json'), join(clean, 'snapshot.json'));
  const installed = run(bin, ['scan', '--snapshot', 'snapshot.json', '-f', 'json'], clean);
  const checkout = run(
    process.execPath,
    [join(root, 'bin/trailguard.js'), 'scan', '--snapshot', join(clean, 'snapshot.json'), '-f', 'json'],
    clean,
  );
  const summary = (r) => {
    try {
      return JSON.stringify(JSON.parse(r.stdout).summary);
    } catch {
      return `unreadable (exit ${r.status}): ${r.stderr.trim()}`;
    }
  };
  check(
    installed.status === checkout.status && summary(installed) === summary(checkout),
    'installed snapshot scan = checkout snapshot scan',
    `exit ${installed.status}, ${summary(installed)}`,
  );

  const demo = run(bin, ['demo', '-q'], clean);
  check(
    demo.status === 0 && /\d+ findings:/.test(demo.stdout),
    'trailguard demo (emulator, AWS SDK)',
    `exit ${demo.status} ${demo.stderr.trim()}`,
  );

  const library = run(
    process.execPath,
    ['--input-type=module', '-e', `const m = await import('trailguard'); console.log(typeof m.scan)`],
    join(prefix, 'lib'),
  );
  check(
    library.stdout.trim() === 'function',
    "import('trailguard') from the install",
    library.stderr.trim().split('\n')[0],
  );
} finally {
  rmSync(work, { recursive: true, force: true });
}
if (failures.length) {
  console.error(`pack-check: ${failures.length} check(s) failed`);
  process.exit(1);
}
console.log('pack-check: the packed tarball installs and runs');
