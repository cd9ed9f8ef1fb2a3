/**
 * Suppressions (DESIGN section 6): a YAML list of "this finding is accepted, because…" entries.
 * A suppressed finding stays in every report, marked with the reason, and does not fail the run
 * (exit-code.ts skips it). Matching is pure: `now` is passed in, so expiry is testable.
 */
import { basename } from 'node:path';
import picomatch from 'picomatch';
import { z } from 'zod';
import { InputError } from '../errors.js';
import { formatJsonPath } from '../util/json-path.js';
import type { Finding, ResourceRef } from './types.js';

/** One entry of a suppressions file (see README "Suppressions"). */
export interface SuppressionRule {
  rule?: string;
  bucket?: string;
  trail?: string;
  account?: string;
  reason: string;
  expires?: string;
  /** Where the entry was written (`file:line`), copied into `finding.suppressed.source`. */
  source?: string;
  /**
   * An inline ignore (`inline-ignores.ts`): it applies only to the resource it is written on, the finding
   * whose location has this file and block line (Terraform) or logical id (CloudFormation).
   */
  inline?: { file: string; line?: number; address?: string };
}

export interface SuppressionOutcome {
  findings: Finding[];
  /** One line per expired, unused or malformed entry, for stderr and the report. */
  warnings: string[];
}

export interface SuppressionOptions {
  /** The rules that ran: an entry for a rule that did not run (`--rule`) is not reported as unused. */
  ranRules?: readonly string[];
  /** Every rule id of this build: an unused entry whose rule matches none of them says so (a typo). */
  knownRules?: readonly string[];
}

/**
 * Marks matching findings as suppressed (they stay in the output). `now` is passed in: no clock here.
 * Every entry that matches no finding is reported (one warning each): a suppression that silences nothing
 * is usually a typo or a fixed problem, and stale entries hide the next real one.
 */
export function applySuppressions(
  findings: Finding[],
  rules: SuppressionRule[],
  now: Date,
  options: SuppressionOptions = {},
): SuppressionOutcome {
  const today = now.toISOString().slice(0, 10);
  const warnings: string[] = [];
  interface Active {
    rule: SuppressionRule;
    label: string;
    matches: (finding: Finding) => boolean;
    used: boolean;
  }
  const active: Active[] = [];
  /** Inline ignores by file: a finding is compared only with those of its own file. */
  const inlineByFile = new Map<string, Active[]>();
  rules.forEach((rule, index) => {
    const label = rule.inline
      ? `inline ignore ${rule.source ?? rule.inline.file} (${rule.rule ?? '*'}: ${shorten(rule.reason)})`
      : `suppression #${index + 1} (${shorten(rule.reason)})${rule.source ? ` [${rule.source}]` : ''}`;
    // `expires` is the last day the suppression holds: it lapses the day after (ISO dates compare as text).
    if (rule.expires !== undefined && rule.expires < today) {
      warnings.push(`${label} expired on ${rule.expires}; it no longer applies`);
      return;
    }
    const entry: Active = { rule, label, matches: matcher(rule), used: false };
    if (rule.inline) {
      const list = inlineByFile.get(rule.inline.file) ?? [];
      list.push(entry);
      inlineByFile.set(rule.inline.file, list);
    }
    active.push(entry);
  });
  const global = active.filter((entry) => !entry.rule.inline);
  const marked = findings.map((finding) => {
    const file = finding.resource.location?.file;
    const candidates = [...global, ...((file !== undefined && inlineByFile.get(file)) || [])];
    let hit: Active | undefined;
    for (const entry of candidates) {
      if (!entry.matches(finding)) continue;
      entry.used = true;
      hit ??= entry;
    }
    if (finding.suppressed || !hit) return finding;
    const { reason, expires, source, inline } = hit.rule;
    return {
      ...finding,
      suppressed: {
        reason,
        ...(expires !== undefined ? { expires } : {}),
        ...(source !== undefined ? { source } : {}),
        ...(inline ? { inline: true } : {}),
      },
    };
  });
  const knownRuleMatches = (glob: string) => {
    if (!options.knownRules) return true;
    const test = picomatch(glob, { dot: true });
    return options.knownRules.some((id) => test(id));
  };
  for (const entry of active) {
    if (entry.used) continue;
    const ruleGlob = entry.rule.rule;
    if (ruleGlob !== undefined && options.ranRules) {
      const test = picomatch(ruleGlob, { dot: true });
      // An entry for a rule that was not run this time (--rule, --min-severity) cannot match: no warning.
      if (!options.ranRules.some((id) => test(id)) && knownRuleMatches(ruleGlob)) continue;
    }
    const unknown = ruleGlob !== undefined && !knownRuleMatches(ruleGlob) ? ' (no rule has this id)' : '';
    warnings.push(`${entry.label} matches no finding${unknown}`);
  }
  return { findings: marked, warnings };
}

function shorten(text: string): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > 60 ? `${line.slice(0, 59)}…` : line;
}

/** Every field given must match (AND); a field not given matches anything. */
function matcher(rule: SuppressionRule): (finding: Finding) => boolean {
  // dot: bucket names may start with a dot-free label but ARNs and names can contain dots anywhere.
  const glob = (pattern: string | undefined) =>
    pattern === undefined ? undefined : picomatch(pattern, { dot: true });
  const ruleGlob = glob(rule.rule);
  const bucketGlob = glob(rule.bucket);
  const trailGlob = glob(rule.trail);
  const accountGlob = glob(rule.account);
  const { inline } = rule;
  return (finding) => {
    if (inline) {
      const location = finding.resource.location;
      if (!location || location.file !== inline.file) return false;
      if (inline.line !== undefined ? location.line !== inline.line : location.address !== inline.address)
        return false;
    }
    if (ruleGlob && !ruleGlob(finding.ruleId)) return false;
    if (bucketGlob) {
      const { resource } = finding;
      if (resource.type !== 'AWS::S3::Bucket') return false;
      if (!bucketGlob(resource.name ?? bucketNameFromArn(resource.id))) return false;
    }
    if (trailGlob) {
      const trails = [finding.resource, ...finding.related].filter(
        (r) => r.type === 'AWS::CloudTrail::Trail',
      );
      if (!trails.some((trail) => trailNames(trail).some((name) => trailGlob(name)))) return false;
    }
    if (accountGlob) {
      const account = finding.resource.account;
      if (typeof account !== 'string' || !accountGlob(account)) return false;
    }
    return true;
  };
}

