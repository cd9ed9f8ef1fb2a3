/**
 * The evaluation budget of one root module (issue 11): expression steps, collection sizes and nesting
 * depth, counted deterministically from `InputLimits`. A hit throws `LimitExceeded`; config-eval.ts catches
 * it at the attribute (or root module) being evaluated, records one BUDGET_EXCEEDED error with its file and
 * line, and goes on with an unknown value — never a stack overflow, never a silent cap.
 */
import { type InputLimits, LimitExceeded, resolveLimits } from '../limits.js';

export class EvalBudget {
  private steps = 0;
  private nesting = 0;
  /** The deepest nesting reached (for the benchmark and the notes). */
  maxNesting = 0;

  constructor(readonly limits: InputLimits = resolveLimits()) {}

  /** Counts `n` units of work (one expression node, or one element a function touches). */
  step(n = 1): void {
    this.steps += n;
    if (this.steps > this.limits.evalSteps) {
      throw new LimitExceeded('evalSteps', this.limits.evalSteps, 'evaluating this root module');
    }
  }

  get used(): number {
    return this.steps;
  }

  /** Checks the size of a list, map or string an expression builds (the work is counted by `step`). */
  size(n: number, what: string): void {
    if (n > this.limits.collectionSize) {
      throw new LimitExceeded('collectionSize', this.limits.collectionSize, `${what} of ${n} elements`);
    }
  }

  /** One more level of nested evaluation (syntax nesting plus reference hops: local → local → …). */
  enter(): void {
    if (this.nesting >= this.limits.depth) {
      throw new LimitExceeded('depth', this.limits.depth, 'expression or reference chain nested too deeply');
    }
    this.nesting++;
    if (this.nesting > this.maxNesting) this.maxNesting = this.nesting;
  }

  leave(): void {
    this.nesting--;
  }
}

/** A budget exception, or a real stack overflow (the safety net behind the counted depth). */
export function budgetHit(error: unknown, limits: InputLimits): LimitExceeded | undefined {
  if (error instanceof LimitExceeded) return error;
  if (error instanceof RangeError && /call stack/i.test(error.message)) {
    return new LimitExceeded('depth', limits.depth, 'nesting too deep for the evaluator');
  }
  return undefined;
}
