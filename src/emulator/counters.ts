import type { Counters } from './api.js';

/** Request counters: every request received is counted, including SDK retries and rejected calls. */
export class RequestCounters implements Counters {
  private count = 0;
  private ops = new Map<string, number>();
  private accounts = new Map<string, Map<string, number>>();

  record(key: string, account: string | undefined): void {
    this.count++;
    this.ops.set(key, (this.ops.get(key) ?? 0) + 1);
    if (account === undefined) return;
    let perAccount = this.accounts.get(account);
    if (!perAccount) {
      perAccount = new Map();
      this.accounts.set(account, perAccount);
    }
    perAccount.set(key, (perAccount.get(key) ?? 0) + 1);
  }

  total(): number {
    return this.count;
  }

  byOperation(): Record<string, number> {
    return Object.fromEntries(this.ops);
  }

  byAccount(): Record<string, Record<string, number>> {
    const out: Record<string, Record<string, number>> = {};
    for (const [account, perAccount] of this.accounts) out[account] = Object.fromEntries(perAccount);
    return out;
  }

  reset(): void {
    this.count = 0;
    this.ops.clear();
    this.accounts.clear();
  }
}
