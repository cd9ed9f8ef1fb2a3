import type { Rule } from '../engine/types.js';
import { cloudtrailBucketAccessLogging } from './aws-cloudtrail-bucket-access-logging/index.js';
import { s3BucketAccessLogging } from './aws-s3-bucket-access-logging/index.js';

/** The rule registry: adding a rule = one file under src/rules/ plus one line here. */
export const rules: readonly Rule[] = [cloudtrailBucketAccessLogging, s3BucketAccessLogging];

export function findRule(id: string): Rule | undefined {
  return rules.find((rule) => rule.meta.id === id);
}
