/**
 * A CDK cloud assembly (`cdk.out`, or any folder `cdk synth -o` wrote): the stack templates it lists.
 *
 * manifest.json lists artifacts; `aws:cloudformation:stack` artifacts name their template in
 * `properties.templateFile`, `cdk:cloud-assembly` artifacts (CDK Stages) are nested assemblies in
 * `properties.directoryName`. Nested stacks (AWS::CloudFormation::Stack) keep their template next to
 * the parent's, named by the resource's `aws:asset:path` metadata. Without a readable manifest we fall
 * back to every `*.template.json` in the folder.
 *
 * Every path a manifest or template supplies must stay inside the assembly the user named (symbolic links
 * followed): `templateFile: ../../etc/passwd` or a link to /dev/zero is an INPUT_UNREADABLE failure and is
 * never opened. The manifest itself is read under the file-size budget.
 */
import { readdir } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { INPUT_ERROR_CODES } from '../../inventory/input-errors.js';
import { readJsonFile } from '../json-file.js';
import type { InputLimits } from '../limits.js';
import { type Failure, insideRoot, readFailure } from './read-bounded.js';

const MAX_ASSEMBLY_DEPTH = 8;

export interface AssemblyFiles {
  files: string[];
  failures: Failure[];
}

function asRecord(value: unknown): Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};
}

/** A cloud assembly: a folder whose manifest.json lists artifacts (what `cdk synth` writes, whatever its name). */
export async function isCloudAssembly(dir: string, limits: InputLimits): Promise<boolean> {
  const names = await readdir(dir).catch(() => [] as string[]);
  if (!names.includes('manifest.json')) return names.some((n) => n.endsWith('.template.json'));
  const manifest = await readManifest(dir, limits);
  // A manifest over the size budget still marks the folder as an assembly: the loader reports it.
  if (manifest === undefined) return false;
  return 'failure' in manifest || 'artifacts' in asRecord(manifest.value);
}

async function readManifest(
  dir: string,
  limits: InputLimits,
): Promise<{ value: unknown } | { failure: Failure } | undefined> {
  const file = join(dir, 'manifest.json');
  const read = await readJsonFile(file, limits.fileBytes);
  if (read.kind === 'json') return { value: read.value };
  if (read.kind === 'not-json') return undefined;
  const failure = readFailure(file, read, limits);
  return failure.code === INPUT_ERROR_CODES.INPUT_UNREADABLE ? undefined : { failure };
}

/** Template files of a cloud assembly (paths joined onto `dir`), nested assemblies included. */
export async function cdkTemplateFiles(dir: string, limits: InputLimits): Promise<AssemblyFiles> {
  const out: AssemblyFiles = { files: [], failures: [] };
  await collect(dir, dir, 0, limits, out);
  const all = new Set(out.files);
  for (const file of out.files)
    for (const nested of await nestedStackTemplates(dir, file, limits, out.failures)) all.add(nested);
  out.files = [...all];
  return out;
}

async function collect(
  root: string,
  dir: string,
  depth: number,
  limits: InputLimits,
  out: AssemblyFiles,
): Promise<void> {
  const manifest = depth <= MAX_ASSEMBLY_DEPTH ? await readManifest(dir, limits) : undefined;
  if (manifest && 'failure' in manifest) {
    out.failures.push(manifest.failure);
    return;
  }
  if (!manifest) {
    for (const file of await globTemplates(dir)) out.files.push(file);
    return;
  }
  for (const artifact of Object.values(asRecord(asRecord(manifest.value).artifacts))) {
    const a = asRecord(artifact);
    const props = asRecord(a.properties);
    const path =
      a.type === 'aws:cloudformation:stack' && typeof props.templateFile === 'string'
        ? props.templateFile
        : a.type === 'cdk:cloud-assembly' && typeof props.directoryName === 'string'
          ? props.directoryName
          : undefined;
    if (path === undefined) continue;
    const what = a.type === 'cdk:cloud-assembly' ? 'directoryName' : 'templateFile';
    const checked = await insideRoot(root, dir, path, `${what} in ${join(dir, 'manifest.json')}`);
    if ('failure' in checked) out.failures.push(checked.failure);
    else if (a.type === 'cdk:cloud-assembly') await collect(root, checked.path, depth + 1, limits, out);
    else out.files.push(checked.path);
  }
}

async function globTemplates(dir: string): Promise<string[]> {
  const names = await readdir(dir).catch(() => [] as string[]);
  return names
    .filter((n) => n.endsWith('.template.json'))
    .sort()
    .map((n) => join(dir, n));
}

/** Nested stack templates sit beside their parent's template (inside the same assembly). */
async function nestedStackTemplates(
  root: string,
  file: string,
  limits: InputLimits,
  failures: Failure[],
): Promise<string[]> {
  const read = await readJsonFile(file, limits.fileBytes);
  // An unread or broken template: the loader reports it when it reads it.
  if (read.kind !== 'json') return [];
  const template = read.value;
  const out: string[] = [];
  for (const resource of Object.values(asRecord(asRecord(template).Resources))) {
    const r = asRecord(resource);
    const asset = asRecord(r.Metadata)['aws:asset:path'];
    if (r.Type !== 'AWS::CloudFormation::Stack' || typeof asset !== 'string' || !asset.endsWith('.json'))
      continue;
    const checked = await insideRoot(root, dirname(file), asset, `aws:asset:path in ${basename(file)}`);
    if ('failure' in checked) failures.push(checked.failure);
    else out.push(checked.path);
  }
  return out;
}
