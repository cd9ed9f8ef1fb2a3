/**
 * `templatefile(path, vars)`: the file (read through FileAccess, so only inside the scanned tree) is
 * parsed as a template and evaluated with exactly the given variables in scope, as Terraform does (no
 * `var.`, `local.` or resources). Parsed templates are cached by text.
 *
 * The evaluator comes in as a parameter (the caller's, with its budget and file access): this module is
 * reached from the evaluator through the function library, so importing the evaluator back was a cycle.
 */

import type { TemplatePart } from './hcl-ast.js';
import { parseTemplateSync } from './hcl-parse.js';
import { isPlainObject, isUnknown, LazyObject, Unknown, type Value } from './values.js';

/** Evaluates template parts with only `root`'s names in scope, under the calling evaluation's budget. */
export type TemplateEvaluator = (parts: TemplatePart[], root: (name: string) => Value | undefined) => Value;

const parsed = new Map<string, { parts: TemplatePart[] } | { error: string }>();

export function renderTemplateFile(
  path: string,
  text: string,
  vars: Value,
  evaluateTemplate: TemplateEvaluator,
): Value {
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
  const value = evaluateTemplate(template.parts, (name) => {
    if (names instanceof LazyObject) return names.get(name);
    return Object.hasOwn(names, name) ? names[name] : undefined;
  });
  return isUnknown(value)
    ? new Unknown(`templatefile(${JSON.stringify(path)}): ${value.message}`, value.ref, value.isError)
    : value;
}
