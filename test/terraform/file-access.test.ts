/**
 * What Terraform's `file()` / `templatefile()` may read (src/sources/terraform/file-access.ts): through the
 * synchronous bounded reader, so the checks (regular file, size) are on the opened file. A FIFO would block
 * the synchronous evaluator — the whole process — so that case runs the built CLI in a child with a timeout.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { resolveLimits } from '../../src/sources/limits.js';
import { FileAccess } from '../../src/sources/terraform/file-access.js';
import { Unknown } from '../../src/sources/terraform/values.js';
import { BIN, ROOT } from '../cli/helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'tg-file-access-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function message(value: string | Unknown): string {
  if (!(value instanceof Unknown)) throw new Error(`expected an unknown value, got ${JSON.stringify(value)}`);
  return value.message;
}

describe('FileAccess', () => {
  const root = join(dir, 'unit');
  mkdirSync(join(root, 'folder.txt'), { recursive: true });
  writeFileSync(join(root, 'name.txt'), 'acme-logs\n');
  writeFileSync(join(root, 'huge.txt'), '');
  truncateSync(join(root, 'huge.txt'), 2048);
  symlinkSync('/dev/zero', join(root, 'zero.txt'));
  const access = new FileAccess([root], root, resolveLimits({ fileBytes: 1024 }));

  it('reads a regular file inside the tree', () => {
    expect(access.read('name.txt')).toBe('acme-logs\n');
  });

  it('a file over the file-bytes limit is unknown, not read', () => {
    expect(message(access.read('huge.txt'))).toBe(
      'file "huge.txt" is 2048 bytes, over the file-bytes limit of 1024',
    );
  });

  it('a folder is not read', () => {
    expect(message(access.read('folder.txt'))).toBe('file "folder.txt" is not a regular file: not read');
  });

  it('a symlink out of the tree (to a device) is not read', () => {
    expect(message(access.read('zero.txt'))).toBe('file "zero.txt" is outside the scanned tree: not read');
  });
});

describe('file() of a FIFO through the CLI', () => {
  it('is an unresolved value naming the file; the scan ends', { timeout: 30_000 }, () => {
    const tree = join(dir, 'fifo');
    mkdirSync(tree);
    execFileSync('mkfifo', [join(tree, 'policy.json')]);
    writeFileSync(
      join(tree, 'main.tf'),
      [
        'resource "aws_s3_bucket" "logs" {\n  bucket = "acme-logs"\n}',
        'resource "aws_s3_bucket_policy" "logs" {\n  bucket = aws_s3_bucket.logs.id\n  policy = file("${path.module}/policy.json")\n}',
        'resource "aws_s3_bucket" "app" {\n  bucket = "acme-app"\n}',
        'resource "aws_s3_bucket_logging" "app" {\n  bucket        = aws_s3_bucket.app.id\n  target_bucket = aws_s3_bucket.logs.id\n}',
      ].join('\n\n'),
    );
    const run = spawnSync(process.execPath, [BIN, 'scan', tree, '-f', 'json', '--fail-on', 'none'], {
      cwd: ROOT,
      encoding: 'utf8',
      timeout: 20_000,
    });
    expect(run.signal).toBeNull();
    expect(run.status).toBe(0);
    const app = (
      JSON.parse(run.stdout) as { findings: { resource: { name?: string }; reason: string }[] }
    ).findings.find((f) => f.resource.name === 'acme-app');
    expect(app?.reason).toBe('VALUE_UNRESOLVED');
    expect(run.stdout).toMatch(/file \\"[^"\\]*policy\.json\\" is not a regular file: not read/);
  });
});
