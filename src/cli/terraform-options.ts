/**
 * `--var-file FILE` and `--var NAME=VALUE` (also spelled `-var-file` / `-var`, as `terraform plan` takes
 * them), both repeatable, for the commands that scan Terraform (scan, fix). Their relative order matters
 * (a later value wins), so both flags feed one ordered list.
 */
import { isAbsolute, join, resolve } from 'node:path';
import type { TerraformOptions } from '../sources/terraform/index.js';
import type { VariableArg } from '../sources/terraform/variables.js';
import { type GroupFlags, optionGroup } from './options.js';

/** Commander calls option parsers in command-line order: the sequence number keeps -var and -var-file interleaved. */
let sequence = 0;
type Tagged = VariableArg & { seq: number };

/** Declares `--var-file` and `--var` (typed options: ./options.ts). */
export const addTerraformVariableOptions = optionGroup((command) =>
  command
    .option(
      '--var-file <file>',
      'Terraform variable values from a .tfvars or .tfvars.json file, as terraform plan -var-file (repeatable)',
      (path: string, previous: Tagged[] = []): Tagged[] => [
        ...previous,
        { kind: 'file' as const, path, seq: sequence++ },
      ],
    )
    .option(
      '--var <name=value>',
      'a Terraform root-module variable value, as terraform plan -var (repeatable)',
      (assignment: string, previous: Tagged[] = []): Tagged[] => [
        ...previous,
        { kind: 'var' as const, assignment, seq: sequence++ },
      ],
    ),
);

/** The Terraform variable flags as parsed. */
export type TerraformFlags = GroupFlags<typeof addTerraformVariableOptions>;

/** The Terraform options of the parsed flags and the environment (`TF_DATA_DIR`, as Terraform reads it). */
export function terraformOptionsFrom(
  flags: TerraformFlags,
  env: Record<string, string | undefined>,
  /** The working directory: a relative --var-file is read from there (as the scanned paths are). */
  cwd: string = process.cwd(),
): TerraformOptions {
  const tagged = [...(flags.varFile ?? []), ...(flags.var ?? [])].sort((a, b) => a.seq - b.seq);
  // (Terraform's default data directory; not imported from the source, which the CLI loads only when used.)
  const options: TerraformOptions = { dataDir: env.TF_DATA_DIR || '.terraform' };
  // (Kept as written when relative to the process's own directory, so messages quote it as typed.)
  const located = (p: string) => (isAbsolute(p) || resolve(cwd) === process.cwd() ? p : join(cwd, p));
  if (tagged.length > 0) {
    options.variables = tagged.map(
      ({ seq: _seq, ...arg }): VariableArg =>
        arg.kind === 'file' ? { kind: 'file', path: located(arg.path) } : arg,
    );
  }
  return options;
}

/** Terraform's single-dash spellings (`-var x=1`, `-var-file=f`) → the CLI's long options, before `--`. */
export function normalizeTerraformFlags(argv: readonly string[]): string[] {
  const out: string[] = [];
  let rest = false;
  for (const arg of argv) {
    if (arg === '--') rest = true;
    out.push(!rest && /^-var(-file)?(=|$)/.test(arg) ? `-${arg}` : arg);
  }
  return out;
}
