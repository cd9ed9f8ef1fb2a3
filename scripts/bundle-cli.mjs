#!/usr/bin/env node
// Bundles the compiled CLI (dist/cli/main.js, from tsc) into dist/cli-bundle.js plus one chunk per
// lazily imported part (a command, a source, the emulator): what bin/trailguard.js runs. Part of
// `npm run build`. Why: Node resolves, reads and compiles each ES module on its own, and a snapshot
// scan imported ~150 of them (zod alone ~95); as a handful of chunks the same scan starts about twice
// as fast and ~13 MB smaller (measurements: docs/notes/performance.md). The library (dist/index.js)
// stays unbundled.
//
// The AWS SDK stays outside (imported from node_modules when used): it is loaded only by the commands
// that need it.
// The chunks sit in dist/ itself, one level under the package root like the tsc output, so the
// paths that code resolves from import.meta.url (../package.json for the version) stay right.
import { readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'rolldown';

const dist = fileURLToPath(new URL('../dist/', import.meta.url));
const PREFIX = 'cli-bundle';

// Chunk names carry a content hash: remove the previous build's so stale ones do not pile up.
for (const file of await readdir(dist)) {
  if (file.startsWith(PREFIX) && file.endsWith('.js')) await rm(join(dist, file));
}

await build({
  input: { [PREFIX]: join(dist, 'cli/main.js') },
  platform: 'node',
  external: (id) => /^(@aws-sdk|@smithy)\//.test(id),
  logLevel: 'warn',
  output: {
    dir: dist,
    format: 'esm',
    entryFileNames: '[name].js',
    chunkFileNames: `${PREFIX}-[name]-[hash].js`,
  },
});
