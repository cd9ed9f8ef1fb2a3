/** One writer per plan format, behind a map (the reporters' pattern). Each is a pure (plan) => string. */
import type { FixPlan } from '../types.js';
import { writeCli } from './cli.js';
import { writeCloudFormation } from './cloudformation.js';
import { writeJson } from './json.js';
import { writeTerraform } from './terraform.js';
import { writeText } from './text.js';

export const planWriters = {
  text: writeText,
  json: writeJson,
  cli: writeCli,
  terraform: writeTerraform,
  cloudformation: writeCloudFormation,
} satisfies Record<string, (plan: FixPlan) => string>;

export type PlanFormat = keyof typeof planWriters;

export function isPlanFormat(name: string): name is PlanFormat {
  return Object.hasOwn(planWriters, name);
}
