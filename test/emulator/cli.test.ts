import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import type { EmulatorHandle } from '../../src/emulator/index.js';
import { DEMO_SCANNER } from '../../src/emulator/index.js';
import { memoryIO } from '../helpers/memory-io.js';
import { sts } from './helpers.js';

function fakeIO() {
  return memoryIO({ cwd: process.cwd() });
}

async function until(check: () => boolean, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('trailguard emulator', () => {
  it('serves the demo scenario, prints endpoint and credentials on stderr, stops on SIGTERM', async () => {
    const io = fakeIO();
    const before = new Set(process.listeners('SIGTERM'));
    const run = main(['node', 'trailguard', 'emulator', '--port', '0', '--scenario', 'demo'], io);
    await until(() => io.err.join('').includes('press Ctrl-C'));
    const text = io.err.join('');
    const endpoint = /export AWS_ENDPOINT_URL=(http:\/\/127\.0\.0\.1:\d+)/.exec(text)?.[1] ?? '';
    expect(endpoint).not.toBe('');
    expect(text).toContain(`export AWS_ACCESS_KEY_ID=${DEMO_SCANNER.accessKeyId}`);
    expect(io.out).toEqual([]);
    const handle = { endpoint, hostnameEndpoint: endpoint } as EmulatorHandle;
    const who = await sts(handle, {
      accessKeyId: DEMO_SCANNER.accessKeyId,
      secretAccessKey: DEMO_SCANNER.secretAccessKey,
    }).send(new GetCallerIdentityCommand({}));
    expect(who.Arn).toBe(`arn:aws:iam::${DEMO_SCANNER.account}:user/${DEMO_SCANNER.name}`);
    // Call only the listener the command added (emitting the signal would reach the test runner too).
    const ours = process.listeners('SIGTERM').filter((l) => !before.has(l));
    expect(ours).toHaveLength(1);
    (ours[0] as () => void)();
    expect(await run).toBe(0);
    expect(io.err.join('')).toMatch(/stopped after 1 requests/);
  });

  it('bad flags and files are one-line errors with exit code 2', async () => {
    const io = fakeIO();
    expect(await main(['node', 'trailguard', 'emulator', '--port', 'x'], io)).toBe(2);
    expect(io.err.join('')).toBe('trailguard: --port must be 0–65535, got x\n');
    const io2 = fakeIO();
    expect(
      await main(['node', 'trailguard', 'emulator', '--port', '0', '--scenario', 'no-such-file.json'], io2),
    ).toBe(2);
    expect(io2.err.join('')).toMatch(/^trailguard: cannot read scenario file no-such-file\.json: ENOENT\n$/);
  });
});
