/**
 * The HTML report's per-bucket fix, planned from the report alone (src/reporters/html/fix-plan.ts), against
 * the real planner given the whole inventory (what `trailguard fix --snapshot … -f cli` prints): where the
 * report establishes the facts the plan rests on, the commands are exactly the same; where it cannot (a
 * target policy it does not hold, a target it cannot show to be absent), the page shows a subset of the
 * commands — never a PutBucketPolicy that would replace a policy, never a CreateBucket of a bucket that
 * may exist — plus the exact statement the real plan adds, and says so.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Finding } from '../../src/engine/types.js';
import type { Bucket, Inventory } from '../../src/inventory/model.js';
import { planFix } from '../../src/remediation/planner.js';
import { writeCli } from '../../src/remediation/writers/cli.js';
import { BucketPlans } from '../../src/reporters/html/fix-plan.js';
import { evaluate, loadSource } from '../../src/scan.js';

const A = '111111111111';
const REGION = 'eu-west-1';
const DELIVERY = (target: string) => ({
  Version: '2012-10-17',
  Statement: [
    {
      Sid: 'Existing',
      Effect: 'Allow',
      Principal: { Service: 'logging.s3.amazonaws.com' },
      Action: 's3:PutObject',
      Resource: `arn:aws:s3:::${target}/other/*`,
      Condition: { StringEquals: { 'aws:SourceAccount': A } },
    },
  ],
});

function bucket(name: string, extra: Partial<Bucket> = {}): Bucket {
  return {
    name,
    account: A,
    region: REGION,
    exists: true,
    logging: null,
    ownership: 'BucketOwnerEnforced',
    defaultEncryption: 'SSE-S3',
    objectLockDefaultRetention: false,
    requesterPays: false,
    policy: null,
    ...extra,
  };
}

function inventory(buckets: Bucket[]): Inventory {
  return {
    schema: 'trailguard/inventory@1',
    partition: 'aws',
    collectedAt: '2026-11-21T10:00:00Z',
    accounts: [{ id: A, scanned: true, trails: [], buckets: buckets.map((b) => b.name) }],
    trails: [],
    buckets,
    errors: [],
  };
}

interface Compared {
  finding: Finding;
  exact: boolean;
}

/** Compares every failing bucket's page plan with the real plan; returns which were exact. */
function compare(inv: Inventory, ruleIds?: string[]): Compared[] {
  const { report } = evaluate(
    { inventory: inv, source: { kind: 'snapshot', collectedAt: inv.collectedAt } },
    { ruleIds },
  );
  const plans = new BucketPlans(report);
  const out: Compared[] = [];
  for (const f of report.findings) {
    if (f.status !== 'NON_COMPLIANT' || f.resource.type !== 'AWS::S3::Bucket') continue;
    const page = plans.planFor(f);
    const real = planFix({ findings: [f], inventory: inv });
    const fix = real.fixes[0];
    if (!fix) {
      // The planner skips it: the page says why, with no commands.
      if (page) expect(page.script).toBeUndefined();
      continue;
    }
    expect(page, `a plan for ${f.resource.name}`).not.toBeNull();
    if (!page) continue;
    expect(page.target).toBe(fix.target);
    // This bucket's steps (the real plan may also fix a bucket that stops being a log destination).
    const realScript = writeCli({
      ...real,
      steps: fix.steps.map((k) => real.steps[k]).filter((x) => x !== undefined),
      skipped: [],
    });
    // A note that trailguard fix also fixes another bucket is only given when true (the report records a
    // log destination's own logging only when it has a finding about it: here it has not).
    if (page.note?.includes('would also fix')) expect(real.fixes.length).toBeGreaterThan(1);
    // When the real plan also fixes another bucket through the same target, that target's policy step
    // carries both statements: this bucket's commands are checked one by one below instead.
    const exact = !page.note && !page.statement && real.fixes.length === 1;
    if (exact) {
      expect(`${page.script?.join('\n')}\n`).toBe(realScript);
    } else {
      // Every command shown is one of the real plan's; a policy is never put, a target never created.
      const realLines = new Set(realScript.split('\n'));
      for (const line of page.script ?? []) {
        if (/^# \d+\. /.test(line)) continue; // step numbers differ when steps are left out
        expect(realLines.has(line), line).toBe(true);
      }
      if (real.fixes.length > 1) {
        const statements = real.steps.flatMap((st) => (st.kind === 'PutBucketPolicy' ? st.add : []));
        const sid = real.steps.find((st) => st.kind === 'PutBucketLogging' && st.bucket === f.resource.name);
        expect(sid).toBeDefined();
        expect(statements.some((st) => JSON.stringify(page.script).includes(String(st.Sid)))).toBe(true);
        out.push({ finding: f, exact: false });
        continue;
      }
      const shown = (page.script ?? []).join('\n');
      expect(shown).not.toContain('put-bucket-policy');
      if (page.note?.includes('does not show whether')) expect(shown).not.toContain('create-bucket');
      const policyStep = real.steps.find((s) => s.kind === 'PutBucketPolicy');
      if (policyStep?.kind === 'PutBucketPolicy') expect(page.statement).toEqual(policyStep.add[0]);
    }
    out.push({ finding: f, exact });
  }
  return out;
}

describe('HTML report: the fix for this bucket, planned from the report', () => {
  it('is exactly the planner + CLI writer output when the report establishes the facts', () => {
    const compared = compare(
      inventory([
        bucket('no-logging'),
        bucket('to-missing', { logging: { targetBucket: 'gone', targetPrefix: 'x/' } }),
        // Logs to a target without a policy: grant-only, a policy of just our statement (exact).
        bucket('to-nogrant', { logging: { targetBucket: 'nogrant-target', targetPrefix: 'n/' } }),
        bucket('nogrant-target'),
        // Logs to an SSE-KMS target: refused, so the default target (absent: every bucket of the account is listed).
        bucket('to-kms', { logging: { targetBucket: 'kms-target', targetPrefix: 'k/' } }),
        bucket('kms-target', { defaultEncryption: 'SSE-KMS' }),
      ]),
    );
    // to-kms: the real plan also fixes kms-target (no longer a destination, its own logging disabled);
    // this bucket's commands are the same.
    expect(compared.map((c) => `${c.finding.resource.name}:${c.exact}`).sort()).toEqual(
      ['no-logging:true', 'to-kms:false', 'to-missing:true', 'to-nogrant:true'].sort(),
    );
  });

  it('shows the statement to add, not a policy that would replace one, when the report lacks the policy', () => {
    const compared = compare(
      inventory([
        // The target has a policy (not in the report) without this source's grant: grant-only.
        bucket('to-partial', { logging: { targetBucket: 'partial-target', targetPrefix: 'p/' } }),
        bucket('partial-target', { policy: DELIVERY('partial-target') }),
        // The default target exists with a policy: set logging to it, statement to add.
        bucket('plain'),
        bucket(`${A}-${REGION}-s3-access-logs`, { policy: DELIVERY(`${A}-${REGION}-s3-access-logs`) }),
      ]),
    );
    const byName = Object.fromEntries(compared.map((c) => [c.finding.resource.name, c.exact]));
    expect(byName['to-partial']).toBe(false);
    expect(byName.plain).toBe(false);
  });

  it('does not offer to create a default target the report cannot show to be absent', () => {
    // Only the CloudTrail rule ran: the report does not list every bucket of the account.
    const inv = inventory([bucket('trail-bucket', { policy: null })]);
    inv.trails.push({
      arn: `arn:aws:cloudtrail:${REGION}:${A}:trail/t`,
      name: 't',
      account: A,
      homeRegion: REGION,
      multiRegion: true,
      organization: false,
      isLogging: true,
      bucket: 'trail-bucket',
    });
    (inv.accounts[0] as { trails?: string[] }).trails = [`arn:aws:cloudtrail:${REGION}:${A}:trail/t`];
    const compared = compare(inv, ['aws-cloudtrail-bucket-access-logging']);
    expect(compared).toHaveLength(1);
    expect(compared[0]?.exact).toBe(false);
  });

  it('matches the real planner on the example snapshot and a generated 2,000-bucket one', async () => {
    const example = await loadSource({
      snapshot: new URL('../../examples/snapshot.json', import.meta.url).pathname,
    });
    const fromExample = compare(example.inventory);
    expect(fromExample.length).toBeGreaterThan(0);
    const dir = await mkdtemp(join(tmpdir(), 'tg-html-plan-'));
    try {
      const file = join(dir, 'snapshot.json');
      // @ts-expect-error: a plain .mjs bench helper without type declarations
      const { writeSnapshotFile } = await import('../../bench/_snapshot-gen.mjs');
      await writeSnapshotFile(file, 2000);
      const generated = compare((await loadSource({ snapshot: file })).inventory);
      expect(generated.length).toBeGreaterThan(150);
      expect(generated.every((c) => c.exact)).toBe(true);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
