/**
 * deploy/aws-config: the CloudFormation templates parse with trailguard's own loader, deploy what the
 * handler needs (Node.js 20, the bundle from S3, change-triggered + periodic rule, the invoke
 * permission for AWS Config, the organization rule with its custom-rule metadata), and their roles are
 * least privilege: every call the handler makes on the emulator — scheduled and change runs of both
 * rules — is allowed by the role, and nothing the role allows is left out of iam/'s read-only policy.
 */
import { readFileSync } from 'node:fs';
import { DeleteBucketCommand } from '@aws-sdk/client-s3';
import { describe, expect, it } from 'vitest';
import { isActionAllowed, OPERATION_ACTIONS, startEmulator } from '../../src/emulator/index.js';
import { type RunResult, runConfigRule } from '../../src/integrations/aws-config/handler.js';
import { loadCloudFormation } from '../../src/sources/cloudformation/index.js';
import { parseTemplate } from '../../src/sources/cloudformation/parse-template.js';
import { s3 } from '../emulator/helpers.js';
import { bucketChange, oversizedBucketChange, scheduled, trailChange } from './events.js';
import { A, ADMIN_KEYS, configScenario, KEYS } from './scenario.js';

const DIR = 'deploy/aws-config';
// biome-ignore lint/suspicious/noExplicitAny: template documents are walked by key, as the assertions need
type Json = Record<string, any>;

function template(name: string): Json {
  return parseTemplate(readFileSync(`${DIR}/${name}`, 'utf8')).data as Json;
}

function actionsOf(role: Json, { withLogs = false } = {}): string[] {
  const statements = (role.Properties.Policies as Json[]).flatMap(
    (p) => p.PolicyDocument.Statement as Json[],
  );
  return statements
    .filter((s) => withLogs || s.Sid !== 'TrailguardLogs')
    .flatMap((s) => (Array.isArray(s.Action) ? s.Action : [s.Action]) as string[])
    .sort();
}

/** The read-only policy of iam/ without the statements of other modes (organization, Config aggregator). */
function readOnlyActions(): string[] {
  const policy = JSON.parse(readFileSync('iam/trailguard-readonly-policy.json', 'utf8')) as Json;
  return (policy.Statement as Json[])
    .filter((s) => !/Mode$/.test(String(s.Sid)))
    .flatMap((s) => s.Action as string[]);
}

const CONFIG_ACTIONS = ['config:GetComplianceDetailsByConfigRule', 'config:PutEvaluations'];

