/**
 * A suppressions file read from disk (`--suppressions FILE`, `.trailguard.yaml`): through the bounded
 * reader of sources/files.ts (regular files only, size checked on the opened file, so a FIFO never blocks
 * and /dev/zero is never read), then parsed and checked by the engine (`parseSuppressions`, pure).
 */
import { parseSuppressions, type SuppressionRule } from './engine/suppressions.js';
import { InputError } from './errors.js';
import { readFileBounded } from './sources/files.js';

/** Far more than any hand-written list (a suppression entry is a few lines); the YAML is parsed whole. */
const MAX_SUPPRESSIONS_BYTES = 4 * 1024 * 1024;

/**
 * Reads a suppressions YAML file or the `suppressions:` key of a .trailguard.yaml; `shownAs` names it in
 * messages and in each entry's `source`. An unreadable or invalid file is a one-line InputError.
 */
export async function readSuppressionsFile(file: string, shownAs = file): Promise<SuppressionRule[]> {
  const read = await readFileBounded(file, MAX_SUPPRESSIONS_BYTES);
  switch (read.kind) {
    case 'text':
      return parseSuppressions(read.text, shownAs);
    case 'error':
      throw new InputError(`cannot read suppressions file ${shownAs}: ${read.error.code}`);
    case 'not-regular':
      throw new InputError(
        `cannot read suppressions file ${shownAs}: not a regular file (a folder, device or FIFO is never read)`,
      );
    case 'too-large':
      throw new InputError(
        `cannot read suppressions file ${shownAs}: larger than 4 MiB (${MAX_SUPPRESSIONS_BYTES} bytes)`,
      );
  }
}
