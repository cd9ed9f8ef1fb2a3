/** One writer per plan format, behind a map (the reporters' pattern). Each is a pure (plan) => string. */
import type { FixPlan } from '../types.js';
import { writeCli } from './cli.js';
import { writeCloudFormation } from './cloudformation.js';
import { writeJson } from './json.js';
import { writeTerraform } from './terraform.js';
import { writeText } from './text.js';

/** The plan formats, in the order `--help` lists them. */
export const PLAN_FORMATS = ['text', 'json', 'cli', 'terraform', 'cloudformation'] as const;

export type PlanFormat = (typeof PLAN_FORMATS)[number];

export const planWriters: Record<PlanFormat, (plan: FixPlan) => string> = {
  text: writeText,
  json: writeJson,
  cli: writeCli,
  terraform: writeTerraform,
  cloudformation: writeCloudFormation,
};
