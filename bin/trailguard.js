#!/usr/bin/env node
// Thin launcher: the CLI is dist/cli-bundle.js (`npm run build` compiles and bundles it).
// `trailguard --version` alone is answered here, before the CLI (commander and all) is loaded: it is
// what scripts and version checks run, and it should cost no more than Node's own start-up.
import { readFileSync } from 'node:fs';

const args = process.argv.slice(2);
if (args.length === 1 && (args[0] === '--version' || args[0] === '-V')) {
  const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
  process.stdout.write(`${version}\n`);
} else {
  const { main } = await import('../dist/cli-bundle.js');
  process.exitCode = await main(process.argv);
}
