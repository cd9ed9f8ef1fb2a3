/**
 * A CDK cloud assembly (`cdk.out`): the stack templates it lists.
 *
 * manifest.json lists artifacts; `aws:cloudformation:stack` artifacts name their template in
 * `properties.templateFile`, `cdk:cloud-assembly` artifacts (CDK Stages) are nested assemblies in
 * `properties.directoryName`. Nested stacks (AWS::CloudFormation::Stack) keep their template next to
 * the parent's, named by the resource's `aws:asset:path` metadata. Without a readable manifest we fall
 * back to every `*.template.json` in the folder.
 */
import { readdir, readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';

const MAX_ASSEMBLY_DEPTH = 8;

function asRecord(value: unknown): Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};
}

/** Template files of a cdk.out directory (paths joined onto `dir`), nested assemblies included. */
export async function cdkTemplateFiles(dir: string, depth = 0): Promise<string[]> {
  const fromManifest = depth <= MAX_ASSEMBLY_DEPTH ? await manifestTemplates(dir, depth) : undefined;
  const files = fromManifest ?? (await globTemplates(dir));
  const all = new Set(files);
  for (const file of files) for (const nested of await nestedStackTemplates(file)) all.add(nested);
  return [...all];
}

async function manifestTemplates(dir: string, depth: number): Promise<string[] | undefined> {
  let manifest: unknown;
  try {
    manifest = JSON.parse(await readFile(join(dir, 'manifest.json'), 'utf8'));
  } catch {
    return undefined;
  }
  const files: string[] = [];
  for (const artifact of Object.values(asRecord(asRecord(manifest).artifacts))) {
    const a = asRecord(artifact);
    const props = asRecord(a.properties);
    if (a.type === 'aws:cloudformation:stack' && typeof props.templateFile === 'string') {
      files.push(join(dir, props.templateFile));
    } else if (a.type === 'cdk:cloud-assembly' && typeof props.directoryName === 'string') {
      files.push(...(await cdkTemplateFiles(join(dir, props.directoryName), depth + 1)));
    }
  }
  return files;
}

async function globTemplates(dir: string): Promise<string[]> {
  const names = await readdir(dir).catch(() => [] as string[]);
  return names
    .filter((n) => n.endsWith('.template.json'))
    .sort()
    .map((n) => join(dir, n));
}

/** Nested stack templates sit beside their parent's template. */
async function nestedStackTemplates(file: string): Promise<string[]> {
  const dir = dirname(file);
  let template: unknown;
  try {
    template = JSON.parse(await readFile(file, 'utf8'));
  } catch {
    return []; // the loader reports the parse error for this file
  }
  const out: string[] = [];
  for (const resource of Object.values(asRecord(asRecord(template).Resources))) {
    const r = asRecord(resource);
    const asset = asRecord(r.Metadata)['aws:asset:path'];
    if (r.Type === 'AWS::CloudFormation::Stack' && typeof asset === 'string' && asset.endsWith('.json'))
      out.push(join(dir, asset));
  }
  return out;
}
