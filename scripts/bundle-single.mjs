#!/usr/bin/env node
// Bundles one entry of the compiled code (tsc output in dist/) into ONE self-contained file with every
// dependency inlined (the AWS SDK included) and no lazily loaded chunk: for machines and runtimes without
// `npm install` (a CI job that downloads one file, a container, an AWS Lambda function).
//
//   npm run bundle:single                       # the CLI: dist/cli/standalone.js → build/trailguard.mjs
//   node scripts/bundle-single.mjs --entry dist/x/handler.js --out build/handler.mjs [--format cjs]
//
// Reusable from other scripts: `import { bundleSingle } from './bundle-single.mjs'` and call it with
// { entry, outFile, format?, banner?, minify?, external?, stubs? }; it resolves to { outFile, bytes }.
// `bundleCli(outFile?)` is the CLI's call; scripts/bundle-lambda.mjs bundles the Config rule with it.
// The one file read at run time by the compiled code, package.json (src/version.ts), is replaced by the
// version string, so the bundle needs nothing beside it. Run `npm run build` first (tsc output).
import { readFileSync, statSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { basename, dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'rolldown';

const root = fileURLToPath(new URL('../', import.meta.url));

/**
 * @param {{
 *   entry: string,
 *   outFile: string,
 *   format?: 'esm' | 'cjs',
 *   banner?: string,
 *   minify?: boolean,
 *   external?: string[],
 *   stubs?: Record<string, string>,
 * }} options `external`: package names left as imports; `stubs`: compiled modules (paths relative to the
 *   package root, e.g. `dist/aws/sdk-readers.js`) replaced by the given source
 * @returns {Promise<{ outFile: string, bytes: number }>}
 */
export async function bundleSingle({
  entry,
  outFile,
  format = 'esm',
  banner,
  minify = false,
  external = [],
  stubs = {},
}) {
  const { version } = JSON.parse(readFileSync(resolve(root, 'package.json'), 'utf8'));
  // The version is read from package.json beside dist/ at run time; inline it instead.
  const replaced = new Map([
    [resolve(root, 'dist/version.js'), `export const VERSION = ${JSON.stringify(version)};`],
  ]);
  for (const [file, source] of Object.entries(stubs)) replaced.set(resolve(root, file), source);
  const kept = new Set(external);
  const out = resolve(outFile);
  await mkdir(dirname(out), { recursive: true });
  await build({
    input: resolve(entry),
    platform: 'node',
    logLevel: 'warn',
    ...(kept.size > 0 ? { external: (id) => kept.has(id) } : {}),
    plugins: [
      {
        name: 'trailguard-stubs',
        load(id) {
          return replaced.get(resolve(id)) ?? null;
        },
      },
    ],
    output: {
      file: out,
      format,
      codeSplitting: false,
      minify,
      ...(banner ? { banner } : {}),
    },
  });
  return { outFile: out, bytes: statSync(out).size };
}

/** The CLI as one executable file (what `npm run bundle:single` writes, by default build/trailguard.mjs). */
export function bundleCli(outFile = resolve(root, 'build/trailguard.mjs')) {
  return bundleSingle({
    entry: resolve(root, 'dist/cli/standalone.js'),
    outFile,
    format: outFile.endsWith('.cjs') ? 'cjs' : 'esm',
    banner: '#!/usr/bin/env node',
  });
}

// Run as a script: bundle the CLI, or --entry FILE --out FILE [--format esm|cjs] for another entry.
if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const flag = (name) => {
    const i = args.indexOf(name);
    return i >= 0 ? args[i + 1] : undefined;
  };
  const entry = flag('--entry');
  const outFile = flag('--out');
  const format = flag('--format');
  const { outFile: written, bytes } = entry
    ? await bundleSingle({
        entry,
        outFile: outFile ?? resolve(root, 'build', basename(entry).replace(/\.js$/, '.mjs')),
        format: format ?? (outFile?.endsWith('.cjs') ? 'cjs' : 'esm'),
      })
    : await bundleCli(outFile);
  console.log(`bundle-single: ${written} ${(bytes / 1024 / 1024).toFixed(2)} MB`);
}