describe('deploy/aws-config templates', () => {
  it.each(['template.yaml', 'organization.yaml', 'member-role.yaml'])(
    '%s parses with our CloudFormation loader',
    async (name) => {
      const result = await loadCloudFormation([`${DIR}/${name}`]);
      expect(result.inputsRead).toBe(1);
      expect(result.failedFiles).toBeUndefined();
      expect(result.inventory.errors).toEqual([]);
    },
  );

  it('template.yaml: Node.js 20 function from the S3 bundle, change-triggered and periodic rule, invoke permission', () => {
    const t = template('template.yaml');
    const {
      Function: fn,
      ConfigRule: rule,
      ConfigInvokePermission: permission,
      FunctionRole: role,
    } = t.Resources;
    expect(fn.Properties).toMatchObject({
      Runtime: 'nodejs20.x',
      Handler: 'index.handler',
      Code: { S3Bucket: { Ref: 'CodeBucket' }, S3Key: { Ref: 'CodeKey' } },
      Role: { 'Fn::GetAtt': ['FunctionRole', 'Arn'] },
    });
    expect(permission.Properties).toMatchObject({
      Action: 'lambda:InvokeFunction',
      Principal: 'config.amazonaws.com',
      SourceAccount: { Ref: 'AWS::AccountId' },
    });
    expect(rule.Type).toBe('AWS::Config::ConfigRule');
    expect(rule.DependsOn).toBe('ConfigInvokePermission');
    expect(rule.Properties.Scope.ComplianceResourceTypes).toEqual([
      'AWS::S3::Bucket',
      'AWS::CloudTrail::Trail',
    ]);
    expect(rule.Properties.InputParameters).toEqual({ rule: { Ref: 'TrailguardRule' } });
    expect(rule.Properties.Source.Owner).toBe('CUSTOM_LAMBDA');
    expect((rule.Properties.Source.SourceDetails as Json[]).map((d) => d.MessageType)).toEqual([
      'ConfigurationItemChangeNotification',
      'OversizedConfigurationItemChangeNotification',
      'ScheduledNotification',
    ]);
    // The read-only policy of iam/ (without its organization-mode actions) plus the two Config calls.
    expect(actionsOf(role)).toEqual([...readOnlyActions(), ...CONFIG_ACTIONS].sort());
  });

  it('organization.yaml: OrganizationConfigRule with custom rule metadata; the function only assumes the member role', () => {
    const t = template('organization.yaml');
    const {
      OrganizationConfigRule: rule,
      MemberConfigInvokePermission: permission,
      FunctionRole: role,
    } = t.Resources;
    expect(rule.Type).toBe('AWS::Config::OrganizationConfigRule');
    const meta = rule.Properties.OrganizationCustomRuleMetadata;
    expect(meta.LambdaFunctionArn).toEqual({ 'Fn::GetAtt': ['Function', 'Arn'] });
    expect(meta.ResourceTypesScope).toEqual(['AWS::S3::Bucket', 'AWS::CloudTrail::Trail']);
    expect(meta.OrganizationConfigRuleTriggerTypes).toEqual([
      'ConfigurationItemChangeNotification',
      'OversizedConfigurationItemChangeNotification',
      'ScheduledNotification',
    ]);
    expect(meta.InputParameters).toEqual({
      'Fn::Sub': '{"rule":"${TrailguardRule}","executionRoleName":"${ExecutionRoleName}"}',
    });
    expect(permission.Properties).toEqual({
      FunctionName: { 'Fn::GetAtt': ['Function', 'Arn'] },
      Action: 'lambda:InvokeFunction',
      Principal: 'config.amazonaws.com',
    });
    expect(actionsOf(role)).toEqual(['sts:AssumeRole']);
    expect(t.Resources.Function.Properties.Runtime).toBe('nodejs20.x');
    // The member role allows what the single-account function role allows.
    const member = template('member-role.yaml').Resources.ExecutionRole;
    expect(actionsOf(member)).toEqual(actionsOf(template('template.yaml').Resources.FunctionRole));
    expect(member.Properties.AssumeRolePolicyDocument.Statement[0].Principal).toEqual({
      AWS: { Ref: 'FunctionRoleArn' },
    });
  });
});

