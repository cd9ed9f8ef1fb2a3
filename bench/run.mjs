#!/usr/bin/env node
// `npm run bench`: runs every benchmark script in bench/ (each prints its own numbers) in its own process,
// so one benchmark's heap does not distort another's memory figures. Build first (`npm run build`).
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const dir = fileURLToPath(new URL('.', import.meta.url));
const only = process.argv.slice(2);
const scripts = readdirSync(dir)
  .filter((f) => f.endsWith('.mjs') && f !== 'run.mjs' && !f.startsWith('_'))
  .filter((f) => only.length === 0 || only.some((o) => f.includes(o)))
  .sort();
let failed = 0;
for (const script of scripts) {
  console.log(`\n== ${script}`);
  const result = spawnSync(process.execPath, ['--expose-gc', `${dir}/${script}`], { stdio: 'inherit' });
  if (result.status !== 0) {
    failed += 1;
    console.log(`!! ${script} exited with ${result.status}`);
  }
}
process.exitCode = failed ? 1 : 0;
