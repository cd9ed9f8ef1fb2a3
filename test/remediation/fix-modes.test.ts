/**
 * `trailguard fix` refuses the combinations of plan / apply / undo / --write and inputs that cannot work:
 * one line, exit 2, before anything is read (the snapshot and undo file named here do not exist, and no
 * AWS endpoint is reachable).
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { memoryIO } from '../helpers/memory-io.js';

const MISSING = join(import.meta.dirname, 'no-such-file.json');

describe('fix mode checks', () => {
  it.each([
    [['--apply', '--undo', MISSING, '--yes'], 'use either --apply or --undo, not both'],
    [['--apply'], '--apply needs --yes when stdin is not a terminal (nothing to confirm with)'],
    [['--undo', MISSING], '--undo needs --yes when stdin is not a terminal (nothing to confirm with)'],
    [
      ['--apply', '--yes', '--snapshot', MISSING],
      '--apply works on live AWS only; --snapshot and paths are for planning',
    ],
    [
      ['--undo', MISSING, '--yes', 'infra'],
      '--undo works on live AWS only; --snapshot and paths are for planning',
    ],
    [['--snapshot', MISSING, 'infra'], 'give either --snapshot or paths, not both'],
    [
      ['--write'],
      '--write edits the Terraform / CloudFormation files given as paths; not with --apply, --undo or -f',
    ],
    [
      ['infra', '--write', '-f', 'json'],
      '--write edits the Terraform / CloudFormation files given as paths; not with --apply, --undo or -f',
    ],
    [['--snapshot', MISSING, '--force'], '--force is for --undo'],
    [['--undo', MISSING, '--yes', '-f', 'cli'], '--undo reports as text or json'],
    [['--target-bucket', 'Bad_Name', '--apply'], '--target-bucket: "Bad_Name" is not a valid bucket name'],
  ])('fix %j → %s', async (args, message) => {
    const io = memoryIO({ env: { AWS_ENDPOINT_URL: 'http://127.0.0.1:9' } });
    const code = await main(['node', 'trailguard', 'fix', ...args], io);
    expect({ code, stderr: io.err.join(''), stdout: io.out.join('') }).toEqual({
      code: 2,
      stderr: `trailguard: ${message}\n`,
      stdout: '',
    });
  });
});
