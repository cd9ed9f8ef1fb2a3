/**
 * The findings AWS Security Hub holds (what BatchImportFindings stored), kept in the World; apart from the
 * service's table so the World does not import the handlers that import the World.
 */

export interface StoredFinding {
  account: string;
  region: string;
  finding: Record<string, unknown>;
}

/** Imported findings: account → Region → `ProductArn\u0000Id` → the latest version. */
export class SecurityHubStore {
  private readonly byKey = new Map<string, StoredFinding>();

  put(account: string, region: string, finding: Record<string, unknown>): void {
    const key = `${account}\u0000${region}\u0000${String(finding.ProductArn)}\u0000${String(finding.Id)}`;
    // A new version replaces the old one (Security Hub updates the finding in place).
    this.byKey.delete(key);
    this.byKey.set(key, { account, region, finding: structuredClone(finding) });
  }

  /** Every stored finding, oldest import first; only `account`'s when given. */
  list(account?: string): StoredFinding[] {
    return [...this.byKey.values()].filter((f) => account === undefined || f.account === account);
  }
}
