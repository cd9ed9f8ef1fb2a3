/**
 * The sharded-collection deployment examples in docs/deploy/ stay valid: each parses (YAML / JSON), has
 * the shape its scheduler needs, fans out N shards that `--shard` agrees with, merges all N, and uses
 * only options the CLI has (checked against the built CLI's help).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { parseShard } from '../../src/sources/aws/shard.js';
import { ROOT, runCli } from '../cli/helpers.js';

const deploy = (file: string) => readFileSync(join(ROOT, 'docs/deploy', file), 'utf8');

/** Every `trailguard <command> …` in a shell line: the command and its --options. */
function trailguardCalls(text: string): { command: string; options: string[]; line: string }[] {
  return [...text.matchAll(/trailguard (collect|scan) ([^;'"\n]*)/g)].map((m) => ({
    command: m[1] as string,
    options: [...(m[2] as string).matchAll(/(?:^|\s)(--[a-z-]+)/g)].map((o) => o[1] as string),
    line: m[0],
  }));
}

const help: Record<string, string> = {};
function expectKnownOptions(text: string): void {
  const calls = trailguardCalls(text);
  expect(calls.length).toBeGreaterThanOrEqual(2);
  for (const call of calls) {
    help[call.command] ??= runCli([call.command, '--help']).stdout;
    for (const option of call.options)
      expect(help[call.command], `${call.line}: ${option}`).toContain(option);
  }
}

/** The merge step names shard-0 … shard-(n-1) or globs them. */
function expectMergesAll(command: string, n: number): void {
  expect(command).toContain('trailguard scan --snapshot');
  if (command.includes('shard-*.json')) return;
  for (let k = 0; k < n; k++) expect(command).toContain(`shard-${k}.json`);
  expect(command).not.toContain(`shard-${n}.json`);
}

describe('deployment examples of sharded collection', () => {
  it('Kubernetes Indexed Job: N pods, --shard auto/N from JOB_COMPLETION_INDEX, a merge Job', () => {
    const text = deploy('kubernetes-indexed-job.yaml');
    const docs = parseAllDocuments(text).map((d) => {
      expect(d.errors).toEqual([]);
      return d.toJS() as {
        kind: string;
        spec: {
          completionMode?: string;
          completions?: number;
          parallelism?: number;
          template: { spec: { containers: { args: string[] }[] } };
        };
      };
    });
    expect(docs.map((d) => d.kind)).toEqual(['Job', 'Job']);
    const [collect, report] = docs as [(typeof docs)[0], (typeof docs)[0]];
    expect(collect.spec.completionMode).toBe('Indexed');
    const n = collect.spec.completions as number;
    expect(collect.spec.parallelism).toBe(n);
    const args = collect.spec.template.spec.containers[0]?.args.join(' ') ?? '';
    expect(args).toContain(`--shard auto/${n}`);
    expect(args).toContain('$JOB_COMPLETION_INDEX');
    expect(parseShard(`auto/${n}`, { JOB_COMPLETION_INDEX: String(n - 1) })).toEqual({
      index: n - 1,
      count: n,
    });
    expectMergesAll(report.spec.template.spec.containers[0]?.args.join(' ') ?? '', n);
    expectKnownOptions(text);
  });

  it('AWS Batch array job: size N, --shard auto/N from AWS_BATCH_JOB_ARRAY_INDEX, a dependent merge job', () => {
    const text = deploy('aws-batch-array-job.json');
    const doc = JSON.parse(text) as {
      registerJobDefinition: { jobDefinitionName: string; containerProperties: { image: string } };
      submitCollect: {
        jobDefinition: string;
        arrayProperties: { size: number };
        containerOverrides: { command: string[] };
      };
      submitReport: {
        jobDefinition: string;
        dependsOn: unknown[];
        containerOverrides: { command: string[] };
      };
    };
    const n = doc.submitCollect.arrayProperties.size;
    expect(n).toBeGreaterThan(1);
    expect(doc.submitCollect.jobDefinition).toBe(doc.registerJobDefinition.jobDefinitionName);
    const collect = doc.submitCollect.containerOverrides.command.join(' ');
    expect(collect).toContain(`--shard auto/${n}`);
    expect(collect).toContain('$AWS_BATCH_JOB_ARRAY_INDEX');
    expect(parseShard(`auto/${n}`, { AWS_BATCH_JOB_ARRAY_INDEX: '0' })).toEqual({ index: 0, count: n });
    expect(doc.submitReport.dependsOn).toHaveLength(1);
    expectMergesAll(doc.submitReport.containerOverrides.command.join(' '), n);
    expectKnownOptions(text);
  });

  it('Step Functions Distributed Map: every transition exists, one task per shard, then the merge', () => {
    const text = deploy('step-functions-distributed-map.json');
    type State = {
      Type: string;
      Next?: string;
      End?: boolean;
      ItemProcessor?: { ProcessorConfig: { Mode: string }; StartAt: string; States: Record<string, State> };
      Parameters?: { Overrides?: { ContainerOverrides: Record<string, unknown>[] } };
    };
    const machine = JSON.parse(text) as { StartAt: string; States: Record<string, State> };
    const checkGraph = (startAt: string, states: Record<string, State>) => {
      expect(states[startAt]).toBeDefined();
      for (const [name, state] of Object.entries(states)) {
        if (state.Next !== undefined) expect(states[state.Next], `${name} → ${state.Next}`).toBeDefined();
        else expect(state.End, `${name} ends`).toBe(true);
      }
    };
    checkGraph(machine.StartAt, machine.States);
    const map = Object.values(machine.States).find((s) => s.Type === 'Map');
    expect(map?.ItemProcessor?.ProcessorConfig.Mode).toBe('DISTRIBUTED');
    checkGraph(map?.ItemProcessor?.StartAt as string, map?.ItemProcessor?.States ?? {});
    const perShard = JSON.stringify(map?.ItemProcessor?.States);
    expect(perShard).toContain('--shard {}/{}');
    const merge = machine.States[map?.Next as string];
    const command = ((merge?.Parameters?.Overrides?.ContainerOverrides[0]?.Command ?? []) as string[]).join(
      ' ',
    );
    expectMergesAll(command, 4);
    expectKnownOptions(text);
  });
});
