/**
 * The static shape of one Terraform module directory: its variables, locals, resources, data
 * sources, module calls, outputs and providers, gathered from every parsed `.tf` file in it.
 */
import type { Attribute, Block, HclFile } from './hcl-ast.js';

export interface Decl {
  block: Block;
  /** File path relative to the scan root. */
  file: string;
}

export interface AttrDecl {
  attr: Attribute;
  file: string;
}

export interface ModuleDef {
  /** Absolute directory. */
  dir: string;
  variables: Map<string, Decl>;
  locals: Map<string, AttrDecl>;
  /** Key `type.name`. */
  resources: Map<string, Decl>;
  data: Map<string, Decl>;
  modules: Map<string, Decl>;
  outputs: Map<string, Decl>;
  providers: Decl[];
  /** Values from terraform.tfvars / *.auto.tfvars (root module only: Terraform loads them automatically). */
  tfvars: Map<string, AttrDecl>;
}

export function buildModuleDef(dir: string, files: HclFile[], tfvars: HclFile[] = []): ModuleDef {
  const def: ModuleDef = {
    dir,
    variables: new Map(),
    locals: new Map(),
    resources: new Map(),
    data: new Map(),
    modules: new Map(),
    outputs: new Map(),
    providers: [],
    tfvars: new Map(),
  };
  for (const file of files) {
    for (const block of file.body.blocks) {
      const decl = { block, file: file.file };
      const [a, b] = block.labels;
      switch (block.type) {
        case 'variable':
          if (a !== undefined) def.variables.set(a, decl);
          break;
        case 'locals':
          for (const attr of block.body.attributes.values())
            def.locals.set(attr.name, { attr, file: file.file });
          break;
        case 'resource':
          if (a !== undefined && b !== undefined) def.resources.set(`${a}.${b}`, decl);
          break;
        case 'data':
          if (a !== undefined && b !== undefined) def.data.set(`${a}.${b}`, decl);
          break;
        case 'module':
          if (a !== undefined) def.modules.set(a, decl);
          break;
        case 'output':
          if (a !== undefined) def.outputs.set(a, decl);
          break;
        case 'provider':
          def.providers.push(decl);
          break;
        default:
          break;
      }
    }
  }
  // terraform.tfvars first, then *.auto.tfvars in lexical order: later files win (Terraform's precedence).
  for (const file of tfvars) {
    for (const attr of file.body.attributes.values()) def.tfvars.set(attr.name, { attr, file: file.file });
  }
  return def;
}

/** A module source that is a local path (`./x`, `../x`): the only kind trailguard reads. */
export function isLocalSource(source: unknown): source is string {
  return typeof source === 'string' && (source.startsWith('./') || source.startsWith('../'));
}

/** How a module call's source was resolved to a loaded folder, or why it was not read. */
export type ModuleResolution =
  | { def: ModuleDef }
  | { code: 'REMOTE_MODULE' | 'MODULE_NOT_FOUND' | 'INPUT_UNREADABLE'; message: string };

/**
 * Finds the module folder of call `name` in `caller` (`prefix` = the caller's address, `module.a[0].`):
 * local paths relative to the caller, registry / git sources through the root's module cache.
 */
export type ModuleResolver = (
  caller: ModuleDef,
  prefix: string,
  name: string,
  source: unknown,
) => ModuleResolution;
