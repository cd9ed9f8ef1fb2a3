/**
 * The one way an input-validation message names a place in a JSON or YAML document (snapshots, undo
 * files, suppressions, emulator scenarios): `accounts[0].id`, as JavaScript and jq users read it, and
 * `(root)` for the document itself. Keys come from zod issue paths (`issue.path`), so any property key.
 */
export function formatJsonPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) out += typeof key === 'number' ? `[${key}]` : `${out ? '.' : ''}${String(key)}`;
  return out || '(root)';
}
