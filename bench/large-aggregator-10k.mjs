#!/usr/bin/env node
// bench/aggregator-org.mjs with 10,000 accounts (`npm run bench -- --large` or `-- large-aggregator`).
process.env.BENCH_ACCOUNTS ??= '10000';
await import('./aggregator-org.mjs');
