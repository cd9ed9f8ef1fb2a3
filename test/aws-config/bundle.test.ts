/**
 * The single-file Lambda bundle (scripts/bundle-lambda.mjs) runs on its own: copied to a folder with no
 * node_modules anywhere above it, loaded by a bare `node` as Lambda loads `index.handler`, it reads the
 * emulated account through AWS_ENDPOINT_URL and the environment's credentials and posts its evaluations.
 * Needs the tsc output (`npm run build`), as `npm test` builds first.
 */
import { execFileSync, spawn } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startEmulator } from '../../src/emulator/index.js';
import { bucketChange } from './events.js';
import { A, configScenario, KEYS } from './scenario.js';

const work = mkdtempSync(join(tmpdir(), 'tg-lambda-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('Lambda bundle', () => {
  it.skipIf(!existsSync('dist/integrations/aws-config/lambda.js'))(
    'is one self-contained file that runs the handler with no node_modules',
    async () => {
      execFileSync(process.execPath, ['scripts/bundle-lambda.mjs', '--out', join(work, 'out')], {
        stdio: 'pipe',
      });
      const bundle = join(work, 'out', 'index.mjs');
      expect(statSync(bundle).size).toBeLessThan(2 * 1024 * 1024);
      // Only Node built-ins are imported statically (the EC2 fallback is a dynamic import of the runtime's SDK).
      const text = readFileSync(bundle, 'utf8');
      const imported = [...text.matchAll(/(?:^|[;}])import[^"`]*?from\s*"([^"]+)"/g)].map((m) => m[1]);
      expect(imported.length).toBeGreaterThan(0);
      expect(imported.filter((name) => !name?.startsWith('node:'))).toEqual([]);
      expect(
        [...text.matchAll(/import\(`([^`]+)`\)/g)]
          .map((m) => m[1])
          .filter((name) => !name?.startsWith('node:')),
      ).toEqual(['@aws-sdk/client-ec2', '@aws-sdk/client-ec2']);
      expect(existsSync(join(work, 'out', 'trailguard-aws-config.zip'))).toBe(true);
      const task = join(work, 'task');
      mkdirSync(task);
      copyFileSync(bundle, join(task, 'index.mjs'));
      const emu = await startEmulator(configScenario(), { seed: 2 });
      try {
        const event = bucketChange(
          { account: A, token: emu.config.resultToken(A, 'lambda'), ruleName: 'lambda' },
          'access-logs',
        );
        writeFileSync(join(task, 'event.json'), JSON.stringify(event));
        const runner = `import { handler } from './index.mjs';
import { readFileSync } from 'node:fs';
const result = await handler(JSON.parse(readFileSync('./event.json', 'utf8')));
process.stderr.write(JSON.stringify(result));`;
        writeFileSync(join(task, 'run.mjs'), runner);
        const child = await new Promise<{ stdout: string; stderr: string; code: number | null }>((done) => {
          const p = spawn(process.execPath, ['run.mjs'], {
            cwd: task,
            env: {
              PATH: process.env.PATH ?? '',
              AWS_ACCESS_KEY_ID: KEYS.accessKeyId,
              AWS_SECRET_ACCESS_KEY: KEYS.secretAccessKey,
              AWS_REGION: 'us-east-1',
              AWS_ENDPOINT_URL: emu.endpoint,
              AWS_CONFIG_FILE: join(task, 'none'),
              AWS_SHARED_CREDENTIALS_FILE: join(task, 'none'),
              AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
            },
          });
          let stdout = '';
          let stderr = '';
          p.stdout.on('data', (c: Buffer) => {
            stdout += c;
          });
          p.stderr.on('data', (c: Buffer) => {
            stderr += c;
          });
          p.on('close', (code) => done({ stdout, stderr, code }));
        });
        expect(child.stderr).toBe(
          JSON.stringify({ rule: 'aws-cloudtrail-bucket-access-logging', evaluations: 2, posted: true }),
        );
        expect(child.code).toBe(0);
        // The handler's one log line per invocation.
        expect(JSON.parse(child.stdout)).toEqual({
          trailguard: 'aws-config',
          rule: 'aws-cloudtrail-bucket-access-logging',
          configRule: 'lambda',
          trigger: 'change',
          evaluations: { NOT_APPLICABLE: 1, COMPLIANT: 1 },
          posted: true,
        });
        expect(emu.config.results(A, 'lambda').map((r) => `${r.resourceId} ${r.complianceType}`)).toEqual([
          'access-logs NOT_APPLICABLE',
          'ct-logs COMPLIANT',
        ]);
      } finally {
        await emu.stop();
      }
    },
    120_000,
  );
});
