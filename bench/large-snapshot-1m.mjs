#!/usr/bin/env node
// Issue 11: a 1,000,000-bucket snapshot (~290 MB) completes, memory roughly linear in the buckets
// (compare peakRssPerBucketKb with snapshot-100k). Slow: run with `npm run bench -- --large` or by name.
import { benchSnapshot } from './_snapshot-run.mjs';

await benchSnapshot({ name: 'snapshot-1m', buckets: 1_000_000, runs: 1, targetMs: Number.POSITIVE_INFINITY });
