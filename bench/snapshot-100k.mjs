#!/usr/bin/env node
// Issue 11 target: a 100,000-bucket snapshot evaluates and writes its JSON report in < 5 s and < 400 MB.
// Generated at run time (bench/_snapshot-gen.mjs), never committed. Needs `npm run build`.
import { benchSnapshot } from './_snapshot-run.mjs';

await benchSnapshot({ name: 'snapshot-100k', buckets: 100_000, runs: 3, targetMs: 5000, targetMb: 400 });
