import { Help } from '@commander-js/extra-typings';
import type { CliIO } from '../io.js';
import type { Program } from '../options.js';

type Register = (program: Program, io: CliIO) => void;

interface CommandEntry {
  name: string;
  /** How `trailguard --help` lists it (what commander prints for the fully registered command). */
  term: string;
  description: string;
  load: () => Promise<Register>;
}

/**
 * Every command: one entry each. A command's module (with the sources, rules, emulator or AWS SDK it
 * needs) is imported only when that command runs or its help is asked for; `trailguard --help` lists
 * the others from `term` and `description`, which test/cli/startup.test.ts keeps equal to the modules'.
 */
export const COMMANDS: readonly CommandEntry[] = [
  {
    name: 'scan',
    term: 'scan [options] [paths...]',
    description: 'scan live AWS (default), a snapshot, Terraform, a plan JSON, CloudFormation or cdk.out',
    load: async () => (await import('./scan.js')).registerScan,
  },
  {
    name: 'collect',
    term: 'collect [options]',
    description:
      'read live AWS and write the trailguard/inventory@1 snapshot (evaluate it later with scan --snapshot)',
    load: async () => (await import('./collect.js')).registerCollect,
  },
  {
    name: 'fix',
    term: 'fix [options] [paths...]',
    description:
      'plan (default), apply or undo the fix of non-compliant buckets; or write it as a CLI/IaC patch',
    load: async () => (await import('./fix.js')).registerFix,
  },
  {
    name: 'demo',
    term: 'demo [options]',
    description:
      'scan a built-in example AWS Organization served by the local emulator (no AWS account needed)',
    load: async () => (await import('./demo.js')).registerDemo,
  },
  {
    name: 'diff',
    term: 'diff [options] <old> <new>',
    description: 'compare two JSON reports: failing findings that are new, fixed or changed',
    load: async () => (await import('./diff.js')).registerDiff,
  },
  {
    name: 'rules',
    term: 'rules [options]',
    description: 'list the rules',
    load: async () => (await import('./rules.js')).registerRules,
  },
  {
    name: 'explain',
    term: 'explain [options] <rule-id>',
    description: 'print the documentation of a rule (what, why, how to audit and fix)',
    load: async () => (await import('./explain.js')).registerExplain,
  },
  {
    name: 'aws-config',
    term: 'aws-config',
    description: 'run trailguard as an AWS Config custom rule (invoke the Lambda handler locally)',
    load: async () => (await import('./aws-config.js')).registerAwsConfig,
  },
  {
    name: 'emulator',
    term: 'emulator [options]',
    description: 'run the wire-level AWS emulator (for tests and demos, not a general AWS replacement)',
    load: async () => (await import('./emulator.js')).registerEmulator,
  },
];

/**
 * The command `argv` runs (or asks help for: `help scan`), if any: the first word that is not an
 * option. The program's own options (--debug, -V, -h) take no value, so no word is an option's value.
 */
export function invokedCommand(argv: readonly string[]): string | undefined {
  const words = argv.slice(2).filter((a) => !a.startsWith('-'));
  const name = words[0] === 'help' ? words[1] : words[0];
  return COMMANDS.some((c) => c.name === name) ? name : undefined;
}

/**
 * Registers every command, in help order: `only` (the one being run) or, when `all`, each one fully
 * from its module; the rest as name-and-summary placeholders, enough for the help listing and for
 * commander's "unknown command … did you mean" message.
 */
export async function registerCommands(
  program: Program,
  io: CliIO,
  load: { only?: string; all?: boolean } = {},
): Promise<void> {
  const placeholders = new Map<Program, string>();
  for (const entry of COMMANDS) {
    if (load.all || entry.name === load.only) {
      (await entry.load())(program, io);
      continue;
    }
    placeholders.set(program.command(entry.name).description(entry.description), entry.term);
  }
  const help = new Help();
  program.configureHelp({
    subcommandTerm: (cmd) => placeholders.get(cmd) ?? help.subcommandTerm(cmd),
  });
}
