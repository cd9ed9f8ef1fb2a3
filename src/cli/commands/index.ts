import type { Command } from 'commander';
import type { CliIO } from '../io.js';
import { registerExplain } from './explain.js';
import { registerRules } from './rules.js';
import { registerScan } from './scan.js';

/** Every command registers itself here: one line per command. */
export function registerCommands(program: Command, io: CliIO): void {
  registerScan(program, io);
  registerRules(program, io);
  registerExplain(program, io);
}
