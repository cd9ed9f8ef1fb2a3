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
