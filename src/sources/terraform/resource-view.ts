/**
 * The format-neutral view of one Terraform resource instance that the Inventory builder reads.
 * HCL (config-eval.ts) and plan JSON (plan.ts) both produce it, so linking logic exists once.
 */
import type { SourceLocation } from '../../inventory/model.js';
import type { Unknown, Value } from './values.js';

export interface BlockView {
  /** The attribute's value; `undefined` when the configuration does not set it. */
  attr(name: string): Value | undefined;
  /** Nested blocks of that type (dynamic blocks expanded); `Unknown` when their number is not known statically. */
  blocks(name: string): BlockView[] | Unknown;
  /**
   * The address of the resource instance the attribute refers to directly (`aws_s3_bucket.x[0].id`),
   * even when its value is known: linking by reference beats linking by name (names may repeat).
   */
  refOf?(name: string): string | undefined;
  /** The attribute's expression and file:line (`target_bucket = aws_s3_bucket.logs[0].id (main.tf:12)`), for messages. */
  describe?(name: string): string;
}

export interface ResourceView extends BlockView {
  mode: 'managed' | 'data';
  type: string;
  /** Full address with module path and instance key: `module.logs.aws_s3_bucket.this["a"]`. */
  address: string;
  location: SourceLocation;
  /** The provider's Region when it is known statically. */
  region?: string;
  /** How the configuration names the provider's account (`${aws_account_id}` or a pinned account id). */
  accountSymbol?: string;
}
