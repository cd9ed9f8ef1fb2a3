/** What an IaC editor returns: new file contents (pure: the caller reads and writes the files). */
export interface FileChange {
  /** Path as the scan reported it (relative to the scanned folder, `/` separators). */
  file: string;
  /** null: a new file. */
  before: string | null;
  after: string;
}

export interface IacEdits {
  changes: FileChange[];
  /** Fixes that cannot be written safely: exactly what to change by hand. */
  manual: string[];
  /** Remarks about what was written (a module edit applies to every instance…). */
  notes: string[];
}

/** The text of the scanned files the editors may read (by scan path); null when not readable. */
export type ReadSource = (file: string) => string | null;
/** The `.tf` files (scan paths) of a folder (scan path, '' for the top). */
export type ListFolder = (folder: string) => string[];

export function emptyEdits(): IacEdits {
  return { changes: [], manual: [], notes: [] };
}

/**
 * A plan value (JSON) rebuilt with every string put through `leaf` — the template's own way of writing a
 * bucket name or account (Terraform references, CloudFormation intrinsics). Null as soon as one string cannot
 * be written, so a statement is either translated whole or not at all. `V` is the editor's value type: its
 * leaves and arrays/objects of them.
 */
export function mapStringsDeep<V>(value: unknown, leaf: (text: string) => V | null): V | null {
  if (typeof value === 'string') return leaf(value);
  if (Array.isArray(value)) {
    const out: V[] = [];
    for (const v of value) {
      const t = mapStringsDeep(v, leaf);
      if (t === null) return null;
      out.push(t);
    }
    return out as V;
  }
  if (value && typeof value === 'object') {
    const out: Record<string, V> = {};
    for (const [k, v] of Object.entries(value)) {
      const t = mapStringsDeep(v, leaf);
      if (t === null) return null;
      out[k] = t;
    }
    return out as V;
  }
  return value as V;
}
