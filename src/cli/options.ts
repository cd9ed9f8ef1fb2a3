/**
 * Typed CLI options: how a command declares and reads its flags.
 *
 * Every file under src/cli imports `Command` / `Option` from `@commander-js/extra-typings` (commander's
 * own classes at run time, with types that follow the declarations), never from `commander`. A command
 * declares its flags as a chain; shared groups (`addAwsOptions`, `addReportOptions`,
 * `addTerraformVariableOptions`) wrap the chain and add their flags where they stand in `--help`:
 *
 *   const command = addAwsOptions(
 *     program.command('x').argument('[paths...]', '…').option('--name <n>', '…').option('--all', '…'),
 *   );
 *   command.action(async (paths, flags) => {  // paths: string[]; flags: { name?: string; all?: true;
 *     const aws = awsOptionsFrom(flags, io);   //   profile?: string; … } — no annotation, no `as`
 *   });
 *
 * `.choices([...])` types a flag as the union of its values, a default removes `undefined`, `--no-x` is a
 * boolean, a parser's return type is the flag's type (`repeatable`: `string[]`). A group exports the type
 * of its flags (`AwsFlags = GroupFlags<typeof addAwsOptions>`) and its reader takes that type, so every
 * command that added the group passes its own flags object. Never `Record<string, unknown>` flags.
 *
 * A group is written with `optionGroup((command) => command.option(…)…)`: the chain runs on a bare command
 * (a concrete type TypeScript resolves at once), and the group copies the resulting Option objects onto the
 * real command. Chaining options on a generic `Command<A, O, G>` instead makes TypeScript's work grow
 * exponentially with the number of options (eleven AWS flags did not typecheck in minutes).
 */
import { Command, type CommandUnknownOpts, type OptionValues } from '@commander-js/extra-typings';

/** A command as the registry hands it to a module: typed by what the module declares on it. */
export type Program = CommandUnknownOpts;

/** Adds a group's options to a command, keeping the command's own arguments and flags in its type. */
export type AddOptions<F extends OptionValues> = <
  A extends unknown[],
  O extends OptionValues,
  G extends OptionValues,
>(
  command: Command<A, O, G>,
) => Command<A, O & F, G>;

/** The flags a group adds, as parsed. */
export type GroupFlags<T> = T extends AddOptions<infer F> ? F : never;

/**
 * A reusable group of options. `declare` is the group's chain of `.option` / `.addOption` calls; the
 * group's flag type is what that chain gives, so the type cannot drift from the declarations.
 */
export function optionGroup<F extends OptionValues>(
  declare: (command: Command) => Command<[], F, Record<never, never>>,
): AddOptions<F> {
  // (An overload: the implementation works on any command, the signature says what it adds.)
  function add<A extends unknown[], O extends OptionValues, G extends OptionValues>(
    command: Command<A, O, G>,
  ): Command<A, O & F, G>;
  function add(command: CommandUnknownOpts): CommandUnknownOpts {
    for (const option of declare(new Command()).options) command.addOption(option);
    return command;
  }
  return add;
}

/** Lets a flag be given several times (commander keeps only the last value otherwise). */
export function repeatable(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}
