/**
 * AWS Config rule results as the emulator keeps them: per account and rule name, the latest result
 * per resource (type + id). A rule exists once the emulator issued a ResultToken for it (what AWS
 * Config hands the rule's Lambda function in each event) — `handle.config.resultToken(account, rule)`
 * — or once the scenario declared it.
 */

export type ComplianceType = 'COMPLIANT' | 'NON_COMPLIANT' | 'NOT_APPLICABLE' | 'INSUFFICIENT_DATA';

export interface StoredEvaluation {
  resourceType: string;
  resourceId: string;
  complianceType: ComplianceType;
  annotation?: string;
  /** Epoch milliseconds. */
  orderingTimestamp: number;
  recordedAt: number;
  resultToken: string;
}

const TOKEN_PREFIX = 'emulator-config-result-token/';

interface TokenBody {
  a: string;
  r: string;
  n: number;
}

export class ConfigRuleStore {
  /** account → rule name → `type\u0000id` → result. */
  private readonly rules = new Map<string, Map<string, Map<string, StoredEvaluation>>>();
  private issued = 0;

  declare(account: string, rule: string): void {
    let byRule = this.rules.get(account);
    if (!byRule) {
      byRule = new Map();
      this.rules.set(account, byRule);
    }
    if (!byRule.has(rule)) byRule.set(rule, new Map());
  }

  exists(account: string, rule: string): boolean {
    return this.rules.get(account)?.has(rule) ?? false;
  }

  /** An opaque token naming the account and rule, as AWS Config puts in each event it sends the rule. */
  issueToken(account: string, rule: string): string {
    this.declare(account, rule);
    const body: TokenBody = { a: account, r: rule, n: ++this.issued };
    return TOKEN_PREFIX + Buffer.from(JSON.stringify(body), 'utf8').toString('base64url');
  }

  /** The account and rule a token was issued for; undefined for anything the emulator did not issue. */
  readToken(token: string): { account: string; rule: string } | undefined {
    if (!token.startsWith(TOKEN_PREFIX)) return undefined;
    try {
      const body = JSON.parse(
        Buffer.from(token.slice(TOKEN_PREFIX.length), 'base64url').toString('utf8'),
      ) as Partial<TokenBody>;
      if (typeof body.a !== 'string' || typeof body.r !== 'string') return undefined;
      return this.exists(body.a, body.r) ? { account: body.a, rule: body.r } : undefined;
    } catch {
      return undefined;
    }
  }

  /**
   * Stores one result. An evaluation older (by OrderingTimestamp) than the stored one does not replace
   * it: that timestamp is how AWS Config orders results that arrive out of order.
   */
  record(account: string, rule: string, evaluation: StoredEvaluation): void {
    this.declare(account, rule);
    const results = this.rules.get(account)?.get(rule) as Map<string, StoredEvaluation>;
    const key = `${evaluation.resourceType}\u0000${evaluation.resourceId}`;
    const old = results.get(key);
    if (old && old.orderingTimestamp > evaluation.orderingTimestamp) return;
    results.set(key, evaluation);
  }

  /** Results of a rule, sorted by resource type and id (a stable order for paging). */
  results(account: string, rule: string): StoredEvaluation[] {
    const results = this.rules.get(account)?.get(rule);
    if (!results) return [];
    return [...results.values()].sort(
      (x, y) =>
        x.resourceType.localeCompare(y.resourceType) ||
        (x.resourceId < y.resourceId ? -1 : x.resourceId > y.resourceId ? 1 : 0),
    );
  }
}
