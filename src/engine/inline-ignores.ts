/**
 * Inline ignores (README "Ignoring findings in the code"): a suppression written next to the resource it
 * accepts, in the IaC file itself.
 *
 * - Terraform: a comment on the line of the block header or in the comment lines right above it,
 *   `# trailguard:ignore:RULE reason…` (also `//`), optionally `exp:YYYY-MM-DD` anywhere after the rule id
 *   (or tfsec's `trailguard:ignore:RULE:exp:YYYY-MM-DD`). It applies to every instance of that block
 *   (`count`, `for_each`, every call of the module it is in).
 * - CloudFormation (and CDK, through the synthesized template): `Metadata: { trailguard: { ignore:
 *   [{ rule, reason, expires }] } }` on the resource.
 *
 * They behave like suppressions (`suppressions.ts`): a reason is required (an ignore without one is not
 * applied, with a warning), the finding stays in every report marked `inline`, an expired ignore stops
 * applying with a warning. Parsing is pure: the text or template data is passed in.
 */
import type { SuppressionRule } from './suppressions.js';

export interface InlineIgnore {
  /** Rule id (or glob, as in a suppressions file). */
  rule: string;
  reason: string;
  expires?: string;
  /** The resource it belongs to: file plus the line of its block (Terraform) or its logical id (CloudFormation). */
  file: string;
  line?: number;
  address?: string;
  /** The line it is written on (with `file`: where to look). */
  at?: number;
  /** Why it cannot apply (no reason, a bad date): said on stderr, never applied. */
  problem?: string;
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const MARKER = 'trailguard:ignore:';
/** A comment-only line: `# …` or `// …`. */
const COMMENT_LINE = /^\s*(#|\/\/)(.*)$/;
/** A Terraform block header an ignore can belong to. */
const BLOCK_HEADER = /^\s*(resource|data|module)\s+"/;

function realDate(value: string): boolean {
  if (!ISO_DATE.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}

/** `RULE[:exp:DATE] rest` → the ignore's fields, from the text after the marker. */
function parseDirective(after: string): Pick<InlineIgnore, 'rule' | 'reason' | 'expires' | 'problem'> {
  const match = /^(\S*)(.*)$/s.exec(after);
  let token = match?.[1] ?? '';
  let rest = (match?.[2] ?? '').trim();
  let expires: string | undefined;
  const colonExp = /^(.*?):exp:(\S+)$/.exec(token);
  if (colonExp) {
    token = colonExp[1] ?? '';
    expires = colonExp[2];
  }
  const spaced = /(^|\s)exp:(\S+)(?=\s|$)/.exec(rest);
  if (spaced && expires === undefined) {
    expires = spaced[2];
    rest = `${rest.slice(0, spaced.index)} ${rest.slice(spaced.index + spaced[0].length)}`.trim();
  }
  // A reason may be introduced by a separator: `… -- reason`, `…: reason`.
  const reason = rest.replace(/^(--|—|:|-)\s*/, '').trim();
  const out: Pick<InlineIgnore, 'rule' | 'reason' | 'expires' | 'problem'> = { rule: token, reason };
  if (expires !== undefined) out.expires = expires;
  if (token === '') out.problem = 'no rule id after trailguard:ignore:';
  else if (reason === '') out.problem = 'a reason is required (say why the finding is accepted)';
  else if (expires !== undefined && !realDate(expires))
    out.problem = `exp:${expires} is not a date YYYY-MM-DD`;
  return out;
}

/**
 * The `trailguard:ignore:` comments of one Terraform file. Each belongs to the block whose header is on its
 * own line or right below the run of comment lines it is in; one that belongs to no block header still gets
 * the line it points at (so it matches nothing and is reported as unused).
 */
export function terraformIgnores(file: string, text: string): InlineIgnore[] {
  if (!text.includes(MARKER)) return [];
  const lines = text.split(/\r?\n/);
  const out: InlineIgnore[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    const at = line.indexOf(MARKER);
    if (at < 0) continue;
    const comment = COMMENT_LINE.exec(line);
    let target: number;
    if (comment) {
      // Only a comment that starts with the marker (`# trailguard:ignore:…`), not one that mentions it.
      if (!/^\s*trailguard:ignore:/.test(comment[2] ?? '')) continue;
      let next = i + 1;
      while (next < lines.length && COMMENT_LINE.test(lines[next] ?? '')) next++;
      target = next + 1;
    } else {
      // A trailing comment on the block header itself: `resource "aws_s3_bucket" "x" { # trailguard:ignore:…`.
      const before = line.slice(0, at);
      if (!BLOCK_HEADER.test(line) || !/(#|\/\/)\s*$/.test(before)) continue;
      target = i + 1;
    }
    out.push({ ...parseDirective(line.slice(at + MARKER.length)), file, line: target, at: i + 1 });
  }
  return out;
}

function asRecord(value: unknown): Record<string, unknown> | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

/**
 * `Metadata.trailguard.ignore` of every resource of a CloudFormation template (CDK: `addMetadata('trailguard',
 * { ignore: [...] })` on the L1 resource). `lineOf` gives the line of a logical id, for messages.
 */
export function cloudFormationIgnores(
  file: string,
  template: unknown,
  lineOf: (logicalId: string) => number | undefined,
): InlineIgnore[] {
  const resources = asRecord(asRecord(template)?.Resources);
  if (!resources) return [];
  const out: InlineIgnore[] = [];
  for (const [id, resource] of Object.entries(resources)) {
    const settings = asRecord(asRecord(asRecord(resource)?.Metadata)?.trailguard);
    if (!settings) continue;
    const line = lineOf(id);
    const list = settings.ignore;
    const entries = Array.isArray(list) ? list : [list];
    for (const entry of entries) {
      const record = asRecord(entry);
      const rule = typeof record?.rule === 'string' ? record.rule.trim() : '';
      const reason = typeof record?.reason === 'string' ? record.reason.trim() : '';
      const expires =
        typeof record?.expires === 'string'
          ? record.expires
          : record?.expires instanceof Date
            ? record.expires.toISOString().slice(0, 10)
            : undefined;
      const ignore: InlineIgnore = { rule, reason, file, address: id, ...(line ? { at: line } : {}) };
      if (expires !== undefined) ignore.expires = expires;
      if (!record) ignore.problem = 'Metadata.trailguard.ignore must be a list of { rule, reason, expires }';
      else if (rule === '') ignore.problem = 'no rule id (rule:)';
      else if (reason === '') ignore.problem = 'a reason is required (say why the finding is accepted)';
      else if (expires !== undefined && !realDate(expires))
        ignore.problem = `expires ${String(record.expires)} is not a date YYYY-MM-DD`;
      out.push(ignore);
    }
  }
  return out;
}

/** Where an ignore is written: `main.tf:12`, `stack.yaml:30 (LogsBucket)`. */
export function ignoreSource(ignore: InlineIgnore): string {
  const at = `${ignore.file}${ignore.at ? `:${ignore.at}` : ''}`;
  return ignore.line === undefined && ignore.address ? `${at} (${ignore.address})` : at;
}

/** The ignore as a suppression entry: it then matches, expires and is reported exactly like one. */
export function asSuppression(ignore: InlineIgnore): SuppressionRule {
  return {
    rule: ignore.rule,
    reason: ignore.reason,
    ...(ignore.expires !== undefined ? { expires: ignore.expires } : {}),
    source: ignoreSource(ignore),
    inline: {
      file: ignore.file,
      ...(ignore.line !== undefined ? { line: ignore.line } : {}),
      ...(ignore.address !== undefined ? { address: ignore.address } : {}),
    },
  };
}
