/**
 * Checked against the OCSF 1.1.0 Compliance Finding class (uid 2003, category 2): the class's required
 * attributes and the compliance object's status_id enum (0 Unknown, 1 Pass, 2 Warning, 3 Fail, 99 Other).
 */
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ocsf } from '../../src/reporters/ocsf.js';
import { fixtureReport, OPTIONS } from './fixture.js';

const event = z.object({
  activity_id: z.literal(1),
  category_uid: z.literal(2),
  class_uid: z.literal(2003),
  type_uid: z.literal(200301),
  time: z.number().int().positive(),
  severity_id: z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4), z.literal(5)]),
  status_id: z.union([z.literal(1), z.literal(3), z.literal(4)]),
  metadata: z.object({ version: z.string(), product: z.object({ name: z.literal('trailguard') }) }),
  finding_info: z.object({ uid: z.string().min(1), title: z.string().min(1) }),
  compliance: z.object({
    status_id: z.union([z.literal(0), z.literal(1), z.literal(2), z.literal(3), z.literal(99)]),
    standards: z.array(z.string()).min(1),
  }),
  resources: z.array(z.object({ uid: z.string(), type: z.string() })).min(1),
});

type Event = z.infer<typeof event> & {
  compliance: { status: string; control?: string };
  cloud?: { account: { uid: string } };
  resources: { uid: string; data?: unknown }[];
};

describe('ocsf reporter', () => {
  const events = JSON.parse(ocsf(fixtureReport(), OPTIONS)) as Event[];
  const of = (uid: string) => events.find((e) => e.resources[0]?.uid === uid);

  it('emits one Compliance Finding event per finding with the required attributes', () => {
    expect(events).toHaveLength(13);
    for (const e of events) expect(() => event.parse(e)).not.toThrow();
    expect(events[0]?.time).toBe(Date.parse('2026-11-21T10:00:00.000Z'));
  });

  it('maps compliance and finding statuses as documented', () => {
    expect(of('arn:aws:s3:::ct-logs-111111111111')).toMatchObject({
      compliance: { status_id: 3, status: 'Fail', control: '3.4' },
      status_id: 1,
      severity_id: 3,
    });
    expect(of('arn:aws:s3:::app-assets')).toMatchObject({
      compliance: { status_id: 1 },
      status_id: 4,
      severity_id: 1,
    });
    expect(of('arn:aws:s3:::org-ct-logs')?.compliance.status_id).toBe(0);
    expect(of('arn:aws:iam::333333333333:root')?.compliance.status_id).toBe(99);
    expect(of('arn:aws:s3:::dev-scratch')?.status_id).toBe(3);
  });

  it('carries the cloud account for cloud findings and the file location for IaC ones', () => {
    expect(of('arn:aws:s3:::ct-logs-111111111111')?.cloud?.account.uid).toBe('111111111111');
    const iac = of('arn:aws:s3:::tf-trail-logs');
    expect(iac?.cloud).toBeUndefined();
    expect(iac?.resources[0]?.data).toEqual({
      location: { file: 'infra/main.tf', line: 12, column: 1, address: 'aws_s3_bucket.trail_logs' },
    });
  });
});
