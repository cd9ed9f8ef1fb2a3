/**
 * The module cache `terraform init` writes: `.terraform/modules/modules.json` in the root module folder,
 * `{"Modules": [{"Key": "a.b", "Source": "...", "Version": "...", "Dir": ".terraform/modules/a.b"}]}`.
 * `Key` is the path of module call names from the root ("" = the root itself); `Dir` is relative to the
 * root module folder. With `TF_DATA_DIR` set, the manifest is `$TF_DATA_DIR/modules/modules.json` (and
 * the `Dir`s point there). trailguard reads the downloaded copies like local modules (it never downloads).
 */
import { join, resolve } from 'node:path';
import { readJsonFile } from '../json-file.js';
import { type InputLimits, LIMIT_FLAG_NAMES } from '../limits.js';

export interface ManifestEntry {
  key: string;
  source: string;
  version?: string;
  dir: string;
}

export interface ModuleManifest {
  /** The manifest file. */
  file: string;
  entries: Map<string, ManifestEntry>;
  /** Set when the file exists but cannot be used (the entries are then empty). */
  error?: string;
}

/** Terraform's data directory when `TF_DATA_DIR` is not set. */
export const DEFAULT_DATA_DIR = '.terraform';

/** Where the manifest is, relative to the root module folder (`TF_DATA_DIR` may move it). */
export function manifestPath(dataDir: string = DEFAULT_DATA_DIR): string {
  return join(dataDir, 'modules', 'modules.json');
}

/**
 * The manifest of `rootDir`, or undefined when `terraform init` has not been run there. `dataDir` is
 * `TF_DATA_DIR` (relative to the root module folder, as Terraform resolves it from its working directory).
 */
export async function readModuleManifest(
  rootDir: string,
  limits: InputLimits,
  dataDir: string = DEFAULT_DATA_DIR,
): Promise<ModuleManifest | undefined> {
  const file = resolve(rootDir, manifestPath(dataDir));
  const read = await readJsonFile(file, limits.fileBytes);
  switch (read.kind) {
    case 'json':
      return manifestOf(file, read.value);
    case 'not-json':
      return {
        file,
        entries: new Map(),
        error: `the module cache manifest is not valid JSON: ${read.message}`,
      };
    case 'not-regular':
      return { file, entries: new Map(), error: 'the module cache manifest is not a regular file' };
    case 'too-large':
    case 'too-long':
      return {
        file,
        entries: new Map(),
        error: `the module cache manifest has ${read.size} bytes: over the ${LIMIT_FLAG_NAMES.fileBytes} limit of ${limits.fileBytes} (raise it with --limit ${LIMIT_FLAG_NAMES.fileBytes}=N)`,
      };
    case 'error':
      if (read.error.code === 'ENOENT' || read.error.code === 'ENOTDIR') return undefined;
      return {
        file,
        entries: new Map(),
        error: `cannot read the module cache manifest: ${read.error.message}`,
      };
  }
}

function manifestOf(file: string, json: unknown): ModuleManifest {
  const entries = new Map<string, ManifestEntry>();
  const modules = (json as { Modules?: unknown } | null)?.Modules;
  if (!Array.isArray(modules)) {
    return { file, entries, error: 'the module cache manifest has no "Modules" list' };
  }
  for (const m of modules) {
    const { Key, Source, Version, Dir } = (m ?? {}) as Record<string, unknown>;
    if (typeof Key !== 'string' || typeof Dir !== 'string') continue;
    const entry: ManifestEntry = { key: Key, source: typeof Source === 'string' ? Source : '', dir: Dir };
    if (typeof Version === 'string') entry.version = Version;
    entries.set(Key, entry);
  }
  return { file, entries };
}

/**
 * Whether a cached entry was downloaded for this `source` (a changed source needs `terraform init` again).
 * Registry sources are recorded with their host (`registry.terraform.io/ns/name/provider`).
 */
export function sameSource(recorded: string, source: string): boolean {
  return recorded === '' || recorded === source || recorded.endsWith(`/${source}`);
}
