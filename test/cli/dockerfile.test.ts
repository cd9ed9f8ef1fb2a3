/**
 * Dockerfile and .dockerignore (issue 14). .ci/run builds and runs the image where a container engine answers
 * (docker or podman); this test checks the file everywhere: multi-stage, the runtime stage based on node:20-slim
 * running as a non-root USER with ENTRYPOINT trailguard, every COPY source present in the build context (and
 * not excluded by .dockerignore), no secret in ENV/ARG, and the build stage's commands are the ones that work
 * in this checkout (npm ci --ignore-scripts, npm run build, scripts/bundle-single.mjs).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import picomatch from 'picomatch';
import { describe, expect, it } from 'vitest';
import { ROOT } from './helpers.js';

interface Instruction {
  op: string;
  args: string;
}

/** Dockerfile instructions (comments dropped, `\` continuations joined). */
function instructions(text: string): Instruction[] {
  return text
    .replace(/\\\n/g, ' ')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'))
    .map((l) => {
      const [op = '', ...rest] = l.split(/\s+/);
      return { op: op.toUpperCase(), args: rest.join(' ') };
    });
}

const dockerfile = readFileSync(join(ROOT, 'Dockerfile'), 'utf8');
const all = instructions(dockerfile);
const stages: Instruction[][] = [];
for (const i of all) {
  if (i.op === 'FROM') stages.push([]);
  stages.at(-1)?.push(i);
}
const runtime = stages.at(-1) ?? [];
const ignore = readFileSync(join(ROOT, '.dockerignore'), 'utf8')
  .split('\n')
  .map((l) => l.trim())
  .filter((l) => l && !l.startsWith('#'));
const ignored = picomatch(ignore, { dot: true });

describe('Dockerfile', () => {
  it('is multi-stage: a build stage, then node:20-slim running the single-file CLI as a non-root user', () => {
    expect(stages.length).toBe(2);
    expect(stages[0]?.[0]?.args).toBe('node:20-slim AS build');
    expect(runtime[0]?.args).toBe('node:20-slim');
    const users = runtime.filter((i) => i.op === 'USER').map((i) => i.args);
    expect(users.length).toBeGreaterThan(0);
    const user = users.at(-1) as string;
    expect(user).not.toMatch(/^(root|0)(:|$)/);
    expect(user).toBe('node'); // the unprivileged user of the node images (uid 1000)
    expect(runtime.find((i) => i.op === 'ENTRYPOINT')?.args).toBe('["trailguard"]');
    // The runtime stage gets the bundle and the licence only: no node_modules, no sources.
    const copies = runtime.filter((i) => i.op === 'COPY').map((i) => i.args);
    expect(copies).toEqual([
      '--from=build /out/trailguard.mjs /opt/trailguard/trailguard.mjs',
      'LICENSE /opt/trailguard/LICENSE',
    ]);
    expect(dockerfile).toContain('node scripts/bundle-single.mjs --out /out/trailguard.mjs');
    expect(JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).scripts.build).toBeDefined();
  });

  it('copies only files that exist in the build context and that .dockerignore keeps', () => {
    const sources = all
      .filter((i) => (i.op === 'COPY' || i.op === 'ADD') && !i.args.startsWith('--from='))
      .flatMap((i) =>
        i.args
          .split(/\s+/)
          .filter((a) => !a.startsWith('--'))
          .slice(0, -1),
      );
    expect(sources).toEqual([
      'package.json',
      'package-lock.json',
      'tsconfig.json',
      'tsconfig.build.json',
      'scripts',
      'src',
      'LICENSE',
    ]);
    for (const source of sources) {
      expect(existsSync(join(ROOT, source)), source).toBe(true);
      expect(ignored(source), `${source} is excluded by .dockerignore`).toBe(false);
    }
    expect(all.some((i) => i.op === 'ADD')).toBe(false);
    // What the context must not carry.
    for (const path of [
      'node_modules',
      '.git',
      'dist',
      'build',
      '.env',
      '.aws',
      'infra/.terraform',
      'x.tfstate',
    ])
      expect(ignored(path), path).toBe(true);
  });

  it('holds no secret: no credential in ENV or ARG, no credential file copied', () => {
    for (const i of all.filter((x) => x.op === 'ENV' || x.op === 'ARG'))
      expect(i.args).not.toMatch(/AWS_|SECRET|TOKEN|PASSWORD|KEY/i);
    expect(dockerfile).not.toMatch(/AKIA[0-9A-Z]{16}/);
    expect(dockerfile).not.toMatch(/COPY\s+[^\n]*(\.aws|\.npmrc|\.env|credentials)/);
  });
});
