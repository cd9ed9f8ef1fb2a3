/**
 * A typed builder for emulator scenarios:
 *   scenario().regions(['us-east-1']).org('o-…', mgmt).account({ id, name }).bucket({…}).trail({…}).build()
 * build() validates like a scenario file does.
 */
import type {
  AccountSpec,
  AggregatorSpec,
  BucketSpec,
  FaultRule,
  Scenario,
  ScenarioSpec,
  TrailSpec,
} from '../api.js';
import { validateScenario } from './schema.js';

export class ScenarioBuilder implements Scenario {
  private spec: ScenarioSpec = { regions: ['us-east-1'], accounts: [], buckets: [], trails: [] };

  regions(list: string[]): this {
    this.spec.regions = [...list];
    return this;
  }

  org(id: string, managementAccount: string, members?: string[]): this {
    this.spec.organization = { id, managementAccount, ...(members ? { members } : {}) };
    return this;
  }

  account(spec: AccountSpec): this {
    this.spec.accounts.push(spec);
    return this;
  }

  bucket(spec: BucketSpec): this {
    this.spec.buckets.push(spec);
    return this;
  }

  trail(spec: TrailSpec): this {
    this.spec.trails.push(spec);
    return this;
  }

  fault(rule: FaultRule): this {
    this.spec.faults = [...(this.spec.faults ?? []), rule];
    return this;
  }

  pageSizes(sizes: NonNullable<ScenarioSpec['pageSizes']>): this {
    this.spec.pageSizes = { ...this.spec.pageSizes, ...sizes };
    return this;
  }

  configAggregator(spec: AggregatorSpec): this {
    this.spec.configAggregators = [...(this.spec.configAggregators ?? []), spec];
    return this;
  }

  build(): ScenarioSpec {
    return validateScenario(structuredClone(this.spec), 'scenario builder');
  }
}

export function scenario(): ScenarioBuilder {
  return new ScenarioBuilder();
}
