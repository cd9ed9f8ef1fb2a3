/**
 * Finds and parses the Terraform files of a scan: the directories given (walked recursively; every
 * folder with .tf files that no other scanned folder calls as a local module is a root module) and
 * the local module folders those roots call, wherever they are.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { evaluate } from './evaluate.js';
import type { HclFile } from './hcl-ast.js';
import { parseHcl } from './hcl-parse.js';
import { buildModuleDef, isLocalSource, type ModuleDef } from './module-def.js';

export interface FailedFile {
  file: string;
  line?: number;
  message: string;
}

export interface LoadedConfig {
  defs: Map<string, ModuleDef>;
  /** Absolute directories (or synthetic keys for explicit file lists) to evaluate as root modules. */
  roots: string[];
  failed: FailedFile[];
  parsedFiles: number;
}

const SKIP_DIRS = new Set(['node_modules', '.terraform', '.git']);
/** Upper bound on files read, so a scan of `/` by mistake ends with a clear error instead of never. */
const MAX_FILES = 50_000;

async function walk(dir: string, out: Map<string, string[]>, budget: { files: number }): Promise<void> {
  const entries = await readdir(dir, { withFileTypes: true });
  const tf: string[] = [];
  for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (!SKIP_DIRS.has(entry.name) && !entry.name.startsWith('.')) await walk(full, out, budget);
    } else if (entry.isFile() && (entry.name.endsWith('.tf') || isTfvars(entry.name))) {
      if (++budget.files > MAX_FILES) throw new Error(`more than ${MAX_FILES} Terraform files`);
      tf.push(full);
    }
  }
  if (tf.some((f) => f.endsWith('.tf'))) out.set(dir, tf);
}

function isTfvars(name: string): boolean {
  return name === 'terraform.tfvars' || name.endsWith('.auto.tfvars');
}

export function displayPath(base: string, file: string): string {
  return relative(base, file).split(sep).join('/');
}

export class ConfigLoader {
  readonly defs = new Map<string, ModuleDef>();
  readonly failed: FailedFile[] = [];
  parsedFiles = 0;

  constructor(private readonly base: string) {}

  private async parseFiles(files: string[]): Promise<{ tf: HclFile[]; tfvars: HclFile[] }> {
    const texts = await Promise.all(
      files.map(async (file) => {
        try {
          return { file, text: await readFile(file, 'utf8') };
        } catch (error) {
          return { file, error: (error as Error).message };
        }
      }),
    );
    const tf: HclFile[] = [];
    const tfvars: HclFile[] = [];
    for (const item of texts) {
      const shown = displayPath(this.base, item.file);
      if ('error' in item) {
        this.failed.push({ file: shown, message: `cannot read: ${item.error ?? ''}` });
        continue;
      }
      const result = await parseHcl(shown, item.text ?? '');
      if (!result.ok) {
        this.failed.push({ file: shown, line: result.error.line, message: result.error.message });
        continue;
      }
      this.parsedFiles++;
      (item.file.endsWith('.tf') ? tf : tfvars).push(result.file);
    }
    // terraform.tfvars is applied before *.auto.tfvars (Terraform's variable precedence).
    const rank = (f: HclFile) =>
      f.file === 'terraform.tfvars' || f.file.endsWith('/terraform.tfvars') ? 0 : 1;
    tfvars.sort((a, b) => rank(a) - rank(b) || a.file.localeCompare(b.file));
    return { tf, tfvars };
  }

  async addDir(key: string, files: string[]): Promise<void> {
    if (this.defs.has(key)) return;
    const { tf, tfvars } = await this.parseFiles(files);
    this.defs.set(key, buildModuleDef(key.replace(/#files$/, ''), tf, tfvars));
  }

  /** Loads local module folders called from loaded modules (and theirs), outside the walked tree too. */
  async followLocalModules(): Promise<Set<string>> {
    const called = new Set<string>();
    const queue = [...this.defs.values()];
    while (queue.length > 0) {
      const def = queue.shift();
      if (!def) break;
      for (const decl of def.modules.values()) {
        const attr = decl.block.body.attributes.get('source');
        const source = attr ? evaluate(attr.expr, { root: () => undefined }) : undefined;
        if (!isLocalSource(source)) continue;
        const dir = join(def.dir, source);
        called.add(dir);
        if (this.defs.has(dir)) continue;
        const files = await listTf(dir);
        if (files.length === 0) continue;
        await this.addDir(
          dir,
          files.filter((f) => f.endsWith('.tf')),
        );
        const loaded = this.defs.get(dir);
        if (loaded) queue.push(loaded);
      }
    }
    return called;
  }
}

async function listTf(dir: string): Promise<string[]> {
  try {
    const entries = await readdir(dir, { withFileTypes: true });
    return entries
      .filter((e) => e.isFile() && e.name.endsWith('.tf'))
      .map((e) => join(dir, e.name))
      .sort();
  } catch {
    return [];
  }
}

/** Loads every path: a directory (walked) or a list of .tf files (one root module of just those files). */
export async function loadConfig(
  paths: string[],
): Promise<{ loader: ConfigLoader; roots: string[]; base: string }[]> {
  const out: { loader: ConfigLoader; roots: string[]; base: string }[] = [];
  const looseFiles: string[] = [];
  for (const path of paths) {
    const full = resolve(path);
    const info = await stat(full);
    if (info.isDirectory()) {
      const loader = new ConfigLoader(full);
      const dirs = new Map<string, string[]>();
      await walk(full, dirs, { files: 0 });
      for (const [dir, files] of dirs) await loader.addDir(dir, files);
      const called = await loader.followLocalModules();
      const roots = [...dirs.keys()].filter((d) => !called.has(d));
      out.push({ loader, roots, base: full });
    } else {
      looseFiles.push(full);
    }
  }
  // Loose .tf files: those in one folder form one root module, named as given relative to the cwd.
  const byDir = new Map<string, string[]>();
  for (const file of looseFiles) byDir.set(dirname(file), [...(byDir.get(dirname(file)) ?? []), file]);
  for (const [dir, files] of byDir) {
    const loader = new ConfigLoader(process.cwd());
    const key = `${dir}#files`;
    await loader.addDir(key, files);
    await loader.followLocalModules();
    out.push({ loader, roots: [key], base: process.cwd() });
  }
  return out;
}
