/**
 * `trailguard fix PATH [--write]` for IaC inputs: the I/O around the pure editors. Scan paths
 * (`modules/logs/main.tf`, relative to a scanned folder) are mapped back to files inside the scanned tree
 * only (a path that leaves it, also through a symlink, is never read or written); files are read through
 * the bounded reader and written atomically.
 */
import { readdirSync, realpathSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { ReportSource } from '../../engine/types.js';
import { isInside, readFileBounded } from '../../sources/files.js';
import { DEFAULT_LIMITS } from '../../sources/limits.js';
import { writeFileAtomic } from '../../util/atomic-write.js';
import type { FixPlan } from '../types.js';
import { editCloudFormation } from './cloudformation.js';
import { editTerraform } from './terraform.js';
import type { FileChange, IacEdits } from './types.js';
import { unifiedDiff } from './unified-diff.js';

export type { FileChange, IacEdits } from './types.js';

interface Base {
  /** The scanned folder (a file argument: its folder). */
  dir: string;
  real: string;
}

function basesOf(paths: string[]): Base[] {
  return paths.map((p) => {
    const full = resolve(p);
    let dir = full;
    try {
      if (!statSync(full).isDirectory()) dir = dirname(full);
    } catch {
      dir = dirname(full);
    }
    let real = dir;
    try {
      real = realpathSync(dir);
    } catch {}
    return { dir, real };
  });
}

/** The file on disk for a scan path, inside a scanned folder (symlinks resolved), or null. */
function onDisk(bases: Base[], scanPath: string, mustExist: boolean, cwd: string): string | null {
  for (const base of bases) {
    // Scan paths are relative to the working folder (or absolute); older reports: to the scanned folder.
    for (const candidate of [resolve(cwd, scanPath), resolve(base.dir, scanPath)]) {
      if (!isInside(base.dir, candidate)) continue;
      try {
        const real = mustExist
          ? realpathSync(candidate)
          : join(realpathSync(dirname(candidate)), candidate.slice(dirname(candidate).length + 1));
        if (isInside(base.real, real)) return candidate;
      } catch {}
    }
  }
  return null;
}

/** Reads every file the editors may need, then runs them. */
export async function planIacEdits(
  plan: FixPlan,
  source: ReportSource,
  paths: string[],
  cwd: string,
): Promise<IacEdits> {
  const bases = basesOf(paths);
  const texts = new Map<string, string | null>();
  const files = new Set<string>();
  const folders = new Set<string>();
  for (const x of [...plan.fixes, ...plan.targets]) {
    if (!x.file) continue;
    files.add(x.file);
    folders.add(x.file.includes('/') ? x.file.slice(0, x.file.lastIndexOf('/')) : '');
  }
  const listing = new Map<string, string[]>();
  if (source.kind === 'terraform') {
    for (const folder of folders) {
      const dir = onDisk(bases, folder || '.', true, cwd);
      const names = dir
        ? readdirSync(dir)
            .filter((n) => n.endsWith('.tf'))
            .sort()
        : [];
      const scanPaths = names.map((n) => (folder ? `${folder}/${n}` : n));
      listing.set(folder, scanPaths);
      for (const f of scanPaths) files.add(f);
    }
  }
  for (const file of files) {
    const disk = onDisk(bases, file, true, cwd);
    if (!disk) {
      texts.set(file, null);
      continue;
    }
    const read = await readFileBounded(disk, DEFAULT_LIMITS.fileBytes);
    texts.set(file, read.kind === 'text' ? read.text : null);
  }
  const read = (file: string) => texts.get(file) ?? null;
  if (source.kind === 'terraform') return editTerraform({ plan, read, list: (f) => listing.get(f) ?? [] });
  if (source.kind === 'cloudformation') return editCloudFormation({ plan, read });
  return { changes: [], manual: [], notes: [] };
}

/** The changes as one unified diff (what `fix PATH` prints without --write). */
export function diffOf(changes: FileChange[]): string {
  return changes.map((c) => unifiedDiff(c.file, c.before, c.after)).join('');
}

/** Writes the changes atomically, each only inside the scanned tree. Returns the files written (on disk). */
export async function writeIacEdits(changes: FileChange[], paths: string[], cwd: string): Promise<string[]> {
  const bases = basesOf(paths);
  const targets = changes.map((c) => {
    const disk = onDisk(bases, c.file, c.before !== null, cwd);
    if (!disk) throw new Error(`${c.file} is not inside the scanned folder; nothing was written`);
    return { disk, change: c };
  });
  const written: string[] = [];
  for (const { disk, change } of targets) {
    await writeFileAtomic(disk, change.after, change.before === null ? { exclusive: true } : {});
    written.push(disk);
  }
  return written;
}
