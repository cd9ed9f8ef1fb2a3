/**
 * `trailguard fix --apply` / `--undo` through the CLI (in process) against the emulator, in org mode:
 * the printed undo hint works as printed (the file carries role, external id, partition and Region);
 * a re-apply over an existing undo file and every tampered file are refused with one line, exit 2,
 * before any AWS call (counted by the emulator); the restore plan is printed under --yes.
 */

import { createHash } from 'node:crypto';
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { canonicalJson } from '../../src/remediation/s3-shapes.js';
import { type UndoFile, writeUndoFile } from '../../src/remediation/undo-file.js';
import { loadUndoKey } from '../../src/remediation/undo-key.js';
import { memoryIO } from '../helpers/memory-io.js';
import { AUDIT_ROLE, M, W } from './scenario.js';
import { bucketOf, type Fixture, start, undoScenario, writes } from './undo-setup.js';

const EXTERNAL_ID = 'tg-undo-external-id';
const saved = { ...process.env };
let f: Fixture;
let undoFile: string;
let applyArgs: string[];
let before: ReturnType<Fixture['handle']['snapshot']>;

async function run(args: string[], env: NodeJS.ProcessEnv = process.env) {
  const cli = memoryIO({ stdinIsTTY: false, env });
  const code = await main(['node', 'trailguard', 'fix', ...args], cli);
  return { code, stdout: cli.out.join(''), stderr: cli.err.join('') };
}

beforeAll(async () => {
  const spec = undoScenario();
  // The workload account's role needs an external id: the undo must take it from the file.
  const role = spec.accounts.find((a) => a.id === W)?.roles?.find((r) => r.name === AUDIT_ROLE);
  if (role) role.externalId = EXTERNAL_ID;
  f = await start(spec);
  const credentials = f.handle.credentialsFor(M, 'scanner');
  Object.assign(process.env, {
    AWS_ACCESS_KEY_ID: credentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
    AWS_ENDPOINT_URL: f.handle.endpoint,
    AWS_REGION: 'us-east-1',
  });
  delete process.env.AWS_PROFILE;
  delete process.env.TRAILGUARD_UNDO_KEY;
  before = f.handle.snapshot();
  undoFile = f.undoFile;
  applyArgs = [
    '--org',
    '--role-name',
    AUDIT_ROLE,
    '--external-id',
    EXTERNAL_ID,
    '--target-bucket',
    'us-east-1=w-central',
    '--apply',
    '--yes',
    '--undo-file',
    undoFile,
  ];
  const applied = await run(applyArgs);
  if (applied.code !== 0) throw new Error(`apply failed: ${applied.stderr}${applied.stdout}`);
  expect(applied.stdout).toContain(`Undo with: trailguard fix --undo ${undoFile}\n`);
}, 60_000);

afterAll(async () => {
  process.env = saved;
  await f.stop();
});

/** Runs `fix --undo FILE --yes` and checks: exit 2, exactly `line` on stderr, no AWS request at all. */
async function expectRefused(file: string, line: string | RegExp, env: NodeJS.ProcessEnv = process.env) {
  const requests = f.handle.counters.total();
  const result = await run(['--undo', file, '--yes'], env);
  if (typeof line === 'string') expect(result.stderr).toBe(`trailguard: ${line}\n`);
  else {
    expect(result.stderr.split('\n')).toHaveLength(2);
    expect(result.stderr).toMatch(line);
  }
  expect(result.code).toBe(2);
  expect(result.stdout).toBe('');
  expect(f.handle.counters.total()).toBe(requests);
}

function variant(name: string, edit: (data: UndoFile) => unknown): string {
  const data = JSON.parse(readFileSync(undoFile, 'utf8')) as UndoFile;
  const file = join(f.dir, `${name}.json`);
  writeFileSync(file, `${JSON.stringify(edit(data), null, 2)}\n`);
  return file;
}

