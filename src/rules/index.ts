import { RuleCatalog } from '../engine/catalog.js';
import type { Rule } from '../engine/types.js';
import { cloudtrailBucketAccessLogging } from './aws-cloudtrail-bucket-access-logging/index.js';
import { s3BucketAccessLogging } from './aws-s3-bucket-access-logging/index.js';

/** The rule registry: adding a rule = one folder under src/rules/ plus one line here. */
export const rules: readonly Rule[] = [cloudtrailBucketAccessLogging, s3BucketAccessLogging];

export function findRule(id: string): Rule | undefined {
  return rules.find((rule) => rule.meta.id === id);
}

/**
 * The registry's catalog (rule docs, reason and warning words), for what has no report to read it from:
 * `trailguard diff` over two JSON reports, the fix plan's text. A scan's report carries its own.
 */
export const ruleCatalog = new RuleCatalog(rules.map((rule) => rule.meta));
