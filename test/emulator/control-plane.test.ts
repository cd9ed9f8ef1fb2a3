import {
  DescribeTrailsCommand,
  GetTrailCommand,
  GetTrailStatusCommand,
  ListTrailsCommand,
  paginateListTrails,
} from '@aws-sdk/client-cloudtrail';
import { DescribeRegionsCommand } from '@aws-sdk/client-ec2';
import {
  DescribeOrganizationCommand,
  ListAccountsCommand,
  paginateListAccounts,
} from '@aws-sdk/client-organizations';
import { GetBucketLoggingCommand, HeadBucketCommand, ListBucketsCommand } from '@aws-sdk/client-s3';
import { AssumeRoleCommand, GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EmulatorHandle, scenario, startEmulator } from '../../src/emulator/index.js';
import { cloudtrail, ec2, failure, organizations, s3, sts } from './helpers.js';

const MGMT = '111111111111';
const MEMBER = '222222222222';
const OUTSIDER = '333333333333';
const orgArn = `arn:aws:cloudtrail:us-east-1:${MGMT}:trail/org`;

describe('CloudTrail, STS, Organizations and EC2 through the real SDK clients', () => {
  let emu: EmulatorHandle;
  beforeAll(async () => {
    emu = await startEmulator(
      scenario()
        .regions(['us-east-1', 'eu-west-1'])
        .org('o-abcdefghij', MGMT, [MGMT, MEMBER])
        .account({
          id: MGMT,
          name: 'mgmt',
          roles: [{ name: 'Audit', trustedAccounts: [MGMT], allow: ['s3:List*', 'sts:AssumeRole'] }],
        })
        .account({
          id: MEMBER,
          name: 'member',
          regions: ['us-east-1', 'eu-west-1', 'af-south-1'],
          roles: [
            {
              name: 'Audit',
              trustedAccounts: [MGMT],
              allow: ['s3:ListAllMyBuckets', 's3:ListBucket', 'cloudtrail:*'],
            },
            { name: 'External', externalId: 'ext-123' },
          ],
        })
        .account({ id: OUTSIDER, name: 'outsider', disabledRegions: ['af-south-1'] })
        .trail({
          name: 'org',
          account: MGMT,
          homeRegion: 'us-east-1',
          bucket: 'org-logs',
          multiRegion: true,
          organization: true,
        })
        .trail({
          name: 'mgmt-west',
          account: MGMT,
          homeRegion: 'eu-west-1',
          bucket: 'mgmt-west-logs',
          logging: false,
        })
        .trail({
          name: 'mem1',
          account: MEMBER,
          homeRegion: 'us-east-1',
          bucket: 'mem1-logs',
          keyPrefix: 'p',
        })
        .trail({ name: 'mem2', account: MEMBER, homeRegion: 'eu-west-1', bucket: 'mem2-logs' })
        .trail({
          name: 'mem3',
          account: MEMBER,
          homeRegion: 'us-east-1',
          bucket: 'mem3-logs',
          multiRegion: true,
        })
        .bucket({ name: 'member-capetown', account: MEMBER, region: 'af-south-1' })
        .bucket({ name: 'member-east', account: MEMBER, region: 'us-east-1' })
        .pageSizes({ listTrails: 2, listAccounts: 1 }),
    );
  });
  afterAll(async () => emu.stop());

  describe('CloudTrail', () => {
    it('ListTrails: own trails of every Region plus the organization trail, paginated', async () => {
      const client = cloudtrail(emu, emu.credentialsFor(MEMBER));
      const pages = [];
      for await (const p of paginateListTrails({ client }, {})) pages.push(p);
      expect(pages.length).toBe(2);
      const trails = pages.flatMap((p) => p.Trails ?? []);
      expect(trails.map((t) => t.Name).sort()).toEqual(['mem1', 'mem2', 'mem3', 'org']);
      expect(trails.find((t) => t.Name === 'org')).toEqual({
        Name: 'org',
        TrailARN: orgArn,
        HomeRegion: 'us-east-1',
      });
      // The outsider is not in the organization: it sees nothing.
      const outsider = await cloudtrail(emu, emu.credentialsFor(OUTSIDER)).send(new ListTrailsCommand({}));
      expect(outsider.Trails).toEqual([]);
    });

    it('DescribeTrails: shadows by default, includeShadowTrails false hides them, ARNs reach other Regions', async () => {
      const west = cloudtrail(emu, emu.credentialsFor(MEMBER), { region: 'eu-west-1' });
      const all = await west.send(new DescribeTrailsCommand({}));
      expect(all.trailList?.map((t) => t.Name).sort()).toEqual(['mem2', 'mem3', 'org']);
      const org = all.trailList?.find((t) => t.Name === 'org');
      expect(org).toMatchObject({
        TrailARN: orgArn,
        HomeRegion: 'us-east-1',
        IsOrganizationTrail: true,
        IsMultiRegionTrail: true,
        S3BucketName: 'org-logs',
      });
      const own = await west.send(new DescribeTrailsCommand({ includeShadowTrails: false }));
      expect(own.trailList?.map((t) => t.Name)).toEqual(['mem2']);
      const east = cloudtrail(emu, emu.credentialsFor(MEMBER));
      const byName = await east.send(new DescribeTrailsCommand({ trailNameList: ['mem1', 'mem2', orgArn] }));
      // mem2 lives in eu-west-1: a bare name matches only this Region's trails.
      expect(byName.trailList?.map((t) => t.Name)).toEqual(['mem1', 'org']);
      expect(byName.trailList?.[0]?.S3KeyPrefix).toBe('p');
      const invalid = await failure(east.send(new DescribeTrailsCommand({ trailNameList: ['bad name!'] })));
      expect(invalid.name).toBe('InvalidTrailNameException');
    });

    it('GetTrail and GetTrailStatus: name in the home Region, ARN for shadows, TrailNotFoundException', async () => {
      const east = cloudtrail(emu, emu.credentialsFor(MEMBER));
      expect((await east.send(new GetTrailCommand({ Name: 'mem1' }))).Trail?.TrailARN).toBe(
        `arn:aws:cloudtrail:us-east-1:${MEMBER}:trail/mem1`,
      );
      const byName = await failure(east.send(new GetTrailStatusCommand({ Name: 'org' })));
      expect(byName.name).toBe('TrailNotFoundException');
      expect(byName.message).toContain(`for the user: ${MEMBER}`);
      const status = await east.send(new GetTrailStatusCommand({ Name: orgArn }));
      expect(status.IsLogging).toBe(true);
      expect(status.StartLoggingTime).toBeInstanceOf(Date);
      const mgmtWest = cloudtrail(emu, emu.credentialsFor(MGMT), { region: 'eu-west-1' });
      const stopped = await mgmtWest.send(new GetTrailStatusCommand({ Name: 'mgmt-west' }));
      expect(stopped.IsLogging).toBe(false);
      expect(stopped.StopLoggingTime).toBeInstanceOf(Date);
      const wrongRegion = await failure(
        east.send(new GetTrailCommand({ Name: `arn:aws:cloudtrail:eu-west-1:${MEMBER}:trail/mem2` })),
      );
      expect(wrongRegion.name).toBe('CloudTrailARNInvalidException');
    });

    it('accepts the long X-Amz-Target form other clients send', async () => {
      const creds = emu.credentialsFor(MEMBER);
      const res = await fetch(`${emu.endpoint}/`, {
        method: 'POST',
        headers: {
          'content-type': 'application/x-amz-json-1.1',
          'x-amz-target': 'com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101.ListTrails',
          authorization: `AWS4-HMAC-SHA256 Credential=${creds.accessKeyId}/20240101/us-east-1/cloudtrail/aws4_request, SignedHeaders=host, Signature=0`,
        },
        body: '{}',
      });
      expect(res.status).toBe(200);
      expect(res.headers.get('x-amzn-requestid')).toMatch(/^[0-9A-F]{16}$/);
      expect(Math.abs(Date.parse(res.headers.get('date') ?? '') - Date.now())).toBeLessThan(5000);
      const body = (await res.json()) as { Trails: unknown[] };
      expect(body.Trails.length).toBe(2);
    });
  });

  describe('STS', () => {
    it('GetCallerIdentity for a user', async () => {
      const out = await sts(emu, emu.credentialsFor(MGMT)).send(new GetCallerIdentityCommand({}));
      expect(out.Account).toBe(MGMT);
      expect(out.Arn).toBe(`arn:aws:iam::${MGMT}:user/emulator-admin`);
      expect(out.UserId).toMatch(/^AIDA/);
    });

    it('AssumeRole returns credentials acting in the role account with the role allow-list', async () => {
      const out = await sts(emu, emu.credentialsFor(MGMT)).send(
        new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${MEMBER}:role/Audit`, RoleSessionName: 'scan' }),
      );
      expect(out.AssumedRoleUser?.Arn).toBe(`arn:aws:sts::${MEMBER}:assumed-role/Audit/scan`);
      expect(out.Credentials?.Expiration).toBeInstanceOf(Date);
      const c = out.Credentials;
      const creds = {
        accessKeyId: c?.AccessKeyId ?? '',
        secretAccessKey: c?.SecretAccessKey ?? '',
        sessionToken: c?.SessionToken ?? '',
      };
      const who = await sts(emu, creds).send(new GetCallerIdentityCommand({}));
      expect(who.Account).toBe(MEMBER);
      expect(who.UserId).toMatch(/^AROA[0-9A-F]+:scan$/);
      const buckets = await s3(emu, creds).send(new ListBucketsCommand({}));
      expect(buckets.Buckets?.map((b) => b.Name)).toEqual(['member-capetown', 'member-east']);
      // Outside the role allow-list: AccessDenied in S3's format.
      const denied = await failure(
        s3(emu, creds).send(new GetBucketLoggingCommand({ Bucket: 'member-east' })),
      );
      expect([denied.name, denied.$metadata.httpStatusCode]).toEqual(['AccessDenied', 403]);
      expect(denied.message).toContain(
        `arn:aws:sts::${MEMBER}:assumed-role/Audit/scan is not authorized to perform: s3:GetBucketLogging`,
      );
      // A session key without its token is rejected.
      const noToken = await failure(
        sts(emu, { ...creds, sessionToken: 'wrong' }).send(new GetCallerIdentityCommand({})),
      );
      expect([noToken.name, noToken.$metadata.httpStatusCode]).toEqual(['InvalidClientTokenId', 403]);
      expect(emu.counters.byAccount()[MEMBER]?.['s3:ListBuckets']).toBeGreaterThanOrEqual(1);
    });

    it('AssumeRole denials: untrusted account, wrong ExternalId, unknown role; validation', async () => {
      const fromOutsider = sts(emu, emu.credentialsFor(OUTSIDER));
      const untrusted = await failure(
        fromOutsider.send(
          new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${MEMBER}:role/Audit`, RoleSessionName: 's1' }),
        ),
      );
      expect([untrusted.name, untrusted.$metadata.httpStatusCode]).toEqual(['AccessDenied', 403]);
      expect(untrusted.message).toBe(
        `User: arn:aws:iam::${OUTSIDER}:user/emulator-admin is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::${MEMBER}:role/Audit`,
      );
      const ext = `arn:aws:iam::${MEMBER}:role/External`;
      expect(
        (await failure(fromOutsider.send(new AssumeRoleCommand({ RoleArn: ext, RoleSessionName: 's1' }))))
          .name,
      ).toBe('AccessDenied');
      const ok = await fromOutsider.send(
        new AssumeRoleCommand({ RoleArn: ext, RoleSessionName: 's1', ExternalId: 'ext-123' }),
      );
      expect(ok.Credentials?.AccessKeyId).toMatch(/^ASIA/);
      const unknownRole = await failure(
        fromOutsider.send(
          new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${MEMBER}:role/Nope`, RoleSessionName: 's1' }),
        ),
      );
      expect(unknownRole.name).toBe('AccessDenied');
      const badDuration = await failure(
        fromOutsider.send(
          new AssumeRoleCommand({
            RoleArn: ext,
            RoleSessionName: 's1',
            ExternalId: 'ext-123',
            DurationSeconds: 60,
          }),
        ),
      );
      expect([badDuration.name, badDuration.$metadata.httpStatusCode]).toEqual(['ValidationError', 400]);
      const bad = await failure(
        sts(emu, { accessKeyId: 'AKIAUNKNOWN000000000', secretAccessKey: 'x' }).send(
          new GetCallerIdentityCommand({}),
        ),
      );
      expect(bad.name).toBe('InvalidClientTokenId');
    });

    it('role chaining needs sts:AssumeRole in the session allow-list', async () => {
      const first = await sts(emu, emu.credentialsFor(MGMT)).send(
        new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${MEMBER}:role/Audit`, RoleSessionName: 'chain' }),
      );
      const c = first.Credentials;
      const creds = {
        accessKeyId: c?.AccessKeyId ?? '',
        secretAccessKey: c?.SecretAccessKey ?? '',
        sessionToken: c?.SessionToken ?? '',
      };
      const err = await failure(
        sts(emu, creds).send(
          new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${MGMT}:role/Audit`, RoleSessionName: 'again' }),
        ),
      );
      expect(err.name).toBe('AccessDenied');
    });
  });

  describe('Organizations', () => {
    it('DescribeOrganization works from any member; outsiders get AWSOrganizationsNotInUseException', async () => {
      const out = await organizations(emu, emu.credentialsFor(MEMBER)).send(
        new DescribeOrganizationCommand({}),
      );
      expect(out.Organization).toMatchObject({
        Id: 'o-abcdefghij',
        MasterAccountId: MGMT,
        FeatureSet: 'ALL',
      });
      const err = await failure(
        organizations(emu, emu.credentialsFor(OUTSIDER)).send(new DescribeOrganizationCommand({})),
      );
      expect(err.name).toBe('AWSOrganizationsNotInUseException');
    });

    it('ListAccounts: management only, paginated, Status and State, JoinedTimestamp', async () => {
      const client = organizations(emu, emu.credentialsFor(MGMT));
      const pages = [];
      for await (const p of paginateListAccounts({ client }, {})) pages.push(p);
      expect(pages.length).toBe(2);
      const accounts = pages.flatMap((p) => p.Accounts ?? []);
      expect(accounts.map((a) => a.Id)).toEqual([MGMT, MEMBER]);
      expect(accounts[1]).toMatchObject({ Name: 'member', Status: 'ACTIVE', State: 'ACTIVE' });
      expect(accounts[1]?.JoinedTimestamp).toBeInstanceOf(Date);
      const member = await failure(
        organizations(emu, emu.credentialsFor(MEMBER)).send(new ListAccountsCommand({})),
      );
      expect([member.name, member.$metadata.httpStatusCode]).toEqual(['AccessDeniedException', 403]);
    });
  });

  describe('EC2 DescribeRegions and disabled Regions', () => {
    it('lists enabled Regions by default and opt-in status with AllRegions and filters', async () => {
      const member = await ec2(emu, emu.credentialsFor(MEMBER)).send(new DescribeRegionsCommand({}));
      expect(member.Regions?.map((r) => [r.RegionName, r.OptInStatus])).toEqual([
        ['af-south-1', 'opted-in'],
        ['eu-west-1', 'opt-in-not-required'],
        ['us-east-1', 'opt-in-not-required'],
      ]);
      const outsider = ec2(emu, emu.credentialsFor(OUTSIDER));
      const enabled = await outsider.send(new DescribeRegionsCommand({}));
      expect(enabled.Regions?.map((r) => r.RegionName)).toEqual(['eu-west-1', 'us-east-1']);
      const all = await outsider.send(new DescribeRegionsCommand({ AllRegions: true }));
      expect(all.Regions?.find((r) => r.RegionName === 'af-south-1')).toEqual({
        RegionName: 'af-south-1',
        Endpoint: 'ec2.af-south-1.amazonaws.com',
        OptInStatus: 'not-opted-in',
      });
      const filtered = await outsider.send(
        new DescribeRegionsCommand({
          AllRegions: true,
          Filters: [{ Name: 'opt-in-status', Values: ['not-opted-in'] }],
        }),
      );
      expect(filtered.Regions?.map((r) => r.RegionName)).toEqual(['af-south-1']);
    });

    it('a disabled Region rejects the account credentials in each protocol', async () => {
      const creds = emu.credentialsFor(OUTSIDER);
      const o = { region: 'af-south-1' };
      const e = await failure(ec2(emu, creds, o).send(new DescribeRegionsCommand({})));
      expect([e.name, e.$metadata.httpStatusCode]).toEqual(['AuthFailure', 401]);
      const c = await failure(cloudtrail(emu, creds, o).send(new ListTrailsCommand({})));
      expect(c.name).toBe('UnrecognizedClientException');
      const s = await failure(sts(emu, creds, o).send(new GetCallerIdentityCommand({})));
      expect(s.name).toBe('InvalidClientTokenId');
      const b = await failure(s3(emu, creds, o).send(new ListBucketsCommand({})));
      expect(b.name).toBe('InvalidAccessKeyId');
    });

    it('an opt-in Region bucket on the wrong endpoint: 400 IllegalLocationConstraintException, followed when asked', async () => {
      const creds = emu.credentialsFor(MEMBER);
      const err = await failure(
        s3(emu, creds).send(new GetBucketLoggingCommand({ Bucket: 'member-capetown' })),
      );
      expect([err.name, err.$metadata.httpStatusCode]).toEqual(['IllegalLocationConstraintException', 400]);
      const head = await s3(emu, creds, { followRegionRedirects: true }).send(
        new HeadBucketCommand({ Bucket: 'member-capetown' }),
      );
      expect(head.BucketRegion).toBe('af-south-1');
    });
  });
});
