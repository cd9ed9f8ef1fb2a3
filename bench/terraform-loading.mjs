#!/usr/bin/env node
// Issue 11 loading cases, each through the built CLI in its own process (bench/_cli-cases.mjs):
//   tf-6mb       a 6 MB .tf of ordinary resources (about 25,000 buckets with logging resources)
//   heredoc-10mb a 10 MB heredoc beside one bucket
//   fanout       module "a" { count = 300 } → module "b" { count = 300 } → resource { count = 10 }
//                (900,000 instances asked for; the default instances limit of 100,000 stops it)
//   count-1e9    `count = 1e9` beside a normal bucket
// The 1,200-level deep file is in bench/terraform-budgets.mjs. Target: under 5 s and 500 MB each, the
// other files' findings kept. Needs `npm run build`.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCliCases } from './_cli-cases.mjs';

const normal = 'resource "aws_s3_bucket" "ok" {\n  bucket = "acme-ok"\n}\n';

function sixMegabytes(dir) {
  const parts = [];
  let size = 0;
  for (let i = 0; size < 6 * 1024 * 1024; i++) {
    const block = `resource "aws_s3_bucket" "b${i}" {\n  bucket = "bucket-${i}"\n  tags   = { Name = "x${i}", Env = "prod" }\n}\nresource "aws_s3_bucket_logging" "l${i}" {\n  bucket        = aws_s3_bucket.b${i}.id\n  target_bucket = "logs"\n  target_prefix = "p${i}/"\n}\n`;
    parts.push(block);
    size += block.length;
  }
  writeFileSync(join(dir, 'main.tf'), parts.join(''));
}

function heredoc(dir) {
  const line = `${'x'.repeat(99)}\n`;
  writeFileSync(join(dir, 'main.tf'), `locals {\n  big = <<EOT\n${line.repeat(100_000)}EOT\n}\n${normal}`);
}

runCliCases('terraform-loading', {
  'tf-6mb': { write: sixMegabytes },
  'heredoc-10mb': { write: heredoc },
  fanout: {
    'main.tf': `${normal}module "a" {\n  count  = 300\n  source = "./modules/a"\n}\n`,
    'modules/a/main.tf': 'module "b" {\n  count  = 300\n  source = "../b"\n}\n',
    'modules/b/main.tf': `resource "aws_s3_bucket" "x" {\n  count  = 10\n  bucket = "x-\${count.index}"\n}\n`,
  },
  'count-1e9': {
    'main.tf': `${normal}resource "aws_s3_bucket" "many" {\n  count  = 1e9\n  bucket = "many-\${count.index}"\n}\n`,
  },
});
