import { ENGINE_REASONS } from './reasons.js';
import type { Finding, ReasonCode, ReasonDef, RuleMeta, WarningCode } from './types.js';

/**
 * The words behind the codes of a report: each rule's metadata, and every reason and warning its rules
 * define (`RuleMeta.reasons` / `warnings`) plus the engine's reasons. Built from the registry a scan ran
 * with and carried in its Report (`Report.rules`), so reporters never look a rule up globally and a new
 * reason is written in its rule's folder only.
 *
 * One code, one meaning: HTML and SARIF show a reason's words per code, not per rule, so two different
 * definitions of one code are refused (rules share a reason by sharing the same object).
 */
export class RuleCatalog {
  readonly #rules = new Map<string, RuleMeta>();
  readonly #reasons = new Map<ReasonCode, ReasonDef>();
  readonly #warnings = new Map<WarningCode, string>();

  constructor(rules: readonly RuleMeta[]) {
    for (const meta of rules) {
      this.#rules.set(meta.id, meta);
      for (const [code, def] of Object.entries(meta.reasons ?? {}))
        this.#add(this.#reasons, code, def, meta.id);
      for (const [code, text] of Object.entries(meta.warnings ?? {}))
        this.#add(this.#warnings, code, text, meta.id);
    }
    for (const [code, def] of Object.entries(ENGINE_REASONS)) this.#add(this.#reasons, code, def, 'engine');
  }

  #add<T>(map: Map<string, T>, code: string, def: T, owner: string): void {
    const known = map.get(code);
    if (known !== undefined && known !== def) {
      throw new Error(`${owner} defines ${code} again, differently: share the one definition instead`);
    }
    map.set(code, def);
  }

  rule(id: string): RuleMeta | undefined {
    return this.#rules.get(id);
  }

  reason(code: ReasonCode): ReasonDef | undefined {
    return this.#reasons.get(code);
  }

  /** The reason in words; an unknown code (a report of another version) stands for itself. */
  reasonText(code: ReasonCode): string {
    return this.#reasons.get(code)?.text ?? code;
  }

  warningText(code: WarningCode): string {
    return this.#warnings.get(code) ?? code;
  }

  /** The fingerprint family (ReasonDef.family); an unknown code is a family of its own. */
  family(code: ReasonCode): string {
    return this.#reasons.get(code)?.family ?? code;
  }

  /** The one-line fix for this finding: from its evidence when the reason can say more, else the reason's. */
  fixHint(finding: Finding): string | undefined {
    const def = this.#reasons.get(finding.reason);
    return def?.fixFor?.(finding) ?? def?.fix;
  }

  /** Every reason's words by code, rules' (in registry order) before the engine's: the HTML page's table. */
  reasonTexts(): Record<ReasonCode, string> {
    return Object.fromEntries([...this.#reasons].map(([code, def]) => [code, def.text]));
  }

  warningTexts(): Record<WarningCode, string> {
    return Object.fromEntries(this.#warnings);
  }

  /** Not part of the report's JSON (report@1): `JSON.stringify` and the json reporter leave it out. */
  toJSON(): undefined {
    return undefined;
  }
}

/** The engine's reasons alone: what a report read back from JSON (without its registry) can be told in words. */
export const ENGINE_CATALOG = new RuleCatalog([]);

/** The catalog of a report: the registry it carries, else the engine's reasons only. */
export function catalogOf(report: { rules?: RuleCatalog }): RuleCatalog {
  return report.rules ?? ENGINE_CATALOG;
}
