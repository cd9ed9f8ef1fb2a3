import { Option } from '@commander-js/extra-typings';
import { UsageError } from '../../errors.js';
import { renderRuleDoc } from '../../rules/docs.js';
import { findRule, rules } from '../../rules/index.js';
import { sanitizeLines } from '../../util/sanitize.js';
import { type CliIO, useColor } from '../io.js';
import { renderMarkdownForTerminal } from '../markdown-terminal.js';
import type { Program } from '../options.js';
import { terminalWidth } from '../output.js';

export function registerExplain(program: Program, io: CliIO): void {
  program
    .command('explain')
    .description('print the documentation of a rule (what, why, how to audit and fix)')
    .argument('<rule-id>', 'rule id, from `trailguard rules`')
    .addOption(
      new Option('-f, --format <format>', 'text (rendered for the terminal) or markdown (the raw document)')
        .choices(['text', 'markdown'])
        .default('text'),
    )
    .option('--no-color', 'no ANSI styles even on a terminal')
    .action((id, flags) => {
      const rule = findRule(id);
      if (!rule) {
        throw new UsageError(`unknown rule "${id}" (known: ${rules.map((r) => r.meta.id).join(', ')})`);
      }
      const markdown = sanitizeLines(renderRuleDoc(rule.meta));
      io.stdout(
        flags.format === 'markdown'
          ? markdown
          : renderMarkdownForTerminal(markdown, {
              color: useColor(io, flags.color),
              ...(terminalWidth(io) === undefined ? {} : { width: terminalWidth(io) }),
            }),
      );
    });
}