describe('least privilege: the handler under exactly the function role of template.yaml', () => {
  const allow = actionsOf(template('template.yaml').Resources.FunctionRole);

  it('every call of scheduled and change runs of both rules is allowed, and none is denied', async () => {
    const emu = await startEmulator(configScenario(allow), { seed: 9 });
    try {
      const results: RunResult[] = [];
      const go = async (event: unknown) => {
        results.push(
          await runConfigRule(event, {
            env: { AWS_REGION: 'us-east-1' },
            endpointUrl: emu.endpoint,
            credentials: KEYS,
            maxAttempts: 1,
          }),
        );
      };
      for (const rule of ['aws-cloudtrail-bucket-access-logging', 'aws-s3-bucket-access-logging']) {
        const base = () => ({
          account: A,
          token: emu.config.resultToken(A, rule),
          ruleName: rule,
          params: { rule },
        });
        await go(scheduled(base()));
        await go(bucketChange(base(), 'access-logs'));
        await go(oversizedBucketChange(base(), 'ct-logs-2'));
        await go(trailChange(base(), { name: 'main', bucket: 'ct-logs', previousBucket: 'elsewhere' }));
      }
      // The test's own change (a deleted bucket, for the read-back of stale results) is not counted.
      const used = new Set(Object.keys(emu.counters.byAccount()[A] ?? {}));
      await s3(emu, { ...ADMIN_KEYS }).send(new DeleteBucketCommand({ Bucket: 'data-2' }));
      emu.counters.reset();
      const rule = 'aws-s3-bucket-access-logging';
      await go(
        scheduled(
          { account: A, token: emu.config.resultToken(A, rule), ruleName: rule, params: { rule } },
          '2026-04-01T00:00:00Z',
        ),
      );
      expect(results.every((r) => r.posted)).toBe(true);
      const annotations = results.flatMap((r) => r.evaluations.map((e) => e.Annotation));
      expect(annotations.join('\n')).not.toMatch(/not authorized|AccessDenied/);
      for (const operation of Object.keys(emu.counters.byAccount()[A] ?? {})) used.add(operation);
      for (const operation of used) {
        const action = OPERATION_ACTIONS[operation];
        expect(action, `${operation} has no known IAM action`).not.toBeUndefined();
        if (action) expect(isActionAllowed(allow, action), operation).toBe(true);
      }
      // Both Config calls were made (the read-back by the scheduled runs).
      expect([...used]).toEqual(
        expect.arrayContaining(['config:PutEvaluations', 'config:GetComplianceDetailsByConfigRule']),
      );
    } finally {
      await emu.stop();
    }
  }, 60_000);

  it('the allow-list is enforced: without config:PutEvaluations the run fails', async () => {
    const emu = await startEmulator(configScenario(allow.filter((a) => a !== 'config:PutEvaluations')), {
      seed: 9,
    });
    try {
      const event = bucketChange({ account: A, token: emu.config.resultToken(A, 'r') }, 'ct-logs-2');
      await expect(
        runConfigRule(event, {
          env: { AWS_REGION: 'us-east-1' },
          endpointUrl: emu.endpoint,
          credentials: KEYS,
          maxAttempts: 1,
        }),
      ).rejects.toThrow(/PutEvaluations failed \(AccessDeniedException: .*config:PutEvaluations/);
    } finally {
      await emu.stop();
    }
  });
});

describe('organization deployment: the function assumes member-role.yaml in the event account', () => {
  it("reads and posts in the member account with only the member role's permissions", async () => {
    const ADMIN = '999999999999';
    const roleName = 'TrailguardConfigRule';
    const memberAllow = actionsOf(template('member-role.yaml').Resources.ExecutionRole);
    const functionAllow = actionsOf(template('organization.yaml').Resources.FunctionRole);
    const spec = configScenario();
    spec.accounts.push({
      id: ADMIN,
      name: 'config-admin',
      principals: [
        { name: 'function', accessKeyId: 'AKIAORGFUNCTION00001', secretAccessKey: 's', allow: functionAllow },
      ],
    });
    const member = spec.accounts.find((a) => a.id === A);
    if (member) member.roles = [{ name: roleName, trustedAccounts: [ADMIN], allow: memberAllow }];
    const emu = await startEmulator(spec, { seed: 4 });
    try {
      const rule = 'OrgConfigRule-trailguard-abc123';
      const params = { rule: 'aws-cloudtrail-bucket-access-logging', executionRoleName: roleName };
      const options = {
        env: { AWS_REGION: 'us-east-1' },
        endpointUrl: emu.endpoint,
        credentials: { accessKeyId: 'AKIAORGFUNCTION00001', secretAccessKey: 's' },
        maxAttempts: 1,
      };
      const change = await runConfigRule(
        bucketChange(
          { account: A, token: emu.config.resultToken(A, rule), ruleName: rule, params },
          'access-logs',
        ),
        options,
      );
      expect(change.posted).toBe(true);
      const periodic = await runConfigRule(
        scheduled({ account: A, token: emu.config.resultToken(A, rule), ruleName: rule, params }),
        options,
      );
      expect(periodic.evaluations.find((e) => e.ComplianceResourceId === 'ct-logs')?.ComplianceType).toBe(
        'COMPLIANT',
      );
      expect(emu.config.results(A, rule).length).toBe(periodic.evaluations.length);
      const byAccount = emu.counters.byAccount();
      expect(Object.keys(byAccount[ADMIN] ?? {})).toEqual(['sts:AssumeRole']);
      for (const operation of Object.keys(byAccount[A] ?? {})) {
        const action = OPERATION_ACTIONS[operation];
        if (action) expect(isActionAllowed(memberAllow, action), operation).toBe(true);
      }
      // A role the event's account does not have: the run fails, nothing is posted.
      await expect(
        runConfigRule(
          bucketChange(
            {
              account: A,
              token: emu.config.resultToken(A, rule),
              params: { ...params, executionRoleName: 'Nope' },
            },
            'x',
          ),
          options,
        ),
      ).rejects.toThrow(/cannot assume arn:aws:iam::111111111111:role\/Nope/);
    } finally {
      await emu.stop();
    }
  }, 60_000);
});
