/**
 * Terraform's `regex`, `regexall` and `replace("/re/")`: RE2 syntax, matched in linear time by re2js (a
 * JavaScript port of RE2, the engine of Terraform's Go `regexp`), so a hostile pattern cannot backtrack
 * for minutes the way a JavaScript RegExp can. A pattern RE2 rejects is an evaluation error, as in
 * Terraform. Work is counted against the budget (input length per match attempt).
 */
import { RE2JS } from 're2js';
import type { EvalBudget } from './budget.js';
import { newObject, Unknown, type Value } from './values.js';

const compiled = new Map<string, RE2JS | Unknown>();

function compile(pattern: string): RE2JS | Unknown {
  let re = compiled.get(pattern);
  if (re === undefined) {
    try {
      re = RE2JS.compile(pattern);
    } catch (error) {
      re = new Unknown(
        `invalid regular expression ${JSON.stringify(pattern)}: ${(error as Error).message}`,
        undefined,
        true,
      );
    }
    if (compiled.size >= 1_000) compiled.clear();
    compiled.set(pattern, re);
  }
  return re;
}

/** Capture groups as Terraform returns them: the match (no groups), a list (numbered) or a map (named). */
function captures(re: RE2JS, m: ReturnType<RE2JS['matcher']>): Value {
  const count = m.groupCount();
  if (count === 0) return m.group(0) ?? '';
  const names = re.namedGroups();
  if (Object.keys(names).length > 0) {
    const out = newObject();
    for (const [name, i] of Object.entries(names)) out[name] = m.group(i) ?? '';
    return out;
  }
  const out: Value[] = [];
  for (let i = 1; i <= count; i++) out.push(m.group(i) ?? '');
  return out;
}

/** `regex(pattern, string)`: the first match; no match is an error (which `try`/`can` catch). */
export function regexOne(pattern: string, text: string, budget: EvalBudget): Value {
  const re = compile(pattern);
  if (re instanceof Unknown) return re;
  budget.step(text.length + 1);
  const m = re.matcher(text);
  if (!m.find()) return new Unknown(`regex ${JSON.stringify(pattern)} does not match`, undefined, true);
  return captures(re, m);
}

/** `regexall(pattern, string)`: every non-overlapping match. */
export function regexAll(pattern: string, text: string, budget: EvalBudget): Value {
  const re = compile(pattern);
  if (re instanceof Unknown) return re;
  const m = re.matcher(text);
  const out: Value[] = [];
  budget.step(text.length + 1);
  while (m.find()) {
    budget.step(1);
    out.push(captures(re, m));
  }
  return out;
}

/** `replace(string, "/re/", replacement)`: Go `ReplaceAllString`, with `$1`, `${1}`, `$name`, `${name}`, `$$`. */
export function regexReplace(text: string, pattern: string, replacement: string, budget: EvalBudget): Value {
  const re = compile(pattern);
  if (re instanceof Unknown) return re;
  budget.step(text.length + 1);
  const names = re.namedGroups();
  const m = re.matcher(text);
  let out = '';
  let last = 0;
  while (m.find()) {
    budget.step(1);
    out += text.slice(last, m.start());
    out += expand(replacement, (ref) => {
      const i = /^\d+$/.test(ref) ? Number(ref) : names[ref];
      return i !== undefined && i <= m.groupCount() ? (m.group(i) ?? '') : '';
    });
    last = m.end();
  }
  return out + text.slice(last);
}

/** Go `Regexp.Expand` template syntax: `$name` takes the longest run of letters, digits and `_`. */
function expand(template: string, group: (ref: string) => string): string {
  return template.replace(
    /\$(\$|\{([A-Za-z0-9_]+)\}|([A-Za-z0-9_]+))/g,
    (_m, all: string, braced?: string, bare?: string) => (all === '$' ? '$' : group(braced ?? bare ?? '')),
  );
}
