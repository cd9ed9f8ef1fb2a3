#!/usr/bin/env node
// Generates a 1,000-file Terraform directory (root module + a local module called 100 times,
// variables, locals, count, for_each, policies) and times loading + evaluating it. Target: under 5 s.
// Needs `npm run build` (imports dist/).
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { evaluate } from '../dist/scan.js';
import { loadTerraform } from '../dist/sources/terraform/index.js';
import { ownPeakRssMb, reportBench } from './_report.mjs';

const dir = mkdtempSync(join(tmpdir(), 'tg-bench-dir-'));
mkdirSync(join(dir, 'modules', 'bucket'), { recursive: true });
writeFileSync(
  join(dir, 'modules', 'bucket', 'main.tf'),
  `variable "name" { type = string }
variable "target" { type = string }
resource "aws_s3_bucket" "this" { bucket = var.name }
resource "aws_s3_bucket_logging" "this" {
  bucket        = aws_s3_bucket.this.id
  target_bucket = var.target
  target_prefix = "\${var.name}/"
}
output "id" { value = aws_s3_bucket.this.id }
`,
);
let files = 1;
writeFileSync(
  join(dir, 'variables.tf'),
  `variable "env" {\n  default = "bench"\n}\nlocals {\n  prefix = "acme-\${var.env}"\n}\n`,
);
files++;
for (let i = 0; i < 998; i++) {
  let text;
  if (i % 10 === 0) {
    text = `module "m${i}" {\n  source = "./modules/bucket"\n  name   = "\${local.prefix}-mod-${i}"\n  target = aws_s3_bucket.logs_${i + 1}.id\n}\nresource "aws_cloudtrail" "t${i}" {\n  name           = "t${i}"\n  s3_bucket_name = module.m${i}.id\n}\n`;
  } else if (i % 10 === 1) {
    text = `resource "aws_s3_bucket" "logs_${i}" {\n  bucket = "\${local.prefix}-logs-${i}"\n}\ndata "aws_iam_policy_document" "p${i}" {\n  statement {\n    actions   = ["s3:PutObject"]\n    resources = ["\${aws_s3_bucket.logs_${i}.arn}/*"]\n    principals {\n      type        = "Service"\n      identifiers = ["logging.s3.amazonaws.com"]\n    }\n  }\n}\nresource "aws_s3_bucket_policy" "p${i}" {\n  bucket = aws_s3_bucket.logs_${i}.id\n  policy = data.aws_iam_policy_document.p${i}.json\n}\n`;
  } else {
    text = `resource "aws_s3_bucket" "b${i}" {\n  for_each = toset(["a", "b"])\n  bucket   = "\${local.prefix}-${i}-\${each.key}"\n}\nresource "aws_s3_bucket_logging" "b${i}" {\n  for_each      = aws_s3_bucket.b${i}\n  bucket        = each.value.id\n  target_bucket = "\${local.prefix}-central"\n  target_prefix = "${i}/\${each.key}/"\n}\nresource "aws_cloudtrail" "c${i}" {\n  count          = 1\n  name           = "c${i}-\${count.index}"\n  s3_bucket_name = aws_s3_bucket.b${i}["a"].id\n}\n`;
  }
  writeFileSync(join(dir, `file_${String(i).padStart(4, '0')}.tf`), text);
  files++;
}

const runs = [];
let summary = '';
for (let i = 0; i < 3; i++) {
  const t0 = performance.now();
  const source = await loadTerraform([dir]);
  const t1 = performance.now();
  const { report } = evaluate(source);
  const t2 = performance.now();
  summary = `${source.inventory.buckets.length} buckets, ${source.inventory.trails.length} trails, ${report.findings.length} findings`;
  runs.push({ load: t1 - t0, evaluate: t2 - t1, total: t2 - t0 });
}
rmSync(dir, { recursive: true, force: true });
const best = runs.reduce((a, b) => (b.total < a.total ? b : a));
const first = runs[0];
console.log(`terraform directory: ${files} files; ${summary}`);
console.log(
  `  first run (includes grammar load): load ${first.load.toFixed(0)} ms + evaluate ${first.evaluate.toFixed(0)} ms = ${first.total.toFixed(0)} ms`,
);
console.log(
  `  best of 3: load ${best.load.toFixed(0)} ms + evaluate ${best.evaluate.toFixed(0)} ms = ${best.total.toFixed(0)} ms (target < 5000 ms)`,
);
reportBench({
  name: 'terraform-dir-1000-files',
  wall: best.total,
  peakRss: ownPeakRssMb(),
  firstRun: Math.round(first.total),
  goal: { wall: 5000 },
});
