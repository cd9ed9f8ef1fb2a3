/**
 * The AWS Config rule gives `trailguard scan`'s verdicts, bucket for bucket, on a scenario where every
 * state of both decision tables occurs (test/live/every-state.ts), in every account, for both rules:
 * - a scheduled run posts exactly the scan's findings (UNDETERMINED as NON_COMPLIANT with its reason),
 *   and NOT_APPLICABLE for the account's other buckets;
 * - a change event of any bucket re-evaluates buckets from its small inventory to the same verdicts.
 */
import { describe, expect, it } from 'vitest';
import { type EmulatorHandle, startEmulator } from '../../src/emulator/index.js';
import type { Finding } from '../../src/engine/types.js';
import { annotationOf, complianceOf } from '../../src/integrations/aws-config/evaluations.js';
import { type RunResult, runConfigRule } from '../../src/integrations/aws-config/handler.js';
import { scan } from '../../src/scan.js';
import { everyStateScenario } from '../live/every-state.js';
import { bucketChange, scheduled } from './events.js';

const RULES = ['aws-cloudtrail-bucket-access-logging', 'aws-s3-bucket-access-logging'];

interface Expected {
  type: string;
  annotation?: string;
}

async function scanAccount(
  emu: EmulatorHandle,
  account: string,
  rule: string,
): Promise<Map<string, Expected>> {
  const result = await scan({
    aws: {
      region: 'us-east-1',
      endpointUrl: emu.endpoint,
      credentials: emu.credentialsFor(account),
      env: {},
      maxAttempts: 2,
    },
    ruleIds: [rule],
  });
  const out = new Map<string, Expected>();
  for (const f of result.report.findings as Finding[]) {
    if (f.resource.type !== 'AWS::S3::Bucket' || !f.resource.name) continue;
    out.set(f.resource.name, { type: complianceOf(f.status), annotation: annotationOf(f) });
  }
  return out;
}

function run(emu: EmulatorHandle, account: string, event: unknown): Promise<RunResult> {
  return runConfigRule(event, {
    env: { AWS_REGION: 'us-east-1' },
    endpointUrl: emu.endpoint,
    credentials: emu.credentialsFor(account),
    maxAttempts: 2,
  });
}

describe('AWS Config rule verdicts equal trailguard scan', () => {
  it.each(RULES)(
    '%s: scheduled and change-triggered runs, every account of the every-state scenario',
    async (rule) => {
      const spec = everyStateScenario();
      const emu = await startEmulator(spec, { seed: 11 });
      try {
        const params = { rule };
        let changeRuns = 0;
        for (const { id: account } of spec.accounts) {
          const expected = await scanAccount(emu, account, rule);
          const owned = spec.buckets.filter((b) => b.account === account && !b.deleted).map((b) => b.name);
          const want = (name: string) => expected.get(name) ?? { type: 'NOT_APPLICABLE' };

          const periodic = await run(emu, account, scheduled({ account, token: 'TESTMODE', params }));
          const posted = new Map(periodic.evaluations.map((e) => [e.ComplianceResourceId, e]));
          expect([...posted.keys()].sort(), account).toEqual(
            [...new Set([...owned, ...expected.keys()])].sort(),
          );
          for (const [name, e] of posted) {
            const w = want(name);
            expect(e.ComplianceType, `${account} scheduled ${name}`).toBe(w.type);
            if (w.annotation) expect(e.Annotation, `${account} scheduled ${name}`).toBe(w.annotation);
          }

          // A change of each bucket the account owns or its trails name.
          const seeds = new Set([
            ...owned,
            ...spec.trails.filter((t) => t.account === account).map((t) => t.bucket),
          ]);
          for (const seed of seeds) {
            const changed = await run(
              emu,
              account,
              bucketChange({ account, token: 'TESTMODE', params }, seed),
            );
            changeRuns++;
            expect(
              changed.evaluations.map((e) => e.ComplianceResourceId),
              `${account} change ${seed}`,
            ).toContain(seed);
            for (const e of changed.evaluations) {
              const w = want(e.ComplianceResourceId);
              expect(e.ComplianceType, `${account} change ${seed}: ${e.ComplianceResourceId}`).toBe(w.type);
              // Same sentence too, except for the NO_TARGET_PREFIX warning (it needs every source of a target).
              if (w.annotation && !/without a prefix/.test(w.annotation))
                expect(e.Annotation, `${account} change ${seed}: ${e.ComplianceResourceId}`).toBe(
                  w.annotation,
                );
            }
          }
        }
        expect(changeRuns).toBeGreaterThan(50);
      } finally {
        await emu.stop();
      }
    },
    180_000,
  );
});
