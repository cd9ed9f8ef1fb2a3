/**
 * Issue 10 item 3 (Fn::If resolved when it can be; what cannot be evaluated names the expression and its
 * file:line; an undecidable resource Condition is a VALUE_UNRESOLVED input error) and CDK detection
 * (a project root with cdk.out/, an assembly folder of any name, manifest paths kept inside the assembly).
 * Through the CLI (`npm run build` first).
 */
import { cpSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isErrorValue } from '../../src/inventory/read.js';
import { loadCloudFormation } from '../../src/sources/cloudformation/index.js';
import { ROOT } from '../cli/helpers.js';
import { findingFor, inputErrors, scanJson } from './cli-helpers.js';

const FIXTURE = 'test/fixtures/cloudformation/fn-if.yaml';
const CDK_OUT = join(ROOT, 'test/fixtures/cloudformation/cdk.out');

describe('Fn::If (issue 10 item 3)', () => {
  const { report } = scanJson([FIXTURE]);

  it('equal branches and a decidable condition resolve: the target is a log destination, not a NON_COMPLIANT bucket', () => {
    const target = findingFor(report, 's3-bucket-access-logging', 'acme-access-logs');
    expect([target.status, target.reason]).toEqual(['NOT_APPLICABLE', 'IS_LOG_DESTINATION']);
    expect(target.resource.location).toMatchObject({ file: FIXTURE, line: 41 });
    expect(target.message).toContain('acme-same-branches');
    expect(target.message).toContain('acme-decided');
    for (const source of ['acme-same-branches', 'acme-decided']) {
      const f = findingFor(report, 's3-bucket-access-logging', source);
      expect(f.status).toBe('COMPLIANT');
      expect(f.message).toContain('into bucket acme-access-logs');
    }
  });

  it('an Fn::If that cannot be decided is an UNRESOLVED value naming the expression and file:line, never READ_FAILED text', async () => {
    const result = await loadCloudFormation([FIXTURE]);
    const bucket = result.inventory.buckets.find((b) => b.name === 'acme-undecidable');
    const logging = bucket?.logging;
    expect(logging && !isErrorValue(logging) && isErrorValue(logging.targetBucket)).toBe(true);
    const target = logging && !isErrorValue(logging) ? logging.targetBucket : undefined;
    const message = target && isErrorValue(target) ? target.error.message : '';
    expect(target && isErrorValue(target) ? target.error.code : '').toBe('UNRESOLVED');
    expect(message).toContain(`!If [StageKnownLater, !Ref AccessLogs, acme-elsewhere] at ${FIXTURE}:35`);
    expect(message).toContain(`parameter Stage has no Default (!Ref Stage at ${FIXTURE}:12)`);
    const f = findingFor(report, 's3-bucket-access-logging', 'acme-undecidable');
    expect([f.status, f.reason]).toEqual(['UNDETERMINED', 'VALUE_UNRESOLVED']);
    expect(f.message).toContain(`${FIXTURE}:35`);
  });

  it('a resource Condition that cannot be decided is a VALUE_UNRESOLVED input error with file:line and logical id', () => {
    const errors = inputErrors(report).filter(
      (e) => e.code === 'VALUE_UNRESOLVED' && e.message.includes('MaybeDeployed'),
    );
    expect(errors).toEqual([
      expect.objectContaining({ file: FIXTURE, line: 36, message: expect.stringContaining('MaybeDeployed') }),
    ]);
    expect(errors[0]?.message).toContain('condition StageKnownLater');
    expect(errors[0]?.message).toContain(`!Ref Stage at ${FIXTURE}:12`);
  });
});

describe('CDK detection (issue 10)', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'tg-cdk-'));
    // A CDK project root: cdk.json, source, and the synthesized cdk.out/.
    mkdirSync(join(dir, 'project', 'lib'), { recursive: true });
    writeFileSync(join(dir, 'project', 'cdk.json'), '{"app": "npx ts-node bin/app.ts"}\n');
    writeFileSync(join(dir, 'project', 'lib', 'stack.ts'), 'export {};\n');
    cpSync(CDK_OUT, join(dir, 'project', 'cdk.out'), { recursive: true });
    // `cdk synth -o build/assembly`: an assembly folder with any name.
    cpSync(CDK_OUT, join(dir, 'build', 'assembly'), { recursive: true });
    // A manifest pointing outside its assembly, at a device, and through a symbolic link.
    const hostile = join(dir, 'hostile', 'cdk.out');
    cpSync(CDK_OUT, hostile, { recursive: true });
    writeFileSync(join(dir, 'hostile', 'secret.template.json'), '{"Resources": {}}');
    symlinkSync('/dev/zero', join(hostile, 'Zero.template.json'));
    writeFileSync(
      join(hostile, 'manifest.json'),
      JSON.stringify({
        version: '36.0.0',
        artifacts: {
          LogStack: {
            type: 'aws:cloudformation:stack',
            properties: { templateFile: 'LogStack.template.json' },
          },
          Up: { type: 'aws:cloudformation:stack', properties: { templateFile: '../secret.template.json' } },
          Dev: { type: 'aws:cloudformation:stack', properties: { templateFile: '/dev/zero' } },
          Zero: { type: 'aws:cloudformation:stack', properties: { templateFile: 'Zero.template.json' } },
          Stage: { type: 'cdk:cloud-assembly', properties: { directoryName: '../../build/assembly' } },
        },
      }),
    );
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('`scan .` in a CDK project root reads its cdk.out/', () => {
    const inRoot = scanJson(['.'], join(dir, 'project'));
    const direct = scanJson([CDK_OUT]);
    expect(inRoot.run.stderr).not.toContain('cannot tell');
    expect(inRoot.report.findings.length).toBeGreaterThan(0);
    const summary = (r: typeof direct.report) =>
      r.findings.map((f) => `${f.ruleId} ${f.status} ${f.reason} ${f.resource.location?.address}`).sort();
    expect(summary(inRoot.report)).toEqual(summary(direct.report));
  });

  it('an assembly folder with any name is detected by its manifest.json', () => {
    const { run, report } = scanJson([join(dir, 'build', 'assembly')]);
    expect(run.stderr).not.toContain('cannot tell');
    expect(report.findings.some((f) => f.resource.location?.file.endsWith('LogStack.template.json'))).toBe(
      true,
    );
  });

  it('manifest paths outside the assembly (.., absolute device, symbolic link to /dev/zero) are INPUT_UNREADABLE, never read', () => {
    const { run, report } = scanJson([join(dir, 'hostile', 'cdk.out')]);
    const errors = inputErrors(report).filter((e) => e.code === 'INPUT_UNREADABLE');
    const files = errors.map((e) => e.file);
    expect(files).toContain(join(dir, 'hostile', 'secret.template.json'));
    expect(files).toContain('/dev/zero');
    expect(files).toContain(join(dir, 'hostile', 'cdk.out', 'Zero.template.json'));
    expect(files).toContain(join(dir, 'build', 'assembly'));
    for (const e of errors) expect(e.message).toContain('outside the cloud assembly');
    // The stack inside the assembly is still scanned.
    expect(report.findings.some((f) => f.resource.location?.file.endsWith('LogStack.template.json'))).toBe(
      true,
    );
    expect(run.code).not.toBe(2);
  });
});
