/**
 * README "Library API" examples, run as written: each ```ts block of the section, with `trailguard`
 * resolved to the build (dist/index.js, what the package's "exports" names), from the repository root.
 */
import { type SpawnSyncReturns, spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ROOT } from '../cli/helpers.js';

/** The section's ts examples, in README order. */
export function libraryExamples(): string[] {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('\n## Library API\n'), readme.indexOf('\n## How it works\n'));
  return [...section.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1] ?? '');
}

/** Runs one example as a script in `work` (its HOME too), imports pointed at the build. */
export function runLibraryExample(code: string, work: string): SpawnSyncReturns<string> {
  const script = join(work, 'example.mjs');
  const entry = pathToFileURL(join(ROOT, 'dist/index.js')).href;
  writeFileSync(script, code.replace(/from 'trailguard';/, `from ${JSON.stringify(entry)};`));
  return spawnSync(process.execPath, [script], {
    cwd: ROOT,
    encoding: 'utf8',
    // (On Node 20 the AWS SDK prints a notice about its future Node support; the CLI turns it off too.)
    env: { PATH: process.env.PATH, HOME: work, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
    timeout: 60_000,
  });
}
