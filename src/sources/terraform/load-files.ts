/**
 * Finds and parses the Terraform files of a scan: the directories given (walked recursively, following
 * symlinks as Terraform does, with loop detection; every folder with .tf / .tf.json files that no other
 * scanned folder calls as a module is a root module), the local module folders those roots call, and the
 * registry / git modules `terraform init` downloaded (`.terraform/modules/modules.json`).
 *
 * Every file that is not read says why: INPUT_UNREADABLE (permissions, too many open files, a symlink
 * loop, a module folder outside the scanned paths), SYNTAX_ERROR (file:line) or BUDGET_EXCEEDED (a file
 * over the file-bytes limit, more files than the files limit, nesting over the depth limit). Files are
 * opened a few at a time, so a large tree never runs out of file descriptors.
 */
import type { Dirent } from 'node:fs';
import { readdir, realpath, stat } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import pLimit from 'p-limit';
import { isInside, readFileBounded, SKIP_DIRS } from '../files.js';
import { type InputLimits, LIMIT_FLAG_NAMES, resolveLimits } from '../limits.js';
import { evaluate } from './evaluate.js';
import type { HclFile } from './hcl-ast.js';
import { parseTfJson } from './hcl-json.js';
import { parseHclSync } from './hcl-parse.js';
import { buildModuleDef, isLocalSource, type ModuleDef, type ModuleResolution } from './module-def.js';
import {
  DEFAULT_DATA_DIR,
  type ModuleManifest,
  manifestPath,
  readModuleManifest,
  sameSource,
} from './module-manifest.js';

export type FailureCode = 'SYNTAX_ERROR' | 'INPUT_UNREADABLE' | 'BUDGET_EXCEEDED';

export interface FailedFile {
  file: string;
  line?: number;
  message: string;
  code: FailureCode;
}

/** Files opened at once: far below any usual descriptor limit (`ulimit -n` 256 on macOS). */
const OPEN_FILES = 16;

export function isTfFile(name: string): boolean {
  return name.endsWith('.tf') || name.endsWith('.tf.json');
}

function isTfvars(name: string): boolean {
  return (
    name === 'terraform.tfvars' ||
    name.endsWith('.auto.tfvars') ||
    name === 'terraform.tfvars.json' ||
    name.endsWith('.auto.tfvars.json')
  );
}

export function displayPath(base: string, file: string): string {
  return relative(base, file).split(sep).join('/');
}

function errnoMessage(error: unknown): string {
  const e = error as NodeJS.ErrnoException;
  if (e.code === 'EMFILE' || e.code === 'ENFILE') return `${e.code}: too many open files`;
  if (e.code === 'ELOOP') return 'ELOOP: a symlink loop';
  if (e.code === 'EACCES' || e.code === 'EPERM') return `${e.code}: permission denied`;
  return e.code ? `${e.code}: ${e.message.replace(/^[A-Z]+: /, '')}` : e.message;
}

interface WalkState {
  base: string;
  limits: InputLimits;
  files: number;
  /** Real paths of the folders walked so far: a symlink back to one of them is a loop, not a new folder. */
  visited: Set<string>;
  failed: FailedFile[];
  stopped: boolean;
  /** Real paths of the folders the user passed: a symlinked folder is walked only inside them. */
  realRoots: string[];
  /** `TF_DATA_DIR` when set (relative): the data folder of every walked folder is skipped like `.terraform`. */
  dataDir?: string;
  skipped: Set<string>;
  /** `--skip-path`: a folder or file it matches is not walked (see `sources/skip-paths.ts`). */
  skip?: (path: string) => boolean;
}

/** How the files of a scan are named and walked (the scan's choice, not Terraform's). */
export interface LoadOptions {
  /** Folder file names in findings are relative to (default: each scanned folder; the CLI passes the cwd). */
  displayBase?: string;
  /** `--skip-path`: absolute paths the walk does not enter or read. */
  skip?: (path: string) => boolean;
}

