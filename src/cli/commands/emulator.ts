import type { Command } from 'commander';
import type { CliIO } from '../io.js';

export function registerEmulator(_program: Command, _io: CliIO): void {
  // Not implemented yet: see the issue that owns `trailguard emulator`.
}
