/**
 * Repository discovery (`trailguard scan .`): one walk of a directory tree that finds every input kind at
 * once — Terraform folders, plan JSON files, CloudFormation templates and CDK cloud assemblies — so a
 * repository that mixes them is scanned in one run.
 *
 * - Folders never entered: `SKIP_DIRS` (`.git`, `node_modules`, `.terraform`), hidden folders (`.github`,
 *   `.venv`…), and whatever `--skip-path` matches (`skip-paths.ts`).
 * - A cloud assembly (a `manifest.json` listing artifacts) is one input and is not walked further: its
 *   manifest says which templates belong to it.
 * - Symbolic links are followed (loops end at the first repeat), folders only when they lead inside the
 *   scanned folder.
 * - `.tf` / `.tf.json` files mark a Terraform tree: the Terraform source walks the directory itself and
 *   decides which folders are root modules (every folder with Terraform files that no scanned folder calls
 *   as a local module).
 * - `.json`, `.yaml`, `.yml` and `.template` files are classified by content (`detect.ts`): a plan JSON or a
 *   CloudFormation template is an input; anything else (package.json, tsconfig.json, Kubernetes or Helm
 *   YAML, a snapshot) is skipped silently. A file that does not parse but clearly wants to be a template or
 *   plan is an input, so its loader reports the syntax error at file:line.
 * - Bounded by the `files` limit (files looked at, in name order); past it the walk stops with one
 *   BUDGET_EXCEEDED input error. A folder that cannot be listed is an INPUT_UNREADABLE input error.
 */
import { readdir, realpath, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { INPUT_ERROR_CODES } from '../inventory/input-errors.js';
import type { InventoryError } from '../inventory/model.js';
import { isCloudAssembly } from './cloudformation/cdk.js';
import { contentKind } from './detect.js';
import { isInside, SKIP_DIRS } from './files.js';
import { type InputLimits, LimitExceeded } from './limits.js';
import type { SkipPredicate } from './skip-paths.js';

export interface Discovery {
  /** Some folder holds `.tf` / `.tf.json` files: the Terraform source walks the directory. */
  terraform: boolean;
  plans: string[];
  templates: string[];
  assemblies: string[];
  /** Folders that could not be listed, the files budget: UNDETERMINED findings. */
  errors: InventoryError[];
}

const CANDIDATE = /\.(json|ya?ml|template)$/i;

export async function discoverInputs(
  root: string,
  limits: InputLimits,
  skip?: SkipPredicate,
): Promise<Discovery> {
  const found: Discovery = { terraform: false, plans: [], templates: [], assemblies: [], errors: [] };
  const visited = new Set<string>();
  const rootReal = await realpath(root).catch(() => root);
  let files = 0;
  let level = [root];
  while (level.length > 0) {
    const next: string[] = [];
    for (const dir of level) {
      const real = await realpath(dir).catch(() => dir);
      if (visited.has(real)) continue; // a symlink loop, or a folder reached twice
      visited.add(real);
      let names: string[];
      try {
        names = (await readdir(dir)).sort();
      } catch (error) {
        found.errors.push({
          operation: 'DiscoverInputs',
          code: INPUT_ERROR_CODES.INPUT_UNREADABLE,
          message: `cannot list the folder (${(error as NodeJS.ErrnoException).code ?? 'error'})`,
          file: dir,
        });
        continue;
      }
      // A cloud assembly has a manifest.json listing artifacts (a folder of *.template.json files without
      // one is a folder of templates, walked like any other).
      if (names.includes('manifest.json') && (await isCloudAssembly(dir, limits))) {
        found.assemblies.push(dir);
        continue;
      }
      for (const name of names) {
        const full = join(dir, name);
        if (skip?.(full)) continue;
        const info = await stat(full).catch(() => undefined); // follows symbolic links; dangling: ignored
        if (!info) continue;
        if (info.isDirectory()) {
          if (SKIP_DIRS.has(name) || name.startsWith('.')) continue;
          // A symlinked folder is followed only inside the scanned folder: a link to / never widens the scan.
          const target = await realpath(full).catch(() => undefined);
          if (target !== undefined && isInside(rootReal, target)) next.push(full);
          continue;
        }
        const tf = name.endsWith('.tf') || name.endsWith('.tf.json');
        if (!info.isFile() || !(tf || CANDIDATE.test(name))) continue;
        if (++files > limits.files) {
          const error = new LimitExceeded('files', limits.files, `${dir}: more files than allowed`);
          found.errors.push({
            operation: 'DiscoverInputs',
            code: INPUT_ERROR_CODES.BUDGET_EXCEEDED,
            message: `${error.message}; this file and the rest of the tree are not read`,
            file: full,
          });
          return found;
        }
        if (tf) {
          found.terraform = true;
          continue;
        }
        if (name.endsWith('.tfvars.json')) continue;
        const kind = await contentKind(full);
        if (kind === 'terraform-plan') found.plans.push(full);
        else if (kind === 'cloudformation') found.templates.push(full);
      }
    }
    level = next;
  }
  return found;
}
