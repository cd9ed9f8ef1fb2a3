/**
 * Variable values given on the command line, as `terraform plan` takes them: `--var-file FILE` (`.tfvars` or
 * `.tfvars.json`) and `--var NAME=VALUE` / `-var NAME=VALUE`, both repeatable. Terraform's precedence, later
 * wins: variable defaults < `terraform.tfvars` < `terraform.tfvars.json` < `*.auto.tfvars(.json)` in lexical
 * order < `-var` and `-var-file` in the order given (the auto-loaded files are read by load-files.ts).
 *
 * A `-var` value is parsed per the variable's declared type, as Terraform does: a primitive type (`string`,
 * `number`, `bool`) or no type takes the text literally; any other type (`list(string)`, `map(any)`, `any`…)
 * parses it as an HCL expression. Values from every source are then converted to the declared type
 * (`var-types.ts`).
 *
 * A file that cannot be read or parsed, or a `-var` without `=`, is one line and exit 2 — a scan with a value
 * silently missing would judge the configuration on the defaults.
 */
import { InputError, UsageError } from '../../errors.js';
import { readFileBounded } from '../files.js';
import { type InputLimits, LIMIT_FLAG_NAMES } from '../limits.js';
import type { Attribute, Expr } from './hcl-ast.js';
import { parseTfJson } from './hcl-json.js';
import { parseHclSync } from './hcl-parse.js';

/** One `--var-file` or `--var` flag, in command-line order. */
export type VariableArg = { kind: 'file'; path: string } | { kind: 'var'; assignment: string };

/** A value for one root-module variable from the command line. */
export type CliVariable =
  /** From a `--var-file`: an expression (constant, as in any tfvars file) with its file and line. */
  | { kind: 'expr'; attr: Attribute; file: string }
  /** From `--var NAME=VALUE`: the text, parsed once the variable's type is known. */
  | { kind: 'raw'; text: string; origin: string };

export type CliVariables = Map<string, CliVariable>;

const NAME = /^[A-Za-z_][A-Za-z0-9_-]*$/;

/** `NAME=VALUE` of one `--var` flag (the value may contain `=`). */
export function splitAssignment(assignment: string): { name: string; text: string } {
  const eq = assignment.indexOf('=');
  const name = eq < 0 ? '' : assignment.slice(0, eq).trim();
  if (eq < 0 || !NAME.test(name)) {
    throw new UsageError(
      `-var ${JSON.stringify(assignment)}: expected NAME=VALUE (a variable name and its value separated by "=", like -var 'region=eu-west-1')`,
    );
  }
  return { name, text: assignment.slice(eq + 1) };
}

/** Reads every `--var-file` and collects every `--var`, later flags overriding earlier ones. */
export async function readVariableArgs(args: VariableArg[], limits: InputLimits): Promise<CliVariables> {
  const out: CliVariables = new Map();
  for (const arg of args) {
    if (arg.kind === 'var') {
      const { name, text } = splitAssignment(arg.assignment);
      out.set(name, { kind: 'raw', text, origin: `-var ${name}` });
      continue;
    }
    for (const [name, value] of await readVarFile(arg.path, limits)) out.set(name, value);
  }
  return out;
}

async function readVarFile(path: string, limits: InputLimits): Promise<CliVariables> {
  const read = await readFileBounded(path, limits.fileBytes);
  const prefix = `--var-file ${path}`;
  switch (read.kind) {
    case 'text':
      break;
    case 'not-regular':
      throw new InputError(`${prefix}: cannot read: not a regular file`);
    case 'too-large':
      throw new InputError(
        `${prefix}: the file has ${read.size} bytes: over the ${LIMIT_FLAG_NAMES.fileBytes} limit of ${limits.fileBytes} (raise it with --limit ${LIMIT_FLAG_NAMES.fileBytes}=N)`,
      );
    case 'error': {
      const e = read.error;
      throw new InputError(
        `${prefix}: cannot read: ${e.code === 'ENOENT' ? 'no such file' : e.code === 'EISDIR' ? 'a directory, not a file' : (e.code ?? e.message)}`,
      );
    }
  }
  const parsed = path.toLowerCase().endsWith('.json')
    ? parseTfJson(path, read.text, { maxDepth: limits.depth, tfvars: true })
    : parseHclSync(path, read.text, { maxDepth: limits.depth });
  if (!parsed.ok) {
    throw new InputError(`${path}:${parsed.error.line}: ${parsed.error.message} (--var-file)`);
  }
  const depthError = parsed.depthErrors?.[0];
  if (depthError) throw new InputError(`${path}:${depthError.line}: ${depthError.message} (--var-file)`);
  const block = parsed.file.body.blocks[0];
  if (block) {
    throw new InputError(
      `${path}:${block.pos.line}: a variables file holds only NAME = VALUE assignments, found a "${block.type}" block (--var-file)`,
    );
  }
  const out: CliVariables = new Map();
  for (const attr of parsed.file.body.attributes.values())
    out.set(attr.name, { kind: 'expr', attr, file: path });
  return out;
}

/** How Terraform reads a `-var` value for a variable declared with this `type` (configs.decodeVariableType). */
export function parsesAsHcl(type: Expr | undefined): boolean {
  if (!type) return false;
  if (type.kind === 'literal' || type.kind === 'template') {
    // The legacy quoted forms: "string" is literal, "list" / "map" are HCL.
    const text = type.kind === 'literal' ? type.value : type.parts.join('');
    return text === 'list' || text === 'map';
  }
  if (type.kind === 'var') return !['string', 'number', 'bool'].includes(type.name);
  return true;
}

/**
 * The expression of a `-var` value for a variable whose type asks for HCL parsing; throws a one-line
 * InputError when the text is not one expression.
 */
export function parseRawVariable(name: string, text: string, maxDepth: number): Expr {
  const shown = `-var ${name}`;
  const parsed = parseHclSync(shown, `${name} = ${text}\n`, { maxDepth });
  const attr = parsed.ok ? parsed.file.body.attributes.get(name) : undefined;
  if (!parsed.ok || !attr || parsed.file.body.attributes.size !== 1 || parsed.file.body.blocks.length > 0) {
    const why = parsed.ok ? 'not a single expression' : parsed.error.message;
    throw new InputError(
      `-var ${name}: the value ${JSON.stringify(text.length > 80 ? `${text.slice(0, 80)}…` : text)} is not a valid expression for this variable's type: ${why}`,
    );
  }
  return attr.expr;
}
