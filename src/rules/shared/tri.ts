/**
 * Three-valued logic for facts the inventory may not settle. `unknown` is an honest answer: a rule that
 * meets it reports TARGET_UNVERIFIED or UNDETERMINED, never a guessed verdict.
 */
export type Tri = 'yes' | 'no' | 'unknown';

export function triAnd(...values: Tri[]): Tri {
  if (values.includes('no')) return 'no';
  return values.includes('unknown') ? 'unknown' : 'yes';
}

export function triOr(...values: Tri[]): Tri {
  if (values.includes('yes')) return 'yes';
  return values.includes('unknown') ? 'unknown' : 'no';
}

export function triNot(value: Tri): Tri {
  if (value === 'unknown') return value;
  return value === 'yes' ? 'no' : 'yes';
}

export function triOf(value: boolean): Tri {
  return value ? 'yes' : 'no';
}
