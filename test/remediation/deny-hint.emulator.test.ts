/**
 * A log target blocked by an explicit Deny (issue 13): the fix hint names the Deny statement that
 * blocks it, not Object Lock / Requester Pays / SSE-KMS, in the text report (CLI, live scan against the
 * emulator) and in the per-finding reports (markdown).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { type EmulatorHandle, startEmulator } from '../../src/emulator/index.js';
import { memoryIO } from '../helpers/memory-io.js';

const A = '444444444444';
let handle: EmulatorHandle;
const saved = { ...process.env };

beforeAll(async () => {
  handle = await startEmulator(
    {
      regions: ['us-east-1'],
      accounts: [{ id: A, name: 'only' }],
      trails: [],
      buckets: [
        {
          name: 'a-source',
          account: A,
          region: 'us-east-1',
          logging: { targetBucket: 'a-denied-target', targetPrefix: 'src/' },
        },
        {
          name: 'a-denied-target',
          account: A,
          region: 'us-east-1',
          policy: {
            Version: '2012-10-17',
            Statement: [
              {
                Sid: 'AllowLogs',
                Effect: 'Allow',
                Principal: { Service: 'logging.s3.amazonaws.com' },
                Action: 's3:PutObject',
                Resource: 'arn:aws:s3:::a-denied-target/*',
              },
              {
                Sid: 'NoServiceWrites',
                Effect: 'Deny',
                Principal: '*',
                Action: 's3:PutObject',
                Resource: 'arn:aws:s3:::a-denied-target/*',
              },
            ],
          },
        },
      ],
    },
    {},
  );
  const credentials = handle.credentialsFor(A);
  Object.assign(process.env, {
    AWS_ACCESS_KEY_ID: credentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
    AWS_ENDPOINT_URL: handle.endpoint,
    AWS_REGION: 'us-east-1',
  });
  delete process.env.AWS_PROFILE;
});
afterAll(async () => {
  process.env = saved;
  await handle.stop();
});

async function scan(args: string[]) {
  const cli = memoryIO({ env: process.env });
  const code = await main(['node', 'trailguard', 'scan', ...args], cli);
  return { code, stdout: cli.out.join(''), stderr: cli.err.join('') };
}

describe('fix hint for a target blocked by an explicit Deny', () => {
  it('names the Deny statement, and not Object Lock, Requester Pays or SSE-KMS', async () => {
    for (const format of ['text', 'markdown']) {
      const { stdout } = await scan(['--format', format]);
      expect(stdout, format).toMatch(/TARGET_CANNOT_RECEIVE|cannot receive access logs/);
      // Markdown escapes parentheses; the words are the same.
      const oneLine = stdout.replace(/\s+/g, ' ').replace(/\\([()])/g, '$1');
      expect(oneLine, format).toContain(
        `narrow or remove the Deny statement "NoServiceWrites" in the target's bucket policy that blocks logging.s3.amazonaws.com (an explicit Deny overrides any Allow)`,
      );
      expect(oneLine, format).not.toMatch(/Object Lock|Requester Pays|SSE-KMS/);
    }
  }, 60_000);
});
