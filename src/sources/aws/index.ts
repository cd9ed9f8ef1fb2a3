import { UsageError } from '../../errors.js';
import type { SourceResult } from '../types.js';
import type { AwsOptions } from './options.js';

/** Live AWS collector (DESIGN 5.1). */
export async function collectAws(_options: AwsOptions): Promise<SourceResult> {
  throw new UsageError('live AWS scanning is not implemented yet; use --snapshot');
}
