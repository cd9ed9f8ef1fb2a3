// Helper of the live benches: the throughput term of a scan's lower bound, from the emulator's request
// counters ("service:Operation" → count) and the collector's concurrency caps (concurrencyCaps()).
// No schedule can finish in fewer latency rounds than requests(s) / cap(s) for any service s, nor than
// all requests / Σ cap(s).
export function throughputRounds(byOperation, caps) {
  const total = Object.values(byOperation).reduce((a, b) => a + b, 0);
  const byService = {};
  for (const [op, n] of Object.entries(byOperation)) {
    const service = op.split(':')[0];
    byService[service] = (byService[service] ?? 0) + n;
  }
  const perService = Object.entries(byService).map(([s, n]) => ({ s, rounds: n / caps.perService[s] }));
  const all = total / Object.values(caps.perService).reduce((a, b) => a + b, 0);
  return { total, byService, perService, all, rounds: Math.max(all, ...perService.map((p) => p.rounds)) };
}
