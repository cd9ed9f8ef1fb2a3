/**
 * The module cache `terraform init` writes: `.terraform/modules/modules.json` in the root module folder,
 * `{"Modules": [{"Key": "a.b", "Source": "...", "Version": "...", "Dir": ".terraform/modules/a.b"}]}`.
 * `Key` is the path of module call names from the root ("" = the root itself); `Dir` is relative to the
 * root module folder. trailguard reads the downloaded copies like local modules (it never downloads).
 */
import { open } from 'node:fs/promises';
import { join } from 'node:path';
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

export const MANIFEST_PATH = join('.terraform', 'modules', 'modules.json');

/** The manifest of `rootDir`, or undefined when `terraform init` has not been run there. */
export async function readModuleManifest(
  rootDir: string,
  limits: InputLimits,
): Promise<ModuleManifest | undefined> {
  const file = join(rootDir, MANIFEST_PATH);
  let text: string;
  let handle: Awaited<ReturnType<typeof open>> | undefined;
  try {
    handle = await open(file, 'r');
    const info = await handle.stat();
    if (!info.isFile())
      return { file, entries: new Map(), error: 'the module cache manifest is not a regular file' };
    if (info.size > limits.fileBytes) {
      return {
        file,
        entries: new Map(),
        error: `the module cache manifest has ${info.size} bytes: over the ${LIMIT_FLAG_NAMES.fileBytes} limit of ${limits.fileBytes} (raise it with --limit ${LIMIT_FLAG_NAMES.fileBytes}=N)`,
      };
    }
    text = await handle.readFile('utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    return {
      file,
      entries: new Map(),
      error: `cannot read the module cache manifest: ${(error as Error).message}`,
    };
  } finally {
    await handle?.close().catch(() => undefined);
  }
  return parseModuleManifest(file, text);
}

export function parseModuleManifest(file: string, text: string): ModuleManifest {
  const entries = new Map<string, ManifestEntry>();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return {
      file,
      entries,
      error: `the module cache manifest is not valid JSON: ${(error as Error).message}`,
    };
  }
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
