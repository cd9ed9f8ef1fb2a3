import type { Command } from 'commander';
import type { CliIO } from '../io.js';
import { registerCollect } from './collect.js';
import { registerDemo } from './demo.js';
import { registerEmulator } from './emulator.js';
import { registerExplain } from './explain.js';
import { registerFix } from './fix.js';
import { registerRules } from './rules.js';
import { registerScan } from './scan.js';

/** Every command registers itself here: one line per command. */
export function registerCommands(program: Command, io: CliIO): void {
  registerScan(program, io);
  registerCollect(program, io);
  registerFix(program, io);
  registerDemo(program, io);
  registerRules(program, io);
  registerExplain(program, io);
  registerEmulator(program, io);
}
