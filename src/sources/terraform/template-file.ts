/**
 * `templatefile(path, vars)`: the file (read through FileAccess, so only inside the scanned tree) is
 * parsed as a template and evaluated with exactly the given variables in scope, as Terraform does (no
 * `var.`, `local.` or resources). Parsed templates are cached by text.
 */

import { evaluateTemplate } from './evaluate.js';
import type { FnEnv } from './functions.js';
import type { TemplatePart } from './hcl-ast.js';
import { parseTemplateSync } from './hcl-parse.js';
import { isPlainObject, isUnknown, LazyObject, Unknown, type Value } from './values.js';

const parsed = new Map<string, { parts: TemplatePart[] } | { error: string }>();

export function renderTemplateFile(path: string, text: string, vars: Value, env: FnEnv): Value {
  if (isUnknown(vars)) return vars;
  if (!isPlainObject(vars) && !(vars instanceof LazyObject))
    return new Unknown(`templatefile(${JSON.stringify(path)}): the variables must be a map`, undefined, true);
  let template = parsed.get(text);
  if (!template) {
    const result = parseTemplateSync(text);
    if (!result) return new Unknown(`templatefile(${JSON.stringify(path)}): the parser is not loaded`);
    template = result;
    if (parsed.size >= 1_000) parsed.clear();
    parsed.set(text, template);
  }
  if ('error' in template)
    return new Unknown(`templatefile(${JSON.stringify(path)}): ${template.error}`, undefined, true);
  const names = vars;
  const scope = {
    root: (name: string): Value | undefined => {
      if (names instanceof LazyObject) return names.get(name);
      return Object.hasOwn(names, name) ? names[name] : undefined;
    },
    budget: env.budget,
    files: env.files,
  };
  const value = evaluateTemplate(template.parts, scope);
  return isUnknown(value)
    ? new Unknown(`templatefile(${JSON.stringify(path)}): ${value.message}`, value.ref, value.isError)
    : value;
}