describe('fix --apply / --undo through the CLI, org mode', () => {
  it('records the scope the undo needs', () => {
    const data = JSON.parse(readFileSync(undoFile, 'utf8')) as UndoFile;
    expect(data.schema).toBe('trailguard/fix-undo@2');
    expect(data.scope).toEqual({
      partition: 'aws',
      region: 'us-east-1',
      roleName: AUDIT_ROLE,
      externalId: EXTERNAL_ID,
      accounts: [W],
      buckets: expect.arrayContaining(['w-central', 'w-app-1', `${W}-eu-west-1-s3-access-logs`]),
      actions: ['s3:DeleteBucket', 's3:DeleteBucketPolicy', 's3:PutBucketLogging', 's3:PutBucketPolicy'],
    });
    expect(data.integrity).toMatchObject({ sha256: expect.stringMatching(/^[0-9a-f]{64}$/) });
  });

  it('re-applying with the same --undo-file: one line, exit 2, no AWS request, the file unchanged', async () => {
    const bytes = readFileSync(undoFile, 'utf8');
    const requests = f.handle.counters.total();
    const again = await run(applyArgs);
    expect(again.stderr).toBe(
      `trailguard: undo file ${undoFile} already exists: it may be the only record of an earlier apply; pass another --undo-file (nothing was changed)\n`,
    );
    expect(again.code).toBe(2);
    expect(f.handle.counters.total()).toBe(requests);
    expect(readFileSync(undoFile, 'utf8')).toBe(bytes);
  });

  it('refuses tampered or unverifiable undo files with one line, exit 2, before any AWS call', async () => {
    const edited = variant('edited', (d) => {
      const e = d.entries.find((x) => x.kind === 'logging');
      if (e) e.bucket = 'w-good';
      return d;
    });
    await expectRefused(
      edited,
      `undo file ${edited}: content does not match its SHA-256: the file was changed after trailguard wrote it; refused`,
    );

    // An attacker recomputes the SHA-256 but cannot compute the HMAC without the key.
    const rehashed = variant('rehashed', (d) => {
      const e = d.entries.find((x) => x.kind === 'logging');
      if (e?.kind === 'logging') e.previous = { TargetBucket: 'attacker-bucket', TargetPrefix: '' };
      const { integrity, ...content } = d;
      integrity.sha256 = createHash('sha256').update(canonicalJson(content)).digest('hex');
      return { ...content, integrity };
    });
    await expectRefused(
      rehashed,
      `undo file ${rehashed}: HMAC does not match: the file was changed after trailguard wrote it; refused`,
    );

    const otherKey = { ...process.env, TRAILGUARD_UNDO_KEY: 'k'.repeat(40) };
    const theirs = (await loadUndoKey(otherKey, { create: false })).id;
    const ours = (await loadUndoKey(process.env, { create: false })).id;
    await expectRefused(
      undoFile,
      `undo file ${undoFile}: signed with another undo key (${ours}; this machine's is ${theirs} from TRAILGUARD_UNDO_KEY); refused`,
      otherKey,
    );
    const noKeyHome = mkdtempSync(join(tmpdir(), 'tg-nokey-'));
    await expectRefused(
      undoFile,
      `undo file ${undoFile}: cannot verify it: no undo key on this machine (${join(noKeyHome, 'trailguard', 'undo.key')}); run the undo where the apply ran, or set TRAILGUARD_UNDO_KEY to the key the apply used`,
      { ...process.env, XDG_CONFIG_HOME: noKeyHome },
    );

    // Signed with the right key but naming a bucket outside its scope (a bug, or a stolen key): refused.
    const data = JSON.parse(readFileSync(undoFile, 'utf8')) as UndoFile;
    const { integrity: _, ...content } = data;
    content.entries.push({
      kind: 'bucket-created',
      bucket: 'w-good',
      account: W,
      region: 'us-east-1',
      state: 'done',
    });
    const outside = join(f.dir, 'outside.json');
    await writeUndoFile(outside, content, await loadUndoKey(process.env, { create: false }), {
      create: true,
    });
    await expectRefused(
      outside,
      `undo file ${outside}: entries[${content.entries.length - 1}]: bucket w-good is outside the file's scope; refused`,
    );

    // Undo only ever removes trailguard's own Allow statements: any other Sid is refused by the schema.
    const foreignSid = variant('foreign-sid', (d) => {
      const e = d.entries.find((x) => x.kind === 'policy');
      if (e?.kind === 'policy' && e.added[0]) e.added[0].Sid = 'Readers';
      return d;
    });
    const policyIndex = data.entries.findIndex((x) => x.kind === 'policy');
    await expectRefused(
      foreignSid,
      `undo file ${foreignSid}: entries[${policyIndex}].added[0].Sid: not a trailguard statement Sid`,
    );

    const old = variant('old', (d) => ({
      schema: 'trailguard/fix-undo@1',
      createdAt: d.createdAt,
      partition: 'aws',
      entries: [],
    }));
    await expectRefused(
      old,
      `undo file ${old}: trailguard/fix-undo@1 was written by an older trailguard without a scope or an integrity check, so it is not replayed; restore the settings it lists by hand`,
    );
    const garbage = join(f.dir, 'garbage.json');
    writeFileSync(garbage, '{"schema": "trailguard/fix-undo@2", ');
    // The parser's own words differ between Node versions.
    await expectRefused(garbage, /^trailguard: undo file \S+garbage\.json: not valid JSON \(.+\)\n$/);
  }, 60_000);

  it('on a terminal, shows the restore plan before asking; "n" changes nothing', async () => {
    const cli = memoryIO({ stdinIsTTY: true, answers: ['n'], env: process.env });
    const before = writes(f.handle);
    const code = await main(['node', 'trailguard', 'fix', '--undo', undoFile], cli);
    expect(code).toBe(1);
    expect(cli.asked).toEqual([
      expect.stringMatching(
        /^Restore everything recorded in \S+ as planned above \(\d+ change\(s\)\)\? \[y\/N\] $/,
      ),
    ]);
    const stderr = cli.err.join('');
    expect(stderr).toMatch(/^trailguard undo plan for /);
    expect(stderr).toMatch(/\n +1\. s3:PutBucketLogging /);
    expect(stderr).toMatch(/trailguard: undo cancelled, nothing changed\n$/);
    expect(writes(f.handle)).toBe(before);
  }, 60_000);

  it('the printed hint works as printed: `fix --undo FILE --yes` with no role flags restores everything, and prints the plan', async () => {
    // An untouched copy: the tamper test above must not have changed the original.
    const copy = join(f.dir, 'copy-of-undo.json');
    copyFileSync(undoFile, copy);
    const undone = await run(['--undo', undoFile, '--yes']);
    expect(undone.stdout).toMatch(/Undo complete\.\n$/);
    expect(undone.code).toBe(0);
    expect(undone.stderr).toContain(`trailguard undo plan for ${undoFile} (apply of `);
    expect(undone.stderr).toContain(`; aws, us-east-1; account(s) ${W} via role ${AUDIT_ROLE}):`);
    expect(undone.stderr).toMatch(/ {2}1\. s3:PutBucketLogging \S+ \(account 333333333333, [a-z0-9-]+\): /);
    expect(undone.stderr).toMatch(/\d+ change\(s\) to make, 0 already as before the apply, 0 skipped/);
    expect(undone.stderr).not.toMatch(/CredentialsError|failed/);
    const after = f.handle.snapshot();
    for (const b of before.buckets.filter((x) => !x.deleted)) {
      const now = after.buckets.find((x) => x.name === b.name && !x.deleted);
      expect(now?.policy, b.name).toEqual(b.policy);
      // w-app-2 / w-eu: their previous target cannot be written back (deleted / other Region): disabled.
      if (!['w-app-2', 'w-eu'].includes(b.name)) expect(now?.logging, b.name).toEqual(b.logging);
    }
    expect(bucketOf(f, `${W}-eu-west-1-s3-access-logs`)).toBeUndefined();

    // Again: nothing to undo, success, no write.
    const writesBefore = writes(f.handle);
    const again = await run(['--undo', copy, '--yes']);
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(
      new RegExp(
        `Nothing to undo: everything recorded in ${copy.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} is already as before the apply\\.\\n$`,
      ),
    );
    expect(again.stdout).not.toMatch(/NoSuchBucket|failed/);
    // The same as JSON, for automation.
    const json = await run(['--undo', copy, '--yes', '-f', 'json']);
    expect(json.code).toBe(0);
    const data = JSON.parse(json.stdout) as {
      ok: boolean;
      plan: { kind: string }[];
      outcomes: { status: string }[];
    };
    expect(data.ok).toBe(true);
    expect(data.plan.length).toBeGreaterThan(0);
    expect(new Set(data.plan.map((p) => p.kind))).toEqual(new Set(['nothing']));
    expect(new Set(data.outcomes.map((o) => o.status))).toEqual(new Set(['nothing-to-do']));
    expect(writes(f.handle)).toBe(writesBefore);
  }, 60_000);

  it('--force is only for --undo', async () => {
    const bad = await run(['--force']);
    expect(bad).toMatchObject({ code: 2, stderr: 'trailguard: --force is for --undo\n' });
  });
});