/** Walks `dir`, collecting per folder the Terraform files (in name order: deterministic budgets). */
async function walk(dir: string, out: Map<string, string[]>, state: WalkState): Promise<void> {
  if (state.stopped) return;
  let entries: Dirent[];
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch (error) {
    state.failed.push({
      file: displayPath(state.base, dir) || '.',
      message: `cannot read the folder: ${errnoMessage(error)}`,
      code: 'INPUT_UNREADABLE',
    });
    return;
  }
  if (state.dataDir) state.skipped.add(resolve(dir, state.dataDir));
  const files: string[] = [];
  for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    const full = join(dir, entry.name);
    const wanted = isTfFile(entry.name) || isTfvars(entry.name);
    if (state.skip?.(full)) continue;
    let isDir = entry.isDirectory();
    if (entry.isSymbolicLink()) {
      // Terraform reads symlinked files and folders: follow them (a dangling or looping link to a
      // Terraform file is reported, other names are not Terraform's business).
      try {
        const target = await stat(full);
        isDir = target.isDirectory();
      } catch (error) {
        if (wanted) {
          state.failed.push({
            file: displayPath(state.base, full),
            message: `cannot read: ${errnoMessage(error)}`,
            code: 'INPUT_UNREADABLE',
          });
        }
        continue;
      }
    }
    if (isDir) {
      if (SKIP_DIRS.has(entry.name) || entry.name.startsWith('.') || state.skipped.has(full)) continue;
      let real: string;
      try {
        real = await realpath(full);
      } catch (error) {
        state.failed.push({
          file: displayPath(state.base, full),
          message: `cannot read the folder: ${errnoMessage(error)}`,
          code: 'INPUT_UNREADABLE',
        });
        continue;
      }
      if (state.visited.has(real)) continue;
      if (entry.isSymbolicLink() && !state.realRoots.some((root) => isInside(root, real))) {
        // A symlinked folder leading elsewhere (`modules -> /`) is not walked: a scan stays in the paths
        // given. Said only when that folder holds Terraform files (else it is none of the scan's business).
        const names = await readdir(real).catch(() => [] as string[]);
        if (names.some(isTfFile)) {
          state.failed.push({
            file: displayPath(state.base, full),
            message: `symlinked folder leads to ${real}, outside the scanned paths: not read (pass that folder as a path to scan it)`,
            code: 'INPUT_UNREADABLE',
          });
        }
        continue;
      }
      state.visited.add(real);
      await walk(full, out, state);
      if (state.stopped) break;
    } else if (wanted) {
      // (A FIFO or device named x.tf is reported when it is read: not a regular file.)
      if (++state.files > state.limits.files) {
        state.stopped = true;
        state.failed.push({
          file: displayPath(state.base, full),
          message: `more than ${state.limits.files} Terraform files: this file and the rest of the walk are not read: over the ${LIMIT_FLAG_NAMES.files} limit of ${state.limits.files} (raise it with --limit ${LIMIT_FLAG_NAMES.files}=N)`,
          code: 'BUDGET_EXCEEDED',
        });
        break;
      }
      files.push(full);
    }
  }
  if (files.some((f) => isTfFile(basename(f)))) out.set(dir, files);
}

type ReadResult = { text: string } | { failure: Omit<FailedFile, 'file'> };

/** Reads one file within the file-bytes budget; never opens a FIFO or device for reading. */
async function readBounded(file: string, limits: InputLimits): Promise<ReadResult> {
  const read = await readFileBounded(file, limits.fileBytes);
  switch (read.kind) {
    case 'text':
      return { text: read.text };
    case 'not-regular':
      return { failure: { message: 'cannot read: not a regular file', code: 'INPUT_UNREADABLE' } };
    case 'too-large':
      return {
        failure: {
          message: `the file has ${read.size} bytes: over the ${LIMIT_FLAG_NAMES.fileBytes} limit of ${limits.fileBytes} (raise it with --limit ${LIMIT_FLAG_NAMES.fileBytes}=N)`,
          code: 'BUDGET_EXCEEDED',
        },
      };
    case 'error':
      return { failure: { message: `cannot read: ${errnoMessage(read.error)}`, code: 'INPUT_UNREADABLE' } };
  }
}

