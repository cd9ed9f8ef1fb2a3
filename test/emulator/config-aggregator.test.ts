/**
 * The emulator's AWS Config aggregator reads through the real @aws-sdk/client-config-service:
 * SelectAggregateResourceConfig over the world's buckets and trails in AWS Config's item shapes, paged
 * with NextToken, only the query subset trailguard sends; DescribeConfigurationAggregatorSourcesStatus.
 */
import {
  DescribeConfigurationAggregatorSourcesStatusCommand,
  SelectAggregateResourceConfigCommand,
} from '@aws-sdk/client-config-service';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EmulatorHandle, scenario, startEmulator } from '../../src/emulator/index.js';
import { itemsQuery, regionsQuery } from '../../src/sources/config-aggregator/query.js';
import { config, failure } from './helpers.js';

/** A configuration item as JSON: nested fields are read by path in the assertions. */
// biome-ignore lint/suspicious/noExplicitAny: test data read by path
type Item = Record<string, any>;

const A = '111111111111';
const B = '222222222222';

describe('AWS Config aggregator in the emulator', () => {
  let emu: EmulatorHandle;
  beforeAll(async () => {
    const b = scenario()
      .regions(['us-east-1', 'eu-west-1'])
      .org('o-abcdefghij', A)
      .account({ id: A, name: 'management' })
      .account({ id: B, name: 'member' })
      .bucket({
        name: 'logs-target',
        account: B,
        region: 'eu-west-1',
        acl: [
          {
            grantee: 'http://acs.amazonaws.com/groups/s3/LogDelivery',
            granteeType: 'Group',
            permission: 'WRITE',
          },
        ],
        encryption: 'SSE-KMS',
        objectLock: { defaultRetention: { mode: 'GOVERNANCE', days: 3 } },
      })
      .trail({ name: 'org', account: A, homeRegion: 'us-east-1', bucket: 'logs-target', organization: true });
    for (let i = 0; i < 130; i++)
      b.bucket({
        name: `data-${i}`,
        account: B,
        region: 'eu-west-1',
        logging: { targetBucket: 'logs-target', targetPrefix: `d${i}/` },
      });
    b.configAggregator({
      name: 'org-agg',
      account: A,
      failedSources: [{ account: B, region: 'us-east-1', status: 'OUTDATED' }],
    });
    emu = await startEmulator(b.build());
  });
  afterAll(() => emu.stop());

  const client = () => config(emu, emu.credentialsFor(A));

  it('pages one Region through NextToken and returns AWS Config item shapes', async () => {
    const results: Record<string, unknown>[] = [];
    let token: string | undefined;
    let pages = 0;
    do {
      const out = await client().send(
        new SelectAggregateResourceConfigCommand({
          ConfigurationAggregatorName: 'org-agg',
          Expression: itemsQuery('eu-west-1'),
          Limit: 100,
          ...(token ? { NextToken: token } : {}),
        }),
      );
      results.push(...(out.Results ?? []).map((r) => JSON.parse(r)));
      token = out.NextToken;
      pages++;
    } while (token);
    expect(pages).toBe(2);
    expect(results).toHaveLength(131);
    const target = results.find((r) => r.resourceName === 'logs-target') as Item;
    expect(target).toMatchObject({ accountId: B, awsRegion: 'eu-west-1', resourceType: 'AWS::S3::Bucket' });
    const supplementary = target.supplementaryConfiguration;
    expect(JSON.parse(supplementary.AccessControlList).grantList).toContainEqual({
      grantee: 'LogDelivery',
      permission: 'Write',
    });
    expect(
      supplementary.ServerSideEncryptionConfiguration.rules[0].applyServerSideEncryptionByDefault
        .sseAlgorithm,
    ).toBe('aws:kms');
    expect(supplementary.ObjectLockConfiguration.rule.defaultRetention).toMatchObject({
      mode: 'GOVERNANCE',
      days: 3,
    });
    expect(supplementary).not.toHaveProperty('BucketOwnershipControls');
    const data = results.find((r) => r.resourceName === 'data-7') as Item;
    expect(data.supplementaryConfiguration.BucketLoggingConfiguration).toEqual({
      destinationBucketName: 'logs-target',
      logFilePrefix: 'd7/',
    });
    expect(data.supplementaryConfiguration).not.toHaveProperty('ObjectLockConfiguration');
  });

  it('counts per Region and finds the trail in its home Region', async () => {
    const out = await client().send(
      new SelectAggregateResourceConfigCommand({
        ConfigurationAggregatorName: 'org-agg',
        Expression: regionsQuery(),
      }),
    );
    expect((out.Results ?? []).map((r) => JSON.parse(r))).toEqual([
      { awsRegion: 'eu-west-1', 'COUNT(*)': 131 },
      { awsRegion: 'us-east-1', 'COUNT(*)': 1 },
    ]);
  });

  it('refuses other expressions, bad tokens and unknown aggregators as AWS does', async () => {
    const bad = await failure(
      client().send(
        new SelectAggregateResourceConfigCommand({
          ConfigurationAggregatorName: 'org-agg',
          Expression: 'SELECT * WHERE 1=1',
        }),
      ),
    );
    expect(bad.name).toBe('InvalidExpressionException');
    const token = await failure(
      client().send(
        new SelectAggregateResourceConfigCommand({
          ConfigurationAggregatorName: 'org-agg',
          Expression: regionsQuery(),
          NextToken: 'bm9wZQ==',
        }),
      ),
    );
    expect(token.name).toBe('InvalidNextTokenException');
    const missing = await failure(
      client().send(
        new SelectAggregateResourceConfigCommand({
          ConfigurationAggregatorName: 'nope',
          Expression: regionsQuery(),
        }),
      ),
    );
    expect(missing.name).toBe('NoSuchConfigurationAggregatorException');
    // The aggregator lives in A: B cannot query it.
    const other = await failure(
      config(emu, emu.credentialsFor(B)).send(
        new SelectAggregateResourceConfigCommand({
          ConfigurationAggregatorName: 'org-agg',
          Expression: regionsQuery(),
        }),
      ),
    );
    expect(other.name).toBe('NoSuchConfigurationAggregatorException');
  });

  it('reports the sources whose data is outdated or failed', async () => {
    const out = await client().send(
      new DescribeConfigurationAggregatorSourcesStatusCommand({
        ConfigurationAggregatorName: 'org-agg',
        UpdateStatus: ['FAILED', 'OUTDATED'],
      }),
    );
    expect(out.AggregatedSourceStatusList).toHaveLength(1);
    expect(out.AggregatedSourceStatusList?.[0]).toMatchObject({
      SourceId: B,
      AwsRegion: 'us-east-1',
      LastUpdateStatus: 'OUTDATED',
    });
  });
});
