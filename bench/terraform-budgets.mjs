#!/usr/bin/env node
// Issue 11 evaluator cases, each through the built CLI (`trailguard scan DIR -f json`) in its own process:
//   deep        `locals { x = [[[…1,200 levels…]]] }` beside a normal .tf (the normal file's finding must survive)
//   chain       5,000 locals, each referring to the previous one (reference depth, not syntax depth)
//   toset-20k   `for_each = toset([for i in range(20000) : tostring(i)])`
//   toset-50k   the same with 50,000
//   toset-200k-length  `length(toset(…200,000…))` in one bucket name: the evaluator's order of growth alone
// Target: each under 5 s and 500 MB. Prints min/median/max wall of 3 runs, paired with `node -e 0`
// (the lower bound: process start-up), the peak RSS (GNU time) and the load average. Needs `npm run build`.
import { runCliCases } from './_cli-cases.mjs';

const normal = 'resource "aws_s3_bucket" "ok" {\n  bucket = "acme-ok"\n}\n';

const cases = {
  deep: {
    'deep.tf': `locals {\n  x = ${'['.repeat(1200)}1${']'.repeat(1200)}\n}\nresource "aws_s3_bucket" "deep" {\n  bucket = "deep-\${length(local.x)}"\n}\n`,
    'main.tf': normal,
  },
  chain: {
    'chain.tf': `locals {\n  l0 = "x"\n${Array.from({ length: 5000 }, (_v, i) => `  l${i + 1} = local.l${i}`).join('\n')}\n}\nresource "aws_s3_bucket" "chain" {\n  bucket = local.l5000\n}\n`,
    'main.tf': normal,
  },
  'toset-20k': { 'main.tf': toset(20_000) },
  'toset-50k': { 'main.tf': toset(50_000) },
  // The evaluator alone (one bucket), to see the order of growth past the instance limit.
  'toset-200k-length': {
    'main.tf': `resource "aws_s3_bucket" "n" {\n  bucket = "n-\${length(toset([for i in range(200000) : tostring(i)]))}"\n}\n`,
  },
};

function toset(n) {
  return `resource "aws_s3_bucket" "b" {\n  for_each = toset([for i in range(${n}) : tostring(i)])\n  bucket   = "acme-\${each.key}"\n}\n`;
}

runCliCases('terraform-budgets', cases);
