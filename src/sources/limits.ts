/**
 * The resource budget every input source works under (issue 11): limits on input size, evaluation work
 * and nesting, counted deterministically (never by wall clock), so a hostile or huge input ends in an
 * UNDETERMINED finding instead of a hang, an out-of-memory crash or a stack overflow.
 *
 * A source that hits a limit records an `InventoryError` with `code: 'BUDGET_EXCEEDED'` (see
 * `input-errors.ts`) naming the limit and how to raise it (`--limit NAME=N`), drops only that file or
 * resource, and goes on with the rest of the scan.
 */
import { UsageError } from '../errors.js';

export interface InputLimits {
  /** Largest IaC file (.tf, .tf.json, template, plan JSON, manifest) read, in bytes. */
  fileBytes: number;
  /** Largest snapshot file read, in bytes (snapshots are streamed, so this can be large). */
  snapshotBytes: number;
  /** Most files one directory walk reads. */
  files: number;
  /** Most instances one resource or module call may expand to (`count`, `for_each`), and in total per root module. */
  instances: number;
  /** Most expression-evaluation steps per root module / template. */
  evalSteps: number;
  /** Largest collection (list, set, map, string length in characters) an expression may build. */
  collectionSize: number;
  /** Deepest nesting of syntax, values, module calls or YAML aliases. */
  depth: number;
}

export const DEFAULT_LIMITS: Readonly<InputLimits> = Object.freeze({
  fileBytes: 16 * 1024 * 1024,
  snapshotBytes: 8 * 1024 * 1024 * 1024,
  files: 100_000,
  instances: 100_000,
  evalSteps: 20_000_000,
  collectionSize: 1_000_000,
  depth: 200,
});

/** Kebab-case names used by `--limit NAME=N` and in messages. */
export const LIMIT_FLAG_NAMES: Readonly<Record<keyof InputLimits, string>> = Object.freeze({
  fileBytes: 'file-bytes',
  snapshotBytes: 'snapshot-bytes',
  files: 'files',
  instances: 'instances',
  evalSteps: 'eval-steps',
  collectionSize: 'collection-size',
  depth: 'depth',
});

export function resolveLimits(overrides: Partial<InputLimits> = {}): InputLimits {
  return { ...DEFAULT_LIMITS, ...overrides };
}

/** Parses repeated `--limit NAME=N` flags (N accepts `k`, `M`, `G` suffixes: 1024-based for byte limits, 1000-based otherwise). */
export function parseLimitFlags(values: readonly string[]): Partial<InputLimits> {
  const byFlag = new Map(
    Object.entries(LIMIT_FLAG_NAMES).map(([key, flag]) => [flag, key as keyof InputLimits]),
  );
  const limits: Partial<InputLimits> = {};
  for (const raw of values) {
    const match = /^([a-z-]+)=(\d+)([kMG]?)$/.exec(raw.trim());
    const key = match ? byFlag.get(match[1] ?? '') : undefined;
    if (!match || !key) {
      throw new UsageError(
        `--limit expects NAME=N with NAME one of ${[...byFlag.keys()].join(', ')} (got "${raw}")`,
      );
    }
    const base = key.endsWith('Bytes') ? 1024 : 1000;
    const power = { '': 0, k: 1, M: 2, G: 3 }[match[3] as '' | 'k' | 'M' | 'G'];
    const value = Number(match[2]) * base ** power;
    if (!Number.isSafeInteger(value) || value <= 0)
      throw new UsageError(`--limit ${raw}: must be a positive integer`);
    limits[key] = value;
  }
  return limits;
}

/** Thrown inside a source when a budget is hit; the source catches it at file/resource level and records it. */
export class LimitExceeded extends Error {
  constructor(
    readonly limit: keyof InputLimits,
    readonly value: number,
    detail: string,
  ) {
    super(
      `${detail}: over the ${LIMIT_FLAG_NAMES[limit]} limit of ${value} (raise it with --limit ${LIMIT_FLAG_NAMES[limit]}=N)`,
    );
    this.name = 'LimitExceeded';
  }
}
