const mods = process.argv.slice(2);
const out = [];
let t = performance.now();
const t0 = t;
for (const m of mods) {
  await import(m);
  const n = performance.now();
  out.push(`${m.replace(/.*dist\//, '')} ${(n - t).toFixed(1)}`);
  t = n;
}
console.log(
  out.join(' | '),
  '| total',
  (t - t0).toFixed(1),
  'rss',
  (process.memoryUsage.rss() / 1048576).toFixed(0),
);
