/**
 * Entry of the single-file CLI (`npm run bundle:single` → build/trailguard.mjs, every dependency inlined,
 * the AWS SDK included): the same CLI as bin/trailguard.js, for machines without `npm install`.
 */
import { main } from './main.js';

// No top-level await, so the bundle can also be written as CommonJS (`--out build/trailguard.cjs`).
void main(process.argv).then((code) => {
  process.exitCode = code;
});
