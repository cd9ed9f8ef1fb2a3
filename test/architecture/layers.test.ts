/**
 * The layering of docs/ARCHITECTURE.md, checked on every import of the shipped code (src/, test files
 * excepted): static, type-only, re-exports and `import()`. A layer names the folders it must never
 * reach; an import into one of them fails with the file and the specifier, so an upward arrow cannot
 * land unnoticed.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const SRC = fileURLToPath(new URL('../../src/', import.meta.url));

interface Layer {
  /** Folder under src/ (its files and sub-folders). */
  layer: string;
  /** Paths under src/ (folders or files) it must not import. */
  forbidden: string[];
  why: string;
}

const ABOVE_RULES = ['sources', 'aws', 'cli', 'remediation', 'integrations', 'emulator', 'scan.ts'];

const LAYERS: Layer[] = [
  {
    layer: 'aws',
    forbidden: [
      'sources',
      'cli',
      'remediation',
      'integrations',
      'engine',
      'rules',
      'reporters',
      'emulator',
      'scan.ts',
    ],
    why: 'the one AWS access layer sits under every caller: it knows the Inventory model and nothing above it',
  },
  {
    layer: 'inventory',
    forbidden: [...ABOVE_RULES, 'rules', 'engine', 'reporters'],
    why: 'the model every layer shares depends on none of them',
  },
  {
    layer: 'rules',
    forbidden: [...ABOVE_RULES, 'reporters'],
    why: 'rules are pure functions of the Inventory',
  },
  {
    layer: 'engine',
    forbidden: [...ABOVE_RULES, 'rules', 'reporters'],
    why: 'the engine runs pure rules over an Inventory; it does no I/O of AWS, sources or fixes, runs the rules it is given and knows a finding identity without a reporter',
  },
  {
    layer: 'reporters',
    forbidden: [
      'sources',
      'aws',
      'cli',
      'integrations',
      'emulator',
      'scan.ts',
      'remediation/executor.ts',
      'rules',
    ],
    why: 'reporters are pure functions of the Report: rule docs and reason words come from the catalog it carries, never the registry (the HTML report may describe a fix plan, never apply one)',
  },
];

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') ? [path] : [];
  });
}

/** Relative import specifiers of a file, resolved to paths under src/ (`aws/errors.ts`). */
function importsOf(file: string): { specifier: string; target: string }[] {
  const { importedFiles } = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
  return importedFiles
    .map((f) => f.fileName)
    .filter((specifier) => specifier.startsWith('.'))
    .map((specifier) => ({
      specifier,
      target: relative(SRC, resolve(dirname(file), specifier.replace(/\.js$/, '.ts')))
        .split(sep)
        .join('/'),
    }));
}

/** Node modules that read or write files, spawn processes or open connections. */
const IO_MODULES = /^(node:)?(fs|fs\/promises|child_process|net|http|https|http2|dgram|readline)$/;

/** Pure layers: they get their input as values (the CLI and sources read files; the engine parses text). */
const PURE_LAYERS = ['rules', 'engine', 'reporters'];

/** `file → specifier` for every import of a Node I/O module by a file of a pure layer. */
function ioImports(): string[] {
  const out: string[] = [];
  for (const file of files) {
    const from = relative(SRC, file).split(sep).join('/');
    if (!PURE_LAYERS.some((layer) => within(from, layer))) continue;
    const { importedFiles } = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
    for (const { fileName } of importedFiles)
      if (IO_MODULES.test(fileName)) out.push(`src/${from} → ${fileName}`);
  }
  return out;
}

const within = (path: string, area: string): boolean => path === area || path.startsWith(`${area}/`);

/** `file → specifier` for every import of a layer's files into one of its forbidden areas. */
function violations(layer: Layer, files: string[]): string[] {
  const out: string[] = [];
  for (const file of files) {
    const from = relative(SRC, file).split(sep).join('/');
    if (!within(from, layer.layer)) continue;
    for (const { specifier, target } of importsOf(file)) {
      if (layer.forbidden.some((area) => within(target, area))) out.push(`src/${from} → ${specifier}`);
    }
  }
  return out;
}

const files = sourceFiles(SRC);

describe('layering (docs/ARCHITECTURE.md)', () => {
  it('reads the imports it checks', () => {
    // The checker must see real edges, or an empty result would prove nothing.
    const bucketHealth = files.find((f) => f.endsWith(join('aws', 'bucket-health.ts')));
    expect(bucketHealth).toBeDefined();
    expect(importsOf(bucketHealth as string).map((i) => i.target)).toContain('inventory/model.ts');
    const awsLayer = LAYERS.find((l) => l.layer === 'aws') as Layer;
    expect(violations({ ...awsLayer, layer: 'sources/aws' }, files).length).toBeGreaterThan(0);
  });

  it(`src/${PURE_LAYERS.join(', src/')} import no file, process or network module`, () => {
    expect(ioImports()).toEqual([]);
  });

  for (const layer of LAYERS) {
    it(`src/${layer.layer} imports none of ${layer.forbidden.join(', ')}: ${layer.why}`, () => {
      expect(violations(layer, files)).toEqual([]);
    });
  }
});
