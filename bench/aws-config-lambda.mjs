#!/usr/bin/env node
// Cold start of the AWS Config rule's Lambda bundle (scripts/bundle-lambda.mjs), whole process, paired
// against `node -e 0` in each round (same machine load): (1) importing the bundle, what Lambda's init
// phase does with `index.handler`; (2) importing it and running one change event (TESTMODE: evaluated,
// not posted) against the emulator. Prints min/median/max, the bundle and zip sizes and the load
// average. Needs `npm run build`. Knobs: BENCH_LAMBDA_ROUNDS (default 10).
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { reportBench } from './_report.mjs';

const ROUNDS = Number(process.env.BENCH_LAMBDA_ROUNDS ?? 10);
const root = fileURLToPath(new URL('../', import.meta.url));
const work = mkdtempSync(join(tmpdir(), 'tg-bench-lambda-'));
const { startEmulator } = await import(join(root, 'dist/emulator/index.js'));
const { logDeliveryPolicy, scenario } = await import(join(root, 'dist/emulator/index.js'));

const stats = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return { min: s[0], median: s[Math.floor(s.length / 2)], max: s[s.length - 1] };
};
const ms = (x) => `${x.toFixed(0)} ms`;
const A = '111111111111';

/** Wall time of one child process (spawned asynchronously: the emulator answers from this process). */
function timed(args, env) {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, args, { cwd: work, env, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (c) => {
      stderr += c;
    });
    child.on('close', (code) => {
      const wall = performance.now() - started;
      if (code === 0) resolve(wall);
      else reject(new Error(`${args.join(' ')} exited with ${code}: ${stderr}`));
    });
  });
}

const emu = await startEmulator(
  scenario()
    .regions(['us-east-1'])
    .account({ id: A, name: 'a' })
    .trail({ name: 'main', account: A, homeRegion: 'us-east-1', bucket: 'ct-logs' })
    .bucket({
      name: 'ct-logs',
      account: A,
      region: 'us-east-1',
      logging: { targetBucket: 'logs', targetPrefix: 'ct/' },
    })
    .bucket({ name: 'logs', account: A, region: 'us-east-1', policy: logDeliveryPolicy('logs', A) })
    .build(),
);
try {
  execFileSync(process.execPath, [join(root, 'scripts/bundle-lambda.mjs'), '--out', work], { stdio: 'pipe' });
  const bundle = join(work, 'index.mjs');
  const zip = join(work, 'trailguard-aws-config.zip');
  const item = {
    configurationItemCaptureTime: '2026-03-01T10:00:00.000Z',
    awsAccountId: A,
    configurationItemStatus: 'OK',
    resourceType: 'AWS::S3::Bucket',
    resourceId: 'logs',
    resourceName: 'logs',
    awsRegion: 'us-east-1',
  };
  writeFileSync(
    join(work, 'event.json'),
    JSON.stringify({
      invokingEvent: JSON.stringify({
        configurationItem: item,
        messageType: 'ConfigurationItemChangeNotification',
      }),
      ruleParameters: '{}',
      resultToken: 'TESTMODE',
      eventLeftScope: false,
      accountId: A,
    }),
  );
  writeFileSync(
    join(work, 'invoke.mjs'),
    "import { readFileSync } from 'node:fs';\nconst { handler } = await import('./index.mjs');\nawait handler(JSON.parse(readFileSync('./event.json', 'utf8')));\n",
  );
  const keys = emu.credentialsFor(A);
  const env = {
    PATH: process.env.PATH ?? '',
    AWS_ACCESS_KEY_ID: keys.accessKeyId,
    AWS_SECRET_ACCESS_KEY: keys.secretAccessKey,
    AWS_REGION: 'us-east-1',
    AWS_ENDPOINT_URL: emu.endpoint,
    AWS_CONFIG_FILE: join(work, 'none'),
    AWS_SHARED_CREDENTIALS_FILE: join(work, 'none'),
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  };
  const mb = (f) => statSync(f).size / 1024 / 1024;
  console.log(
    `aws-config Lambda bundle: ${mb(bundle).toFixed(2)} MB (zip ${mb(zip).toFixed(2)} MB); ${ROUNDS} paired rounds; load average before: ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
  );
  const cases = [
    { name: 'import', args: ['--input-type=module', '-e', "await import('./index.mjs')"] },
    { name: 'import-and-one-change-event', args: ['invoke.mjs'] },
  ];
  for (const c of cases) {
    const base = [];
    const own = [];
    for (let i = 0; i < ROUNDS; i++) {
      base.push(await timed(['-e', '0'], env));
      own.push(await timed(c.args, env));
    }
    const b = stats(base);
    const o = stats(own);
    console.log(
      `  ${c.name.padEnd(28)} ${ms(o.min)} / ${ms(o.median)} / ${ms(o.max)} (min/median/max); node -e 0 ${ms(b.min)} / ${ms(b.median)} / ${ms(b.max)}; ` +
        `median - node -e 0: ${ms(o.median - b.median)}; load average after: ${loadavg()
          .map((l) => l.toFixed(2))
          .join(' ')}`,
    );
    reportBench({
      name: `aws-config-lambda-${c.name}`,
      wall: o.median,
      lowerBound: b.median,
      min: Math.round(o.min),
      max: Math.round(o.max),
      rounds: ROUNDS,
      bundleMb: Math.round(mb(bundle) * 100) / 100,
      zipMb: Math.round(mb(zip) * 100) / 100,
    });
  }
} finally {
  await emu.stop();
  rmSync(work, { recursive: true, force: true });
}
