import type { Command } from 'commander';
import { UsageError } from '../../errors.js';
import { renderRuleDoc } from '../../rules/docs.js';
import { findRule, rules } from '../../rules/index.js';
import { sanitizeLines } from '../../util/sanitize.js';
import type { CliIO } from '../io.js';

export function registerExplain(program: Command, io: CliIO): void {
  program
    .command('explain')
    .description('print the documentation of a rule (what, why, how to audit and fix)')
    .argument('<rule-id>', 'rule id, from `trailguard rules`')
    .action((id: string) => {
      const rule = findRule(id);
      if (!rule) {
        throw new UsageError(`unknown rule "${id}" (known: ${rules.map((r) => r.meta.id).join(', ')})`);
      }
      io.stdout(sanitizeLines(renderRuleDoc(rule.meta)));
    });
}
