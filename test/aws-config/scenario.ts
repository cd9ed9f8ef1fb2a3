/**
 * One account with two trails, for the AWS Config rule tests:
 *   trail main   → ct-logs   (logs into access-logs, ct/)
 *   trail second → ct-logs-2 (logs into ct-logs, ct2/: a trail bucket that is also a log target)
 *   access-logs  ← the account's log target (granted);  data-1 → access-logs;  data-2 no logging
 *   filler-000 … filler-149: buckets without logging (more than one PutEvaluations batch).
 */
import { logDeliveryPolicy, type ScenarioSpec, scenario } from '../../src/emulator/index.js';

export const A = '111111111111';
export const US = 'us-east-1';
export const FILLERS = 150;
export const KEYS = { accessKeyId: 'AKIACONFIGRULE000001', secretAccessKey: 'secret' };
export const ADMIN_KEYS = { accessKeyId: 'AKIACONFIGADMIN00001', secretAccessKey: 'secret' };

const cloudTrailWrite = (bucket: string) => ({
  Sid: 'AWSCloudTrailWrite',
  Effect: 'Allow',
  Principal: { Service: 'cloudtrail.amazonaws.com' },
  Action: 's3:PutObject',
  Resource: `arn:aws:s3:::${bucket}/AWSLogs/${A}/*`,
});

export function configScenario(allow?: string[]): ScenarioSpec {
  const s = scenario()
    .regions([US, 'eu-west-1'])
    .account({
      id: A,
      name: 'workload',
      principals: [
        {
          name: 'config-rule',
          accessKeyId: 'AKIACONFIGRULE000001',
          secretAccessKey: 'secret',
          ...(allow ? { allow } : {}),
        },
        // Changes the world between runs (no allow-list).
        { name: 'admin', accessKeyId: ADMIN_KEYS.accessKeyId, secretAccessKey: ADMIN_KEYS.secretAccessKey },
      ],
    })
    .trail({ name: 'main', account: A, homeRegion: US, bucket: 'ct-logs', multiRegion: true })
    .trail({ name: 'second', account: A, homeRegion: US, bucket: 'ct-logs-2' })
    .bucket({
      name: 'ct-logs',
      account: A,
      region: US,
      logging: { targetBucket: 'access-logs', targetPrefix: 'ct/' },
      policy: logDeliveryPolicy('ct-logs', A, [cloudTrailWrite('ct-logs')]),
    })
    .bucket({
      name: 'ct-logs-2',
      account: A,
      region: US,
      logging: { targetBucket: 'ct-logs', targetPrefix: 'ct2/' },
      policy: { Version: '2012-10-17', Statement: [cloudTrailWrite('ct-logs-2')] },
    })
    .bucket({ name: 'access-logs', account: A, region: US, policy: logDeliveryPolicy('access-logs', A) })
    .bucket({
      name: 'data-1',
      account: A,
      region: US,
      logging: { targetBucket: 'access-logs', targetPrefix: 'd1/' },
    })
    .bucket({ name: 'data-2', account: A, region: US });
  for (let i = 0; i < FILLERS; i++)
    s.bucket({ name: `filler-${String(i).padStart(3, '0')}`, account: A, region: US });
  return s.build();
}
