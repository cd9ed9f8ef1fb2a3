import { ruleMetaJson } from '../../rules/docs.js';
import { rules } from '../../rules/index.js';
import type { CliIO } from '../io.js';
import type { Program } from '../options.js';

export function registerRules(program: Program, io: CliIO): void {
  program
    .command('rules')
    .description('list the rules')
    .option('--json', 'as JSON (rule metadata)')
    .action((flags) => {
      if (flags.json) {
        io.stdout(
          `${JSON.stringify(
            rules.map((r) => ruleMetaJson(r.meta)),
            null,
            2,
          )}\n`,
        );
        return;
      }
      const width = Math.max(...rules.map((r) => r.meta.id.length), 2);
      for (const rule of rules) {
        io.stdout(`${rule.meta.id.padEnd(width)}  ${rule.meta.severity.padEnd(6)}  ${rule.meta.title}\n`);
      }
    });
}