function bucketNameFromArn(arn: string): string {
  return arn.replace(/^arn:[^:]+:s3:::/, '');
}

/** A trail glob may name the trail or its ARN (`arn:aws:cloudtrail:REGION:ACCOUNT:trail/NAME`). */
function trailNames(trail: ResourceRef): string[] {
  const fromArn = /:trail\/(.+)$/.exec(trail.id)?.[1];
  return [trail.id, trail.name, fromArn].filter((n): n is string => typeof n === 'string');
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

function isRealDate(value: string): boolean {
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}

/**
 * AWS account ids are 12 digits. YAML reads an unquoted `account: 012345678901` as the number
 * 12345678901, so a number is padded back to 12 digits rather than rejected.
 */
const accountField = z.union([
  z.string().min(1),
  z
    .number()
    .int()
    .nonnegative()
    .max(999_999_999_999)
    .transform((n) => String(n).padStart(12, '0')),
]);

const entrySchema = z
  .strictObject({
    rule: z.string().min(1).optional(),
    bucket: z.string().min(1).optional(),
    trail: z.string().min(1).optional(),
    account: accountField.optional(),
    reason: z
      .string({ error: 'a reason is required (say why the finding is accepted)' })
      .trim()
      .min(1, 'a reason is required (say why the finding is accepted)'),
    expires: z
      .string({ error: 'expires must be a date YYYY-MM-DD' })
      .regex(ISO_DATE, 'expires must be a date YYYY-MM-DD')
      .refine(isRealDate, 'expires is not a real calendar date')
      .optional(),
  })
  .refine((entry) => entry.rule ?? entry.bucket ?? entry.trail ?? entry.account, {
    // An entry with only a reason would silence every finding: almost certainly a mistake.
    message: 'give at least one of rule, bucket, trail or account',
  });

const CONFIG_BASENAME = '.trailguard.yaml';

/**
 * Parses the text of a suppressions YAML file or of a .trailguard.yaml (its `suppressions:` key); `file`
 * names it in errors and in each entry's `source`. Throws a one-line InputError. The file itself is read
 * by `readSuppressionsFile` (src/suppressions-file.ts): the engine does no I/O.
 * The YAML parser is imported here, on first use: a scan without a suppressions file never loads it.
 */
export async function parseSuppressions(text: string, file: string): Promise<SuppressionRule[]> {
  const { isMap, isSeq, LineCounter, parseDocument } = await import('yaml');
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false });
  const parseError = doc.errors[0];
  if (parseError) {
    const line = parseError.linePos?.[0].line;
    throw new InputError(
      `${file}${line ? `:${line}` : ''}: not valid YAML: ${parseError.message.split('\n')[0]}`,
    );
  }
  const root = doc.contents;
  let list: unknown;
  let listNode: unknown;
  let prefix: string;
  if (root === null || isSeq(root)) {
    list = doc.toJS() ?? [];
    listNode = root;
    prefix = '';
  } else if (isMap(root)) {
    const object = doc.toJS() as Record<string, unknown>;
    if (!Object.hasOwn(object, 'suppressions')) {
      // .trailguard.yaml may hold other settings and no suppressions; a dedicated file must have the key.
      if (basename(file) === CONFIG_BASENAME) return [];
      throw new InputError(`${file}: expected a list of suppressions or a "suppressions:" key`);
    }
    list = object.suppressions ?? [];
    listNode = root.get('suppressions', true);
    prefix = 'suppressions';
  } else {
    throw new InputError(`${file}: expected a list of suppressions or a "suppressions:" key`);
  }
  if (!Array.isArray(list)) {
    throw new InputError(`${file}: ${prefix || 'the document'} must be a list of suppression entries`);
  }
  return list.map((entry, index) => {
    const itemNode = isSeq(listNode) ? listNode.items[index] : undefined;
    const offset = (itemNode as { range?: [number, number, number] } | undefined)?.range?.[0];
    const line = offset === undefined ? undefined : lineCounter.linePos(offset).line;
    const where = `${file}${line ? `:${line}` : ''}`;
    const result = entrySchema.safeParse(entry);
    if (!result.success) {
      const issue = result.error.issues[0];
      const message =
        issue?.code === 'unrecognized_keys'
          ? `unknown key(s) ${issue.keys.map((k) => `"${k}"`).join(', ')} (allowed: rule, bucket, trail, account, reason, expires)`
          : (issue?.message ?? 'invalid entry');
      const path = formatJsonPath([...(prefix ? [prefix] : []), index, ...(issue?.path ?? [])]);
      throw new InputError(`${where}: ${path}: ${message}`);
    }
    const { rule, bucket, trail, account, reason, expires } = result.data;
    return {
      ...(rule !== undefined ? { rule } : {}),
      ...(bucket !== undefined ? { bucket } : {}),
      ...(trail !== undefined ? { trail } : {}),
      ...(account !== undefined ? { account } : {}),
      reason,
      ...(expires !== undefined ? { expires } : {}),
      source: where,
    };
  });
}
