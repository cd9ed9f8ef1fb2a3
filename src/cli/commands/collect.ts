import type { Command } from 'commander';
import type { CliIO } from '../io.js';

export function registerCollect(_program: Command, _io: CliIO): void {
  // Not implemented yet: see the issue that owns `trailguard collect`.
}