export class ConfigLoader {
  readonly defs = new Map<string, ModuleDef>();
  readonly failed: FailedFile[] = [];
  /** Parts of parsed files that were skipped (nesting over the depth budget): the rest of the file is read. */
  readonly partial: FailedFile[] = [];
  /** Module cache manifests by root module folder (`.terraform/modules/modules.json`). */
  readonly manifests = new Map<string, ModuleManifest>();
  parsedFiles = 0;
  private readonly openFiles = pLimit(OPEN_FILES);

  constructor(
    private readonly base: string,
    private readonly limits: InputLimits,
    /** Folders the user passed: module folders outside them are not read. */
    readonly allowedRoots: string[],
    /** `TF_DATA_DIR` (default `.terraform`): where each root module's module cache is. */
    private readonly dataDir: string = DEFAULT_DATA_DIR,
  ) {}

  private async parseFiles(files: string[]): Promise<{ tf: HclFile[]; tfvars: HclFile[] }> {
    // Read a few files at a time and parse each as soon as it is read (its text is then dropped).
    const results = await Promise.all(
      files.map((file) =>
        this.openFiles(async () => {
          const shown = displayPath(this.base, file);
          const read = await readBounded(file, this.limits);
          if ('failure' in read) return { file, failure: { file: shown, ...read.failure } };
          const parsed = file.endsWith('.json')
            ? parseTfJson(shown, read.text, { maxDepth: this.limits.depth, tfvars: isTfvars(basename(file)) })
            : parseHclSync(shown, read.text, { maxDepth: this.limits.depth });
          if (!parsed.ok) {
            const { line, message } = parsed.error;
            const code: FailureCode = parsed.depthExceeded ? 'BUDGET_EXCEEDED' : 'SYNTAX_ERROR';
            return { file, failure: { file: shown, line, message, code } };
          }
          const partial = (parsed.depthErrors ?? []).map((e) => ({
            file: shown,
            line: e.line,
            message: e.message,
            code: 'BUDGET_EXCEEDED' as const,
          }));
          return { file, parsed: parsed.file, partial };
        }),
      ),
    );
    const tf: HclFile[] = [];
    const tfvars: HclFile[] = [];
    for (const result of results) {
      if ('failure' in result && result.failure) {
        this.failed.push(result.failure);
        continue;
      }
      if (!('parsed' in result) || !result.parsed) continue;
      this.parsedFiles++;
      this.partial.push(...(result.partial ?? []));
      (isTfvars(basename(result.file)) ? tfvars : tf).push(result.parsed);
    }
    // terraform.tfvars(.json) is applied before *.auto.tfvars(.json) (Terraform's variable precedence).
    const rank = (f: HclFile) => (/(^|\/)terraform\.tfvars(\.json)?$/.test(f.file) ? 0 : 1);
    tfvars.sort((a, b) => rank(a) - rank(b) || (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
    return { tf, tfvars };
  }

  async addDir(key: string, files: string[]): Promise<void> {
    if (this.defs.has(key)) return;
    const { tf, tfvars } = await this.parseFiles(files);
    this.defs.set(key, buildModuleDef(key.replace(/#files$/, ''), tf, tfvars));
  }

  /** Reads the module cache of root folders that have one (after `terraform init`). */
  async readManifests(dirs: Iterable<string>): Promise<void> {
    for (const dir of dirs) {
      const manifest = await readModuleManifest(dir.replace(/#files$/, ''), this.limits, this.dataDir);
      if (!manifest) continue;
      this.manifests.set(dir, manifest);
      if (manifest.error) {
        this.failed.push({
          file: displayPath(this.base, manifest.file),
          message: manifest.error,
          code: 'INPUT_UNREADABLE',
        });
      }
    }
  }

  /**
   * Loads the module folders called from loaded modules (and theirs): local paths, and the downloaded
   * copies of registry / git modules listed in a root's module cache. Returns the folders called.
   */
  async followModules(): Promise<Set<string>> {
    const called = new Set<string>();
    // Downloaded modules (and the local calls inside them) are listed with their folder in the manifest.
    for (const [root, manifest] of this.manifests) {
      for (const entry of manifest.entries.values()) {
        const dir = resolve(root.replace(/#files$/, ''), entry.dir);
        if (entry.key === '' || !this.permitted(dir)) continue;
        called.add(dir);
        await this.loadModuleDir(dir);
      }
    }
    const queue = [...this.defs.values()];
    while (queue.length > 0) {
      const def = queue.shift();
      if (!def) break;
      for (const decl of def.modules.values()) {
        const attr = decl.block.body.attributes.get('source');
        const source = attr ? evaluate(attr.expr, { root: () => undefined }) : undefined;
        if (!isLocalSource(source)) continue;
        const dir = resolve(def.dir, source);
        if (!this.permitted(dir)) continue;
        called.add(dir);
        if (this.defs.has(dir)) continue;
        const loaded = await this.loadModuleDir(dir);
        if (loaded) queue.push(loaded);
      }
    }
    return called;
  }

  /** The module folder a call resolves to, for evaluating root `root` (see `ModuleResolver`). */
  resolveModule(
    root: string,
    caller: ModuleDef,
    prefix: string,
    name: string,
    source: unknown,
  ): ModuleResolution {
    if (isLocalSource(source)) {
      const dir = resolve(caller.dir, source);
      if (!this.permitted(dir)) {
        return {
          code: 'INPUT_UNREADABLE',
          message: `module folder ${JSON.stringify(source)} (${dir}) is outside the scanned paths: not read (pass that folder as a path to scan it)`,
        };
      }
      const def = this.defs.get(dir);
      return def
        ? { def }
        : {
            code: 'MODULE_NOT_FOUND',
            message: `module folder ${JSON.stringify(source)} has no Terraform files`,
          };
    }
    const rootDir = root.replace(/#files$/, '');
    const shownRoot = displayPath(this.base, rootDir) || '.';
    const origin = `comes from ${JSON.stringify(source ?? null)}`;
    if (typeof source !== 'string') {
      return { code: 'REMOTE_MODULE', message: `${origin}: the module source must be a literal string` };
    }
    const manifest = this.manifests.get(root);
    const cache = dirname(manifestPath(this.dataDir)).split(sep).join('/');
    const hint = `run "terraform init" in ${shownRoot} (trailguard then reads the downloaded modules in ${cache}) or scan the plan JSON (terraform show -json <planfile>)`;
    if (!manifest || manifest.error) {
      return { code: 'REMOTE_MODULE', message: `${origin}, which is not downloaded: not scanned; ${hint}` };
    }
    const key = [...prefix.matchAll(/module\.([^.[]+)(?:\[[^\]]*\])?\./g)]
      .map((m) => m[1])
      .concat(name)
      .join('.');
    const entry = manifest.entries.get(key);
    if (!entry || !sameSource(entry.source, source)) {
      const why = entry
        ? `the module cache holds ${JSON.stringify(entry.source)} for it`
        : `the module cache has no entry "${key}"`;
      return { code: 'REMOTE_MODULE', message: `${origin}, but ${why}: not scanned; ${hint}` };
    }
    const dir = resolve(rootDir, entry.dir);
    if (!this.permitted(dir)) {
      return {
        code: 'INPUT_UNREADABLE',
        message: `${origin}, cached in ${entry.dir}, outside the scanned paths: not read (pass that folder as a path to scan it)`,
      };
    }
    const def = this.defs.get(dir);
    return def
      ? { def }
      : {
          code: 'MODULE_NOT_FOUND',
          message: `${origin}, but its cached folder ${entry.dir} has no Terraform files; ${hint}`,
        };
  }

  /** Module folders are read only inside the paths the user passed (a `../../..` source stays unread). */
  permitted(dir: string): boolean {
    return this.allowedRoots.some((root) => isInside(root, dir));
  }

  private async loadModuleDir(dir: string): Promise<ModuleDef | undefined> {
    if (this.defs.has(dir)) return this.defs.get(dir);
    const files = await listTf(dir);
    if (files.length === 0) return undefined;
    await this.addDir(dir, files);
    return this.defs.get(dir);
  }
}

async function listTf(dir: string): Promise<string[]> {
  try {
    const entries = await readdir(dir, { withFileTypes: true });
    const out: string[] = [];
    for (const e of entries) {
      if (!isTfFile(e.name)) continue;
      const full = join(dir, e.name);
      if (e.isFile() || (e.isSymbolicLink() && (await stat(full).catch(() => null))?.isFile()))
        out.push(full);
    }
    return out.sort();
  } catch {
    return [];
  }
}

/** Loads every path: a directory (walked) or a list of .tf files (one root module of just those files). */
export async function loadConfig(
  paths: string[],
  limits: InputLimits = resolveLimits(),
  dataDir?: string,
  options: LoadOptions = {},
): Promise<{ loader: ConfigLoader; roots: string[]; base: string }[]> {
  const out: { loader: ConfigLoader; roots: string[]; base: string }[] = [];
  const looseFiles: string[] = [];
  const directories: string[] = [];
  for (const path of paths) {
    const full = resolve(path);
    const info = await stat(full);
    if (info.isDirectory()) directories.push(full);
    else looseFiles.push(full);
  }
  // Module folders may be read inside any folder the user passed (and the folders of loose files).
  const allowed = [...directories, ...looseFiles.map((f) => dirname(f))];
  for (const full of directories) {
    const base = options.displayBase ?? full;
    const loader = new ConfigLoader(base, limits, allowed, dataDir || DEFAULT_DATA_DIR);
    const dirs = new Map<string, string[]>();
    const state: WalkState = {
      base,
      limits,
      files: 0,
      visited: new Set([await realpath(full)]),
      failed: loader.failed,
      stopped: false,
      realRoots: await Promise.all(allowed.map((p) => realpath(p).catch(() => p))),
      ...(dataDir && !isAbsolute(dataDir) ? { dataDir } : {}),
      skipped: new Set(dataDir && isAbsolute(dataDir) ? [resolve(dataDir)] : []),
      ...(options.skip ? { skip: options.skip } : {}),
    };
    await walk(full, dirs, state);
    for (const [dir, files] of dirs) await loader.addDir(dir, files);
    await loader.readManifests(dirs.keys());
    const called = await loader.followModules();
    const roots = [...dirs.keys()].filter((d) => !called.has(d));
    out.push({ loader, roots, base });
  }
  // Loose files: those in one folder form one root module, named as given relative to the cwd.
  const byDir = new Map<string, string[]>();
  for (const file of looseFiles) byDir.set(dirname(file), [...(byDir.get(dirname(file)) ?? []), file]);
  for (const [dir, files] of byDir) {
    const loader = new ConfigLoader(
      options.displayBase ?? process.cwd(),
      limits,
      allowed,
      dataDir || DEFAULT_DATA_DIR,
    );
    const key = `${dir}#files`;
    await loader.addDir(key, files);
    await loader.readManifests([key]);
    await loader.followModules();
    out.push({ loader, roots: [key], base: options.displayBase ?? process.cwd() });
  }
  return out;
}
