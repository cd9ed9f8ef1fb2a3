import type { FaultKind, FaultRule } from './api.js';

/** mulberry32: a tiny seeded PRNG, so a fault run with the same seed and request order repeats exactly. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface FaultTarget {
  service: string;
  operation: string;
  account: string | undefined;
  /** Bucket name, or trail name and/or ARN. */
  resources: string[];
}

export interface FaultDecision {
  latencyMs: number;
  /** The non-latency fault to answer with, if one fired. */
  fault?: Exclude<FaultKind, { kind: 'latency' }>;
}

interface ActiveRule {
  rule: FaultRule;
  remaining: number;
}

/**
 * Fault rules in declaration order. Latency rules add up; the first other rule that fires decides
 * the answer. `times` counts the requests a rule actually fired on (a rate-limited rule that did not
 * fire does not use up its budget).
 */
export class FaultEngine {
  private rules: ActiveRule[] = [];
  private readonly random: () => number;
  /** Requests answered with a fault (latency alone does not count): lets a test show the faults fired. */
  private firedCount = 0;

  constructor(rules: readonly FaultRule[], seed: number) {
    this.random = seededRandom(seed);
    for (const r of rules) this.add(r);
  }

  add(rule: FaultRule): void {
    this.rules.push({ rule, remaining: rule.times ?? Number.POSITIVE_INFINITY });
  }

  clear(): void {
    this.rules = [];
  }

  decide(target: FaultTarget): FaultDecision {
    const decision: FaultDecision = { latencyMs: 0 };
    if (this.rules.length === 0) return decision;
    for (const active of this.rules) {
      const { rule } = active;
      if (active.remaining <= 0 || !matches(rule, target)) continue;
      if (rule.kind === 'latency') {
        active.remaining--;
        decision.latencyMs += rule.ms + (rule.jitterMs ? this.random() * rule.jitterMs : 0);
        continue;
      }
      if (decision.fault) continue;
      const rate = rule.kind === 'accessDenied' ? 1 : (rule.rate ?? 1);
      if (rate < 1 && this.random() >= rate) continue;
      active.remaining--;
      decision.fault = toKind(rule);
    }
    if (decision.fault) this.firedCount++;
    return decision;
  }

  fired(): number {
    return this.firedCount;
  }
}

function matches(rule: FaultRule, t: FaultTarget): boolean {
  if (rule.service !== undefined && rule.service.toLowerCase() !== t.service) return false;
  if (rule.operation !== undefined && rule.operation !== t.operation) return false;
  if (rule.account !== undefined && rule.account !== t.account) return false;
  if (rule.resource !== undefined && !t.resources.includes(rule.resource)) return false;
  return true;
}

function toKind(rule: FaultRule): Exclude<FaultKind, { kind: 'latency' }> {
  switch (rule.kind) {
    case 'accessDenied':
      return { kind: 'accessDenied' };
    case 'throttle':
      return { kind: 'throttle', rate: rule.rate };
    case 'serverError':
      return { kind: 'serverError', status: rule.status };
    case 'reset':
      return { kind: 'reset' };
    case 'hang':
      return { kind: 'hang' };
    case 'importFailure':
      return {
        kind: 'importFailure',
        ...(rule.errorCode !== undefined ? { errorCode: rule.errorCode } : {}),
        ...(rule.count !== undefined ? { count: rule.count } : {}),
      };
    case 'plainError':
      return {
        kind: 'plainError',
        status: rule.status,
        ...(rule.body !== undefined ? { body: rule.body } : {}),
        ...(rule.contentType !== undefined ? { contentType: rule.contentType } : {}),
      };
    default:
      throw new Error(`unreachable fault kind ${rule.kind}`);
  }
}
