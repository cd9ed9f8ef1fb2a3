#!/usr/bin/env node
// Generates docs/rules/<rule-id>.md from the rule metadata in the built package (dist/, so run
// `npm run build` first; `npm test` does). `--check` writes nothing and exits 1 with one line when a page
// is missing, stale or no longer belongs to a rule, so CI catches docs that drifted from the code.
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outDir = join(root, 'docs', 'rules');
const check = process.argv.includes('--check');

let rules;
let renderRuleDoc;
try {
  ({ rules } = await import('../dist/rules/index.js'));
  ({ renderRuleDoc } = await import('../dist/rules/docs.js'));
} catch (error) {
  process.stderr.write(`generate-docs: cannot load dist/ (run \`npm run build\` first): ${error.message}\n`);
  process.exit(2);
}

const HEADER =
  '<!-- Generated from the rule metadata by scripts/generate-docs.mjs (`npm run docs`). Do not edit. -->\n\n';
const wanted = new Map(rules.map((rule) => [`${rule.meta.id}.md`, HEADER + renderRuleDoc(rule.meta)]));

async function readOrNull(path) {
  try {
    return await readFile(path, 'utf8');
  } catch {
    return null;
  }
}

const existing = (await readdir(outDir).catch(() => [])).filter((name) => name.endsWith('.md'));

if (check) {
  const problems = [];
  for (const [name, text] of wanted) {
    const current = await readOrNull(join(outDir, name));
    if (current === null) problems.push(`docs/rules/${name} is missing`);
    else if (current !== text) problems.push(`docs/rules/${name} is out of date`);
  }
  for (const name of existing) if (!wanted.has(name)) problems.push(`docs/rules/${name} has no rule`);
  if (problems.length > 0) {
    process.stderr.write(`generate-docs: ${problems.join('; ')} (run \`npm run docs\`)\n`);
    process.exit(1);
  }
  process.stdout.write(`generate-docs: ${wanted.size} rule docs up to date\n`);
} else {
  await mkdir(outDir, { recursive: true });
  for (const [name, text] of wanted) await writeFile(join(outDir, name), text);
  process.stdout.write(`generate-docs: wrote ${wanted.size} rule docs to docs/rules/\n`);
}
