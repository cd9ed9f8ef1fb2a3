import type { ReasonDefs, Status } from './types.js';

/**
 * The engine's own reasons: what it reports about the input and the run whatever the rule (issue 10,
 * input-findings.ts; RULE_ERROR from run.ts). Rules may give them too (an account whose scan role could
 * not be assumed, a value IaC cannot evaluate) without listing them in their meta. They come last in
 * the catalog, after every rule's.
 */
export const ENGINE_REASONS = {
  ROLE_NOT_ASSUMABLE: {
    text: 'the scan role could not be assumed in the account, so nothing in it was read',
    family: 'unreadable',
    fix: 'create the scan role in that account (iam/) with a trust policy for the scanning principal, or leave the account out with --accounts',
  },
  INPUT_UNREADABLE: {
    text: 'a file or module of the input could not be read',
    family: 'input-error',
    fix: 'check that the file can be read (permissions, path, `terraform init` for modules)',
  },
  SYNTAX_ERROR: {
    text: 'a file of the input could not be parsed',
    family: 'input-error',
    fix: 'fix the syntax error at the given line (`terraform validate` / `cfn-lint`)',
  },
  VALUE_UNRESOLVED: {
    text: 'a value of the input could not be evaluated statically',
    family: 'unresolved',
    fix: 'give the value literally, or scan the Terraform plan JSON (`terraform show -json`)',
  },
  BUDGET_EXCEEDED: {
    text: 'a resource budget was hit, so a part of the input was not evaluated',
    family: 'input-error',
    fix: 'raise the named limit with --limit NAME=N if the input is trusted',
  },
  RULE_ERROR: {
    text: 'the rule failed while evaluating (a bug: please report it)',
    family: 'rule-error',
    fix: 'report this with the --debug output',
  },
} as const satisfies ReasonDefs;

export type EngineReasonCode = keyof typeof ENGINE_REASONS;

export const STATUS_TEXT: Record<Status, string> = {
  NON_COMPLIANT: 'Non-compliant',
  UNDETERMINED: 'Undetermined',
  COMPLIANT: 'Compliant',
  NOT_APPLICABLE: 'Not applicable',
};
