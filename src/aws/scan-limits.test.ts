import { describe, expect, it } from 'vitest';
import { PriorityLimit } from './scan-limits.js';

/** A task that records when it starts and finishes when `release()` is called. */
function gate(log: string[], name: string) {
  let release: () => void = () => undefined;
  const done = new Promise<void>((r) => {
    release = r;
  });
  return {
    task: async () => {
      log.push(name);
      await done;
      return name;
    },
    release: () => release(),
  };
}

describe('PriorityLimit (scan-wide limit, oldest account first)', () => {
  it('never runs more than its concurrency, and grants the lowest priority number first, FIFO within one', async () => {
    const limit = new PriorityLimit(2);
    const log: string[] = [];
    const a = gate(log, 'a(3)');
    const b = gate(log, 'b(3)');
    const tasks = [
      gate(log, 'c(5)'),
      gate(log, 'd(1)'),
      gate(log, 'e(5)'),
      gate(log, 'f(1)'),
      gate(log, 'g(2)'),
    ] as const;
    const results = [
      limit.run(3, a.task),
      limit.run(3, b.task),
      limit.run(5, tasks[0].task),
      limit.run(1, tasks[1].task),
      limit.run(5, tasks[2].task),
      limit.run(1, tasks[3].task),
      limit.run(2, tasks[4].task),
    ];
    await Promise.resolve();
    expect(log).toEqual(['a(3)', 'b(3)']);
    expect(limit.active).toBe(2);
    expect(limit.pending).toBe(5);
    a.release();
    b.release();
    for (const t of tasks) t.release();
    await Promise.all(results);
    expect(log).toEqual(['a(3)', 'b(3)', 'd(1)', 'f(1)', 'g(2)', 'c(5)', 'e(5)']);
    expect(limit.active).toBe(0);
    expect(await results[3]).toBe('d(1)');
  });

  it('a failing or throwing task frees its slot and rejects only its own caller', async () => {
    const limit = new PriorityLimit(1);
    const failing = limit.run(1, async () => {
      throw new Error('boom');
    });
    const throwing = limit.run(1, () => {
      throw new Error('sync');
    });
    const fine = limit.run(1, async () => 'ok');
    await expect(failing).rejects.toThrow('boom');
    await expect(throwing).rejects.toThrow('sync');
    await expect(fine).resolves.toBe('ok');
    expect(limit.active).toBe(0);
  });

  it('rejects a concurrency below 1', () => {
    expect(() => new PriorityLimit(0)).toThrow(RangeError);
  });
});
